import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ContentKind } from '../../src/server/kinds/registry.js';
import * as contentRepo from '../../src/server/modules/content/content.repo.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive, settle } from '../helpers/live.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

/*
 * A "shout" kind that exists only in this test: its table is created here, its registration is
 * passed to buildApp through deps. Feeds, search, notifications and live delivery must carry it,
 * with the same visibility as posts, without any change outside this registration.
 */
interface ShoutRow {
  content_id: number;
  text: string;
}

const shoutKind: ContentKind<ShoutRow> = {
  name: 'shout',
  itemPart: { shout: z.object({ text: z.string(), loud: z.boolean() }) },
  async load(db, ids) {
    const result =
      await sql<ShoutRow>`select content_id, text from shouts where content_id in (${sql.join(ids)})`.execute(
        db,
      );
    return result.rows.map((row) => ({ ...row, content_id: Number(row.content_id) }));
  },
  card: (row) => ({
    body: row.text,
    html: '',
    showAttachments: false,
    part: { shout: { text: row.text.toUpperCase(), loud: true } },
  }),
  summary: (row) => row.text,
  searchText: (row) => ({ text: row.text }),
  url: (contentId) => `/shouts/${contentId}`,
};

let test: TestApp;
let admin: TestClient;
let member: { client: TestClient; user: { id: number; handle: string } };
let outsider: { client: TestClient; user: { id: number; handle: string } };
let publicSpace: { id: number };
let secretSpace: { id: number };

/** Writes a shout the way a kind's own service would, and publishes its event after commit. */
async function shout(spaceId: number, authorId: number, text: string, mentionedUserIds: number[] = []) {
  const { database, clock, events } = test.app.kantine;
  const now = clock.now().toISOString();
  const id = await database.transaction(async (trx) => {
    const contentId = await contentRepo.insertContent(trx, {
      type: 'shout',
      spaceId,
      profileUserId: null,
      authorId,
      state: 'published',
      now,
      publishedAt: now,
    });
    await sql`insert into shouts (content_id, text) values (${contentId}, ${text})`.execute(trx);
    return contentId;
  });
  await events.publish({ type: 'content.created', contentId: id, authorId, mentionedUserIds });
  test.clock.advance(1000);
  return id;
}

beforeAll(async () => {
  test = await startTestApp({ kinds: [shoutKind] });
  await sql`create table shouts (content_id integer primary key references content (id) on delete cascade, text varchar(500) not null)`.execute(
    test.app.kantine.database.db,
  );
  ({ admin } = await setUpOrganisation(test));
  member = await createMember(test, admin);
  outsider = await createMember(test, admin);
  publicSpace = await createSpace(admin, { visibility: 'public' });
  secretSpace = await createSpace(admin, { visibility: 'secret' });
  await addToSpace(admin, member.client, member.user.id, publicSpace.id);
  await addToSpace(admin, member.client, member.user.id, secretSpace.id);
});

afterAll(async () => test?.close());

describe('a content kind registered only by a test', () => {
  it('appears in home and space feeds, search and notifications, opening at its own URL', async () => {
    const memberLive = await connectLive(member.client);
    const id = await shout(publicSpace.id, 1, 'Kuchen in der Kantine', [member.user.id]);
    const created = await memberLive.waitFor((m) => m.type === 'post.created' && m.data.contentId === id);
    expect(created.data.spaceId).toBe(publicSpace.id);
    memberLive.close();

    const home = await member.client.get('/api/v1/feed');
    expect(home.status).toBe(200);
    const item = home.body.items.find((i: { id: number }) => i.id === id);
    expect(item).toMatchObject({
      kind: 'shout',
      type: 'shout',
      body: 'Kuchen in der Kantine',
      url: `/shouts/${id}`,
      shout: { text: 'KUCHEN IN DER KANTINE', loud: true },
      permissions: { edit: false, delete: false, pin: false, comment: true },
    });
    const spaceFeed = await outsider.client.get(`/api/v1/spaces/${publicSpace.id}/feed`);
    expect(spaceFeed.body.items.map((i: { id: number }) => i.id)).toContain(id);
    const one = await member.client.get(`/api/v1/content/${id}`);
    expect(one.body.kind).toBe('shout');

    const found = await member.client.get('/api/v1/search?q=kuchen');
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([expect.objectContaining({ type: 'shout', id, url: `/shouts/${id}` })]);
    const byType = await member.client.get('/api/v1/search?q=kuchen&type=shout');
    expect(byType.body.items).toHaveLength(1);

    const notifications = await member.client.get('/api/v1/notifications');
    expect(notifications.body.items[0]).toMatchObject({
      type: 'mention',
      contentId: id,
      contentKind: 'shout',
      url: `/shouts/${id}`,
      excerpt: 'Kuchen in der Kantine',
    });

    // Comments and reactions attach to any kind.
    expect((await member.client.post(`/api/v1/content/${id}/comments`, { body: 'Lecker' })).status).toBe(201);
    const after = await member.client.get(`/api/v1/content/${id}`);
    expect(after.body.commentCount).toBe(1);
  });

  it('honours visibility: a secret space’s shout reaches no outsider through any channel', async () => {
    const memberLive = await connectLive(member.client);
    const outsiderLive = await connectLive(outsider.client);
    const id = await shout(secretSpace.id, 1, 'Geheimer Zitronenkuchen', [member.user.id, outsider.user.id]);
    await memberLive.waitFor((m) => m.type === 'post.created' && m.data.contentId === id);
    await settle();
    expect(outsiderLive.messages.some((m) => m.data?.contentId === id)).toBe(false);
    memberLive.close();
    outsiderLive.close();

    const memberHome = await member.client.get('/api/v1/feed');
    expect(memberHome.body.items.map((i: { id: number }) => i.id)).toContain(id);
    const outsiderHome = await outsider.client.get('/api/v1/feed');
    expect(outsiderHome.body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    expect((await outsider.client.get(`/api/v1/spaces/${secretSpace.id}/feed`)).status).toBe(404);
    expect((await outsider.client.get(`/api/v1/content/${id}`)).status).toBe(404);

    expect((await member.client.get('/api/v1/search?q=zitronenkuchen')).body.items).toHaveLength(1);
    expect((await outsider.client.get('/api/v1/search?q=zitronenkuchen')).body.items).toHaveLength(0);

    const memberNotes = await member.client.get('/api/v1/notifications');
    expect(memberNotes.body.items.some((n: { contentId: number }) => n.contentId === id)).toBe(true);
    const outsiderNotes = await outsider.client.get('/api/v1/notifications');
    expect(outsiderNotes.body.items.some((n: { contentId: number }) => n.contentId === id)).toBe(false);
  });

  it('is deleted through the generic endpoint by its (default) rule and leaves search', async () => {
    const id = await shout(publicSpace.id, member.user.id, 'Pflaumenkuchen vom Blech');
    expect((await member.client.get('/api/v1/search?q=pflaumenkuchen')).body.items).toHaveLength(1);
    expect((await outsider.client.delete(`/api/v1/content/${id}`)).status).toBe(403);
    expect((await member.client.delete(`/api/v1/content/${id}`)).status).toBe(204);
    expect((await member.client.get(`/api/v1/content/${id}`)).status).toBe(404);
    expect((await member.client.get('/api/v1/search?q=pflaumenkuchen')).body.items).toHaveLength(0);
  });
});
