import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.js';
import { type Placeholders, prepared, setPrecompiled } from './prepared.js';
import type { DB } from './schema.js';

describe('prepared queries', () => {
  let database: Database;
  let db: Kysely<DB>;
  beforeAll(async () => {
    database = openDatabase({
      kind: 'sqlite',
      file: path.join(os.tmpdir(), `kantine-prepared-${process.pid}-${Date.now()}.db`),
    });
    db = database.db;
    await sql`create table t (id integer primary key, tag text, n integer)`.execute(db);
    await sql`insert into t (id, tag, n) values (1, 'a', 10), (2, 'b', 20), (3, 'a', 30), (4, 'c', 40)`.execute(
      db,
    );
  });
  afterAll(async () => database?.close());

  it('builds once per shape and runs with each call’s values', async () => {
    let builds = 0;
    // `t` is not in the schema: the test speaks to Kysely untyped.
    const query = prepared(
      (kysely, p: Placeholders<{ ids: number[]; tag: string; above?: number }>, args) => {
        builds++;
        const untyped = kysely as unknown as Kysely<{ t: { id: number; tag: string; n: number } }>;
        let built = untyped
          .selectFrom('t')
          .select(['id', 'n'])
          .where('id', 'in', p.list('ids'))
          .where('tag', '=', p.value('tag'));
        if (args.above !== undefined) built = built.where('n', '>', p.value('above') as number);
        return built.orderBy('id') as never;
      },
    );
    expect(await query(db, { ids: [1, 2, 3], tag: 'a' })).toEqual([
      { id: 1, n: 10 },
      { id: 3, n: 30 },
    ]);
    expect(await query(db, { ids: [2, 3, 4], tag: 'c' })).toEqual([{ id: 4, n: 40 }]);
    expect(builds).toBe(1);
    // Another list length and an optional value present are other shapes.
    expect(await query(db, { ids: [1, 3], tag: 'a', above: 15 })).toEqual([{ id: 3, n: 30 }]);
    expect(await query(db, { ids: [1, 2, 3, 4], tag: 'b' })).toEqual([{ id: 2, n: 20 }]);
    expect(builds).toBe(3);
    expect(await query(db, { ids: [3, 1], tag: 'a', above: 5 })).toEqual([
      { id: 1, n: 10 },
      { id: 3, n: 30 },
    ]);
    expect(builds).toBe(3);
  });

  it('runs sql templates and can build every call anew (for comparisons)', async () => {
    let builds = 0;
    const query = prepared((_kysely, p: Placeholders<{ tag: string }>) => {
      builds++;
      return sql<{ id: number }>`select id from t where tag = ${p.value('tag')} order by id`;
    });
    expect(await query(db, { tag: 'a' })).toEqual([{ id: 1 }, { id: 3 }]);
    expect(await query(db, { tag: 'b' })).toEqual([{ id: 2 }]);
    expect(builds).toBe(1);
    setPrecompiled(false);
    try {
      expect(await query(db, { tag: 'c' })).toEqual([{ id: 4 }]);
      expect(builds).toBe(2);
    } finally {
      setPrecompiled(true);
    }
  });
});
