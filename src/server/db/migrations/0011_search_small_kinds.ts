import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * SQLite keeps people, spaces and files in a second FTS5 table. Suggesting them read a typed
 * prefix's whole doclist in the one table — some 155,000 posts at 1M posts, once per kind; in a
 * table of their own it is a few thousand rows (PostgreSQL got the same split as a partial GIN
 * index in 0010).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`create virtual table search_fts_small using fts5(raw, stems, kind, tokenize = 'unicode61', prefix = '2 3 4 5 6 7 8')`.execute(
    db,
  );
  await sql`insert into search_fts_small (rowid, raw, stems, kind) select id, raw_terms, stem_terms, doc_type from search_index where doc_type in ('person', 'space', 'file')`.execute(
    db,
  );
  await sql`delete from search_fts where rowid in (select id from search_index where doc_type in ('person', 'space', 'file'))`.execute(
    db,
  );
  await sql`drop trigger search_index_fts_delete`.execute(db);
  await sql`create trigger search_index_fts_delete after delete on search_index begin delete from search_fts where rowid = old.id; delete from search_fts_small where rowid = old.id; end`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`insert into search_fts (rowid, raw, stems, kind) select rowid, raw, stems, kind from search_fts_small`.execute(
    db,
  );
  await sql`drop trigger search_index_fts_delete`.execute(db);
  await sql`create trigger search_index_fts_delete after delete on search_index begin delete from search_fts where rowid = old.id; end`.execute(
    db,
  );
  await sql`drop table search_fts_small`.execute(db);
}
