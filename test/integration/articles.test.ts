import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { publishDue } from '../../src/server/modules/articles/publishing.service.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import { goodRights, setRights, uploadImage } from '../helpers/articles.js';
import type { TestClient } from '../helpers/client.js';
import { connectLive } from '../helpers/live.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

describe('articles', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: { client: TestClient; user: { id: number } };
  let member: { client: TestClient; user: { id: number } };
  let outsider: { client: TestClient; user: { id: number } };

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    editor = await createMember(test, admin, { name: 'Erika Editor', role: 'editor' });
    member = await createMember(test, admin, { name: 'Max Mitarbeiter' });
    outsider = await createMember(test, admin, { name: 'Olga Other' });
  });
  afterAll(() => test?.close());

  it('lets editors write drafts that only editors see, and refuses members', async () => {
    const refused = await member.client.post('/api/v1/articles', { title: 'Nope' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_an_editor');

    const draft = await editor.client.post('/api/v1/articles', {
      title: 'Neues Büro in Köln',
      teaser: 'Wir ziehen um.',
      body: '## Warum\n\nMehr Platz für **alle**.\n\n- Küche\n- Dachterrasse\n\n> Endlich!',
      category: 'Standorte',
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      state: 'draft',
      slug: 'neues-buero-in-koeln',
      publishedAt: null,
      publicUrl: null,
      url: `/articles/${draft.body.id}`,
      readingMinutes: 1,
    });
    expect(draft.body.html).toContain('<h2>Warum</h2>');
    expect(draft.body.html).toContain('<blockquote>');

    expect((await member.client.get(`/api/v1/articles/${draft.body.id}`)).status).toBe(404);
    expect((await member.client.get(`/api/v1/content/${draft.body.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/articles/${draft.body.id}`)).status).toBe(200);
    const drafts = await editor.client.get('/api/v1/articles?state=draft');
    expect(drafts.body.items.map((a: { id: number }) => a.id)).toContain(draft.body.id);
    expect((await member.client.get('/api/v1/articles?state=draft')).body.items).toEqual([]);
    expect((await member.client.get('/api/v1/articles')).body.items).toEqual([]);
    expect((await member.client.patch(`/api/v1/articles/${draft.body.id}`, { title: 'x' })).status).toBe(404);
  });

  it('rejects bad input with clear errors and changes nothing', async () => {
    const empty = await editor.client.post('/api/v1/articles', { title: '   ' });
    expect(empty.status).toBe(400);
    const unknownField = await editor.client.post('/api/v1/articles', { title: 'A', colour: 'red' });
    expect(unknownField.status).toBe(400);
    const badDeadline = await editor.client.post('/api/v1/articles', {
      title: 'A',
      mustRead: { deadline: 'tomorrow' },
    });
    expect(badDeadline.status).toBe(400);
    const badMode = await editor.client.post('/api/v1/articles', { title: 'A', guestComments: 'always' });
    expect(badMode.status).toBe(400);
    const foreignImage = await uploadImage(member.client, goodRights);
    const stolen = await editor.client.post('/api/v1/articles', { title: 'A', coverImageId: foreignImage });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('invalid_image');
    const all = await editor.client.get('/api/v1/articles?state=draft');
    expect(all.body.items.filter((a: { title: string }) => a.title === 'A')).toEqual([]);
  });

  it('publishes only with image rights, shows credits, keeps revisions, archives', async () => {
    const cover = await uploadImage(editor.client);
    const inline = await uploadImage(editor.client);
    const created = await editor.client.post('/api/v1/articles', {
      title: 'Sommerfest 2027',
      teaser: 'Save the date',
      body: `Es wird gefeiert #sommerfest mit @max.mitarbeiter.\n\n![Der Garten](/api/v1/files/${inline}/download)`,
      coverImageId: cover,
      category: 'Events',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.images.map((image: { id: string }) => image.id).sort()).toEqual(
      [cover, inline].sort(),
    );

    const missing = await editor.client.post(`/api/v1/articles/${id}/publish`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('image_rights_missing');
    expect(missing.body.error.details.fileIds.sort()).toEqual([cover, inline].sort());
    expect((await editor.client.get(`/api/v1/articles/${id}`)).body.state).toBe('draft');

    for (const file of [cover, inline]) await setRights(editor.client, file, goodRights);
    const published = await editor.client.post(`/api/v1/articles/${id}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.state).toBe('published');
    expect(published.body.publishedAt).toBe(test.clock.now().toISOString());
    expect(published.body.html).toContain(
      'Foto: Anna Fotografin, Quelle: <a href="https://fotos.example/42"',
    );
    expect(published.body.cover.rights).toEqual(goodRights);
    expect((await editor.client.post(`/api/v1/articles/${id}/publish`, {})).status).toBe(409);

    // Everyone reads it: the news list, the home feed as a card, the hashtag, comments and reactions.
    const list = await member.client.get('/api/v1/articles?category=Events');
    expect(list.body.items.map((a: { id: number }) => a.id)).toEqual([id]);
    expect((await member.client.get('/api/v1/articles/categories')).body.items).toContain('Events');
    const home = await member.client.get('/api/v1/feed');
    const card = home.body.items.find((item: { id: number }) => item.id === id);
    expect(card).toMatchObject({
      type: 'article',
      article: { title: 'Sommerfest 2027', category: 'Events', mustRead: false },
    });
    expect(card.attachments).toEqual([]);
    const tagged = await member.client.get('/api/v1/hashtags/sommerfest/feed');
    expect(tagged.body.items.map((item: { id: number }) => item.id)).toContain(id);
    expect((await member.client.post(`/api/v1/content/${id}/comments`, { body: 'Super!' })).status).toBe(201);
    expect((await member.client.put(`/api/v1/content/${id}/reaction`, { type: 'celebrate' })).status).toBe(
      200,
    );
    const search = await member.client.get('/api/v1/search?q=Sommerfest');
    expect(
      search.body.items.some(
        (hit: { type: string; url: string }) => hit.type === 'article' && hit.url === `/articles/${id}`,
      ),
    ).toBe(true);

    // Edits after publishing are revisions; the slug stays.
    test.clock.advance(60_000);
    const edited = await editor.client.patch(`/api/v1/articles/${id}`, {
      title: 'Sommerfest 2027 – mit Band',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.slug).toBe('sommerfest-2027');
    expect(edited.body.editedAt).not.toBeNull();
    const revisions = await editor.client.get(`/api/v1/articles/${id}/revisions`);
    expect(revisions.body.items).toHaveLength(1);
    expect(revisions.body.items[0]).toMatchObject({
      title: 'Sommerfest 2027',
      editor: { id: editor.user.id },
    });
    expect((await member.client.get(`/api/v1/articles/${id}/revisions`)).status).toBe(403);

    // Archived: gone from lists and feeds, still there for its editors, and back again.
    expect((await editor.client.patch(`/api/v1/articles/${id}`, { state: 'archived' })).body.state).toBe(
      'archived',
    );
    expect((await member.client.get(`/api/v1/articles/${id}`)).status).toBe(404);
    expect(
      (await member.client.get('/api/v1/articles')).body.items.map((a: { id: number }) => a.id),
    ).not.toContain(id);
    expect((await editor.client.patch(`/api/v1/articles/${id}`, { state: 'draft' })).status).toBe(409);
    expect((await editor.client.patch(`/api/v1/articles/${id}`, { state: 'published' })).body.state).toBe(
      'published',
    );
    expect((await member.client.get(`/api/v1/articles/${id}`)).status).toBe(200);

    expect((await member.client.delete(`/api/v1/articles/${id}`)).status).toBe(403);
    expect((await editor.client.delete(`/api/v1/articles/${id}`)).status).toBe(204);
    expect((await member.client.get(`/api/v1/articles/${id}`)).status).toBe(404);
  });

  it('keeps space articles to the space: its admins write them, only its readers see them', async () => {
    const spaceAdmin = await createMember(test, admin, { name: 'Sina Spaceadmin' });
    const space = await createSpace(spaceAdmin.client, { name: 'Vertrieb intern', visibility: 'private' });
    await addToSpace(spaceAdmin.client, member.client, member.user.id, space.id);
    const article = await spaceAdmin.client.post('/api/v1/articles', {
      title: 'Quartalszahlen',
      body: 'Nur für uns.',
      spaceId: space.id,
    });
    expect(article.status).toBe(201);
    const publicRefused = await spaceAdmin.client.patch(`/api/v1/articles/${article.body.id}`, {
      isPublic: true,
    });
    expect(publicRefused.status).toBe(403);
    const editorPublic = await editor.client.post('/api/v1/articles', {
      title: 'X',
      spaceId: space.id,
      isPublic: true,
    });
    expect(editorPublic.status).toBe(403);
    expect((await member.client.post('/api/v1/articles', { title: 'Y', spaceId: space.id })).status).toBe(
      403,
    );
    await spaceAdmin.client.post(`/api/v1/articles/${article.body.id}/publish`, {});
    expect((await member.client.get(`/api/v1/articles/${article.body.id}`)).status).toBe(200);
    expect((await outsider.client.get(`/api/v1/articles/${article.body.id}`)).status).toBe(404);
    expect(
      (await outsider.client.get('/api/v1/articles')).body.items.map((a: { id: number }) => a.id),
    ).not.toContain(article.body.id);
    const search = await outsider.client.get('/api/v1/search?q=Quartalszahlen');
    expect(search.body.items).toEqual([]);
  });

  it('handles must-reads: pinned until confirmed, rate and open list for editors, one reminder', async () => {
    const team = await createSpace(admin, { name: 'Lager' });
    await addToSpace(admin, member.client, member.user.id, team.id);
    // A home feed read now remembers that no must-read exists (once the membership change's events
    // are handled, nothing refuses to store it): publishing one must end that.
    await drainOutbox(test);
    expect((await member.client.get('/api/v1/feed')).status).toBe(200);
    const created = await editor.client.post('/api/v1/articles', {
      title: 'Neue Brandschutzordnung',
      teaser: 'Bitte lesen.',
      body: 'Die Ordnung gilt ab sofort.',
      mustRead: { spaceIds: [team.id], deadline: '2026-12-15T17:00:00.000Z' },
    });
    const id = created.body.id;
    await editor.client.post(`/api/v1/articles/${id}/publish`, {});

    // The member (in the team) is asked, ahead of anything newer; the outsider is not.
    const newer = await member.client.post(`/api/v1/spaces/${team.id}/posts`, { body: 'Neu im Lager' });
    expect(newer.status).toBe(201);
    const home = await member.client.get('/api/v1/feed');
    expect(home.body.items[0]).toMatchObject({ id, article: { mustRead: true, confirmed: false } });
    expect(home.body.items[1]).toMatchObject({ id: newer.body.id });
    expect(
      (await member.client.get('/api/v1/articles/must-reads')).body.items.map((a: { id: number }) => a.id),
    ).toEqual([id]);
    expect((await outsider.client.get('/api/v1/articles/must-reads')).body.items).toEqual([]);
    expect((await outsider.client.post(`/api/v1/articles/${id}/confirm`)).status).toBe(403);
    const notified = await member.client.get('/api/v1/notifications');
    expect(notified.body.items[0]).toMatchObject({
      type: 'must_read',
      contentId: id,
      url: `/articles/${id}`,
    });

    const before = await editor.client.get(`/api/v1/articles/${id}/confirmations`);
    expect(before.body).toMatchObject({ mustRead: true, audienceCount: 2, confirmedCount: 0, rate: 0 });
    expect(before.body.notConfirmed.map((u: { id: number }) => u.id).sort()).toEqual(
      [
        member.user.id,
        before.body.notConfirmed.find((u: { name: string }) => u.name === 'Ada Admin').id,
      ].sort(),
    );
    expect((await member.client.get(`/api/v1/articles/${id}/confirmations`)).status).toBe(403);

    const confirmed = await member.client.post(`/api/v1/articles/${id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedAt).toBe(test.clock.now().toISOString());
    expect((await member.client.post(`/api/v1/articles/${id}/confirm`)).body.confirmedAt).toBe(
      confirmed.body.confirmedAt,
    );
    expect((await member.client.get('/api/v1/articles/must-reads')).body.items).toEqual([]);
    const after = await member.client.get('/api/v1/feed');
    expect(after.body.items.find((item: { id: number }) => item.id === id)?.article.confirmed).toBe(true);
    expect((await member.client.get('/api/v1/me/confirmations')).body.items).toEqual([
      { articleId: id, title: 'Neue Brandschutzordnung', confirmedAt: confirmed.body.confirmedAt },
    ]);
    const report = await editor.client.get(`/api/v1/articles/${id}/confirmations`);
    expect(report.body).toMatchObject({ audienceCount: 2, confirmedCount: 1, rate: 0.5 });
    expect(report.body.notConfirmed.map((u: { name: string }) => u.name)).toEqual(['Ada Admin']);

    const reminder = await editor.client.post(`/api/v1/articles/${id}/remind`);
    expect(reminder.body).toEqual({ reminded: 1 });
    expect((await editor.client.post(`/api/v1/articles/${id}/remind`)).status).toBe(409);
    const adminNotes = await admin.get('/api/v1/notifications');
    expect(adminNotes.body.items.map((n: { type: string }) => n.type)).toContain('must_read_reminder');
    expect(
      (await member.client.get('/api/v1/notifications')).body.items.map((n: { type: string }) => n.type),
    ).not.toContain('must_read_reminder');

    // Ordinary articles record nothing about readers.
    const plain = await editor.client.post('/api/v1/articles', {
      title: 'Kantinenplan',
      body: 'Montag: Suppe',
    });
    await editor.client.post(`/api/v1/articles/${plain.body.id}/publish`, {});
    expect((await member.client.post(`/api/v1/articles/${plain.body.id}/confirm`)).status).toBe(400);
    const plainReport = await editor.client.get(`/api/v1/articles/${plain.body.id}/confirmations`);
    expect(plainReport.body).toMatchObject({ mustRead: false, notConfirmed: [] });
  });

  it('pages company news through the home feed, newest first', async () => {
    const reader = await createMember(test, admin, { name: 'Paula Pager' });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      test.clock.advance(1000);
      const created = await editor.client.post('/api/v1/articles', { title: `Meldung ${i}`, body: 'Kurz.' });
      await editor.client.post(`/api/v1/articles/${created.body.id}/publish`, {});
      ids.push(created.body.id);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await reader.client.get(
        `/api/v1/feed?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
  });

  it('announces articles live only when they go out, and only to those who may read them', async () => {
    const spaceAdmin = await createMember(test, admin, { name: 'Paula Projekt' });
    const space = await createSpace(spaceAdmin.client, { name: 'Projekt Geheim', visibility: 'secret' });
    const [memberLive, outsiderLive] = await Promise.all([
      connectLive(member.client),
      connectLive(outsider.client),
    ]);
    try {
      const draft = await editor.client.post('/api/v1/articles', { title: 'Live-Artikel', body: 'Hallo' });
      const inSpace = await spaceAdmin.client.post('/api/v1/articles', {
        title: 'Geheim',
        body: 'x',
        spaceId: space.id,
      });
      await spaceAdmin.client.post(`/api/v1/articles/${inSpace.body.id}/publish`, {});
      expect(memberLive.messages.some((m) => m.data?.contentId === draft.body.id)).toBe(false);
      await editor.client.post(`/api/v1/articles/${draft.body.id}/publish`, {});
      for (const live of [memberLive, outsiderLive])
        await live.waitFor((m) => m.type === 'post.created' && m.data.contentId === draft.body.id);
      expect(
        [...memberLive.messages, ...outsiderLive.messages].some((m) => m.data?.contentId === inSpace.body.id),
      ).toBe(false);
      const notes = (await outsider.client.get('/api/v1/notifications')).body.items;
      expect(notes.some((n: { contentId: number }) => n.contentId === inSpace.body.id)).toBe(false);
    } finally {
      memberLive.close();
      outsiderLive.close();
    }
  });

  it('publishes a scheduled article exactly once when two nodes race, after a restart too', async () => {
    const created = await editor.client.post('/api/v1/articles', {
      title: 'Geplanter Artikel',
      body: 'Erscheint morgen früh.',
      mustRead: {},
    });
    const id = created.body.id;
    const at = new Date(test.clock.now().getTime() + 3_600_000).toISOString();
    const scheduled = await editor.client.post(`/api/v1/articles/${id}/publish`, { at });
    expect(scheduled.body).toMatchObject({ state: 'scheduled', scheduledAt: at, publishedAt: null });
    expect((await member.client.get(`/api/v1/articles/${id}`)).status).toBe(404);
    expect(await publishDue(test.app.kantine)).toEqual([]);

    // A second node on the same database, sharing the clock.
    const config = loadConfig({
      KANTINE_DATA_DIR: test.database.dataDir,
      KANTINE_LOG_LEVEL: 'warn',
      KANTINE_SCHEDULER_SECONDS: '0',
    });
    config.database = test.database.target;
    const second = await buildApp(config, { clock: test.clock, webRoot: '/nonexistent' });
    try {
      test.clock.advance(3_600_000);
      const results = await Promise.all([
        publishDue(test.app.kantine),
        publishDue(second.kantine),
        publishDue(test.app.kantine),
      ]);
      expect(results.flat()).toEqual([id]);
    } finally {
      await second.close();
    }
    const article = await member.client.get(`/api/v1/articles/${id}`);
    expect(article.body).toMatchObject({ state: 'published', publishedAt: at });
    const mustReadNotes = (await member.client.get('/api/v1/notifications')).body.items.filter(
      (n: { contentId: number; type: string }) => n.contentId === id && n.type === 'must_read',
    );
    expect(mustReadNotes).toHaveLength(1);

    // Scheduled then taken back: nothing goes out.
    const later = await editor.client.post('/api/v1/articles', { title: 'Doch nicht', body: 'x' });
    await editor.client.post(`/api/v1/articles/${later.body.id}/publish`, {
      at: new Date(test.clock.now().getTime() + 60_000).toISOString(),
    });
    expect(
      (await editor.client.patch(`/api/v1/articles/${later.body.id}`, { state: 'draft' })).body.state,
    ).toBe('draft');
    test.clock.advance(120_000);
    expect(await publishDue(test.app.kantine)).toEqual([]);
  });
});
