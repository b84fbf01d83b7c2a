import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { type DatabaseTarget, loadConfig } from '../../src/server/config.js';
import type { ContentKind } from '../../src/server/kinds/registry.js';
import type { Clock } from '../../src/server/lib/clock.js';
import { TestClient } from './client.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startMailbox } from './mail.js';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-27T09:00:00.000Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(milliseconds: number) {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}

export interface TestApp {
  app: FastifyInstance;
  baseUrl: string;
  clock: ManualClock;
  mailbox: Awaited<ReturnType<typeof startMailbox>>;
  database: TestDatabase;
  client(): TestClient;
  close(): Promise<void>;
}

/** The real app on a real database, listening on a random local port, with a real SMTP server for its mail. */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    webRoot?: string;
    mail?: boolean;
    /** Reach the database another way, e.g. through a TCP proxy that can hang. */
    databaseTarget?: (target: DatabaseTarget) => DatabaseTarget;
    /** Receives the app's log lines (e.g. to check what gets logged). */
    logStream?: { write(line: string): void };
    kinds?: ContentKind[];
    /** Start on the database (and data directory) of an earlier app: a restart. */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const mailbox = await startMailbox();
  const clock = new ManualClock();
  const config = loadConfig({
    KANTINE_DATA_DIR: database.dataDir,
    KANTINE_LOG_LEVEL: 'warn',
    // Requests wait for their own events (search, notifications, mail) as in production, but with
    // room for a busy test machine; tests of the cap itself set it lower.
    KANTINE_OUTBOX_AWAIT_MS: '5000',
    ...(options.mail === false ? {} : { SMTP_URL: mailbox.url }),
    ...options.env,
  });
  config.database = options.databaseTarget ? options.databaseTarget(database.target) : database.target;
  const app = await buildApp(config, {
    clock,
    webRoot: options.webRoot ?? '/nonexistent',
    logStream: options.logStream,
    kinds: options.kinds,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    baseUrl,
    clock,
    mailbox,
    database,
    client: () => new TestClient(baseUrl),
    async close() {
      await app.close();
      await mailbox.close();
      await database.drop();
    },
  };
}

export const adminCredentials = { email: 'admin@example.com', password: 'correct horse battery' };

/** Runs setup and returns the logged-in admin's client. */
export async function setUpOrganisation(test: TestApp, extra: Record<string, unknown> = {}) {
  const admin = test.client();
  const response = await admin.post('/api/v1/setup', {
    organisationName: 'Testfirma GmbH',
    name: 'Ada Admin',
    ...adminCredentials,
    ...extra,
  });
  if (response.status !== 201) throw new Error(`setup failed: ${JSON.stringify(response.body)}`);
  return { admin, adminUser: response.body };
}

let counter = 0;

/** Invites and accepts a new member; returns their logged-in client and user. */
export async function createMember(
  test: TestApp,
  admin: TestClient,
  fields: { name?: string; email?: string; role?: 'member' | 'editor' | 'admin' } = {},
) {
  counter++;
  const email = fields.email ?? `person${counter}@example.com`;
  const invitation = await admin.post('/api/v1/invitations', { email, role: fields.role ?? 'member' });
  if (invitation.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invitation.body)}`);
  const token = invitation.body.url.split('/invite/')[1];
  const client = test.client();
  const accepted = await client.post(`/api/v1/invitations/${token}/accept`, {
    name: fields.name ?? `Person ${counter}`,
    password: 'a good long password',
  });
  if (accepted.status !== 201) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  return { client, user: accepted.body, email, password: 'a good long password' };
}

/** Waits until the outbox has no pending events (effects handled in the background); never sleeps blindly. */
export async function drainOutbox(test: Pick<TestApp, 'app'>, timeoutMs = 10_000) {
  const { db } = test.app.kantine.database;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox still has ${pending.n} pending events`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
