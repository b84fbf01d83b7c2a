import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { hashSecret } from '../../src/server/lib/secrets.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive } from '../helpers/live.js';

const redisUrl = process.env.KANTINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The cache bound of both nodes in this test. */
const BOUND_MS = 2000;

/**
 * Sessions and tokens are resolved from a short-lived cache on each node. Two app nodes on one
 * database share invalidations through Redis: the node where a session ends refuses it at once, the
 * other within the bound (at once when the message arrives, which it normally does).
 */
describe('cached sessions and tokens', () => {
  let test: TestApp;
  let other: FastifyInstance;
  let admin: TestClient;

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl, KANTINE_AUTH_CACHE_SECONDS: String(BOUND_MS / 1000) };
    test = await startTestApp({ env });
    ({ admin } = await setUpOrganisation(test));
    const config = loadConfig({
      KANTINE_DATA_DIR: test.database.dataDir,
      KANTINE_LOG_LEVEL: 'silent',
      ...env,
    });
    config.database = test.database.target;
    other = await buildApp(config, { clock: test.clock, webRoot: '/nonexistent' });
  });
  afterAll(async () => {
    await other?.close();
    await test?.close();
  });

  const onOther = (credentials: { session?: string; token?: string }) =>
    other.inject({
      method: 'GET',
      url: '/api/v1/me',
      ...(credentials.session ? { cookies: { kantine_session: credentials.session } } : {}),
      ...(credentials.token ? { headers: { authorization: `Bearer ${credentials.token}` } } : {}),
    });

  /** Polls the other node until it refuses; returns how long that took. */
  async function refusedOnOtherWithin(credentials: { session?: string; token?: string }) {
    const started = performance.now();
    for (;;) {
      const status = (await onOther(credentials)).statusCode;
      const elapsed = performance.now() - started;
      if (status === 401) return elapsed;
      expect(status).toBe(200);
      if (elapsed > BOUND_MS + 1000) throw new Error(`still accepted after ${Math.round(elapsed)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('ends a logged-out session at once on this node and within the bound on the other', async () => {
    const member = await createMember(test, admin);
    const session = member.client.sessionCookie!;
    // Both nodes have resolved (and cached) the session.
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    expect((await onOther({ session })).statusCode).toBe(200);

    expect((await member.client.delete('/api/v1/session')).status).toBe(204);
    const again = test.client();
    expect(
      (await again.request('GET', '/api/v1/me', { headers: { cookie: `kantine_session=${session}` } }))
        .status,
    ).toBe(401);
    expect(await refusedOnOtherWithin({ session })).toBeLessThanOrEqual(BOUND_MS);
  });

  it('stops a revoked token at once on this node and within the bound on the other', async () => {
    const member = await createMember(test, admin);
    const created = await member.client.post('/api/v1/tokens', { name: 'Skript', scope: 'read' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const bearer = member.client.withToken(token);
    expect((await bearer.get('/api/v1/me')).status).toBe(200);
    expect((await onOther({ token })).statusCode).toBe(200);

    expect((await member.client.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    expect((await bearer.get('/api/v1/me')).status).toBe(401);
    expect(await refusedOnOtherWithin({ token })).toBeLessThanOrEqual(BOUND_MS);
  });

  it('ends sessions and tokens of a deactivated person on both nodes, closing the sockets', async () => {
    const member = await createMember(test, admin);
    const created = await member.client.post('/api/v1/tokens', { name: 'Skript', scope: 'write' });
    const token = created.body.token as string;
    const session = member.client.sessionCookie!;
    expect((await onOther({ session })).statusCode).toBe(200);
    expect((await onOther({ token })).statusCode).toBe(200);
    expect((await member.client.withToken(token).get('/api/v1/me')).status).toBe(200);
    const live = await connectLive(member.client);
    const closed = new Promise<number>((resolve) => live.socket.once('close', (code) => resolve(code)));

    expect((await admin.post(`/api/v1/users/${member.user.id}/deactivate`)).status).toBe(200);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    expect((await member.client.withToken(token).get('/api/v1/me')).status).toBe(401);
    expect(await closed).toBe(4001);
    expect(await refusedOnOtherWithin({ session })).toBeLessThanOrEqual(BOUND_MS);
    expect(await refusedOnOtherWithin({ token })).toBeLessThanOrEqual(BOUND_MS);
  });

  it('ends the other sessions on a password change, on both nodes', async () => {
    const member = await createMember(test, admin);
    const elsewhere = test.client();
    expect(
      (await elsewhere.post('/api/v1/session', { email: member.email, password: member.password })).status,
    ).toBe(200);
    const oldSession = elsewhere.sessionCookie!;
    expect((await elsewhere.get('/api/v1/me')).status).toBe(200);
    expect((await onOther({ session: oldSession })).statusCode).toBe(200);

    const changed = await member.client.put('/api/v1/me/password', {
      currentPassword: member.password,
      newPassword: 'an even longer new password',
    });
    expect(changed.status).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).status).toBe(401);
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    expect(await refusedOnOtherWithin({ session: oldSession })).toBeLessThanOrEqual(BOUND_MS);
  });

  it('sees a role change at once on the node that made it', async () => {
    const member = await createMember(test, admin);
    expect((await member.client.get('/api/v1/users?status=deactivated')).status).toBe(403);
    expect((await admin.patch(`/api/v1/users/${member.user.id}`, { role: 'admin' })).status).toBe(200);
    expect((await member.client.get('/api/v1/users?status=deactivated')).status).toBe(200);
  });

  it('holds even when no message arrives: a session removed behind its back ends within the bound', async () => {
    const member = await createMember(test, admin);
    const session = member.client.sessionCookie!;
    expect((await onOther({ session })).statusCode).toBe(200);
    // Straight in the database, so no node hears of it: only the bound ends the cached session.
    await test.app.kantine.database.db.deleteFrom('sessions').where('id', '=', hashSecret(session)).execute();
    expect((await onOther({ session })).statusCode).toBe(200);
    const elapsed = await refusedOnOtherWithin({ session });
    expect(elapsed).toBeLessThanOrEqual(BOUND_MS + 100);
  });
});
