import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDuePosts } from '../../src/server/modules/social/publishing.service.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { startMastodon } from '../helpers/mastodon.js';
import { startPds } from '../helpers/pds.js';

const rights = { creator: 'Max Mitarbeiter', source: 'eigenes Foto', licence: 'alle Rechte bei der Firma' };
const TOKEN = 'mastodon-secret-token-123';

describe('social desk: channel posts and publishing', () => {
  let test: TestApp;
  let admin: TestClient;
  let suggester: { client: TestClient; user: { id: number } };
  let mastodon: Awaited<ReturnType<typeof startMastodon>>;
  let pds: Awaited<ReturnType<typeof startPds>>;
  let storyId: number;
  let pictureId: string;

  beforeAll(async () => {
    [test, mastodon, pds] = await Promise.all([
      startTestApp({
        env: {
          KANTINE_SCHEDULER_SECONDS: '0',
          KANTINE_OUTBOUND_ALLOW_PRIVATE: 'true',
          KANTINE_OUTBOX_RETRY_SCALE: '0.01',
          KANTINE_SECRET_KEY: 'a'.repeat(64),
        },
      }),
      startMastodon(TOKEN),
      startPds(),
    ]);
    ({ admin } = await setUpOrganisation(test));
    suggester = await createMember(test, admin, { name: 'Max Mitarbeiter' });
    pictureId = await uploadImage(suggester.client);
    const story = await suggester.client.post('/api/v1/stories', {
      title: 'Azubis gewinnen Preis',
      pictures: [{ fileId: pictureId, ...rights }],
    });
    storyId = story.body.id;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([test?.close(), mastodon?.close(), pds?.close()]);
  });

  it('connects a Mastodon account, keeps the token sealed and never shows it', async () => {
    const wrong = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: mastodon.url,
      accessToken: 'wrong',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('social_account_failed');
    const connected = await admin.post('/api/v1/social/accounts', {
      network: 'mastodon',
      instanceUrl: mastodon.url,
      accessToken: TOKEN,
    });
    expect(connected.status).toBe(201);
    expect(connected.body).toMatchObject({
      network: 'mastodon',
      name: expect.stringMatching(/^@firma@127\.0\.0\.1:/),
    });
    const listed = await admin.get('/api/v1/social/accounts');
    expect(JSON.stringify(listed.body)).not.toContain(TOKEN);
    const stored = await test.app.kantine.database.db
      .selectFrom('social_accounts')
      .select('credentials')
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].credentials).toMatch(/^v1\./);
    expect(stored[0].credentials).not.toContain(TOKEN);
    expect((await suggester.client.get('/api/v1/social/accounts')).status).toBe(403);
  });

  it('refuses to publish a post that breaks a limit, then publishes it with media and an idempotency key', async () => {
    const account = (await admin.get('/api/v1/social/accounts')).body.items[0];
    const tooLong = `${'Sehr lange Geschichte. '.repeat(25)}https://example.com/${'x'.repeat(100)}`;
    const created = await admin.post('/api/v1/social/posts', {
      storyId,
      channel: 'mastodon',
      accountId: account.id,
      text: tooLong,
      media: [{ fileId: pictureId, alt: '' }],
      campaign: 'Ausbildung',
    });
    expect(created.status).toBe(201);
    const post = created.body;
    expect(post.state).toBe('draft');
    expect(post.problems).toEqual([
      { code: 'too_long', limit: 500, count: post.length },
      { code: 'alt_missing', picture: 0 },
    ]);
    const refused = await admin.post(`/api/v1/social/posts/${post.id}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('post_has_problems');
    expect(refused.body.error.details).toHaveLength(2);
    expect(mastodon.statuses).toHaveLength(0);

    const fixed = await admin.patch(`/api/v1/social/posts/${post.id}`, {
      text: 'Unsere Azubis haben gewonnen! Mehr: https://example.com/news/azubis #Ausbildung',
      media: [{ fileId: pictureId, alt: 'Fünf Azubis mit Pokal vor dem Werkstor' }],
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.problems).toEqual([]);
    expect(fixed.body.length).toBe(36 + 23 + 12);

    mastodon.failNextStatus(1); // posted, but the first answer is lost: the retry must not post twice
    const published = await admin.post(`/api/v1/social/posts/${post.id}/publish`);
    expect(published.status).toBe(200);
    await drainOutbox(test);
    const after = (await admin.get(`/api/v1/social/posts/${post.id}`)).body;
    expect(after).toMatchObject({
      state: 'published',
      externalUrl: 'https://mastodon.example/@firma/101',
      error: null,
    });
    expect(mastodon.media.length).toBeGreaterThanOrEqual(1);
    expect(mastodon.media[0]).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      description: 'Fünf Azubis mit Pokal vor dem Werkstor',
      mime: 'image/png',
    });
    expect(mastodon.statuses.length).toBe(2);
    const keys = new Set(mastodon.statuses.map((status) => status.idempotencyKey));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(mastodon.statuses[1].body).toMatchObject({
      status: 'Unsere Azubis haben gewonnen! Mehr: https://example.com/news/azubis #Ausbildung',
      visibility: 'public',
    });
    expect(mastodon.statuses[1].body.media_ids).toHaveLength(1);
    expect(mastodon.created()).toBe(1);

    // The story counts as published, and its suggester is told where it went.
    const story = (await suggester.client.get(`/api/v1/stories/${storyId}`)).body;
    expect(story.state).toBe('published');
    const note = (await suggester.client.get('/api/v1/notifications')).body.items[0];
    expect(note).toMatchObject({ type: 'story_update', url: `/social/stories/${storyId}` });
    expect(note.excerpt).toContain('https://mastodon.example/@firma/101');

    // Colleagues can now share it: plain links through Kantine's redirect, clicks counted in aggregate.
    const colleague = await createMember(test, admin, { name: 'Carla Kollegin' });
    const shared = (await colleague.client.get(`/api/v1/stories/${storyId}`)).body.share;
    expect(shared.clicks).toBe(0);
    const linkedin = shared.links.find((link: { network: string }) => link.network === 'linkedin').url;
    expect(linkedin).toContain(encodeURIComponent(`/s/${storyId}?n=linkedin`));
    const anonymous = await fetch(`${test.baseUrl}/s/${storyId}?n=linkedin`, { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('https://mastodon.example/@firma/101');
    expect(anonymous.headers.get('set-cookie')).toBeNull();
    await fetch(`${test.baseUrl}/s/${storyId}?n=whatever`, { redirect: 'manual' });
    expect((await colleague.client.get(`/api/v1/stories/${storyId}`)).body.share.clicks).toBe(2);
    const counted = await test.app.kantine.database.db
      .selectFrom('share_clicks')
      .selectAll()
      .orderBy('network')
      .execute();
    expect(counted).toEqual([
      { story_id: storyId, network: 'linkedin', clicks: 1 },
      { story_id: storyId, network: 'other', clicks: 1 },
    ]);
    expect((await fetch(`${test.baseUrl}/s/999999`, { redirect: 'manual' })).status).toBe(404);

    expect((await admin.post(`/api/v1/social/posts/${post.id}/publish`)).status).toBe(409);
    expect((await admin.patch(`/api/v1/social/posts/${post.id}`, { text: 'x' })).status).toBe(409);
  });

  it('publishes a scheduled post when it is due, once, and lists it in the calendar', async () => {
    const account = (await admin.get('/api/v1/social/accounts')).body.items[0];
    const at = new Date(test.clock.now().getTime() + 60 * 60_000).toISOString();
    const scheduled = await admin.post('/api/v1/social/posts', {
      channel: 'mastodon',
      accountId: account.id,
      text: 'Geplant: Tag der offenen Tür am Samstag.',
      scheduledAt: at,
      campaign: 'Tag der offenen Tür',
    });
    expect(scheduled.body.state).toBe('scheduled');
    expect(await publishDuePosts(test.app.kantine)).toEqual([]);
    const from = new Date(test.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(test.clock.now().getTime() + 86_400_000).toISOString();
    const calendar = await admin.get(`/api/v1/social/calendar?from=${from}&to=${to}`);
    expect(calendar.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'post',
        id: scheduled.body.id,
        at,
        channel: 'mastodon',
        state: 'scheduled',
        campaign: 'Tag der offenen Tür',
      }),
    );
    test.clock.advance(61 * 60_000);
    const [first, second] = await Promise.all([
      publishDuePosts(test.app.kantine),
      publishDuePosts(test.app.kantine),
    ]);
    expect([...first, ...second]).toEqual([scheduled.body.id]);
    await drainOutbox(test);
    expect((await admin.get(`/api/v1/social/posts/${scheduled.body.id}`)).body.state).toBe('published');
    expect(mastodon.created()).toBe(2);
  });

  it('prepares posts for networks without an open API and records them by hand', async () => {
    const x = await admin.post('/api/v1/social/posts', {
      storyId,
      channel: 'x',
      text: 'Unsere Azubis haben gewonnen! 🎉 https://example.com/news/azubis',
    });
    expect(x.status).toBe(201);
    expect(x.body.length).toBe(31 + 2 + 23);
    expect(x.body.shareUrl).toBe(
      `https://x.com/intent/post?text=${encodeURIComponent('Unsere Azubis haben gewonnen! 🎉 https://example.com/news/azubis')}`,
    );
    expect((await admin.post(`/api/v1/social/posts/${x.body.id}/publish`)).status).toBe(400);
    const marked = await admin.post(`/api/v1/social/posts/${x.body.id}/mark-published`, {
      url: 'https://x.com/firma/status/1',
    });
    expect(marked.body).toMatchObject({ state: 'published', externalUrl: 'https://x.com/firma/status/1' });
    const instagram = await admin.post('/api/v1/social/posts', {
      channel: 'instagram',
      text: 'Ohne Bild geht es nicht',
    });
    expect(instagram.body.problems).toEqual([{ code: 'picture_required', limit: 1, count: 0 }]);
    const all = (await admin.get('/api/v1/social/posts')).body.items;
    expect(all.map((p: { channel: string; state: string }) => `${p.channel}:${p.state}`)).toEqual(
      expect.arrayContaining(['mastodon:published', 'x:published', 'instagram:draft']),
    );
    expect((await admin.delete(`/api/v1/social/posts/${instagram.body.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/social/posts/${instagram.body.id}`)).status).toBe(404);
  });

  it('posts to a real AT Protocol PDS: text, link, mention and tag facets, and the picture blob', async () => {
    const account = await pds.createAccount('kantine-firma.test', 'pds-password-123');
    const appPassword = await fetch(`${pds.url}/xrpc/com.atproto.server.createAppPassword`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${account.accessJwt}` },
      body: JSON.stringify({ name: 'kantine' }),
    }).then((response) => response.json() as Promise<{ password: string }>);
    const connected = await admin.post('/api/v1/social/accounts', {
      network: 'bluesky',
      identifier: 'kantine-firma.test',
      appPassword: appPassword.password,
      serviceUrl: pds.url,
    });
    expect(connected.status, JSON.stringify(connected.body)).toBe(201);
    expect(connected.body).toMatchObject({ network: 'bluesky', name: '@kantine-firma.test' });

    const text =
      'Grüße aus der Kantine 🎉 Mehr: https://example.com/news/azubis #Ausbildung von @kantine-firma.test';
    const post = await admin.post('/api/v1/social/posts', {
      storyId,
      channel: 'bluesky',
      accountId: connected.body.id,
      text,
      media: [{ fileId: pictureId, alt: 'Fünf Azubis mit Pokal' }],
    });
    expect(post.body.problems).toEqual([]);
    expect((await admin.post(`/api/v1/social/posts/${post.body.id}/publish`)).status).toBe(200);
    await drainOutbox(test);
    const published = (await admin.get(`/api/v1/social/posts/${post.body.id}`)).body;
    expect(published.error).toBeNull();
    expect(published.state).toBe('published');
    expect(published.externalUrl).toMatch(
      /^https:\/\/bsky\.app\/profile\/kantine-firma\.test\/post\/[2-7a-z]{13}$/,
    );

    const records = await fetch(
      `${pds.url}/xrpc/com.atproto.repo.listRecords?repo=${account.did}&collection=app.bsky.feed.post`,
    ).then((response) => response.json() as Promise<{ records: Array<{ uri: string; value: any }> }>);
    expect(records.records).toHaveLength(1);
    const record = records.records[0].value;
    expect(record.text).toBe(text);
    const bytes = Buffer.from(text, 'utf8');
    const slice = (index: { byteStart: number; byteEnd: number }) =>
      bytes.subarray(index.byteStart, index.byteEnd).toString('utf8');
    const byType = (type: string) => record.facets.find((facet: any) => facet.features[0].$type === type);
    const link = byType('app.bsky.richtext.facet#link');
    expect(link.features[0].uri).toBe('https://example.com/news/azubis');
    expect(slice(link.index)).toBe('https://example.com/news/azubis');
    const tag = byType('app.bsky.richtext.facet#tag');
    expect(tag.features[0].tag).toBe('Ausbildung');
    expect(slice(tag.index)).toBe('#Ausbildung');
    const mention = byType('app.bsky.richtext.facet#mention');
    expect(mention.features[0].did).toBe(account.did);
    expect(slice(mention.index)).toBe('@kantine-firma.test');
    expect(record.embed.$type).toBe('app.bsky.embed.images');
    expect(record.embed.images[0].alt).toBe('Fünf Azubis mit Pokal');
    const cid = record.embed.images[0].image.ref.$link;
    const blob = await fetch(`${pds.url}/xrpc/com.atproto.sync.getBlob?did=${account.did}&cid=${cid}`);
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-type')).toBe('image/png');
    expect((await blob.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }, 60_000);
});
