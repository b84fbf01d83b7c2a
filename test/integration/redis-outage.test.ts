import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { freePort, privateRedis, timed } from '../helpers/faults.js';
import { connectLive, settle } from '../helpers/live.js';
import { eventually, type NodeProcess, startNode } from '../helpers/node.js';

/**
 * Two app processes sharing a private redis-server that the test starts and stops (never the
 * shared Redis at 6379).
 */
describe('Redis going away and coming back, with two app nodes', () => {
  let database: TestDatabase;
  let redis: Awaited<ReturnType<typeof privateRedis>>;
  let nodeA: NodeProcess;
  let nodeB: NodeProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await privateRedis(await freePort());
    // Redis is not running yet: both nodes must start anyway.
    nodeA = await startNode(database, `${database.dataDir}/a`, { REDIS_URL: redis.url });
    nodeB = await startNode(database, `${database.dataDir}/b`, { REDIS_URL: redis.url });
  }, 240_000);
  afterAll(async () => {
    for (const node of [nodeA, nodeB]) node?.process.kill('SIGTERM');
    await Promise.all([nodeA?.exited, nodeB?.exited]);
    await redis?.stop();
    await database?.drop();
  });

  const redisState = async (node: NodeProcess) =>
    (await (await fetch(`${node.url}/api/health/ready`)).json()).redis;

  it('starts without Redis, stays ready (degraded), keeps writes fast and live events local, resumes when Redis comes', async () => {
    const ready = await fetch(`${nodeA.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      redis: 'down',
      database: 'ok',
      storage: 'ok',
    });

    const adminA = new TestClient(nodeA.url);
    const setup = await adminA.post('/api/v1/setup', {
      organisationName: 'Ausfall AG',
      name: 'Ada',
      email: 'ada@example.com',
      password: 'long enough password',
    });
    expect(setup.status).toBe(201);
    const invitation = await adminA.post('/api/v1/invitations', { email: 'bo@example.com' });
    const memberB = new TestClient(nodeB.url);
    const token = invitation.body.url.split('/invite/')[1];
    expect(
      (
        await memberB.post(`/api/v1/invitations/${token}/accept`, {
          name: 'Bo',
          password: 'long enough password',
        })
      ).status,
    ).toBe(201);
    const everyone = (await adminA.get('/api/v1/spaces?mine=true')).body.items[0];
    // The same member on both nodes: one socket on A (same node as the writer), one on B.
    const memberOnA = new TestClient(nodeA.url);
    expect(
      (await memberOnA.post('/api/v1/session', { email: 'bo@example.com', password: 'long enough password' }))
        .status,
    ).toBe(200);
    const liveA = await connectLive(memberOnA);
    const liveB = await connectLive(memberB);
    try {
      // Redis down: the write answers at once and the socket on the same node gets the event.
      const { result: first, ms } = await timed(() =>
        adminA.post(`/api/v1/spaces/${everyone.id}/posts`, { body: 'ohne Redis' }),
      );
      expect(first.status).toBe(201);
      expect(ms).toBeLessThan(2000);
      await liveA.waitFor((m) => m.type === 'post.created' && m.data.contentId === first.body.id, 2000);

      // Redis comes: both nodes connect by themselves within about a second.
      await redis.start();
      const resumedIn = await eventually(
        async () => (await redisState(nodeA)) === 'up' && (await redisState(nodeB)) === 'up',
        3000,
        'both nodes reconnect to Redis',
      );
      expect(resumedIn).toBeLessThan(3000);
      const second = await adminA.post(`/api/v1/spaces/${everyone.id}/posts`, { body: 'mit Redis' });
      await liveB.waitFor((m) => m.type === 'post.created' && m.data.contentId === second.body.id, 3000);
      await liveA.waitFor((m) => m.type === 'post.created' && m.data.contentId === second.body.id, 3000);
      await settle();
      // Delivered locally first, and not a second time when it comes back through Redis.
      expect(
        liveA.messages.filter((m) => m.type === 'post.created' && m.data.contentId === second.body.id),
      ).toHaveLength(1);

      // Redis goes away again: writes still do not wait for it.
      await redis.stop();
      const { result: third, ms: writeMs } = await timed(() =>
        adminA.post(`/api/v1/spaces/${everyone.id}/posts`, { body: 'wieder ohne Redis' }),
      );
      expect(third.status).toBe(201);
      expect(writeMs).toBeLessThan(2000);
      await liveA.waitFor((m) => m.type === 'post.created' && m.data.contentId === third.body.id, 2000);
      expect((await fetch(`${nodeB.url}/api/health/ready`)).status).toBe(200);

      // And back: the nodes resume within about a second, and cross-node events flow again.
      await redis.start();
      await eventually(async () => (await redisState(nodeB)) === 'up', 3000, 'node B reconnects');
      const fourth = await adminA.post(`/api/v1/spaces/${everyone.id}/posts`, { body: 'Redis ist zurück' });
      await liveB.waitFor((m) => m.type === 'post.created' && m.data.contentId === fourth.body.id, 3000);
    } finally {
      liveA.close();
      liveB.close();
    }
    // No crash on either node through all of it.
    expect(nodeA.process.exitCode).toBeNull();
    expect(nodeB.process.exitCode).toBeNull();
  }, 90_000);
});
