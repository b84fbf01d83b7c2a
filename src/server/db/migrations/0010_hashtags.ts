import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Every hashtag once, with how often it was ever used: hashtag suggestions read candidates here
 * instead of counting a prefix's uses over all tagged items (benchmark, 1M posts: 1.5 s per
 * suggestion request before). Also a partial index for the open must-reads of each home feed.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hashtags')
    .addColumn('tag', 'text', (col) => col.primaryKey())
    .addColumn('uses', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`insert into hashtags (tag, uses) select tag, count(*) from content_tags group by tag`.execute(db);
  // Every first page of a home feed asks for open must-reads; they are few among all articles.
  await sql`create index articles_must_read_idx on articles (content_id) where must_read = 1`.execute(db);
  // Suggesting people, spaces and files: PostgreSQL intersected a prefix's 155,000 posts with the
  // 10,000 people (58 ms); a GIN index over the small kinds alone answers in 0.6 ms.
  if (dialectOf(db) === 'postgres')
    await sql`create index search_index_small_tsv_idx on search_index using gin (tsv) where doc_type in ('person', 'space', 'file')`.execute(
      db,
    );
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') await db.schema.dropIndex('search_index_small_tsv_idx').execute();
  await db.schema.dropIndex('articles_must_read_idx').execute();
  await db.schema.dropTable('hashtags').execute();
}
