import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('health endpoints and request deadlines', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_REQUEST_TIMEOUT_SECONDS: '1' } });
  });
  afterAll(async () => test?.close());

  it('answers liveness and readiness, with a real write to database and storage', async () => {
    const client = test.client();
    expect((await client.get('/api/health/live')).body).toEqual({ status: 'ok' });
    const ready = await client.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ok',
      database: 'ok',
      storage: 'ok',
      redis: 'off',
      shuttingDown: false,
      failing: [],
    });
    const probes = await test.app.kantine.database.db.selectFrom('health_probes').selectAll().execute();
    expect(probes).toHaveLength(1);
    expect(probes[0].node_id).toBe(test.app.health.nodeId);
    expect((await client.get('/api/health')).body).toEqual(ready.body);
  });

  it('says it is not ready once shutdown has begun', async () => {
    test.app.health.shuttingDown = true;
    try {
      const ready = await test.client().get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'unavailable', shuttingDown: true, failing: ['shutdown'] });
      expect((await test.client().get('/api/health/live')).status).toBe(200);
    } finally {
      test.app.health.shuttingDown = false;
    }
  });

  it('documents the health endpoints in the OpenAPI document', async () => {
    const document = (await test.client().get('/api/v1/openapi.json')).body;
    expect(document.paths['/api/health/live'].get.summary).toMatch(/Liveness/);
    expect(Object.keys(document.paths['/api/health/ready'].get.responses)).toEqual(['200', '503']);
  });

  it('answers 503 request_timeout to a request that cannot be served by its deadline', async () => {
    const url = new URL(test.baseUrl);
    const started = Date.now();
    // A JSON body announced but never sent: the handler can never run.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname);
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
        if (answer.includes('\r\n\r\n{') && answer.trimEnd().endsWith('}')) socket.end();
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.write(
        [
          'POST /api/v1/session HTTP/1.1',
          `Host: ${url.host}`,
          'Content-Type: application/json',
          'Content-Length: 100',
          '',
          '{"email":',
        ].join('\r\n'),
      );
    });
    expect(raw).toMatch(/^HTTP\/1\.1 503/);
    expect(raw).toContain('request_timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await test.client().get('/api/health/live')).status).toBe(200);
  });
});
