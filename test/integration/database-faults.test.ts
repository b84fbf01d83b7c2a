import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { testDialect } from '../helpers/database.js';
import { startTcpProxy, timed } from '../helpers/faults.js';

const onPostgres = testDialect === 'postgres';

/** Registers a suite only for the dialect it is about (the other dialect's run has its own suite). */
function describeWhen(condition: boolean, name: string, suite: () => void) {
  if (condition) describe(name, suite);
}

/** Ends every backend of this test's own database (never another test file's: they run concurrently). */
async function terminateBackends(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    const result = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describeWhen(onPostgres, 'PostgreSQL connections dropped by the server', () => {
  let test: TestApp;
  let admin: TestClient;
  let url: string;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    url = (test.database.target as { url: string }).url;
  });
  afterAll(async () => test?.close());

  it('survives backends terminated under checked-out connections, busy or between two queries', async () => {
    const { sql } = await import('kysely');
    const { database } = test.app.kantine;
    const settle = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    // One connection inside a query, one checked out between two statements of a transaction
    // (no query active: pg reports that as an 'error' event on the client, which crashed the process).
    const busy = settle(sql`select pg_sleep(3)`.execute(database.db));
    const between = settle(
      database.transaction(async (trx) => {
        await sql`select 1`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await sql`select 1`.execute(trx);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await terminateBackends(url)).toBeGreaterThanOrEqual(2);
    expect(await busy).toMatchObject({ code: '57P01' });
    expect(await between).toBeInstanceOf(Error);
    // The process is still here, and the pool opens fresh connections.
    expect((await admin.get('/api/v1/feed')).status).toBe(200);
  });

  it('costs at most the requests in flight under a read load, which get 503 with a code', async () => {
    const statuses: number[] = [];
    const codes = new Set<string>();
    let running = true;
    const reader = async () => {
      while (running) {
        const response = await admin.get('/api/v1/feed');
        statuses.push(response.status);
        if (response.status !== 200) codes.add(response.body.error.code);
      }
    };
    const readers = Array.from({ length: 4 }, reader);
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await terminateBackends(url);
    }
    running = false;
    await Promise.all(readers);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    for (const code of codes) expect(code).toBe('database_unavailable');
    expect((await admin.get('/api/v1/feed')).status).toBe(200);
    expect((await admin.get('/api/health/ready')).status).toBe(200);
  });
});

describeWhen(onPostgres, 'a PostgreSQL that hangs (a proxy that stops forwarding)', () => {
  let test: TestApp;
  let admin: TestClient;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  beforeAll(async () => {
    proxy = await startTcpProxy(5432);
    // Default timeouts: the point is that the defaults answer within 10 s.
    test = await startTestApp({
      databaseTarget: (target) => {
        const url = new URL((target as { url: string }).url);
        url.port = String(proxy.port);
        return { kind: 'postgres', url: url.toString() };
      },
    });
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(async () => {
    proxy?.resume();
    await test?.close();
    await proxy?.close();
  });

  it('answers 503 within 10 s while hanging, and serves again as soon as the database does', async () => {
    // The people directory reads the database on every request (a first feed page may come
    // entirely from the caches, and then rightly answers while the database hangs).
    const directory = '/api/v1/users?limit=5';
    expect((await admin.get(directory)).status).toBe(200);
    proxy.hang();
    const [listed, ready] = await Promise.all([
      timed(() => admin.get(directory)),
      // As a load balancer asks: without a session.
      timed(() => test.client().get('/api/health/ready')),
    ]);
    expect(listed.result.status).toBe(503);
    expect(['database_timeout', 'database_unavailable', 'request_timeout']).toContain(
      listed.result.body.error.code,
    );
    expect(listed.ms).toBeLessThan(10_000);
    expect(ready.result.status, JSON.stringify(ready.result.body)).toBe(503);
    expect(ready.result.body).toMatchObject({
      status: 'unavailable',
      database: 'down',
      failing: ['database'],
    });
    expect(ready.ms).toBeLessThan(10_000);

    proxy.resume();
    const back = Date.now();
    for (;;) {
      if ((await admin.get(directory)).status === 200) break;
      expect(Date.now() - back).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await admin.get('/api/health/ready')).status).toBe(200);
  }, 60_000);
});

describeWhen(!onPostgres, 'a locked SQLite database', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(async () => test?.close());

  it('answers a write 503 database_busy after the busy timeout, and writes again once the lock is gone', async () => {
    const spaces = await admin.get('/api/v1/spaces?mine=true');
    const spaceId = spaces.body.items[0].id;
    const file = (test.database.target as { file: string }).file;
    const other = new SqliteDatabase(file);
    other.exec('begin immediate');
    try {
      const { result, ms } = await timed(() =>
        admin.post(`/api/v1/spaces/${spaceId}/posts`, { body: 'gesperrt' }),
      );
      expect(result.status).toBe(503);
      expect(result.body.error.code).toBe('database_busy');
      expect(ms).toBeLessThan(10_000);
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect((await admin.post(`/api/v1/spaces/${spaceId}/posts`, { body: 'wieder frei' })).status).toBe(201);
    const feed = await admin.get(`/api/v1/spaces/${spaceId}/feed`);
    expect(feed.body.items.map((item: { body: string }) => item.body)).toEqual(['wieder frei']);
  }, 30_000);
});
