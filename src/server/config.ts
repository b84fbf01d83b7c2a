import os from 'node:os';
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
  KANTINE_DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(5),
  KANTINE_DB_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(5),
  KANTINE_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(9),
  KANTINE_UPLOAD_TIMEOUT_SECONDS: z.coerce.number().positive().max(86400).default(300),
  KANTINE_SHUTDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** Processes serving HTTP on the same port: `auto` is one per core. */
  KANTINE_WORKERS: z
    .string()
    .trim()
    .default('1')
    .refine((value) => value === 'auto' || /^[1-9][0-9]?$/.test(value), {
      message: 'must be auto or a number from 1 to 99',
    })
    .transform((value) => (value === 'auto' ? os.availableParallelism() : Number(value))),
  /** Worker threads that run search queries on SQLite (0: on the main thread). */
  KANTINE_SEARCH_THREADS: z.coerce.number().int().min(0).max(16).default(2),
  /** How long a resolved session or access token is reused before the database is asked again. */
  KANTINE_AUTH_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  /** Memory for what feed items show to everyone (stream/item-cache.ts), in MB; 0 turns the cache off. */
  KANTINE_ITEM_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  /** How far the JavaScript heap may grow past what is alive before it is collected (lib/heap-growth.ts); 0 leaves it to V8. */
  KANTINE_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(50),
  /** How long a person's memberships are reused on a node (access/membership-cache.ts); 0 turns it off. */
  KANTINE_MEMBERSHIP_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(30),
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
  /** The public newsroom as the ActivityPub actor `@news@<host>` (WebFinger, inbox, deliveries). */
  KANTINE_FEDERATION: z.enum(['on', 'off']).default('on'),
  /** Key (32 bytes, base64 or hex) that encrypts stored social media credentials; else one in the data directory. */
  KANTINE_SECRET_KEY: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || secretKeyBytes(value) !== undefined, {
      message: 'must be 32 bytes as 64 hex digits or base64',
    }),
  KANTINE_OIDC_ISSUER: optionalUrl(['http://', 'https://']),
  KANTINE_OIDC_CLIENT_ID: z.string().trim().optional(),
  KANTINE_OIDC_CLIENT_SECRET: z.string().trim().optional(),
  KANTINE_OIDC_BUTTON_LABEL: z.string().trim().optional(),
  KANTINE_OIDC_SCOPES: z.string().trim().optional(),
  KANTINE_OIDC_ONLY_SSO: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  KANTINE_OIDC_GROUPS_CLAIM: z.string().trim().optional(),
  KANTINE_OIDC_DEPARTMENT_CLAIM: z.string().trim().optional(),
  KANTINE_OIDC_TITLE_CLAIM: z.string().trim().optional(),
  KANTINE_OIDC_ADMIN_GROUPS: z.string().trim().optional(),
  KANTINE_OIDC_EDITOR_GROUPS: z.string().trim().optional(),
  /** Limits of text extraction from documents for search (a worker thread per file). */
  KANTINE_EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  KANTINE_EXTRACT_MEMORY_MB: z.coerce.number().int().min(16).max(4096).default(256),
  KANTINE_EXTRACT_MAX_CHARS: z.coerce.number().int().min(1000).max(100_000_000).default(1_000_000),
});

/** OpenID Connect settings from the environment; settings saved in the admin UI take precedence. */
export interface OidcEnvironment {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  buttonLabel?: string;
  scopes?: string;
  onlySso: boolean;
  groupsClaim?: string;
  departmentClaim?: string;
  titleClaim?: string;
  adminGroups: string[];
  editorGroups: string[];
}

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
  /** HTTP worker processes (node:cluster) sharing the port; 1 runs in this process. */
  workers: number;
  /** Worker threads with read-only SQLite connections for search; 0 runs search on the event loop. */
  searchThreads: number;
  /** Upper bound (ms) for which another node may still accept a just-ended session or token. */
  authCacheMs: number;
  itemCacheBytes: number;
  heapGrowthPercent: number;
  /** How long a person's memberships are reused on a node; 0 reads them on every request. */
  membershipCacheMs: number;
  /** Uploads go to this S3-compatible bucket instead of the data directory when set. */
  s3?: S3Settings;
  timeouts: {
    dbConnectMs: number;
    dbStatementMs: number;
    /** A request not answered by then gets a 503 (multipart uploads get `uploadMs`). */
    requestMs: number;
    uploadMs: number;
    /** How long a SIGTERM waits for requests in flight before closing everything. */
    shutdownMs: number;
  };
  outboundAllowPrivate: boolean;
  /** The newsroom federates (ActivityPub); off: its routes answer 404 and nothing is delivered. */
  federation: boolean;
  /** Encrypts stored credentials (social media accounts); undefined: a key file in the data directory. */
  secretKey?: Buffer;
  oidc?: OidcEnvironment;
  outbox: { awaitMs: number; pollMs: number; maxAttempts: number; retryScale: number; paused: boolean };
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
    workers: values.KANTINE_WORKERS,
    searchThreads: values.KANTINE_SEARCH_THREADS,
    authCacheMs: values.KANTINE_AUTH_CACHE_SECONDS * 1000,
    itemCacheBytes: Math.round(values.KANTINE_ITEM_CACHE_MB * 1024 * 1024),
    heapGrowthPercent: values.KANTINE_HEAP_GROWTH_PERCENT,
    membershipCacheMs: values.KANTINE_MEMBERSHIP_CACHE_SECONDS * 1000,
    outbox: {
      awaitMs: values.KANTINE_OUTBOX_AWAIT_MS,
      pollMs: values.KANTINE_OUTBOX_POLL_MS,
      maxAttempts: values.KANTINE_OUTBOX_MAX_ATTEMPTS,
      retryScale: values.KANTINE_OUTBOX_RETRY_SCALE,
      paused: values.KANTINE_OUTBOX_PAUSED,
    },
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
    timeouts: {
      dbConnectMs: values.KANTINE_DB_CONNECT_TIMEOUT_SECONDS * 1000,
      dbStatementMs: values.KANTINE_DB_STATEMENT_TIMEOUT_SECONDS * 1000,
      requestMs: values.KANTINE_REQUEST_TIMEOUT_SECONDS * 1000,
      uploadMs: values.KANTINE_UPLOAD_TIMEOUT_SECONDS * 1000,
      shutdownMs: values.KANTINE_SHUTDOWN_SECONDS * 1000,
    },
    outboundAllowPrivate: values.KANTINE_OUTBOUND_ALLOW_PRIVATE,
    federation: values.KANTINE_FEDERATION === 'on',
    secretKey: values.KANTINE_SECRET_KEY ? secretKeyBytes(values.KANTINE_SECRET_KEY) : undefined,
    oidc: oidcEnvironment(values),
  };
}

function oidcEnvironment(values: z.infer<typeof configSchema>): OidcEnvironment | undefined {
  if (!values.KANTINE_OIDC_ISSUER) return undefined;
  if (!values.KANTINE_OIDC_CLIENT_ID)
    throw new ConfigError(
      'Invalid configuration:\n  KANTINE_OIDC_CLIENT_ID is needed with KANTINE_OIDC_ISSUER',
    );
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return {
    issuer: values.KANTINE_OIDC_ISSUER,
    clientId: values.KANTINE_OIDC_CLIENT_ID,
    clientSecret: values.KANTINE_OIDC_CLIENT_SECRET || undefined,
    buttonLabel: values.KANTINE_OIDC_BUTTON_LABEL || undefined,
    scopes: values.KANTINE_OIDC_SCOPES || undefined,
    onlySso: values.KANTINE_OIDC_ONLY_SSO,
    groupsClaim: values.KANTINE_OIDC_GROUPS_CLAIM || undefined,
    departmentClaim: values.KANTINE_OIDC_DEPARTMENT_CLAIM || undefined,
    titleClaim: values.KANTINE_OIDC_TITLE_CLAIM || undefined,
    adminGroups: list(values.KANTINE_OIDC_ADMIN_GROUPS),
    editorGroups: list(values.KANTINE_OIDC_EDITOR_GROUPS),
  };
}

function databaseTarget(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'kantine.db') };
  if (url.startsWith('postgres')) return { kind: 'postgres', url };
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return { kind: 'sqlite', file: path.resolve(file) };
}

/** A 32-byte key given as 64 hex digits or as base64; undefined when it is neither. */
function secretKeyBytes(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}
