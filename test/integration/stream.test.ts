import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace, post } from '../helpers/stream.js';

function uploadForm(bytes: Buffer, filename: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}

describe('posts, feeds, comments, reactions and notifications', () => {
  let test: TestApp;
  let admin: TestClient;
  let anna: Awaited<ReturnType<typeof createMember>>;
  let bernd: Awaited<ReturnType<typeof createMember>>;
  let space: { id: number };
  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    anna = await createMember(test, admin, { name: 'Anna Autorin' });
    bernd = await createMember(test, admin, { name: 'Bernd Leser' });
    space = await createSpace(anna.client, { name: 'Vertrieb' });
    await addToSpace(anna.client, bernd.client, bernd.user.id, space.id);
  });
  afterAll(() => test.close());

  it('posts with formatting, a mention, a hashtag and an image; the feed item is fully hydrated', async () => {
    const photo = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#336699' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'SpyCam' } })
      .toBuffer();
    const uploaded = await anna.client.request('POST', '/api/v1/uploads', {
      form: uploadForm(photo, 'messe.jpg', 'image/jpeg'),
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      width: 2048,
      name: 'messe.jpg',
    });
    const created = await anna.client.post(`/api/v1/spaces/${space.id}/posts`, {
      body: `**Super Messe!** Danke @${bernd.user.handle} #Messe2026 <script>alert(1)</script>`,
      attachments: [uploaded.body.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.html).toContain('<strong>Super Messe!</strong>');
    expect(created.body.html).toContain(`<a href="/people/${bernd.user.id}" class="mention">Bernd Leser</a>`);
    expect(created.body.html).toContain('class="hashtag">#Messe2026</a>');
    expect(created.body.html).not.toContain('<script>');
    expect(created.body.html).toContain('&lt;script&gt;');

    const feed = (await bernd.client.get('/api/v1/feed')).body;
    const item = feed.items.find((i: { id: number }) => i.id === created.body.id);
    expect(item).toMatchObject({
      author: { name: 'Anna Autorin' },
      space: { id: space.id, name: 'Vertrieb' },
      attachments: [{ kind: 'image', url: `/api/v1/files/${uploaded.body.id}/download` }],
      reactions: { total: 0, mine: null },
      commentCount: 0,
      permissions: { edit: false, delete: false, comment: true },
    });
    const image = await bernd.client.get(item.attachments[0].url);
    expect(image.status).toBe(200);
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect((image.body as Buffer).includes(Buffer.from('SpyCam'))).toBe(false);

    const tagged = (await bernd.client.get('/api/v1/hashtags/messe2026/feed')).body.items;
    expect(tagged.map((i: { id: number }) => i.id)).toEqual([created.body.id]);
    const mention = (await bernd.client.get('/api/v1/notifications')).body.items.find(
      (n: { type: string }) => n.type === 'mention',
    );
    expect(mention).toMatchObject({ actor: { id: anna.user.id }, contentId: created.body.id });
  });

  it('refuses bad posts and stores nothing', async () => {
    const before = (await anna.client.get(`/api/v1/spaces/${space.id}/feed`)).body.items.length;
    const cases: unknown[] = [
      { body: '' },
      { body: '   ' },
      { body: 'x'.repeat(10_001) },
      { body: 'ok', extra: true },
      { body: 'ok', attachments: ['doesnotexist123'] },
      { body: 42 },
    ];
    for (const body of cases) {
      const response = await anna.client.post(`/api/v1/spaces/${space.id}/posts`, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    const foreign = await bernd.client.request('POST', '/api/v1/uploads', {
      form: uploadForm(Buffer.from('hello'), 'a.txt', 'text/plain'),
    });
    expect(
      (
        await anna.client.post(`/api/v1/spaces/${space.id}/posts`, {
          body: 'steal',
          attachments: [foreign.body.id],
        })
      ).status,
    ).toBe(400);
    expect((await anna.client.get(`/api/v1/spaces/${space.id}/feed`)).body.items.length).toBe(before);
    const outsider = await createMember(test, admin);
    const notMember = await outsider.client.post(`/api/v1/spaces/${space.id}/posts`, { body: 'Hallo' });
    expect(notMember.status).toBe(403);
    expect(notMember.body.error.code).toBe('not_a_member');
  });

  it('refuses uploads whose bytes do not match their type', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const cases = [
      uploadForm(Buffer.from('<html><script>alert(1)</script></html>'), 'x.png', 'image/png'),
      uploadForm(png, 'x.pdf', 'application/pdf'),
      uploadForm(png, 'x.txt', 'text/plain'),
      uploadForm(Buffer.from('<svg onload="alert(1)"/>'), 'x.svg', 'image/svg+xml'),
      uploadForm(Buffer.from('MZ\x90\x00'), 'x.exe', 'application/octet-stream'),
    ];
    for (const form of cases) {
      const response = await anna.client.request('POST', '/api/v1/uploads', { form });
      expect(response.status).toBe(400);
      expect(['type_mismatch', 'unsupported_type']).toContain(response.body.error.code);
    }
    // A fake 44-byte "PDF" is refused (issue 11); a real one goes through.
    const fake = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
    const refused = await anna.client.request('POST', '/api/v1/uploads', {
      form: uploadForm(fake, 'x.pdf', 'application/pdf'),
    });
    expect(refused.body.error.code).toBe('invalid_pdf');
    const document = await PDFDocument.create();
    document.addPage();
    const pdf = Buffer.from(await document.save());
    const ok = await anna.client.request('POST', '/api/v1/uploads', {
      form: uploadForm(pdf, 'Preisliste Ü 2026.pdf', 'application/pdf'),
    });
    expect(ok.status).toBe(201);
    const download = await anna.client.get(ok.body.url);
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename\*=UTF-8''Preisliste%20%C3%9C%202026.pdf$/,
    );
    expect((await bernd.client.get(ok.body.url)).status).toBe(404);
  });

  it('edits (marked edited), pins to the top, and deletes with the right permissions', async () => {
    const first = await post(anna.client, space.id, 'Erster Beitrag');
    const second = await post(bernd.client, space.id, 'Zweiter Beitrag');
    expect((await bernd.client.patch(`/api/v1/content/${first.id}`, { body: 'gekapert' })).status).toBe(403);
    const edited = await anna.client.patch(`/api/v1/content/${first.id}`, {
      body: 'Erster Beitrag (korrigiert)',
    });
    expect(edited.body.editedAt).not.toBeNull();
    expect(edited.body.body).toBe('Erster Beitrag (korrigiert)');

    // The space's pinned posts are cached once read (none yet): pinning and unpinning must show at once.
    await drainOutbox(test);
    const spaceFeed = async () =>
      (await bernd.client.get(`/api/v1/spaces/${space.id}/feed`)).body.items.map((i: { id: number }) => i.id);
    expect((await spaceFeed())[0]).toBe(second.id);
    expect((await bernd.client.post(`/api/v1/content/${first.id}/pin`, { pinned: true })).status).toBe(403);
    expect((await anna.client.post(`/api/v1/content/${first.id}/pin`, { pinned: true })).body.pinned).toBe(
      true,
    );
    const feed = await spaceFeed();
    expect(feed[0]).toBe(first.id);
    expect(feed.filter((id: number) => id === first.id)).toHaveLength(1);
    await anna.client.post(`/api/v1/content/${first.id}/pin`, { pinned: false });
    expect((await spaceFeed()).slice(0, 2)).toEqual([second.id, first.id]);
    await anna.client.post(`/api/v1/content/${first.id}/pin`, { pinned: true });

    expect((await bernd.client.delete(`/api/v1/content/${first.id}`)).status).toBe(403);
    expect((await anna.client.delete(`/api/v1/content/${second.id}`)).status).toBe(204);
    expect((await bernd.client.get(`/api/v1/content/${second.id}`)).status).toBe(404);
    expect((await admin.delete(`/api/v1/content/${first.id}`)).status).toBe(204);
  });

  it('paginates feeds with a cursor, newest first', async () => {
    const pages = await createSpace(anna.client, { name: 'Seiten' });
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await post(anna.client, pages.id, `Nummer ${i}`)).id);
      test.clock.advance(1000);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await anna.client.get(
        `/api/v1/spaces/${pages.id}/feed?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await anna.client.get('/api/v1/feed?cursor=nonsense')).status).toBe(400);
  });

  it('merges the home feed from all of someone’s spaces and profiles, newest first, page by page', async () => {
    const eva = await createMember(test, admin, { name: 'Eva Merge' });
    const first = await createSpace(anna.client, { name: 'Merge A' });
    const second = await createSpace(bernd.client, { name: 'Merge B' });
    await addToSpace(anna.client, eva.client, eva.user.id, first.id);
    await addToSpace(bernd.client, eva.client, eva.user.id, second.id);
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const item =
        i % 3 === 2
          ? (await eva.client.post(`/api/v1/users/${eva.user.id}/posts`, { body: `Profil ${i}` })).body
          : await post(i % 2 ? bernd.client : anna.client, i % 2 ? second.id : first.id, `Beitrag ${i}`);
      ids.push(item.id);
      test.clock.advance(1000);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await eva.client.get(
        `/api/v1/feed?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
  });

  it('profile posts go to followers’ home feeds', async () => {
    const own = await anna.client.post(`/api/v1/users/${anna.user.id}/posts`, {
      body: 'Urlaubsgrüße aus Rügen',
    });
    expect(own.status).toBe(201);
    expect(
      (await anna.client.post(`/api/v1/users/${bernd.user.id}/posts`, { body: 'Auf Bernds Profil' })).status,
    ).toBe(403);
    const home = async () =>
      (await bernd.client.get('/api/v1/feed')).body.items.map((i: { id: number }) => i.id);
    expect(await home()).not.toContain(own.body.id);
    expect((await bernd.client.post(`/api/v1/users/${anna.user.id}/follow`)).body.following).toBe(true);
    expect(await home()).toContain(own.body.id);
    expect((await bernd.client.get(`/api/v1/users/${anna.user.id}/feed`)).body.items[0].id).toBe(own.body.id);
    // Anna's profile list is cached now: her next profile post is in the home feed at once.
    const next = await anna.client.post(`/api/v1/users/${anna.user.id}/posts`, { body: 'Und noch ein Gruß' });
    expect((await home()).slice(0, 2)).toEqual([next.body.id, own.body.id]);
    await bernd.client.delete(`/api/v1/users/${anna.user.id}/follow`);
    expect(await home()).not.toContain(own.body.id);
    expect((await bernd.client.post(`/api/v1/users/${bernd.user.id}/follow`)).status).toBe(400);
  });

  it('comments with one level of replies, with notifications for the author and the replied-to', async () => {
    const item = await post(anna.client, space.id, 'Wer kommt mit zur Messe?');
    const top = await bernd.client.post(`/api/v1/content/${item.id}/comments`, { body: 'Ich!' });
    expect(top.status).toBe(201);
    const reply = await anna.client.post(`/api/v1/content/${item.id}/comments`, {
      body: 'Super',
      parentId: top.body.id,
    });
    expect(reply.body.parentId).toBe(top.body.id);
    const nested = await bernd.client.post(`/api/v1/content/${item.id}/comments`, {
      body: 'Antwort auf Antwort',
      parentId: reply.body.id,
    });
    expect(nested.body.parentId).toBe(top.body.id);
    const elsewhere = await post(anna.client, space.id, 'Anderes Thema');
    expect(
      (
        await bernd.client.post(`/api/v1/content/${elsewhere.id}/comments`, {
          body: 'x',
          parentId: top.body.id,
        })
      ).status,
    ).toBe(400);
    expect((await bernd.client.post(`/api/v1/content/${item.id}/comments`, { body: ' ' })).status).toBe(400);

    const hydrated = (await anna.client.get(`/api/v1/content/${item.id}`)).body;
    expect(hydrated.commentCount).toBe(3);
    expect(hydrated.latestComments.map((c: { body: string }) => c.body)).toEqual([
      'Super',
      'Antwort auf Antwort',
    ]);
    expect((await anna.client.get(`/api/v1/content/${item.id}/comments`)).body.items).toHaveLength(3);

    const annaNotes = (await anna.client.get('/api/v1/notifications')).body.items;
    expect(
      annaNotes
        .filter((n: { contentId: number }) => n.contentId === item.id)
        .map((n: { type: string }) => n.type),
    ).toEqual(['reply', 'comment']);
    const berndNotes = (await bernd.client.get('/api/v1/notifications')).body.items;
    expect(
      berndNotes.find(
        (n: { contentId: number; type: string }) => n.contentId === item.id && n.type === 'reply',
      ),
    ).toBeDefined();

    expect((await anna.client.patch(`/api/v1/comments/${top.body.id}`, { body: 'fremd' })).status).toBe(403);
    expect(
      (await bernd.client.patch(`/api/v1/comments/${top.body.id}`, { body: 'Ich komme!' })).body.editedAt,
    ).not.toBeNull();
    expect((await anna.client.delete(`/api/v1/comments/${top.body.id}`)).status).toBe(204);
    expect((await anna.client.get(`/api/v1/content/${item.id}`)).body.commentCount).toBe(0);
  });

  it('reacts once per person, changeable, counted per type, grouped in one notification', async () => {
    const item = await post(anna.client, space.id, 'Wir haben den Auftrag!');
    const carla = await createMember(test, admin, { name: 'Carla' });
    await addToSpace(anna.client, carla.client, carla.user.id, space.id);
    expect((await bernd.client.put(`/api/v1/content/${item.id}/reaction`, { type: 'like' })).body).toEqual({
      counts: { like: 1 },
      total: 1,
      mine: 'like',
    });
    expect(
      (await bernd.client.put(`/api/v1/content/${item.id}/reaction`, { type: 'celebrate' })).body,
    ).toEqual({ counts: { celebrate: 1 }, total: 1, mine: 'celebrate' });
    await carla.client.put(`/api/v1/content/${item.id}/reaction`, { type: 'celebrate' });
    expect((await bernd.client.put(`/api/v1/content/${item.id}/reaction`, { type: 'angry' })).status).toBe(
      400,
    );
    const who = (await anna.client.get(`/api/v1/content/${item.id}/reactions`)).body.items;
    expect(
      who.map((r: { user: { name: string }; type: string }) => `${r.user.name}:${r.type}`).sort(),
    ).toEqual(['Bernd Leser:celebrate', 'Carla:celebrate']);
    const grouped = (await anna.client.get('/api/v1/notifications')).body.items.filter(
      (n: { type: string; contentId: number }) => n.type === 'reaction' && n.contentId === item.id,
    );
    expect(grouped).toHaveLength(1);
    expect(grouped[0]).toMatchObject({ actorCount: 2, actor: { name: 'Carla' }, read: false });
    expect((await bernd.client.delete(`/api/v1/content/${item.id}/reaction`)).body).toMatchObject({
      total: 1,
      mine: null,
    });

    // Reactions at the same moment share the notifications' write (db/write-batch.ts): still one
    // notification, counting everyone.
    const second = await post(anna.client, space.id, 'Und noch einer!');
    const answers = await Promise.all(
      [bernd, carla].map((person) =>
        person.client.put(`/api/v1/content/${second.id}/reaction`, { type: 'like' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const together = (await anna.client.get('/api/v1/notifications')).body.items.filter(
      (n: { type: string; contentId: number }) => n.type === 'reaction' && n.contentId === second.id,
    );
    expect(together).toHaveLength(1);
    expect(together[0].actorCount).toBe(2);
  });

  it('marks notifications read, and respects settings and mutes', async () => {
    const dora = await createMember(test, admin, { name: 'Dora' });
    await addToSpace(anna.client, dora.client, dora.user.id, space.id);
    await post(anna.client, space.id, `Hallo @${dora.user.handle}`);
    const page = (await dora.client.get('/api/v1/notifications')).body;
    expect(page.unreadCount).toBeGreaterThan(0);
    const first = page.items[0];
    expect((await dora.client.post('/api/v1/notifications/read', { ids: [first.id] })).status).toBe(200);
    expect((await dora.client.post('/api/v1/notifications/read', {})).status).toBe(400);
    expect((await dora.client.post('/api/v1/notifications/read', { all: true })).body.unreadCount).toBe(0);

    await dora.client.put('/api/v1/notification-settings', { types: { mention: false } });
    await post(anna.client, space.id, `Nochmal @${dora.user.handle}`);
    expect((await dora.client.get('/api/v1/notifications')).body.unreadCount).toBe(0);

    await dora.client.put('/api/v1/notification-settings', {
      types: { mention: true },
      mutedSpaceIds: [space.id],
    });
    await post(anna.client, space.id, `Und nochmal @${dora.user.handle}`);
    expect((await dora.client.get('/api/v1/notifications')).body.unreadCount).toBe(0);
    const settings = (await dora.client.get('/api/v1/notification-settings')).body;
    expect(settings).toMatchObject({ mutedSpaceIds: [space.id], types: { mention: true, comment: true } });

    const thread = await post(dora.client, space.id, 'Mein Thread');
    await dora.client.put('/api/v1/notification-settings', {
      mutedSpaceIds: [],
      mutedContentIds: [thread.id],
    });
    await anna.client.post(`/api/v1/content/${thread.id}/comments`, { body: 'Kommentar' });
    expect((await dora.client.get('/api/v1/notifications')).body.unreadCount).toBe(0);
    await post(anna.client, space.id, `Jetzt wieder @${dora.user.handle}`);
    expect((await dora.client.get('/api/v1/notifications')).body.unreadCount).toBe(1);
    expect(
      (await dora.client.put('/api/v1/notification-settings', { types: { nonsense: true } })).status,
    ).toBe(400);
  });
});
