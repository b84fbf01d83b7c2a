import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/server/lib/clock.js';
import { createMember, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace, post } from '../helpers/stream.js';

describe('search', () => {
  let test: TestApp;
  let admin: TestClient;
  let anna: Awaited<ReturnType<typeof createMember>>;
  let bernd: Awaited<ReturnType<typeof createMember>>;
  let open: { id: number };
  const titles = async (client: TestClient, query: string) => {
    const response = await client.get(`/api/v1/search?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.map((item: { type: string; title: string }) => `${item.type}:${item.title}`);
  };
  const posts = async (client: TestClient, q: string) =>
    (await titles(client, `type=post&q=${encodeURIComponent(q)}`)).map((t: string) => t.slice(5));

  beforeAll(async () => {
    test = await startTestApp();
    ({ admin } = await setUpOrganisation(test));
    anna = await createMember(test, admin, { name: 'Anna Müller' });
    bernd = await createMember(test, admin, { name: 'Bernd Schreiber' });
    await anna.client.patch('/api/v1/me', { title: 'Leiterin Verkauf', skills: ['Verhandlung'] });
    open = await createSpace(anna.client, { name: 'Immobilien', description: 'Häuser und Wohnungen' });
    await addToSpace(anna.client, bernd.client, bernd.user.id, open.id);
    for (const body of [
      'Die Häuser in der Nordstadt sind verkauft',
      'Treffpunkt an der Straße vor dem Werk',
      'Weekly meetings move to Thursday',
      'Der Verkaufsleiter kommt morgen',
      'Die neue Halle ist fertig',
      'Die alte Halle wird abgerissen, die neue nicht',
    ]) {
      await post(anna.client, open.id, body);
      test.clock.advance(HOUR);
    }
  });
  afterAll(() => test.close());

  it('stems German and English and folds umlauts, ß and spelled-out umlauts', async () => {
    expect(await posts(bernd.client, 'Haus')).toEqual(['Die Häuser in der Nordstadt sind verkauft']);
    expect(await posts(bernd.client, 'Strasse')).toEqual(['Treffpunkt an der Straße vor dem Werk']);
    expect(await posts(bernd.client, 'meeting')).toEqual(['Weekly meetings move to Thursday']);
    expect(await titles(bernd.client, 'type=person&q=Mueller')).toEqual(['person:Anna Müller']);
    expect(await titles(bernd.client, 'type=person&q=müller')).toEqual(['person:Anna Müller']);
    expect(await titles(bernd.client, 'type=space&q=Haus')).toEqual(['space:Immobilien']);
  });

  it('matches prefixes as you type', async () => {
    expect((await posts(bernd.client, 'Verk')).sort()).toEqual([
      'Der Verkaufsleiter kommt morgen',
      'Die Häuser in der Nordstadt sind verkauft',
    ]);
    expect(await titles(bernd.client, 'type=person&q=Verhand')).toEqual(['person:Anna Müller']);
  });

  it('understands "phrases" and -exclusions, and ranks exact phrases first, then the newest', async () => {
    expect(await posts(bernd.client, '"neue Halle"')).toEqual(['Die neue Halle ist fertig']);
    expect(await posts(bernd.client, 'Halle -alte')).toEqual(['Die neue Halle ist fertig']);
    expect(await posts(bernd.client, 'Halle')).toEqual([
      'Die alte Halle wird abgerissen, die neue nicht',
      'Die neue Halle ist fertig',
    ]);
    expect(await posts(bernd.client, 'neue Halle')).toEqual([
      'Die neue Halle ist fertig',
      'Die alte Halle wird abgerissen, die neue nicht',
    ]);
  });

  it('highlights matches in escaped snippets', async () => {
    await post(anna.client, open.id, 'Achtung <script>alert(1)</script> Grillfest am Freitag');
    const hit = (await bernd.client.get('/api/v1/search?q=Grillfest')).body.items[0];
    expect(hit.snippet).toContain('<mark>Grillfest</mark>');
    expect(hit.snippet).not.toContain('<script>');
    expect(hit.url).toMatch(/^\/posts\/\d+$/);
  });

  it('updates the index after every change', async () => {
    const item = await post(anna.client, open.id, 'Kaffeemaschine im zweiten Stock');
    expect(await posts(bernd.client, 'Kaffeemaschine')).toHaveLength(1);
    await anna.client.patch(`/api/v1/content/${item.id}`, { body: 'Teekocher im zweiten Stock' });
    expect(await posts(bernd.client, 'Kaffeemaschine')).toEqual([]);
    expect(await posts(bernd.client, 'Teekocher')).toHaveLength(1);
    const comment = await bernd.client.post(`/api/v1/content/${item.id}/comments`, {
      body: 'Endlich ein Wasserkocher',
    });
    expect(await titles(anna.client, 'type=comment&q=Wasserkocher')).toEqual([
      'comment:Endlich ein Wasserkocher',
    ]);
    await bernd.client.delete(`/api/v1/comments/${comment.body.id}`);
    expect(await titles(anna.client, 'type=comment&q=Wasserkocher')).toEqual([]);
    await anna.client.delete(`/api/v1/content/${item.id}`);
    expect(await posts(bernd.client, 'Teekocher')).toEqual([]);
    const { database } = test.app.kantine;
    if (database.sqlite) {
      const orphans = database.sqlite
        .prepare('select count(*) as n from search_fts where rowid not in (select id from search_index)')
        .get() as { n: number };
      expect(orphans.n).toBe(0);
    }
    await anna.client.patch(`/api/v1/spaces/${open.id}`, { description: 'Büros und Lagerflächen' });
    expect(await titles(bernd.client, 'type=space&q=Lagerflächen')).toEqual(['space:Immobilien']);
    await bernd.client.patch('/api/v1/me', { title: 'Fotograf' });
    expect(await titles(anna.client, 'type=person&q=Fotograf')).toEqual(['person:Bernd Schreiber']);
    const { sqlite } = database;
    if (sqlite) {
      // People, spaces and files live in their own FTS5 table, posts and comments in the other; no orphans in either.
      const count = (query: string) => (sqlite.prepare(query).get() as { n: number }).n;
      expect(count("select count(*) as n from search_fts where kind in ('person', 'space', 'file')")).toBe(0);
      expect(
        count("select count(*) as n from search_fts_small where kind not in ('person', 'space', 'file')"),
      ).toBe(0);
      expect(count('select count(*) as n from search_fts_small')).toBeGreaterThan(0);
      expect(
        count('select count(*) as n from search_fts_small where rowid not in (select id from search_index)'),
      ).toBe(0);
    }
  });

  it('indexes changes made at the same time (one index transaction for them) each by its answer', async () => {
    const words = ['Abendessen', 'Bootsfahrt', 'Chorprobe', 'Drachenbau', 'Eisstockschießen', 'Fahrradtour'];
    const [keep, edit, remove] = await Promise.all(
      words.slice(0, 3).map((word) => post(anna.client, open.id, `Heute ${word} für alle`)),
    );
    // Created, edited and deleted side by side: every answer means its change is searchable.
    const answers = await Promise.all([
      ...words.slice(3).map((word) =>
        anna.client.post(`/api/v1/spaces/${open.id}/posts`, {
          body: `Morgen ${word} für alle`,
          attachments: [],
        }),
      ),
      anna.client.patch(`/api/v1/content/${edit.id}`, { body: 'Heute Gartenarbeit für alle' }),
      anna.client.delete(`/api/v1/content/${remove.id}`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 200, 204]);
    for (const word of words.slice(3))
      expect(await posts(bernd.client, word)).toEqual([`Morgen ${word} für alle`]);
    expect(await posts(bernd.client, words[0])).toEqual([`Heute ${words[0]} für alle`]);
    expect(await posts(bernd.client, 'Gartenarbeit')).toEqual(['Heute Gartenarbeit für alle']);
    expect(await posts(bernd.client, words[1])).toEqual([]);
    expect(await posts(bernd.client, words[2])).toEqual([]);
    // Every event's outcome was written with the others'.
    const { db } = test.app.kantine.database;
    const unfinished = await db.selectFrom('outbox').select('id').where('state', '!=', 'done').execute();
    expect(unfinished).toEqual([]);
    for (const item of [keep, edit]) await anna.client.delete(`/api/v1/content/${item.id}`);
    for (const word of words.slice(3)) {
      const [found] = (await bernd.client.get(`/api/v1/search?type=post&q=${word}`)).body.items;
      await anna.client.delete(`/api/v1/content/${found.id}`);
    }
  });

  it('re-checks the hits it shows against the database, also when the shared candidates are older', async () => {
    const camp = await createSpace(anna.client, { name: 'Zeltlager', description: 'Sommerfreizeit am See' });
    await post(anna.client, camp.id, 'Zeltlager Anmeldung ist offen');
    const found = async () => ({
      posts: await posts(bernd.client, 'Zeltlager'),
      spaces: await titles(bernd.client, 'type=space&q=Sommerfreizeit'),
      suggested: (await bernd.client.get('/api/v1/search/suggest?q=Zeltl')).body,
    });
    const before = await found();
    expect(before.posts).toEqual(['Zeltlager Anmeldung ist offen']);
    expect(before.spaces).toEqual(['space:Zeltlager']);
    expect(before.suggested.posts).toHaveLength(1);
    // A change the index has not heard of (no event): the cached candidates still say "public".
    await test.app.kantine.database.db
      .updateTable('spaces')
      .set({ visibility: 'secret' })
      .where('id', '=', camp.id)
      .execute();
    const after = await found();
    expect(after.posts).toEqual([]);
    expect(after.spaces).toEqual([]);
    expect([...after.suggested.posts, ...after.suggested.spaces]).toEqual([]);
    await anna.client.delete(`/api/v1/spaces/${camp.id}`);
  });

  it('never finds what the searcher may not see, and forgets at once when membership ends', async () => {
    const closed = await createSpace(anna.client, { name: 'Geheimprojekt Adler', visibility: 'secret' });
    await post(anna.client, closed.id, 'Vertraulich: Zeppelin Prototyp');
    await post(anna.client, closed.id, 'Plan #kondorplan');
    await post(anna.client, closed.id, 'Noch einmal #kondorplan und #kondorfest');
    await post(anna.client, open.id, 'Offen gefeiert: #kondorfest');
    const carla = await createMember(test, admin, { name: 'Carla' });
    expect(await posts(carla.client, 'Zeppelin')).toEqual([]);
    // Hashtags used only where Carla cannot read stay unknown to her; counts are her own.
    const tags = (await carla.client.get('/api/v1/search/suggest?q=kondor')).body.hashtags;
    expect(tags.map((h: { title: string; meta: string }) => [h.title, h.meta])).toEqual([
      ['#kondorfest', '1'],
    ]);
    const annaTags = (await anna.client.get('/api/v1/search?q=kondor&type=hashtag')).body.items;
    expect(annaTags.map((h: { title: string; meta: string }) => [h.title, h.meta])).toEqual([
      ['#kondorfest', '2'],
      ['#kondorplan', '2'],
    ]);
    expect(await titles(carla.client, 'q=Adler')).toEqual([]);
    expect((await carla.client.get('/api/v1/search/suggest?q=Zepp')).body.posts).toEqual([]);
    await addToSpace(anna.client, carla.client, carla.user.id, closed.id);
    expect(await posts(carla.client, 'Zeppelin')).toEqual(['Vertraulich: Zeppelin Prototyp']);
    await carla.client.delete(`/api/v1/spaces/${closed.id}/members/${carla.user.id}`);
    expect(await posts(carla.client, 'Zeppelin')).toEqual([]);
    expect(await titles(admin, 'type=space&q=Adler')).toEqual(['space:Geheimprojekt Adler']);
    expect(await posts(admin, 'Zeppelin')).toEqual([]);
  });

  it('keeps a deactivated author’s posts findable, but not the person', async () => {
    const dora = await createMember(test, admin, { name: 'Dora Weggang' });
    await addToSpace(anna.client, dora.client, dora.user.id, open.id);
    await post(dora.client, open.id, 'Übergabe der Kundenliste an Anna');
    await admin.post(`/api/v1/users/${dora.user.id}/deactivate`);
    expect(await posts(bernd.client, 'Kundenliste')).toEqual(['Übergabe der Kundenliste an Anna']);
    expect(await titles(bernd.client, 'type=person&q=Weggang')).toEqual([]);
  });

  it('filters by type, space, author and date; paginates with a cursor; suggests by kind', async () => {
    expect(await posts(bernd.client, 'Halle')).toHaveLength(2);
    const byAuthor = await bernd.client.get(`/api/v1/search?q=Halle&authorId=${bernd.user.id}`);
    expect(byAuthor.body.items).toEqual([]);
    const inSpace = await bernd.client.get(`/api/v1/search?q=Halle&spaceId=${open.id}`);
    expect(inSpace.body.items).toHaveLength(2);
    expect((await bernd.client.get('/api/v1/search?q=Halle&to=2000-01-01')).body.items).toEqual([]);
    expect((await bernd.client.get('/api/v1/search?q=Halle&from=2000-01-01')).body.items).toHaveLength(2);

    const first = await bernd.client.get('/api/v1/search?q=die&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await bernd.client.get(`/api/v1/search?q=die&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { id: number }) => i.id)).not.toContain(first.body.items[0].id);

    const suggest = (await bernd.client.get('/api/v1/search/suggest?q=Imm')).body;
    expect(suggest.spaces.map((s: { title: string }) => s.title)).toEqual(['Immobilien']);
    await post(anna.client, open.id, 'Sommer #Grillabend');
    expect(
      (await bernd.client.get('/api/v1/search/suggest?q=grill')).body.hashtags.map(
        (h: { title: string }) => h.title,
      ),
    ).toEqual(['#grillabend']);
  });

  it('refuses empty or malformed searches', async () => {
    expect((await bernd.client.get('/api/v1/search?q=')).status).toBe(400);
    expect((await bernd.client.get('/api/v1/search?q=-nurausschluss')).status).toBe(400);
    expect((await bernd.client.get('/api/v1/search?q=x&type=planet')).status).toBe(400);
    expect((await bernd.client.get('/api/v1/search?q=x&from=gestern')).status).toBe(400);
    expect((await bernd.client.get('/api/v1/search?q=x&cursor=bogus')).status).toBe(400);
    expect((await bernd.client.get('/api/v1/search?q=a*%20OR%20"b"%20NEAR(%20)')).status).toBe(200);
    expect((await test.client().get('/api/v1/search?q=Haus')).status).toBe(401);
  });
});
