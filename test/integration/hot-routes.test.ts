import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { trustedResponseRoutes } from '../../src/server/http/serializer.js';
import { notificationPage } from '../../src/shared/api/notifications.js';
import { searchPage, suggestions } from '../../src/shared/api/search.js';
import { commentPage, feedItem, reactionSummary } from '../../src/shared/api/stream.js';
import { me, userPage } from '../../src/shared/api/users.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { createSpace, post } from '../helpers/stream.js';

/**
 * The hottest read routes (the feeds, items, comments, search …) answer with plain JSON.stringify
 * instead of zod's serializer. That is safe only while our presenters produce exactly the documented shape: each
 * answer here is parsed with its schema (which drops unknown fields and fills nothing in) and must
 * come back unchanged — no extra field (nothing leaks), none missing, none of the wrong type.
 */
describe('hot routes answer exactly their schema', () => {
  let test: TestApp;
  let admin: TestClient;
  let anna: Awaited<ReturnType<typeof createMember>>;
  let bernd: Awaited<ReturnType<typeof createMember>>;
  let itemId: number;
  let spaceId: number;
  /** One item of every built-in kind (a post with an image, a poll, an idea, an article with a poll). */
  const itemIds: number[] = [];

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    anna = await createMember(test, admin, { name: 'Anna Kranich' });
    bernd = await createMember(test, admin, { name: 'Bernd Reiher' });
    await anna.client.patch('/api/v1/me', { title: 'Vogelwartin', skills: ['Zählen'] });
    const space = await createSpace(anna.client, { name: 'Kraniche' });
    spaceId = space.id;
    await bernd.client.post(`/api/v1/spaces/${space.id}/members`, {});
    const image = await uploadImage(anna.client);
    const item = await post(
      anna.client,
      space.id,
      `Kraniche über dem See, @${bernd.user.handle} #kranichzug`,
      [image],
    );
    itemId = item.id;
    await bernd.client.put(`/api/v1/content/${itemId}/reaction`, { type: 'love' });
    const comment = await bernd.client.post(`/api/v1/content/${itemId}/comments`, {
      body: `Wunderbar, @${anna.user.handle}!`,
    });
    await anna.client.post(`/api/v1/content/${itemId}/comments`, {
      body: 'Danke',
      parentId: comment.body.id,
    });
    spaceId = space.id;
    itemIds.push(itemId);
    const created = async (url: string, body: Record<string, unknown>) => {
      const response = await anna.client.post(url, body);
      expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(201);
      return response.body;
    };
    const poll = await created(`/api/v1/spaces/${space.id}/posts`, {
      body: 'Wann ziehen die Kraniche? #kranichzug',
      poll: { options: ['Oktober', 'November'], resultsVisibility: 'always' },
    });
    await bernd.client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [poll.poll.options[0].id] });
    const idea = await created(`/api/v1/spaces/${space.id}/ideas`, {
      title: 'Ein Beobachtungsturm',
      problem: 'Vom Ufer sieht man die Kraniche schlecht. #kranichzug',
      proposal: 'Einen Turm am See bauen.',
    });
    await bernd.client.put(`/api/v1/ideas/${idea.id}/vote`, {});
    const article = await created('/api/v1/articles', {
      title: 'Der Kranichzug 2026',
      teaser: 'Zählung am See.',
      body: 'Alle Zahlen der Zählung. #kranichzug',
      spaceId: space.id,
      mustRead: { spaceIds: [space.id] },
      poll: { options: ['Samstag', 'Sonntag'], resultsVisibility: 'always' },
    });
    const published = await anna.client.post(`/api/v1/articles/${article.id}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await bernd.client.post(`/api/v1/articles/${article.id}/confirm`, {});
    await created(`/api/v1/users/${anna.user.id}/posts`, { body: 'Mein Profil #kranichzug' });
    itemIds.push(poll.id, idea.id, article.id);
    // Feeds and memberships are cached, updated by the outbox's events: read them once it is done.
    await drainOutbox(test);
  });
  afterAll(() => test?.close());

  const exact = async (client: TestClient, url: string, schema: ZodType) => {
    const response = await client.get(url);
    expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(200);
    expect(schema.parse(response.body), url).toEqual(response.body);
    return response.body;
  };

  it('covers every route that skips the zod serializer', async () => {
    const { pageSchema, itemSchema } = test.app.kantine.kinds;
    const checked = new Map<string, [string, ZodType]>([
      ['GET /api/v1/feed', ['/api/v1/feed?limit=20', pageSchema]],
      ['GET /api/v1/spaces/:id/feed', [`/api/v1/spaces/${spaceId}/feed?limit=20`, pageSchema]],
      ['GET /api/v1/users/:id/feed', [`/api/v1/users/${anna.user.id}/feed?limit=20`, pageSchema]],
      ['GET /api/v1/hashtags/:tag/feed', ['/api/v1/hashtags/kranichzug/feed?limit=20', pageSchema]],
      ['GET /api/v1/content/:id', [`/api/v1/content/${itemId}`, feedItem]],
      ['GET /api/v1/content/:id/comments', [`/api/v1/content/${itemId}/comments?limit=50`, commentPage]],
      ['GET /api/v1/notifications', ['/api/v1/notifications?limit=20', notificationPage]],
      ['GET /api/v1/search', ['/api/v1/search?q=Kranich', searchPage]],
      ['GET /api/v1/search/suggest', ['/api/v1/search/suggest?q=kran', suggestions]],
      ['GET /api/v1/users', ['/api/v1/users?limit=20', userPage]],
      ['GET /api/v1/me', ['/api/v1/me', me]],
    ]);
    const writes = [
      'POST /api/v1/spaces/:id/posts',
      'POST /api/v1/users/:id/posts',
      'PUT /api/v1/content/:id/reaction',
      'DELETE /api/v1/content/:id/reaction',
    ];
    expect([...trustedResponseRoutes].sort()).toEqual([...checked.keys(), ...writes].sort());
    for (const client of [anna.client, bernd.client, admin]) {
      for (const [url, schema] of checked.values()) await exact(client, url, schema);
    }
    // The answers are not empty: the shapes above were really exercised.
    const detail = await exact(bernd.client, `/api/v1/content/${itemId}`, feedItem);
    expect(detail.attachments.length).toBe(1);
    // Every kind, as its author, a reader who voted and confirmed, and the administrator.
    const everyKind = ['post', 'poll', 'idea', 'article'];
    for (const client of [anna.client, bernd.client, admin]) {
      const details = [];
      for (const id of itemIds) details.push(await exact(client, `/api/v1/content/${id}`, itemSchema));
      expect(details.map((item) => item.kind)).toEqual(everyKind);
      // The administrator is no member of the space: their home feed does not carry it.
      const urls = [
        `/api/v1/spaces/${spaceId}/feed?limit=20`,
        ...(client === admin ? [] : ['/api/v1/feed?limit=20']),
      ];
      for (const url of urls) {
        const feed = await exact(client, url, pageSchema);
        const kinds = new Set(feed.items.map((item: { kind: string }) => item.kind));
        for (const kind of everyKind) expect(kinds.has(kind), `${url}: ${kind}`).toBe(true);
      }
    }
    const tagged = await exact(bernd.client, '/api/v1/hashtags/kranichzug/feed?limit=20', pageSchema);
    expect(tagged.items.length).toBeGreaterThanOrEqual(3);
    const profile = await exact(bernd.client, `/api/v1/users/${anna.user.id}/feed?limit=20`, pageSchema);
    expect(profile.items.length).toBeGreaterThan(0);
    const article = await exact(bernd.client, `/api/v1/content/${itemIds[3]}`, itemSchema);
    expect(article.poll.options.length).toBe(2);
    expect(
      (await exact(anna.client, '/api/v1/notifications?limit=20', notificationPage)).items.length,
    ).toBeGreaterThan(0);
    const found = await exact(bernd.client, '/api/v1/search?q=Kranich', searchPage);
    const kinds = new Set(found.items.map((hit: { type: string }) => hit.type));
    for (const kind of ['post', 'person', 'space']) expect(kinds.has(kind), kind).toBe(true);
    const suggested = await exact(bernd.client, '/api/v1/search/suggest?q=kran', suggestions);
    expect(suggested.hashtags.length + suggested.posts.length).toBeGreaterThan(0);
  });

  it('serialises feed items from their cached parts exactly as the item route presents them', async () => {
    // The feeds join pre-serialised parts (stream.presenter.ts: feedItemJson); GET /content/:id
    // presents the same item as an object: for every kind and viewer the two must be equal.
    for (const client of [anna.client, bernd.client, admin]) {
      const urls = [
        `/api/v1/spaces/${spaceId}/feed?limit=20`,
        `/api/v1/users/${anna.user.id}/feed?limit=20`,
        '/api/v1/hashtags/kranichzug/feed?limit=20',
        ...(client === admin ? [] : ['/api/v1/feed?limit=20']),
      ];
      for (const url of urls) {
        const feed = await client.get(url);
        expect(feed.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(feed.body.items.length, url).toBeGreaterThan(0);
        for (const item of feed.body.items) {
          const alone = await client.get(`/api/v1/content/${item.id}`);
          expect(item, `${url}: item ${item.id} (${item.kind})`).toEqual(alone.body);
        }
      }
    }
  });

  it('answers the writes that skip the zod serializer exactly in their schema', async () => {
    const exactWrite = (response: { status: number; body: unknown }, status: number, schema: ZodType) => {
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(schema.parse(response.body)).toEqual(response.body);
      return response.body as Record<string, unknown>;
    };
    const image = await uploadImage(bernd.client);
    const inSpace = exactWrite(
      await bernd.client.post(`/api/v1/spaces/${spaceId}/posts`, {
        body: `Zweiter Zug, @${anna.user.handle} #kranichzug`,
        attachments: [image],
      }),
      201,
      feedItem,
    );
    expect((inSpace.attachments as unknown[]).length).toBe(1);
    exactWrite(
      await anna.client.post(`/api/v1/users/${anna.user.id}/posts`, {
        body: 'Auf meinem Profil',
        attachments: [],
      }),
      201,
      feedItem,
    );
    const reacted = exactWrite(
      await anna.client.put(`/api/v1/content/${inSpace.id}/reaction`, { type: 'wow' }),
      200,
      reactionSummary,
    );
    expect(reacted).toMatchObject({ mine: 'wow', total: 1 });
    exactWrite(
      await anna.client.put(`/api/v1/content/${inSpace.id}/reaction`, { type: 'like' }),
      200,
      reactionSummary,
    );
    expect(
      exactWrite(await anna.client.delete(`/api/v1/content/${inSpace.id}/reaction`), 200, reactionSummary),
    ).toMatchObject({ mine: null, total: 0 });
  });

  it('still answers errors in the one error shape', async () => {
    const missing = await bernd.client.get('/api/v1/content/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
