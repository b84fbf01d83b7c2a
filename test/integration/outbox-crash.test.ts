import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startReceiver } from '../helpers/webhooks.js';

/*
 * Issue 12 item 5: kill -9 between commit and effect loses nothing. The first process runs with
 * the outbox paused (KANTINE_OUTBOX_PAUSED, a setting for tests), so every change commits with its
 * events and no effect happens; then it is killed with SIGKILL and a normal process takes over.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startServer(database: TestDatabase, port: number, env: Record<string, string>) {
  const databaseUrl =
    database.target.kind === 'postgres' ? database.target.url : `sqlite:${database.target.file}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KANTINE_DATA_DIR: database.dataDir,
      DATABASE_URL: databaseUrl,
      REDIS_URL: '',
      KANTINE_LOG_LEVEL: 'error',
      KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a crash between commit and effect', () => {
  let database: TestDatabase;
  let server: ChildProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await receiver.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await database.drop();
  });

  it('loses no notification, search entry or webhook delivery, and repeats none', async () => {
    const port = await freePort();
    server = await startServer(database, port, {
      KANTINE_OUTBOX_PAUSED: 'true',
      KANTINE_SCHEDULER_SECONDS: '1',
    });
    const url = `http://127.0.0.1:${port}`;
    const admin = new TestClient(url);
    expect(
      (
        await admin.post('/api/v1/setup', {
          organisationName: 'Absturz GmbH',
          name: 'Ada Admin',
          email: 'ada@example.com',
          password: 'long enough password',
        })
      ).status,
    ).toBe(201);
    const hook = await admin.post('/api/v1/admin/webhooks', { url: receiver.url, events: ['*'] });
    expect(hook.status).toBe(201);
    const invitation = await admin.post('/api/v1/invitations', { email: 'mia@example.com', role: 'member' });
    const member = new TestClient(url);
    const accepted = await member.post(
      `/api/v1/invitations/${invitation.body.url.split('/invite/')[1]}/accept`,
      {
        name: 'Mia Mitglied',
        password: 'a good long password',
      },
    );
    expect(accepted.status).toBe(201);
    const space = await admin.post('/api/v1/spaces', {
      name: 'Werkhalle',
      visibility: 'public',
      description: '',
    });
    await member.post(`/api/v1/spaces/${space.body.id}/members`, {});
    const item = await admin.post(`/api/v1/spaces/${space.body.id}/posts`, {
      body: `Hallo @${accepted.body.handle}, hier steht das Stichwort Absturzsicher #notfall`,
      attachments: [],
    });
    expect(item.status).toBe(201);
    expect((await member.post(`/api/v1/content/${item.body.id}/comments`, { body: 'Gelesen!' })).status).toBe(
      201,
    );

    // Scheduled must-reads that the paused node's scheduler publishes: state, tags and events commit together.
    const at = new Date(Date.now() + 1500).toISOString();
    const articles: number[] = [];
    for (const word of ['Alpha', 'Bravo', 'Charlie']) {
      const draft = await admin.post('/api/v1/articles', {
        title: `Planartikel ${word}`,
        body: `Geplanter Text Stichwort${word} #geplant`,
        mustRead: {},
      });
      expect((await admin.post(`/api/v1/articles/${draft.body.id}/publish`, { at })).status).toBe(200);
      articles.push(draft.body.id);
    }
    await until('the scheduled articles to go out', async () => {
      const states = await Promise.all(
        articles.map(async (id) => (await admin.get(`/api/v1/articles/${id}`)).body.state),
      );
      return states.every((state) => state === 'published');
    });
    // Committed, but no effect has happened yet.
    expect((await member.get('/api/v1/notifications')).body.items).toEqual([]);
    expect((await admin.get('/api/v1/search?q=Absturzsicher')).body.items).toEqual([]);
    expect(receiver.received).toEqual([]);
    const pending = await admin.get('/api/v1/admin/outbox?state=pending&limit=100');
    expect(pending.body.items.length).toBeGreaterThan(5);

    server.kill('SIGKILL');
    await new Promise((resolve) => server?.once('exit', resolve));
    server = await startServer(database, port, { KANTINE_SCHEDULER_SECONDS: '1' });

    await until('the outbox to drain', async () => {
      const left = await admin.get('/api/v1/admin/outbox?state=pending&limit=1');
      return left.status === 200 && left.body.items.length === 0;
    });
    const notes = (await member.get('/api/v1/notifications')).body.items as Array<{
      type: string;
      contentId: number;
    }>;
    expect(notes.filter((n) => n.type === 'mention' && n.contentId === item.body.id)).toHaveLength(1);
    for (const id of articles)
      expect(notes.filter((n) => n.type === 'must_read' && n.contentId === id)).toHaveLength(1);
    const adminNotes = (await admin.get('/api/v1/notifications')).body.items as Array<{ type: string }>;
    expect(adminNotes.filter((n) => n.type === 'comment')).toHaveLength(1);
    expect((await member.get('/api/v1/search?q=Absturzsicher')).body.items).toHaveLength(1);
    for (const word of ['Alpha', 'Bravo', 'Charlie'])
      expect((await member.get(`/api/v1/search?q=Stichwort${word}`)).body.items, word).toHaveLength(1);
    expect((await member.get('/api/v1/hashtags/geplant/feed')).body.items).toHaveLength(3);

    const byType = (type: string) => receiver.received.filter((d) => d.body.type === type);
    await until('the webhook deliveries', async () => byType('article.published').length >= 3);
    expect(byType('comment.created')).toHaveLength(1);
    expect(byType('user.created')).toHaveLength(1);
    expect(byType('space.created')).toHaveLength(1);
    expect(
      byType('content.created')
        .map((d) => d.body.data.contentId)
        .sort(),
    ).toEqual([item.body.id, ...articles].sort());
    const ids = receiver.received.map((d) => d.body.id);

    // Another restart repeats nothing.
    server.kill('SIGKILL');
    await new Promise((resolve) => server?.once('exit', resolve));
    server = await startServer(database, port, { KANTINE_SCHEDULER_SECONDS: '1' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received.map((d) => d.body.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const again = (await member.get('/api/v1/notifications')).body.items as Array<{
      type: string;
      contentId: number;
    }>;
    expect(again).toHaveLength(notes.length);
  }, 120_000);
});
