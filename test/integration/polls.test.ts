import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { testDialect } from '../helpers/database.js';
import { connectLive, settle } from '../helpers/live.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

type Person = { client: TestClient; user: { id: number; handle: string } };
let test: TestApp;
let admin: TestClient;
let author: Person;
let voters: Person[];
let outsider: Person;
let publicSpace: { id: number };
let secretSpace: { id: number };

async function createPoll(client: TestClient, spaceId: number, body: string, poll: Record<string, unknown>) {
  const response = await client.post(`/api/v1/spaces/${spaceId}/posts`, { body, poll });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const optionIds = (item: { poll: { options: Array<{ id: number }> } }) => item.poll.options.map((o) => o.id);
const votesOf = (item: { poll: { options: Array<{ votes: number | null }> } }) =>
  item.poll.options.map((o) => o.votes);

beforeAll(async () => {
  test = await startTestApp();
  ({ admin } = await setUpOrganisation(test));
  author = await createMember(test, admin);
  voters = [];
  for (let i = 0; i < 6; i++) voters.push(await createMember(test, admin));
  outsider = await createMember(test, admin);
  publicSpace = await createSpace(admin, { visibility: 'public' });
  secretSpace = await createSpace(admin, { visibility: 'secret' });
  for (const person of [author, ...voters]) {
    await addToSpace(admin, person.client, person.user.id, publicSpace.id);
    await addToSpace(admin, person.client, person.user.id, secretSpace.id);
  }
});

afterAll(async () => test?.close());

describe('polls', () => {
  it('are posts with a poll: created through the post endpoint, shown in feeds with options', async () => {
    const item = await createPoll(author.client, publicSpace.id, 'Wohin geht der Betriebsausflug?', {
      options: ['Bodensee', 'Harz', 'Ostsee'],
    });
    expect(item).toMatchObject({
      kind: 'poll',
      body: 'Wohin geht der Betriebsausflug?',
      poll: {
        options: [
          { text: 'Bodensee', votes: 0 },
          { text: 'Harz', votes: 0 },
          { text: 'Ostsee', votes: 0 },
        ],
        myVote: null,
        voted: false,
        closed: false,
        total: 0,
        multiple: false,
        anonymous: false,
        closesAt: null,
        resultsVisibility: 'always',
      },
    });
    const feed = await voters[0].client.get(`/api/v1/spaces/${publicSpace.id}/feed`);
    expect(feed.body.items.find((i: { id: number }) => i.id === item.id)?.kind).toBe('poll');
    // Profile posts carry polls too.
    const own = await author.client.post(`/api/v1/users/${author.user.id}/posts`, {
      body: 'Kaffee oder Tee?',
      poll: { options: ['Kaffee', 'Tee'] },
    });
    expect(own.status).toBe(201);
    expect(own.body.kind).toBe('poll');
    // The text stays editable like a post's.
    const edited = await author.client.patch(`/api/v1/content/${item.id}`, { body: 'Wohin im Juni?' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ kind: 'poll', body: 'Wohin im Juni?' });
  });

  it('refuses bad polls', async () => {
    const bad = async (poll: Record<string, unknown>) =>
      (await author.client.post(`/api/v1/spaces/${publicSpace.id}/posts`, { body: 'Frage', poll })).status;
    expect(await bad({ options: ['Nur eine'] })).toBe(400);
    expect(await bad({ options: Array.from({ length: 11 }, (_, i) => `Option ${i}`) })).toBe(400);
    expect(await bad({ options: ['Ja', 'ja'] })).toBe(400);
    expect(await bad({ options: ['Ja', 'Nein'], resultsVisibility: 'never' })).toBe(400);
    const past = new Date(test.clock.now().getTime() - 60_000).toISOString();
    const response = await author.client.post(`/api/v1/spaces/${publicSpace.id}/posts`, {
      body: 'Frage',
      poll: { options: ['Ja', 'Nein'], closesAt: past },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_poll');
    // Outsiders cannot post polls into a space they are not in.
    expect(
      (
        await outsider.client.post(`/api/v1/spaces/${publicSpace.id}/posts`, {
          body: 'Frage',
          poll: { options: ['Ja', 'Nein'] },
        })
      ).status,
    ).toBe(403);
  });

  it('counts votes, lets people change and withdraw them, and ends at its end time', async () => {
    const closesAt = new Date(test.clock.now().getTime() + 3_600_000).toISOString();
    const poll = await createPoll(author.client, publicSpace.id, 'Mittagessen um?', {
      options: ['12:00', '12:30', '13:00'],
      closesAt,
    });
    const [a, b, c] = optionIds(poll);
    const first = await voters[0].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [a] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.poll).toMatchObject({ myVote: [a], voted: true, total: 1 });
    expect(votesOf(first.body)).toEqual([1, 0, 0]);
    // Single choice takes one option; options of other polls are refused.
    expect((await voters[0].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [a, b] })).status).toBe(
      400,
    );
    expect(
      (await voters[0].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [99999] })).body.error.code,
    ).toBe('invalid_option');
    const changed = await voters[0].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [c] });
    expect(changed.body.poll.myVote).toEqual([c]);
    expect(votesOf(changed.body)).toEqual([0, 0, 1]);
    await voters[1].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [c] });
    const withdrawn = await voters[0].client.delete(`/api/v1/polls/${poll.id}/vote`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.poll).toMatchObject({ myVote: null, voted: false, total: 1 });
    expect(votesOf(withdrawn.body)).toEqual([0, 0, 1]);
    // Outsiders of a secret space's poll get 404, like for the post itself.
    const secret = await createPoll(author.client, secretSpace.id, 'Geheim?', { options: ['Ja', 'Nein'] });
    expect(
      (await outsider.client.put(`/api/v1/polls/${secret.id}/vote`, { optionIds: optionIds(secret) })).status,
    ).toBe(404);
    // After its end: closed, no more votes or withdrawals.
    test.clock.advance(2 * 3_600_000);
    const after = await voters[1].client.get(`/api/v1/content/${poll.id}`);
    expect(after.body.poll.closed).toBe(true);
    const late = await voters[2].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [a] });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('poll_closed');
    expect((await voters[1].client.delete(`/api/v1/polls/${poll.id}/vote`)).body.error.code).toBe(
      'poll_closed',
    );
  });

  it('takes several options in a multiple-choice poll', async () => {
    const poll = await createPoll(author.client, publicSpace.id, 'Welche Getränke?', {
      options: ['Wasser', 'Saft', 'Kaffee'],
      multiple: true,
    });
    const [a, , c] = optionIds(poll);
    const voted = await voters[0].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [a, c, a] });
    expect(voted.body.poll.myVote?.sort()).toEqual([a, c].sort());
    expect(votesOf(voted.body)).toEqual([1, 0, 1]);
    expect(voted.body.poll.total).toBe(1);
  });

  it('hides results according to resultsVisibility', async () => {
    const closesAt = new Date(test.clock.now().getTime() + 3_600_000).toISOString();
    const make = (resultsVisibility: string) =>
      createPoll(author.client, publicSpace.id, `Sichtbarkeit ${resultsVisibility}`, {
        options: ['Ja', 'Nein'],
        resultsVisibility,
        closesAt,
      });
    const afterVote = await make('after_vote');
    const afterClose = await make('after_close');
    const authorOnly = await make('author');
    const view = async (person: Person, id: number) =>
      (await person.client.get(`/api/v1/content/${id}`)).body.poll;

    expect(await view(voters[0], afterVote.id)).toMatchObject({ total: null, resultsShown: false });
    expect((await view(voters[0], afterVote.id)).options[0].votes).toBeNull();
    const mine = await voters[0].client.put(`/api/v1/polls/${afterVote.id}/vote`, {
      optionIds: [optionIds(afterVote)[0]],
    });
    expect(mine.body.poll).toMatchObject({ total: 1, resultsShown: true });
    expect((await view(voters[1], afterVote.id)).total).toBeNull();
    expect((await view(author, afterVote.id)).total).toBe(1);

    await voters[0].client.put(`/api/v1/polls/${afterClose.id}/vote`, {
      optionIds: [optionIds(afterClose)[1]],
    });
    expect((await view(voters[0], afterClose.id)).total).toBeNull();
    expect((await view(author, afterClose.id)).total).toBeNull();

    await voters[0].client.put(`/api/v1/polls/${authorOnly.id}/vote`, {
      optionIds: [optionIds(authorOnly)[1]],
    });
    expect((await view(voters[0], authorOnly.id)).total).toBeNull();
    expect((await view(author, authorOnly.id)).options.map((o: { votes: number }) => o.votes)).toEqual([
      0, 1,
    ]);

    // Feeds hide the same way (the hiding is per viewer, never from a shared card).
    const feed = await voters[1].client.get(`/api/v1/spaces/${publicSpace.id}/feed`);
    const inFeed = feed.body.items.find((i: { id: number }) => i.id === afterVote.id);
    expect(inFeed.poll.options.map((o: { votes: number | null }) => o.votes)).toEqual([null, null]);

    test.clock.advance(2 * 3_600_000);
    expect((await view(voters[1], afterClose.id)).options.map((o: { votes: number }) => o.votes)).toEqual([
      0, 1,
    ]);
    expect((await view(voters[1], afterVote.id)).total).toBe(1);
    expect((await view(voters[1], authorOnly.id)).total).toBeNull();
  });

  it('sends live updates to readers only', async () => {
    const poll = await createPoll(author.client, secretSpace.id, 'Live?', { options: ['Ja', 'Nein'] });
    const readerLive = await connectLive(voters[1].client);
    const outsiderLive = await connectLive(outsider.client);
    await voters[0].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [optionIds(poll)[0]] });
    await readerLive.waitFor((m) => m.type === 'content.updated' && m.data.contentId === poll.id);
    await settle();
    expect(outsiderLive.messages.some((m) => m.data?.contentId === poll.id)).toBe(false);
    readerLive.close();
    outsiderLive.close();
  });

  it('keeps a secret space’s poll from outsiders in feeds, search and notifications', async () => {
    const poll = await createPoll(
      author.client,
      secretSpace.id,
      `Geheime Apfelkuchenwahl @${voters[0].user.handle} @${outsider.user.handle}`,
      {
        options: ['Mit Sahne', 'Ohne Sahne'],
      },
    );
    await drainOutbox(test);
    const ids = async (person: Person, path: string) =>
      (await person.client.get(path)).body.items.map(
        (i: { id: number; contentId?: number }) => i.contentId ?? i.id,
      );
    expect(await ids(voters[0], '/api/v1/feed')).toContain(poll.id);
    expect(await ids(outsider, '/api/v1/feed')).not.toContain(poll.id);
    expect(await ids(voters[0], '/api/v1/search?q=apfelkuchenwahl')).toContain(poll.id);
    expect(await ids(outsider, '/api/v1/search?q=apfelkuchenwahl')).toHaveLength(0);
    expect(await ids(outsider, '/api/v1/search?q=sahne')).toHaveLength(0);
    expect(await ids(voters[0], '/api/v1/notifications')).toContain(poll.id);
    expect(await ids(outsider, '/api/v1/notifications')).not.toContain(poll.id);
    expect((await outsider.client.get(`/api/v1/content/${poll.id}`)).status).toBe(404);
    expect((await outsider.client.delete(`/api/v1/polls/${poll.id}/vote`)).status).toBe(404);
  });

  it('never double-counts concurrent votes', async () => {
    const poll = await createPoll(author.client, publicSpace.id, 'Parallel?', { options: ['A', 'B', 'C'] });
    const ids = optionIds(poll);
    // The same person votes many times at once for different options: one vote remains.
    const same = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        voters[0].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [ids[i % 3]] }),
      ),
    );
    expect(same.every((r) => r.status === 200)).toBe(true);
    // Many people at once: each counted once.
    await Promise.all(
      voters.slice(1).map((p) => p.client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [ids[0]] })),
    );
    const final = (await author.client.get(`/api/v1/content/${poll.id}`)).body.poll;
    expect(final.total).toBe(voters.length);
    expect(final.options.reduce((sum: number, o: { votes: number }) => sum + o.votes, 0)).toBe(voters.length);

    const anonymous = await createPoll(author.client, publicSpace.id, 'Anonym parallel?', {
      options: ['A', 'B'],
      anonymous: true,
    });
    const anonIds = optionIds(anonymous);
    const repeated = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        voters[0].client.put(`/api/v1/polls/${anonymous.id}/vote`, { optionIds: [anonIds[i % 2]] }),
      ),
    );
    expect(repeated.filter((r) => r.status === 200)).toHaveLength(1);
    expect(repeated.filter((r) => r.status === 409).every((r) => r.body.error.code === 'vote_final')).toBe(
      true,
    );
    expect(repeated.filter((r) => r.status === 409)).toHaveLength(7);
    await Promise.all(
      voters
        .slice(1)
        .map((p) => p.client.put(`/api/v1/polls/${anonymous.id}/vote`, { optionIds: [anonIds[1]] })),
    );
    const anonFinal = (await author.client.get(`/api/v1/content/${anonymous.id}`)).body.poll;
    expect(anonFinal.total).toBe(voters.length);
    expect(anonFinal.options.reduce((sum: number, o: { votes: number }) => sum + o.votes, 0)).toBe(
      voters.length,
    );
  });
});

/** Every row of every table of Kantine's database, by table. */
async function everyTable(): Promise<Map<string, Array<Record<string, unknown>>>> {
  const { db } = test.app.kantine.database;
  const names =
    testDialect === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
            db,
          )
        ).rows
      : (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
        ).rows;
  const tables = new Map<string, Array<Record<string, unknown>>>();
  for (const { name } of names) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    tables.set(name, rows.rows);
  }
  return tables;
}

describe('anonymous polls', () => {
  it('leave no row that links a person to their choice, and a vote is final', async () => {
    const poll = await createPoll(author.client, publicSpace.id, 'Wie zufrieden bist du mit der Führung?', {
      options: ['Sehr', 'Geht so', 'Gar nicht'],
      anonymous: true,
    });
    const chosen = optionIds(poll)[2];
    const voter = voters[3];
    // Other people voted before, so the counter alone names no one.
    await voters[4].client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [optionIds(poll)[0]] });
    await drainOutbox(test);
    const before = await everyTable();
    test.clock.advance(1234);

    const voted = await voter.client.put(`/api/v1/polls/${poll.id}/vote`, { optionIds: [chosen] });
    expect(voted.status).toBe(200);
    // The server cannot know what the person chose, only that they voted.
    expect(voted.body.poll).toMatchObject({ myVote: null, voted: true, anonymous: true });
    await drainOutbox(test);
    const after = await everyTable();

    const changed = new Map<string, Array<Record<string, unknown>>>();
    for (const [table, rows] of after) {
      const old = new Set((before.get(table) ?? []).map((row) => JSON.stringify(row)));
      const fresh = rows.filter((row) => !old.has(JSON.stringify(row)));
      if (fresh.length > 0) changed.set(table, fresh);
    }
    // Written by the vote: that the person voted (no option, no time), a bare counter, and the
    // outbox's "a poll changed" (no person, no option); nothing else links anything.
    const pollTables = [...changed.keys()].filter((t) => t.startsWith('poll'));
    expect(pollTables.sort()).toEqual(['poll_options', 'poll_voters']);
    expect(changed.get('poll_voters')).toEqual([{ content_id: poll.id, user_id: voter.user.id }]);
    expect(changed.get('poll_options')).toEqual([
      expect.objectContaining({ id: chosen, content_id: poll.id, votes: 1 }),
    ]);
    expect(Object.keys(changed.get('poll_options')?.[0] ?? {}).sort()).toEqual(
      ['content_id', 'id', 'position', 'text', 'votes'].sort(),
    );
    for (const [table, rows] of after) {
      for (const row of rows) {
        const text = JSON.stringify(row);
        // No request body or option list is stored anywhere (outbox, idempotency, logs, audit).
        expect(text, table).not.toContain('optionIds');
        expect(
          text.includes('Gar nicht') && table !== 'poll_options' && table !== 'search_index',
          table,
        ).toBe(false);
      }
    }
    const byPoll = (rows: Array<Record<string, unknown>> | undefined) =>
      (rows ?? []).filter((row) => Number(row.content_id) === poll.id);
    expect(byPoll(after.get('poll_votes'))).toEqual([]);
    // Any other row the vote wrote neither names the option nor, next to the person, a poll.
    for (const [table, rows] of changed) {
      if (table === 'poll_voters' || table === 'poll_options') continue;
      for (const row of rows) {
        const values = Object.entries(row);
        const namesPerson = values.some(
          ([key, value]) => /user|actor|author/.test(key) && Number(value) === voter.user.id,
        );
        const namesOption = values.some(([key, value]) => /option/.test(key) && Number(value) === chosen);
        expect(namesOption, `${table}: ${JSON.stringify(row)}`).toBe(false);
        if (namesPerson) expect(JSON.stringify(row), table).not.toContain(`"content_id":${poll.id}`);
      }
    }
    const pollEvents = (after.get('outbox') ?? [])
      .map(
        (row) =>
          (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<
            string,
            unknown
          >,
      )
      .filter((payload) => payload.contentId === poll.id && payload.type === 'poll.voted');
    expect(pollEvents.length).toBeGreaterThan(0);
    for (const payload of pollEvents) expect(Object.keys(payload).sort()).toEqual(['contentId', 'type']);

    // Final: no change, no withdrawal.
    const again = await voter.client.put(`/api/v1/polls/${poll.id}/vote`, {
      optionIds: [optionIds(poll)[0]],
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('vote_final');
    expect((await voter.client.delete(`/api/v1/polls/${poll.id}/vote`)).body.error.code).toBe('vote_final');
    const shown = (await voter.client.get(`/api/v1/content/${poll.id}`)).body.poll;
    expect(shown.options.map((o: { votes: number }) => o.votes)).toEqual([1, 0, 1]);
  });
});
