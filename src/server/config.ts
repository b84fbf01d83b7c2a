import path from 'node:path';
import { z } from 'zod';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  KANTINE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://', 'sqlite:', 'file:']),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  KANTINE_PUBLIC_URL: optionalUrl(['http://', 'https://']),
  SMTP_URL: optionalUrl(['smtp://', 'smtps://']),
  SMTP_FROM: z.string().optional(),
  KANTINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KANTINE_MAX_UPLOAD_MB: z.coerce.number().positive().max(2048).default(25),
  KANTINE_S3_BUCKET: z.string().trim().optional(),
  KANTINE_S3_ENDPOINT: optionalUrl(['http://', 'https://']),
  KANTINE_S3_REGION: z.string().trim().default('us-east-1'),
  KANTINE_S3_ACCESS_KEY_ID: z.string().trim().optional(),
  KANTINE_S3_SECRET_ACCESS_KEY: z.string().trim().optional(),
  KANTINE_S3_PREFIX: z.string().trim().default(''),
  KANTINE_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  /** How often each node looks for scheduled articles that are due; 0 turns the scheduler off. */
  KANTINE_SCHEDULER_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
  KANTINE_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** How long a request waits for its own events to be handled before answering (read-your-writes). */
  KANTINE_OUTBOX_AWAIT_MS: z.coerce.number().int().min(0).max(10_000).default(200),
  /** Fallback poll of the outbox (events of other nodes, retries, after a crash). */
  KANTINE_OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  /** Attempts before an event is marked failed (dead letter); the backoff reaches about a day. */
  KANTINE_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(11),
  /** For tests only: multiplies the retry delays (0.01 turns 5 s into 50 ms). */
  KANTINE_OUTBOX_RETRY_SCALE: z.coerce.number().min(0).max(10).default(1),
  /** For tests only: the outbox worker handles nothing (events stay pending until a restart without it). */
  KANTINE_OUTBOX_PAUSED: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Allow outgoing calls (webhooks) to loopback, private and link-local addresses. */
  KANTINE_OUTBOUND_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Limits of text extraction from documents for search (a worker thread per file). */
  KANTINE_EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  KANTINE_EXTRACT_MEMORY_MB: z.coerce.number().int().min(16).max(4096).default(256),
  KANTINE_EXTRACT_MAX_CHARS: z.coerce.number().int().min(1000).max(100_000_000).default(1_000_000),
});

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
  forcePathStyle: boolean;
}

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  redisUrl?: string;
  publicUrl?: string;
  smtpUrl?: string;
  mailFrom: string;
  logLevel: z.infer<typeof configSchema>['KANTINE_LOG_LEVEL'];
  maxUploadBytes: number;
  trustProxy: boolean;
  schedulerSeconds: number;
  /** Uploads go to this S3-compatible bucket instead of the data directory when set. */
  s3?: S3Settings;
  outbox: { awaitMs: number; pollMs: number; maxAttempts: number; retryScale: number; paused: boolean };
  outboundAllowPrivate: boolean;
  extraction: { timeoutMs: number; memoryMb: number; maxChars: number };
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; nothing else in the server reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  if (
    values.KANTINE_S3_BUCKET &&
    (!values.KANTINE_S3_ACCESS_KEY_ID || !values.KANTINE_S3_SECRET_ACCESS_KEY)
  ) {
    throw new ConfigError(
      'Invalid configuration:\n  KANTINE_S3_ACCESS_KEY_ID and KANTINE_S3_SECRET_ACCESS_KEY are needed with KANTINE_S3_BUCKET',
    );
  }
  const dataDir = path.resolve(values.KANTINE_DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir,
    database: databaseTarget(values.DATABASE_URL, dataDir),
    redisUrl: values.REDIS_URL,
    publicUrl: values.KANTINE_PUBLIC_URL?.replace(/\/+$/, ''),
    smtpUrl: values.SMTP_URL,
    mailFrom: values.SMTP_FROM ?? 'Kantine <kantine@localhost>',
    logLevel: values.KANTINE_LOG_LEVEL,
    maxUploadBytes: values.KANTINE_MAX_UPLOAD_MB * 1024 * 1024,
    trustProxy: values.KANTINE_TRUST_PROXY,
    schedulerSeconds: values.KANTINE_SCHEDULER_SECONDS,
    outbox: {
      awaitMs: values.KANTINE_OUTBOX_AWAIT_MS,
      pollMs: values.KANTINE_OUTBOX_POLL_MS,
      maxAttempts: values.KANTINE_OUTBOX_MAX_ATTEMPTS,
      retryScale: values.KANTINE_OUTBOX_RETRY_SCALE,
      paused: values.KANTINE_OUTBOX_PAUSED,
    },
    outboundAllowPrivate: values.KANTINE_OUTBOUND_ALLOW_PRIVATE,
    extraction: {
      timeoutMs: values.KANTINE_EXTRACT_TIMEOUT_MS,
      memoryMb: values.KANTINE_EXTRACT_MEMORY_MB,
      maxChars: values.KANTINE_EXTRACT_MAX_CHARS,
    },
    s3: values.KANTINE_S3_BUCKET
      ? {
          bucket: values.KANTINE_S3_BUCKET,
          endpoint: values.KANTINE_S3_ENDPOINT,
          region: values.KANTINE_S3_REGION,
          accessKeyId: values.KANTINE_S3_ACCESS_KEY_ID ?? '',
          secretAccessKey: values.KANTINE_S3_SECRET_ACCESS_KEY ?? '',
          prefix: values.KANTINE_S3_PREFIX,
          forcePathStyle: values.KANTINE_S3_FORCE_PATH_STYLE,
        }
      : undefined,
  };
}

function databaseTarget(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'kantine.db') };
  if (url.startsWith('postgres')) return { kind: 'postgres', url };
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return { kind: 'sqlite', file: path.resolve(file) };
}
