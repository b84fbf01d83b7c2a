import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * FTS5 keeps prefix indexes for prefixes of 2 to 8 letters (it had 2 to 4): a typed prefix then
 * reads one doclist instead of merging every matching term's (benchmark at 100,000 posts: 1.8 ms
 * → 0.5 ms per query, +7 % database size). PostgreSQL needs no change.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await rebuild(db, '2 3 4 5 6 7 8');
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await rebuild(db, '2 3 4');
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
async function rebuild(db: Kysely<any>, prefixes: string) {
  await sql`drop table search_fts`.execute(db);
  await sql
    .raw(
      `create virtual table search_fts using fts5(raw, stems, kind, tokenize = 'unicode61', prefix = '${prefixes}')`,
    )
    .execute(db);
  await sql`insert into search_fts (rowid, raw, stems, kind) select id, raw_terms, stem_terms, doc_type from search_index`.execute(
    db,
  );
}
