import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { type NodeProcess, startNode } from '../helpers/node.js';
import { addToSpace, createSpace, post } from '../helpers/stream.js';

const redisUrl = process.env.KANTINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const password = 'long enough password';

async function login(url: string, email: string) {
  const client = new TestClient(url);
  const response = await client.post('/api/v1/session', { email, password });
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return client;
}

/** Everything through which a reader on node B may meet an item: each returns whether it was shown. */
function sightings(client: TestClient, spaceId: number, itemId: number, word: string, tag: string) {
  const has = (items: Array<{ id?: number; url?: string }>) =>
    items.some((item) => item.id === itemId || item.url === `/posts/${itemId}`);
  return {
    home: async () => has((await client.get('/api/v1/feed')).body.items),
    space: async () => {
      const response = await client.get(`/api/v1/spaces/${spaceId}/feed`);
      return response.status === 200 && has(response.body.items);
    },
    hashtag: async () => has((await client.get(`/api/v1/hashtags/${tag}/feed`)).body.items),
    search: async () => has((await client.get(`/api/v1/search?q=${word}`)).body.items),
    detail: async () => (await client.get(`/api/v1/content/${itemId}`)).status === 200,
    notifications: async () =>
      (await client.get('/api/v1/notifications?limit=50')).body.items.some(
        (notification: { contentId?: number | null }) => notification.contentId === itemId,
      ),
  };
}

async function seen(checks: ReturnType<typeof sightings>, skip: string[] = []) {
  const result: Record<string, boolean> = {};
  for (const [name, check] of Object.entries(checks)) if (!skip.includes(name)) result[name] = await check();
  return result;
}

const none = (names: string[]) => Object.fromEntries(names.map((name) => [name, false]));
const all = (names: string[]) => Object.fromEntries(names.map((name) => [name, true]));

describe('membership cache across two app nodes sharing one database and Redis', () => {
  let database: TestDatabase;
  let nodeA: NodeProcess;
  let nodeB: NodeProcess;
  let adminA: TestClient;
  let users: Record<string, { id: number; handle: string; onB: TestClient; onA: TestClient }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    nodeA = await startNode(database, `${database.dataDir}/a`, { REDIS_URL: redisUrl });
    nodeB = await startNode(database, `${database.dataDir}/b`, { REDIS_URL: redisUrl });
    adminA = new TestClient(nodeA.url);
    const setup = await adminA.post('/api/v1/setup', {
      organisationName: 'Zugang AG',
      name: 'Ada',
      email: 'ada@example.com',
      password,
    });
    expect(setup.status).toBe(201);
    users = {};
    for (const [email, name] of [
      ['bo@example.com', 'Bo'],
      ['cy@example.com', 'Cy'],
      ['di@example.com', 'Di'],
    ]) {
      const invitation = await adminA.post('/api/v1/invitations', { email });
      const onB = new TestClient(nodeB.url);
      const accepted = await onB.post(
        `/api/v1/invitations/${invitation.body.url.split('/invite/')[1]}/accept`,
        {
          name,
          password,
        },
      );
      expect(accepted.status).toBe(201);
      const me = await onB.get('/api/v1/me');
      users[name as string] = {
        id: accepted.body.id,
        handle: me.body.handle,
        onB,
        onA: await login(nodeA.url, email as string),
      };
    }
  }, 240_000);

  afterAll(async () => {
    for (const node of [nodeA, nodeB]) node?.process.kill('SIGTERM');
    await Promise.all([nodeA?.exited, nodeB?.exited]);
    await database?.drop();
  });

  const member = (name: string) => users[name] as (typeof users)[string];

  it('hides a private space’s item from a member removed on node A at once, everywhere on node B', async () => {
    const bo = member('Bo');
    const space = await createSpace(adminA, { name: 'Vorstand', visibility: 'private' });
    await addToSpace(adminA, bo.onA, bo.id, space.id);
    const item = await post(adminA, space.id, `Geheimplan Marmelade #vorstandsache @${bo.handle}`);
    const checks = sightings(bo.onB, space.id, item.id, 'Marmelade', 'vorstandsache');
    // Read twice on node B: its caches hold Bo's memberships and the item now.
    expect(await seen(checks)).toEqual(all(Object.keys(checks)));
    expect(await seen(checks)).toEqual(all(Object.keys(checks)));

    expect((await adminA.delete(`/api/v1/spaces/${space.id}/members/${bo.id}`)).status).toBeLessThan(300);
    // No waiting: not one request on node B may still show it.
    expect(await seen(checks)).toEqual(none(Object.keys(checks)));
  });

  it('hides a public space turned secret from a non-member on node B at once', async () => {
    const cy = member('Cy');
    const space = await createSpace(adminA, { name: 'Offen', visibility: 'public' });
    const item = await post(adminA, space.id, 'Kaffeeautomat Zitronentee #offenesache');
    const checks = sightings(cy.onB, space.id, item.id, 'Zitronentee', 'offenesache');
    const skip = ['notifications'];
    // Cy is in no space: the home feed never shows it; everything else does while the space is public.
    expect(await seen(checks, skip)).toEqual({
      home: false,
      space: true,
      hashtag: true,
      search: true,
      detail: true,
    });
    expect((await adminA.patch(`/api/v1/spaces/${space.id}`, { visibility: 'secret' })).status).toBe(200);
    expect(await seen(checks, skip)).toEqual(none(['home', 'space', 'hashtag', 'search', 'detail']));
  });

  it('takes a demoted space admin’s rights away on node B at once', async () => {
    const di = member('Di');
    const space = await createSpace(adminA, { name: 'Werkstatt', visibility: 'private' });
    await addToSpace(adminA, di.onA, di.id, space.id);
    expect(
      (await adminA.patch(`/api/v1/spaces/${space.id}/members/${di.id}`, { role: 'admin' })).status,
    ).toBeLessThan(300);
    const item = await post(adminA, space.id, 'Werkbank bestellt');
    const permissions = async () =>
      (await di.onB.get(`/api/v1/spaces/${space.id}/feed`)).body.items.find(
        (entry: { id: number }) => entry.id === item.id,
      )?.permissions;
    expect((await permissions())?.pin).toBe(true);
    expect((await permissions())?.pin).toBe(true);
    expect(
      (await adminA.patch(`/api/v1/spaces/${space.id}/members/${di.id}`, { role: 'member' })).status,
    ).toBeLessThan(300);
    expect((await permissions())?.pin).toBe(false);
  });

  it('hides a deleted space from its former members on node B at once', async () => {
    const cy = member('Cy');
    const space = await createSpace(adminA, { name: 'Kurzlebig', visibility: 'private' });
    await addToSpace(adminA, cy.onA, cy.id, space.id);
    const item = await post(adminA, space.id, 'Eintagsfliege Quittengelee #kurzlebig');
    const checks = sightings(cy.onB, space.id, item.id, 'Quittengelee', 'kurzlebig');
    const skip = ['notifications'];
    expect(await seen(checks, skip)).toEqual(all(['home', 'space', 'hashtag', 'search', 'detail']));
    expect((await adminA.delete(`/api/v1/spaces/${space.id}`)).status).toBeLessThan(300);
    expect(await seen(checks, skip)).toEqual(none(['home', 'space', 'hashtag', 'search', 'detail']));
  });
});

describe('membership cache in one app', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(async () => test?.close());

  it('answers repeated reads from memory and follows a change at once', async () => {
    const { admin } = await setUpOrganisation(test);
    const person = await createMember(test, admin);
    const space = await createSpace(admin, { visibility: 'private' });
    await addToSpace(admin, person.client, person.user.id, space.id);
    const item = await post(admin, space.id, 'Nur für Mitglieder');
    const cache = test.app.kantine.memberships;
    if (!cache) throw new Error('the membership cache is on by default');
    expect(cache.enabled).toBe(true);
    const ids = async () =>
      (await person.client.get('/api/v1/feed')).body.items.map((i: { id: number }) => i.id);
    expect(await ids()).toContain(item.id);
    const hits = cache.hits;
    expect(await ids()).toContain(item.id);
    expect(cache.hits).toBeGreaterThan(hits);
    expect(
      (await person.client.delete(`/api/v1/spaces/${space.id}/members/${person.user.id}`)).status,
    ).toBeLessThan(300);
    expect(await ids()).not.toContain(item.id);
    expect((await person.client.get(`/api/v1/content/${item.id}`)).status).toBe(404);
  });

  it('reads memberships on every request when turned off', async () => {
    const off = await startTestApp({ env: { KANTINE_MEMBERSHIP_CACHE_SECONDS: '0' } });
    try {
      const { admin } = await setUpOrganisation(off);
      const space = await createSpace(admin, { visibility: 'private' });
      const item = await post(admin, space.id, 'Ohne Zwischenspeicher');
      expect((await admin.get('/api/v1/feed')).body.items.map((i: { id: number }) => i.id)).toContain(
        item.id,
      );
      expect(off.app.kantine.memberships?.enabled).toBe(false);
      expect(off.app.kantine.memberships?.hits).toBe(0);
    } finally {
      await off.close();
    }
  });
});
