import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEM_CACHE_TTL_MS } from '../../src/server/modules/stream/item-cache.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { eventually, type NodeProcess, startNode } from '../helpers/node.js';
import { addToSpace, createSpace, post } from '../helpers/stream.js';

const redisUrl = process.env.KANTINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * How late another node may show a change (README, "Item cache"): the outbox handles a request's
 * events before it answers, Redis carries the invalidation in milliseconds; the rest is room for
 * a busy test machine. Far below the entries' lifetime, so passing proves the invalidation works.
 */
const BOUND_MS = 5000;
const password = 'long enough password';

interface Item {
  id: number;
  body: string;
  author: { name: string; avatarUrl: string | null };
  space: { visibility: string } | null;
  reactions: { counts: Record<string, number>; total: number; mine: string | null };
  commentCount: number;
  latestComments: Array<{ body: string }>;
}

async function login(url: string, email: string) {
  const client = new TestClient(url);
  const response = await client.post('/api/v1/session', { email, password });
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return client;
}

const feedItem = async (client: TestClient, path: string, id: number): Promise<Item | undefined> => {
  const response = await client.get(path);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.items as Item[]).find((item) => item.id === id);
};

/** Every page of a cursor-paginated list (`path` with `?limit=` or `&limit=` to come), each item as `pick` takes it. */
async function everyPage<T>(
  client: TestClient,
  path: string,
  limit: number,
  pick: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const taken: T[] = [];
  const joiner = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  do {
    const page: string = `${path}${joiner}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await client.get(page);
    expect(response.status, page).toBe(200);
    taken.push(...(response.body.items as Array<Record<string, unknown>>).map(pick));
    cursor = response.body.nextCursor;
  } while (cursor);
  return taken;
}

const bodyOf = (item: Record<string, unknown>) => item.body as string;
const idOf = (item: Record<string, unknown>) => item.id as number;

describe('item cache across two app nodes sharing one database and Redis', () => {
  let database: TestDatabase;
  let nodeA: NodeProcess;
  let nodeB: NodeProcess;
  let adminA: TestClient;
  let adminB: TestClient;
  let memberB: TestClient;
  let outsiderB: TestClient;
  let memberId: number;
  let spaceId: number;
  let itemId: number;

  beforeAll(async () => {
    expect(BOUND_MS).toBeLessThan(ITEM_CACHE_TTL_MS);
    database = await createTestDatabase();
    nodeA = await startNode(database, `${database.dataDir}/a`, { REDIS_URL: redisUrl });
    nodeB = await startNode(database, `${database.dataDir}/b`, { REDIS_URL: redisUrl });
    adminA = new TestClient(nodeA.url);
    const setup = await adminA.post('/api/v1/setup', {
      organisationName: 'Cache AG',
      name: 'Ada',
      email: 'ada@example.com',
      password,
    });
    expect(setup.status).toBe(201);
    const join = async (email: string, name: string) => {
      const invitation = await adminA.post('/api/v1/invitations', { email });
      const client = new TestClient(nodeB.url);
      const accepted = await client.post(
        `/api/v1/invitations/${invitation.body.url.split('/invite/')[1]}/accept`,
        {
          name,
          password,
        },
      );
      expect(accepted.status).toBe(201);
      return { client, id: accepted.body.id as number };
    };
    const member = await join('bo@example.com', 'Bo');
    memberB = member.client;
    memberId = member.id;
    outsiderB = (await join('cy@example.com', 'Cy')).client;
    adminB = await login(nodeB.url, 'ada@example.com');
    spaceId = (await createSpace(adminA, { name: 'Projekt', visibility: 'public' })).id;
    const memberA = await login(nodeA.url, 'bo@example.com');
    await addToSpace(adminA, memberA, memberId, spaceId);
    itemId = (await post(adminA, spaceId, 'Erste Fassung #projekt')).id;
  }, 240_000);

  afterAll(async () => {
    for (const node of [nodeA, nodeB]) node?.process.kill('SIGTERM');
    await Promise.all([nodeA?.exited, nodeB?.exited]);
    await database?.drop();
  });

  /** Reads on node B until `check` holds; node B's cache holds the item before the change is made. */
  const onB = (what: string, client: TestClient, path: string, check: (item: Item | undefined) => boolean) =>
    eventually(async () => check(await feedItem(client, path, itemId)), BOUND_MS, what);

  it('shows an edit, a reaction and a comment made on node A', async () => {
    expect((await feedItem(memberB, '/api/v1/feed', itemId))?.body).toBe('Erste Fassung #projekt');
    expect(
      (await adminA.patch(`/api/v1/content/${itemId}`, { body: 'Zweite Fassung #projekt' })).status,
    ).toBe(200);
    await onB('edit', memberB, '/api/v1/feed', (item) => item?.body === 'Zweite Fassung #projekt');

    expect((await adminA.put(`/api/v1/content/${itemId}/reaction`, { type: 'like' })).status).toBe(200);
    await onB('reaction', memberB, `/api/v1/spaces/${spaceId}/feed`, (item) => item?.reactions.total === 1);
    const seen = await feedItem(memberB, '/api/v1/feed', itemId);
    // The count is shared; whose reaction it is is not.
    expect(seen?.reactions).toEqual({ counts: { like: 1 }, total: 1, mine: null });
    expect((await feedItem(adminB, '/api/v1/feed', itemId))?.reactions.mine).toBe('like');

    expect((await adminA.post(`/api/v1/content/${itemId}/comments`, { body: 'Ein Kommentar' })).status).toBe(
      201,
    );
    await onB('comment', memberB, '/api/v1/feed', (item) => item?.commentCount === 1);
    expect((await feedItem(memberB, '/api/v1/feed', itemId))?.latestComments.map((c) => c.body)).toEqual([
      'Ein Kommentar',
    ]);
  });

  it('shows the author’s new name and picture', async () => {
    expect((await feedItem(memberB, '/api/v1/feed', itemId))?.author).toMatchObject({
      name: 'Ada',
      avatarUrl: null,
    });
    expect((await adminA.patch('/api/v1/me', { name: 'Ada Neu' })).status).toBe(200);
    await onB('name', memberB, '/api/v1/feed', (item) => item?.author.name === 'Ada Neu');

    const picture = await sharp({
      create: { width: 40, height: 40, channels: 3, background: { r: 200, g: 40, b: 40 } },
    })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(picture)], { type: 'image/png' }), 'ada.png');
    expect((await adminA.request('PUT', '/api/v1/me/avatar', { form })).status).toBe(200);
    await onB('avatar', memberB, '/api/v1/feed', (item) => item?.author.avatarUrl !== null);
  });

  it('shows readers on node B their own reaction made, changed and taken back on node A', async () => {
    const path = `/api/v1/spaces/${spaceId}/feed`;
    const mine = async () => (await feedItem(memberB, path, itemId))?.reactions.mine;
    // Read twice: node B holds Bo's own reaction (none) now.
    expect(await mine()).toBeNull();
    expect(await mine()).toBeNull();
    const memberA = await login(nodeA.url, 'bo@example.com');
    expect((await memberA.put(`/api/v1/content/${itemId}/reaction`, { type: 'celebrate' })).status).toBe(200);
    await onB('own reaction', memberB, path, (item) => item?.reactions.mine === 'celebrate');
    expect((await memberA.put(`/api/v1/content/${itemId}/reaction`, { type: 'like' })).status).toBe(200);
    await onB('changed reaction', memberB, path, (item) => item?.reactions.mine === 'like');
    expect((await memberA.delete(`/api/v1/content/${itemId}/reaction`)).status).toBe(200);
    await onB('reaction taken back', memberB, path, (item) => item?.reactions.mine === null);
    // Whose reaction it is never crosses to another reader.
    expect((await feedItem(adminB, path, itemId))?.reactions.mine).toBe('like');
  });

  it('shows node A’s new, edited and deleted comments and a commenter’s new name on node B', async () => {
    const path = `/api/v1/content/${itemId}/comments`;
    type Listed = {
      id: number;
      body: string;
      author: { name: string };
      permissions: Record<string, boolean>;
    };
    const listed = async (client: TestClient) => (await client.get(path)).body.items as Listed[];
    const mineOn = async (client: TestClient) =>
      (await listed(client)).find((c) => c.body.startsWith('Von Bo'));
    // Read twice: node B holds the item's first comments now.
    const before = (await listed(memberB)).map((c) => c.body);
    expect((await listed(memberB)).map((c) => c.body)).toEqual(before);
    const memberA = await login(nodeA.url, 'bo@example.com');
    const added = await memberA.post(path, { body: 'Von Bo' });
    expect(added.status).toBe(201);
    await eventually(async () => (await mineOn(memberB)) !== undefined, BOUND_MS, 'new comment');
    // Shared text, each reader's own permissions.
    expect((await mineOn(memberB))?.permissions).toEqual({ edit: true, delete: true });
    expect((await mineOn(outsiderB))?.permissions).toEqual({ edit: false, delete: false });
    expect(
      (await memberA.patch(`/api/v1/comments/${added.body.id}`, { body: 'Von Bo, geändert' })).status,
    ).toBe(200);
    await eventually(async () => (await mineOn(memberB))?.body === 'Von Bo, geändert', BOUND_MS, 'edit');
    expect((await memberA.patch('/api/v1/me', { name: 'Bo Neu' })).status).toBe(200);
    await eventually(async () => (await mineOn(memberB))?.author.name === 'Bo Neu', BOUND_MS, 'new name');
    expect((await memberA.delete(`/api/v1/comments/${added.body.id}`)).status).toBe(204);
    await eventually(async () => (await mineOn(memberB)) === undefined, BOUND_MS, 'deletion');
    expect((await listed(memberB)).map((c) => c.body)).toEqual(before);
  });

  it('hides a space made private from outsiders at once, and shows members its new visibility', async () => {
    expect((await feedItem(outsiderB, `/api/v1/spaces/${spaceId}/feed`, itemId))?.id).toBe(itemId);
    expect((await outsiderB.get(`/api/v1/content/${itemId}`)).status).toBe(200);
    expect((await adminA.patch(`/api/v1/spaces/${spaceId}`, { visibility: 'private' })).status).toBe(200);
    // Visibility is decided per request from the database: no wait at all.
    expect((await outsiderB.get(`/api/v1/spaces/${spaceId}/feed`)).status).toBe(404);
    expect((await outsiderB.get(`/api/v1/content/${itemId}`)).status).toBe(404);
    expect(await feedItem(outsiderB, '/api/v1/feed', itemId)).toBeUndefined();
    await onB('space visibility', memberB, '/api/v1/feed', (item) => item?.space?.visibility === 'private');
  });

  it('hides everything of a space from a member removed on node A at once', async () => {
    expect((await feedItem(memberB, '/api/v1/feed', itemId))?.id).toBe(itemId);
    expect((await feedItem(memberB, `/api/v1/spaces/${spaceId}/feed`, itemId))?.id).toBe(itemId);
    expect((await adminA.delete(`/api/v1/spaces/${spaceId}/members/${memberId}`)).status).toBeLessThan(300);
    expect(await feedItem(memberB, '/api/v1/feed', itemId)).toBeUndefined();
    expect((await memberB.get(`/api/v1/spaces/${spaceId}/feed`)).status).toBe(404);
    expect((await memberB.get(`/api/v1/content/${itemId}`)).status).toBe(404);
    expect((await memberB.get('/api/v1/hashtags/projekt/feed')).body.items).toEqual([]);
  });

  it('shows a new tagged post, and drops a tag edited away, in the hashtag feed on node B', async () => {
    const path = '/api/v1/hashtags/projekt/feed';
    const newestId = async () => (await adminB.get(path)).body.items[0]?.id;
    // Read twice: node B holds the tag's list now.
    expect(await newestId()).toBe(itemId);
    expect(await newestId()).toBe(itemId);
    const newer = await post(adminA, spaceId, 'Neuer Stand #projekt');
    await eventually(async () => (await newestId()) === newer.id, BOUND_MS, 'new tagged post');
    expect(
      (await adminA.patch(`/api/v1/content/${newer.id}`, { body: 'Neuer Stand, ohne Schlagwort' })).status,
    ).toBe(200);
    await eventually(async () => (await newestId()) === itemId, BOUND_MS, 'tag edited away');
  });

  it('drops a deleted item from every feed on node B', async () => {
    const tagged = '/api/v1/hashtags/projekt/feed';
    expect((await feedItem(adminB, '/api/v1/feed', itemId))?.id).toBe(itemId);
    expect((await feedItem(adminB, `/api/v1/spaces/${spaceId}/feed`, itemId))?.id).toBe(itemId);
    expect((await feedItem(adminB, tagged, itemId))?.id).toBe(itemId);
    expect((await adminA.delete(`/api/v1/content/${itemId}`)).status).toBeLessThan(300);
    await onB('deletion', adminB, '/api/v1/feed', (item) => item === undefined);
    await onB('deletion', adminB, `/api/v1/spaces/${spaceId}/feed`, (item) => item === undefined);
    await onB('deletion', adminB, tagged, (item) => item === undefined);
    expect((await adminB.get(`/api/v1/content/${itemId}`)).status).toBe(404);
  });
});

describe('item cache with a tiny memory budget', () => {
  let test: TestApp;
  beforeAll(async () => {
    // About 10 KB: room for a few items only, so every page evicts.
    test = await startTestApp({ env: { KANTINE_ITEM_CACHE_MB: '0.01' } });
  });
  afterAll(async () => test?.close());

  it('evicts the least recently used items and still answers every page correctly', async () => {
    const { admin } = await setUpOrganisation(test);
    const member = await createMember(test, admin);
    const space = await createSpace(admin, { visibility: 'public' });
    await addToSpace(admin, member.client, member.user.id, space.id);
    const bodies: string[] = [];
    for (let index = 0; index < 30; index++) {
      const body = `Beitrag ${index} ${'mit etwas mehr Text, damit jeder Eintrag Platz braucht. '.repeat(3)}`;
      bodies.unshift(body);
      await post(admin, space.id, body);
    }
    const cache = test.app.kantine.itemCache;
    if (!cache) throw new Error('the item cache is on by default');
    for (let round = 0; round < 3; round++) {
      expect(await everyPage(member.client, `/api/v1/spaces/${space.id}/feed`, 10, bodyOf)).toEqual(bodies);
      expect(cache.size.bytes).toBeLessThanOrEqual(cache.maxBytes);
    }
    expect(cache.evictions).toBeGreaterThan(0);
    expect(cache.size.items).toBeLessThan(30);
    // A change still reaches the items the cache kept.
    const newest = (await member.client.get(`/api/v1/spaces/${space.id}/feed?limit=1`)).body.items[0];
    await member.client.put(`/api/v1/content/${newest.id}/reaction`, { type: 'like' });
    const again = (await admin.get(`/api/v1/spaces/${space.id}/feed?limit=1`)).body.items[0];
    expect(again.reactions).toEqual({ counts: { like: 1 }, total: 1, mine: null });
  });
});

describe('item cache at its default size', () => {
  let test: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
  });
  afterAll(async () => test?.close());

  it('serves repeated feeds from memory, with each viewer’s own reaction and permissions', async () => {
    const member = await createMember(test, admin);
    const space = await createSpace(admin, { visibility: 'public' });
    await addToSpace(admin, member.client, member.user.id, space.id);
    const item = await post(admin, space.id, 'Hallo zusammen');
    await member.client.put(`/api/v1/content/${item.id}/reaction`, { type: 'celebrate' });
    const cache = test.app.kantine.itemCache;
    if (!cache) throw new Error('the item cache is on by default');
    expect(cache.maxBytes).toBe(64 * 1024 * 1024);
    const first = (await admin.get('/api/v1/feed')).body.items[0];
    const hits = cache.hits;
    const mine = (await member.client.get('/api/v1/feed')).body.items[0];
    expect(cache.hits).toBeGreaterThan(hits);
    expect(first.reactions).toEqual({ counts: { celebrate: 1 }, total: 1, mine: null });
    expect(mine.reactions).toEqual({ counts: { celebrate: 1 }, total: 1, mine: 'celebrate' });
    expect(first.permissions.delete).toBe(true);
    expect(mine.permissions.delete).toBe(false);
    // The member's own reaction is kept now; a change shows on their very next read.
    expect((await member.client.put(`/api/v1/content/${item.id}/reaction`, { type: 'like' })).status).toBe(
      200,
    );
    expect((await member.client.get('/api/v1/feed')).body.items[0].reactions).toEqual({
      counts: { like: 1 },
      total: 1,
      mine: 'like',
    });
    expect((await member.client.delete(`/api/v1/content/${item.id}/reaction`)).status).toBe(200);
    expect((await member.client.get(`/api/v1/content/${item.id}`)).body.reactions.mine).toBeNull();
    expect((await admin.get('/api/v1/feed')).body.items[0].reactions.mine).toBeNull();
  });

  it('answers a hashtag feed from its cached list: each viewer what they may read, visibility read fresh', async () => {
    const member = await createMember(test, admin);
    const open = await createSpace(admin, { visibility: 'public' });
    const closed = await createSpace(admin, { visibility: 'private' });
    // Two readable items, then more unreadable ones than the cached list holds: the member's page
    // must come from the database, not from a filtered list that happens to be empty.
    const readable: number[] = [];
    const hidden: number[] = [];
    for (let index = 0; index < 2; index++)
      readable.unshift((await post(admin, open.id, `Offen ${index} #wochenplan`)).id);
    for (let index = 0; index < 66; index++)
      hidden.unshift((await post(admin, closed.id, `Intern ${index} #wochenplan`)).id);
    for (let index = 0; index < 3; index++)
      readable.unshift((await post(admin, open.id, `Später ${index} #wochenplan`)).id);
    const everything = [...readable.slice(0, 3), ...hidden, ...readable.slice(3)];
    const cache = test.app.kantine.itemCache;
    if (!cache) throw new Error('the item cache is on by default');
    const allPages = (client: TestClient, limit: number) =>
      everyPage(client, '/api/v1/hashtags/wochenplan/feed', limit, idOf);
    for (let round = 0; round < 2; round++) {
      expect(await allPages(member.client, 2)).toEqual(readable);
      expect(await allPages(member.client, 4)).toEqual(readable);
      expect(await allPages(admin, 20)).toEqual(everything);
    }
    expect(cache.list('tag:wochenplan')?.ids.length).toBeGreaterThan(20);

    // The list keeps every space's items; who sees them is decided per request.
    expect((await admin.patch(`/api/v1/spaces/${closed.id}`, { visibility: 'public' })).status).toBe(200);
    expect(await allPages(member.client, 20)).toEqual(everything);
    expect((await admin.patch(`/api/v1/spaces/${closed.id}`, { visibility: 'secret' })).status).toBe(200);
    expect(await allPages(member.client, 20)).toEqual(readable);
  }, 60_000);

  it('answers an item’s comments at every limit and page as the database would', async () => {
    const member = await createMember(test, admin);
    const space = await createSpace(admin, { visibility: 'public' });
    const item = await post(admin, space.id, 'Viel Gesprächsstoff');
    const written: string[] = [];
    for (let index = 0; index < 104; index++) {
      const body = `Kommentar ${index}`;
      const author = index % 2 === 0 ? admin : member.client;
      expect((await author.post(`/api/v1/content/${item.id}/comments`, { body })).status).toBe(201);
      written.push(body);
    }
    const path = `/api/v1/content/${item.id}/comments`;
    const allPages = (limit: number) => everyPage(member.client, path, limit, bodyOf);
    for (let round = 0; round < 2; round++)
      for (const limit of [1, 7, 50, 99, 100]) expect(await allPages(limit)).toEqual(written);
    const first = (await member.client.get(`${path}?limit=100`)).body;
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    const own = first.items.filter((comment: { permissions: { edit: boolean } }) => comment.permissions.edit);
    expect(own).toHaveLength(50);
    const cache = test.app.kantine.itemCache;
    if (!cache) throw new Error('the item cache is on by default');
    expect(cache.comments(item.id)).toHaveLength(101);
  }, 60_000);
});
