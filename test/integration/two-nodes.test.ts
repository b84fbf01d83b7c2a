import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { connectLive } from '../helpers/live.js';

const redisUrl = process.env.KANTINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One Kantine node as its own operating-system process, as an operator would run it. */
async function startNode(
  database: TestDatabase,
  dataDir: string,
): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const databaseUrl =
    database.target.kind === 'postgres' ? database.target.url : `sqlite:${database.target.file}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KANTINE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      KANTINE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, process: child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`node on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two app nodes sharing one database and Redis', () => {
  let database: TestDatabase;
  let nodeA: { url: string; process: ChildProcess };
  let nodeB: { url: string; process: ChildProcess };
  beforeAll(async () => {
    database = await createTestDatabase();
    nodeA = await startNode(database, `${database.dataDir}/a`);
    // The second node starts once the first has migrated the schema.
    nodeB = await startNode(database, `${database.dataDir}/b`);
  });
  afterAll(async () => {
    for (const node of [nodeA, nodeB]) node?.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await database?.drop();
  });

  it('delivers a post created through node A to a WebSocket client on node B', async () => {
    const adminA = new TestClient(nodeA.url);
    expect(
      (
        await adminA.post('/api/v1/setup', {
          organisationName: 'Zwei Knoten AG',
          name: 'Ada',
          email: 'ada@example.com',
          password: 'long enough password',
        })
      ).status,
    ).toBe(201);
    const invitation = await adminA.post('/api/v1/invitations', { email: 'bo@example.com' });
    const token = invitation.body.url.split('/invite/')[1];
    const memberB = new TestClient(nodeB.url);
    expect(
      (
        await memberB.post(`/api/v1/invitations/${token}/accept`, {
          name: 'Bo',
          password: 'long enough password',
        })
      ).status,
    ).toBe(201);

    const liveB = await connectLive(memberB);
    try {
      const everyone = (await adminA.get('/api/v1/spaces?mine=true')).body.items[0];
      const created = await adminA.post(`/api/v1/spaces/${everyone.id}/posts`, {
        body: 'Hallo von Knoten A',
      });
      expect(created.status).toBe(201);
      const message = await liveB.waitFor(
        (m) => m.type === 'post.created' && m.data.contentId === created.body.id,
        5000,
      );
      expect(message.data).toMatchObject({ spaceId: everyone.id, authorId: created.body.author.id });
      const item = await memberB.get(`/api/v1/content/${created.body.id}`);
      expect(item.body.body).toBe('Hallo von Knoten A');
    } finally {
      liveB.close();
    }
  });
});
