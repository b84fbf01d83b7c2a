import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { readPoolOf } from '../../src/server/db/read-pool.js';
import { HOUR } from '../../src/server/lib/clock.js';
import { clearSuggestionCache } from '../../src/server/modules/search/suggestion-cache.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { testDialect } from '../helpers/database.js';
import { addToSpace, createSpace, post } from '../helpers/stream.js';

/**
 * Search and suggestions run in worker threads with read-only SQLite connections (the default), and
 * suggestions are cached per (query, visible spaces). Both must give exactly what the plain path
 * gives, and never more than the searcher may see.
 */
describe('search in the read pool, suggestions from the cache', () => {
  let test: TestApp;
  let plain: FastifyInstance;
  let admin: TestClient;
  let anna: Awaited<ReturnType<typeof createMember>>;
  let carla: Awaited<ReturnType<typeof createMember>>;
  let secret: { id: number };

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    anna = await createMember(test, admin, { name: 'Anna Vogel' });
    carla = await createMember(test, admin, { name: 'Carla Vogt' });
    const open = await createSpace(anna.client, { name: 'Vogelkunde', description: 'Vögel beobachten' });
    secret = await createSpace(anna.client, { name: 'Vogelschutz intern', visibility: 'secret' });
    await addToSpace(anna.client, carla.client, carla.user.id, open.id);
    for (let index = 0; index < 12; index++) {
      await post(anna.client, open.id, `Vogelzählung Nummer ${index} am Teich #vogelzug`);
      await post(anna.client, secret.id, `Vertraulicher Vogelbericht ${index} #vogelgeheim`);
      test.clock.advance(HOUR);
    }
    // The same database without threads: the reference answers.
    const config = loadConfig({
      KANTINE_DATA_DIR: test.database.dataDir,
      KANTINE_LOG_LEVEL: 'silent',
      KANTINE_SEARCH_THREADS: '0',
    });
    config.database = test.database.target;
    plain = await buildApp(config, { clock: test.clock, webRoot: '/nonexistent' });
  });
  afterAll(async () => {
    await plain?.close();
    await test?.close();
  });

  const onPlain = async (client: TestClient, url: string) => {
    const response = await plain.inject({
      method: 'GET',
      url,
      cookies: { kantine_session: client.sessionCookie! },
    });
    return { status: response.statusCode, body: response.json() };
  };

  it('gives the same results with the pool as without, for every viewer', async () => {
    const urls = [
      '/api/v1/search?q=Vogel',
      '/api/v1/search?q=vogel&type=post&limit=5',
      '/api/v1/search?q=Vogelbericht',
      '/api/v1/search?q=%22am%20Teich%22',
      '/api/v1/search?q=Vog&type=space',
      '/api/v1/search?q=vogel&type=hashtag',
      '/api/v1/search?q=Vogel%20-Teich',
      '/api/v1/search/suggest?q=Vog',
      '/api/v1/search/suggest?q=vogelz',
      '/api/v1/users?q=vog',
      '/api/v1/users?q=carla%20vog',
      '/api/v1/users?limit=2',
    ];
    let compared = 0;
    for (const client of [admin, anna.client, carla.client]) {
      for (const url of urls) {
        clearSuggestionCache();
        const pooled = await client.get(url);
        clearSuggestionCache();
        const reference = await onPlain(client, url);
        expect(pooled.status, url).toBe(200);
        expect(pooled.body, url).toEqual(reference.body);
        compared++;
      }
      // The next page through the cursor as well.
      const first = await client.get('/api/v1/search?q=vogel&limit=4');
      if (first.body.nextCursor) {
        const next = `/api/v1/search?q=vogel&limit=4&cursor=${encodeURIComponent(first.body.nextCursor)}`;
        expect((await client.get(next)).body).toEqual((await onPlain(client, next)).body);
      }
    }
    expect(compared).toBe(36);
    // Anna sees her secret space's posts, Carla does not: the answers differ where they must.
    const annaHits = (await anna.client.get('/api/v1/search?q=Vogelbericht')).body.items;
    const carlaHits = (await carla.client.get('/api/v1/search?q=Vogelbericht')).body.items;
    expect(annaHits.length).toBeGreaterThan(0);
    expect(carlaHits).toEqual([]);
  });

  it('runs the search and directory queries in the threads on SQLite', async () => {
    const pool = readPoolOf(test.app.kantine.database.db);
    if (testDialect === 'postgres') {
      expect(pool).toBeUndefined();
      return;
    }
    expect(pool).toBeDefined();
    const before = pool!.stats().queries;
    expect((await carla.client.get('/api/v1/search?q=Teich')).status).toBe(200);
    expect(pool!.stats().queries).toBeGreaterThan(before);
    const beforeDirectory = pool!.stats().queries;
    const people = await carla.client.get('/api/v1/users?q=vogel');
    expect(people.body.items.map((person: { name: string }) => person.name)).toEqual(['Anna Vogel']);
    expect(pool!.stats().queries).toBeGreaterThan(beforeDirectory);
    expect(pool!.stats().threads).toBe(2);
    expect(readPoolOf(plain.kantine.database.db)).toBeUndefined();
  });

  it('finds a new post at once: the threads read every committed write', async () => {
    const created = await post(anna.client, secret.id, 'Seeadler gesichtet');
    const hits = (await anna.client.get('/api/v1/search?q=Seeadler')).body.items;
    expect(hits.map((hit: { id: number }) => hit.id)).toContain(created.id);
  });

  it('never serves a cached suggestion to someone who may not see it, not even for a moment', async () => {
    clearSuggestionCache();
    const suggestPosts = async (client: TestClient) =>
      (await client.get('/api/v1/search/suggest?q=Vogelber')).body.posts as unknown[];
    const suggestTags = async (client: TestClient) =>
      ((await client.get('/api/v1/search/suggest?q=vogelg')).body.hashtags as Array<{ title: string }>).map(
        (tag) => tag.title,
      );
    // Anna's answer is cached now; Carla, who may not read the space, must not get it.
    expect((await suggestPosts(anna.client)).length).toBeGreaterThan(0);
    expect(await suggestTags(anna.client)).toEqual(['#vogelgeheim']);
    expect(await suggestPosts(carla.client)).toEqual([]);
    expect(await suggestTags(carla.client)).toEqual([]);
    // Carla joins: her visible spaces change, so her next keystroke is answered afresh.
    await addToSpace(anna.client, carla.client, carla.user.id, secret.id);
    expect((await suggestPosts(carla.client)).length).toBeGreaterThan(0);
    expect(await suggestTags(carla.client)).toEqual(['#vogelgeheim']);
    // And leaves: gone at once, although the answer she just got is still in the cache.
    expect((await carla.client.delete(`/api/v1/spaces/${secret.id}/members/${carla.user.id}`)).status).toBe(
      204,
    );
    expect(await suggestPosts(carla.client)).toEqual([]);
    expect(await suggestTags(carla.client)).toEqual([]);
    // A space that turns secret disappears at once from non-members' space suggestions.
    const club = await createSpace(anna.client, { name: 'Vogelstimmen Club' });
    const spaces = async (client: TestClient) =>
      ((await client.get('/api/v1/search/suggest?q=Vogelst')).body.spaces as Array<{ title: string }>).map(
        (space) => space.title,
      );
    expect(await spaces(carla.client)).toContain('Vogelstimmen Club');
    expect((await anna.client.patch(`/api/v1/spaces/${club.id}`, { visibility: 'secret' })).status).toBe(200);
    expect(await spaces(carla.client)).not.toContain('Vogelstimmen Club');
  });
});
