import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.js';
import { writeBatcher } from './write-batch.js';

type Untyped = Kysely<{ t: { id: number; word: string } }>;

describe('writeBatcher', () => {
  let database: Database;
  let transactions = 0;
  let open = 0;
  let mostOpen = 0;
  const rows = async () =>
    (
      await (database.db as unknown as Untyped).selectFrom('t').select(['id', 'word']).orderBy('id').execute()
    ).map((row) => `${row.id}:${row.word}`);
  // Writes a row; a word of "bad" breaks the unique id of row 0 (which the first test never writes).
  const write = writeBatcher<{ id: number; word: string }>(async (trx, items) => {
    for (const item of items)
      await sql`insert into t (id, word) values (${item.word === 'bad' ? 0 : item.id}, ${item.word}) on conflict (id) do update set word = excluded.word`.execute(
        trx,
      );
  });

  beforeAll(async () => {
    database = openDatabase({
      kind: 'sqlite',
      file: path.join(os.tmpdir(), `kantine-write-batch-${process.pid}-${Date.now()}.db`),
    });
    await sql`create table t (id integer primary key check (id > 0), word text not null)`.execute(
      database.db,
    );
    const transaction = database.transaction.bind(database);
    database.transaction = async (work) => {
      transactions++;
      open++;
      mostOpen = Math.max(mostOpen, open);
      try {
        return await transaction(work);
      } finally {
        open--;
      }
    };
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await sql`delete from t`.execute(database.db);
    transactions = 0;
    mostOpen = 0;
  });

  it('commits the writes asked for in one turn of the event loop in one transaction, in order', async () => {
    await Promise.all([1, 2, 3, 4, 5].map((id) => write(database, { id, word: `w${id}` })));
    expect(transactions).toBe(1);
    expect(await rows()).toEqual(['1:w1', '2:w2', '3:w3', '4:w4', '5:w5']);

    // The same row twice in one batch: the later write wins.
    await Promise.all([
      write(database, { id: 1, word: 'first' }),
      write(database, { id: 1, word: 'second' }),
    ]);
    expect(transactions).toBe(2);
    expect((await rows())[0]).toBe('1:second');
  });

  it('settles each caller only once its write is committed', async () => {
    let committed: string[] = [];
    await write(database, { id: 7, word: 'seven' }).then(async () => {
      committed = await rows();
    });
    expect(committed).toEqual(['7:seven']);
  });

  it('writes in separate turns in separate transactions', async () => {
    await write(database, { id: 1, word: 'a' });
    await write(database, { id: 2, word: 'b' });
    expect(transactions).toBe(2);
  });

  it('writes one batch at a time: what arrives meanwhile waits and forms the next batch', async () => {
    // Each flush takes a while (like a PostgreSQL round trip); three more turns ask for writes meanwhile.
    const slow = writeBatcher<number>(async (trx, ids) => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      for (const id of ids) await sql`insert into t (id, word) values (${id}, 'slow')`.execute(trx);
    });
    const writes: Promise<void>[] = [slow(database, 1)];
    for (const id of [2, 3, 4]) {
      await new Promise((resolve) => setImmediate(resolve));
      writes.push(slow(database, id));
    }
    await Promise.all(writes);
    expect(mostOpen).toBe(1);
    expect(transactions).toBe(2);
    expect(await rows()).toEqual(['1:slow', '2:slow', '3:slow', '4:slow']);
  });

  it('fails only the caller whose write fails; the others are committed', async () => {
    const results = await Promise.allSettled([
      write(database, { id: 1, word: 'one' }),
      write(database, { id: 2, word: 'bad' }),
      write(database, { id: 3, word: 'three' }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rows()).toEqual(['1:one', '3:three']);
  });
});
