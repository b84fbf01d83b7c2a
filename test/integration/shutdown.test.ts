import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { type NodeProcess, startNode } from '../helpers/node.js';

/** A connection that sends an upload's headers and then a few bytes every 200 ms, never finishing. */
function trickle(url: string, cookie: string) {
  const target = new URL(url);
  const socket = net.connect(Number(target.port), target.hostname);
  const boundary = 'tropfen';
  socket.write(
    [
      'POST /api/v1/uploads HTTP/1.1',
      `Host: ${target.host}`,
      `Origin: ${url}`,
      `Cookie: kantine_session=${cookie}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${10 * 1024 * 1024}`,
      '',
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="langsam.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    ].join('\r\n'),
  );
  const timer = setInterval(() => socket.write('tropf '), 200);
  socket.on('error', () => clearInterval(timer));
  socket.on('close', () => clearInterval(timer));
  return { socket, stop: () => clearInterval(timer) };
}

async function refusesConnections(url: string): Promise<boolean> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('shutdown on SIGTERM with a deadline', () => {
  let database: TestDatabase;
  let node: NodeProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    node = await startNode(database, path.join(database.dataDir, 'node'), { KANTINE_SHUTDOWN_SECONDS: '2' });
  }, 120_000);
  afterAll(async () => {
    if (node?.process.exitCode === null) node.process.kill('SIGKILL');
    await database?.drop();
  });

  it('stops accepting at once and exits by the deadline although an upload is still trickling in', async () => {
    const admin = new TestClient(node.url);
    const setup = await admin.post('/api/v1/setup', {
      organisationName: 'Feierabend GmbH',
      name: 'Ada',
      email: 'ada@example.com',
      password: 'long enough password',
    });
    expect(setup.status).toBe(201);
    const upload = trickle(node.url, admin.sessionCookie ?? '');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pidFile = path.join(database.dataDir, 'node', 'kantine.pid');
    expect(fs.existsSync(pidFile)).toBe(true);

    const signalled = Date.now();
    node.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await refusesConnections(node.url)).toBe(true);
    const code = await node.exited;
    const seconds = (Date.now() - signalled) / 1000;
    upload.stop();
    upload.socket.destroy();
    expect(code).toBe(0);
    // The deadline is 2 s; starting tsx and the machine's load leave some slack, but not 20 s.
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(6);
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(node.output.join('')).toContain('shutdown deadline passed');
  }, 60_000);

  it('exits at once when nothing is in flight', async () => {
    node = await startNode(database, path.join(database.dataDir, 'node'), { KANTINE_SHUTDOWN_SECONDS: '10' });
    expect((await fetch(`${node.url}/api/health/ready`)).status).toBe(200);
    const signalled = Date.now();
    node.process.kill('SIGTERM');
    expect(await node.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
  }, 120_000);
});
