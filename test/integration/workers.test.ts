import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * An HTTP client on one kept-alive connection: node:cluster hands a connection to one worker, so
 * every request of this client reaches the same worker process.
 */
class PinnedClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cookie = '';
  constructor(readonly baseUrl: string) {}

  request(method: string, path: string, json?: unknown): Promise<Reply> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            origin: this.baseUrl,
            ...(this.cookie ? { cookie: this.cookie } : {}),
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const session = (response.headers['set-cookie'] ?? []).find((c) =>
              c.startsWith('kantine_session='),
            );
            if (session) this.cookie = session.split(';')[0];
            const text = Buffer.concat(chunks).toString();
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: text && response.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
            });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  async worker(): Promise<string> {
    const reply = await this.request('GET', '/api/health');
    return String(reply.headers['x-kantine-worker']);
  }
}

describe('KANTINE_WORKERS=2: one process per core sharing the port', () => {
  let database: TestDatabase;
  let server: ChildProcess;
  let baseUrl: string;
  const clients = new Map<string, PinnedClient>();

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    const databaseUrl =
      database.target.kind === 'postgres' ? database.target.url : `sqlite:${database.target.file}`;
    server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        KANTINE_DATA_DIR: database.dataDir,
        DATABASE_URL: databaseUrl,
        // No Redis: live messages cross the processes through the cluster's own channel.
        REDIS_URL: '',
        KANTINE_WORKERS: '2',
        KANTINE_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    baseUrl = `http://127.0.0.1:${port}`;
    // Keep opening connections until both workers have answered on one of them.
    const deadline = Date.now() + 150_000;
    while (clients.size < 2) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error('both workers did not answer');
      const client = new PinnedClient(baseUrl);
      try {
        const worker = await client.worker();
        if (worker !== 'undefined' && !clients.has(worker)) clients.set(worker, client);
        else client.agent.destroy();
      } catch {
        client.agent.destroy();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }, 180_000);

  afterAll(async () => {
    for (const client of clients.values()) client.agent.destroy();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
  });

  it('answers from two worker processes, each keeping its connection', async () => {
    expect([...clients.keys()].sort()).toEqual(['1', '2']);
    for (const [worker, client] of clients) expect(await client.worker()).toBe(worker);
  });

  it('delivers a post made through one worker to sockets on either worker', async () => {
    const [first, second] = [...clients.values()];
    const admin = first;
    expect(
      (
        await admin.request('POST', '/api/v1/setup', {
          organisationName: 'Mehrkern GmbH',
          name: 'Ada',
          email: 'ada@example.com',
          password: 'long enough password',
        })
      ).status,
    ).toBe(201);
    const invitation = await admin.request('POST', '/api/v1/invitations', { email: 'bo@example.com' });
    const token = invitation.body.url.split('/invite/')[1];
    // Bo works through the other worker; the session is in the database, so either worker knows it.
    const member = second;
    expect(
      (
        await member.request('POST', `/api/v1/invitations/${token}/accept`, {
          name: 'Bo',
          password: 'long enough password',
        })
      ).status,
    ).toBe(201);

    // Several sockets: each new connection goes to the next worker, so both workers hold some.
    const received: Array<Set<number>> = [];
    const sockets: WebSocket[] = [];
    for (let index = 0; index < 4; index++) {
      const seen = new Set<number>();
      received.push(seen);
      const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/live`, {
        headers: { cookie: member.cookie },
        origin: baseUrl,
      });
      socket.on('message', (raw) => {
        const message = JSON.parse(raw.toString());
        if (message.type === 'post.created') seen.add(message.data.contentId);
      });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      sockets.push(socket);
    }
    try {
      const everyone = (await admin.request('GET', '/api/v1/spaces?mine=true')).body.items[0];
      // One post through each worker: whichever worker a socket is on, one of them came from the other.
      const ids: number[] = [];
      for (const author of [first, second]) {
        const created = await author.request('POST', `/api/v1/spaces/${everyone.id}/posts`, {
          body: 'Hallo über alle Kerne',
        });
        expect(created.status).toBe(201);
        ids.push(created.body.id);
      }
      const deadline = Date.now() + 5000;
      while (received.some((seen) => ids.some((id) => !seen.has(id))) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      for (const seen of received) expect([...seen].sort()).toEqual([...ids].sort());
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
