import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { testDialect } from '../helpers/database.js';

type Row = Record<string, unknown>;

/** Every table of the database, as the database itself lists them. */
async function tableNames(test: TestApp): Promise<string[]> {
  const { db } = test.app.kantine.database;
  const result =
    testDialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
          db,
        );
  return result.rows.map((row) => row.name).sort();
}

async function columnsOf(test: TestApp, table: string): Promise<string[]> {
  const { db } = test.app.kantine.database;
  const result =
    testDialect === 'sqlite'
      ? await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)
      : await sql<{
          name: string;
        }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(
          db,
        );
  return result.rows.map((row) => row.name).sort();
}

const serialise = (row: Row) =>
  JSON.stringify(row, (_key, value) =>
    Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? String(value) : value,
  );

/** All rows of all tables, each row as a JSON string. */
async function snapshot(test: TestApp) {
  const { db } = test.app.kantine.database;
  const tables = new Map<string, Set<string>>();
  for (const name of await tableNames(test)) {
    const rows = await sql<Row>`select * from ${sql.table(name)}`.execute(db);
    tables.set(name, new Set(rows.rows.map(serialise)));
  }
  return tables;
}

const isoTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('anonymous surveys', () => {
  let test: TestApp;
  let admin: TestClient;
  const people: Array<{ client: TestClient; user: { id: number } }> = [];

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    for (let i = 0; i < 6; i++) {
      const person = await createMember(test, admin, { name: `Person ${i}` });
      expect(
        (await admin.patch(`/api/v1/users/${person.user.id}`, { department: 'Lager', location: 'Hamburg' }))
          .status,
      ).toBe(200);
      people.push(person);
    }
  });
  afterAll(() => test?.close());

  it('leaves no row that links a person to an answer (the test reads every table)', async () => {
    const created = await admin.post('/api/v1/surveys', {
      title: 'Betriebsklima',
      anonymous: true,
      audience: { all: true },
      questions: [
        { type: 'single', text: 'Gut?', options: [{ text: 'Ja' }, { text: 'Nein' }] },
        { type: 'scale', text: 'Wie gut?' },
        { type: 'text', text: 'Sonst?' },
        {
          type: 'matrix',
          text: 'Aussagen',
          options: [{ text: 'Ja' }, { text: 'Nein' }],
          rows: [{ text: 'Eins' }],
        },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const [choice, scale, free, matrix] = created.body.questions;
    const answerOf = (i: number) => ({
      answers: [
        { questionId: choice.id, optionIds: [choice.options[i % 2].id] },
        { questionId: scale.id, value: 1 + (i % 5) },
        { questionId: free.id, text: `Geheimnis-${i}-xq` },
        { questionId: matrix.id, rows: [{ rowId: matrix.rows[0].id, optionId: matrix.options[i % 2].id }] },
      ],
    });
    // Some answer first, so that the answer under test lands among existing rows.
    for (let i = 0; i < 3; i++)
      expect((await people[i]?.client.post(`/api/v1/surveys/${id}/responses`, answerOf(i)))?.status).toBe(
        201,
      );
    await drainOutbox(test);

    const person = people[3] as (typeof people)[number];
    const sessionCookie = person.client.sessionCookie as string;
    const before = await snapshot(test);
    const answered = await person.client.request('POST', `/api/v1/surveys/${id}/responses`, {
      json: answerOf(3),
      headers: { 'idempotency-key': 'answer-under-test-1' },
    });
    expect(answered.status).toBe(201);
    await drainOutbox(test);
    const after = await snapshot(test);

    // What changed, table by table (new row versions; updated counters appear as new rows).
    const changed = new Map<string, Row[]>();
    for (const [table, rows] of after) {
      const fresh = [...rows]
        .filter((row) => !before.get(table)?.has(row))
        .map((row) => JSON.parse(row) as Row);
      if (fresh.length) changed.set(table, fresh);
    }
    const changedTables = [...changed.keys()].sort();
    for (const table of changedTables)
      expect(['sessions', 'survey_counts', 'survey_participants', 'survey_texts']).toContain(table);
    expect(changedTables).toEqual(
      expect.arrayContaining(['survey_counts', 'survey_participants', 'survey_texts']),
    );

    // The "has answered" row: the survey and the person, nothing else.
    expect(changed.get('survey_participants')).toEqual([{ survey_id: id, user_id: person.user.id }]);
    expect(await columnsOf(test, 'survey_participants')).toEqual(['survey_id', 'user_id']);
    // A session only notes that it was seen (that happens on every request).
    for (const row of changed.get('sessions') ?? []) expect(row.user_id).toBe(person.user.id);

    // The answer rows: no person, no session, no time, no address, no order.
    expect(await columnsOf(test, 'survey_counts')).toEqual(
      ['answer_key', 'count', 'dimension', 'group_key', 'question_id', 'survey_id'].sort(),
    );
    expect(await columnsOf(test, 'survey_texts')).toEqual(['id', 'question_id', 'survey_id', 'text']);
    const answerRows = [...(changed.get('survey_counts') ?? []), ...(changed.get('survey_texts') ?? [])];
    expect(answerRows.length).toBeGreaterThan(0);
    for (const row of answerRows) {
      const text = JSON.stringify(row);
      expect(text).not.toMatch(isoTime);
      expect(text).not.toContain(sessionCookie);
      expect(text).not.toContain('127.0.0.1');
      expect(row).not.toHaveProperty('user_id');
    }
    const [text] = changed.get('survey_texts') ?? [];
    expect(text).toMatchObject({ survey_id: id, question_id: free.id, text: 'Geheimnis-3-xq' });
    expect(String(text?.id)).toMatch(/^[0-9a-f]{32}$/);

    // The free text appears in no other table (outbox, search, idempotency, audit, logs of any kind).
    for (const [table, rows] of after)
      if (table !== 'survey_texts')
        for (const row of rows) expect(row, table).not.toContain('Geheimnis-3-xq');
    // Not even as a hash with the person: answers are never keyed for idempotent replay.
    expect(
      [...(after.get('idempotency_keys') ?? [])].filter((row) => row.includes('answer-under-test-1')),
    ).toEqual([]);
    expect([...(after.get('survey_responses') ?? [])]).toEqual([]);

    // No insertion order either: SQLite keeps these tables WITHOUT ROWID (ordered by key, not by time).
    if (testDialect === 'sqlite') {
      const { db } = test.app.kantine.database;
      for (const table of ['survey_participants', 'survey_counts', 'survey_texts'])
        await expect(sql`select rowid from ${sql.table(table)}`.execute(db)).rejects.toThrow(/rowid/);
    }

    // PostgreSQL: every text and counter of the survey carries the newest answer's transaction id,
    // so `xmin` cannot tell whose a row is (and the texts were rewritten in a new random order).
    if (testDialect === 'postgres') {
      const { db } = test.app.kantine.database;
      const xmins = async (table: string) =>
        new Set(
          (
            await sql<{
              x: string;
            }>`select xmin::text as x from ${sql.table(table)} where survey_id = ${id}`.execute(db)
          ).rows.map((row) => row.x),
        );
      const texts = await xmins('survey_texts');
      expect(texts.size).toBe(1);
      expect(await xmins('survey_counts')).toEqual(texts);
    }

    // The results still add up, without saying who.
    for (let i = 4; i < 6; i++)
      expect((await people[i]?.client.post(`/api/v1/surveys/${id}/responses`, answerOf(i)))?.status).toBe(
        201,
      );
    const results = (await admin.get(`/api/v1/surveys/${id}/results`)).body;
    expect(results.respondents).toBe(6);
    expect(results.questions[0].counts).toEqual({ [choice.options[0].id]: 3, [choice.options[1].id]: 3 });
    expect([...results.questions[2].texts].sort()).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `Geheimnis-${i}-xq`),
    );
    // The manager sees that someone answered, never who: the survey lists only a count.
    expect((await admin.get(`/api/v1/surveys/${id}`)).body.respondents).toBe(6);
  });

  it('stores a department with answers only when the audience has at least the minimum of it', async () => {
    const loner = await createMember(test, admin, { name: 'Einzige Person' });
    expect(
      (await admin.patch(`/api/v1/users/${loner.user.id}`, { department: 'Revision', location: 'Hamburg' }))
        .status,
    ).toBe(200);
    const created = await admin.post('/api/v1/surveys', {
      title: 'Klein',
      anonymous: true,
      audience: { all: true },
      questions: [{ type: 'nps', text: 'Wie?' }],
    });
    const id = created.body.id;
    const answer = { answers: [{ questionId: created.body.questions[0].id, value: 3 }] };
    expect((await loner.client.post(`/api/v1/surveys/${id}/responses`, answer)).status).toBe(201);
    expect((await people[0]?.client.post(`/api/v1/surveys/${id}/responses`, answer))?.status).toBe(201);
    const { db } = test.app.kantine.database;
    const keys = await db
      .selectFrom('survey_counts')
      .select(['dimension', 'group_key'])
      .where('survey_id', '=', id)
      .where('dimension', '=', 'department')
      .distinct()
      .execute();
    // "Lager" (6 people) is stored; the one-person "Revision" is stored as '' (other).
    expect(keys.map((k) => k.group_key).sort()).toEqual(['', 'Lager']);
  });
});
