import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Index rows also vanish through cascades (a deleted post, space or file); their FTS5 rows must go
 * with them, or they would take places among a search's newest candidates. A trigger does it at
 * the one place every deletion passes; the orphans earlier versions left are removed once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`create trigger search_index_fts_delete after delete on search_index begin delete from search_fts where rowid = old.id; end`.execute(
    db,
  );
  await sql`delete from search_fts where rowid not in (select id from search_index)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`drop trigger search_index_fts_delete`.execute(db);
}
