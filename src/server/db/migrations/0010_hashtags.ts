import { type Kysely, sql } from 'kysely';

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
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_must_read_idx').execute();
  await db.schema.dropTable('hashtags').execute();
}
