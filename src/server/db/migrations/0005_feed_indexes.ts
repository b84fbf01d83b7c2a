import { type Kysely, sql } from 'kysely';

/**
 * Indexes the benchmark asked for at 1M posts: pinned posts without scanning a huge space, and
 * hashtag streams read in date order straight from the tag index.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index content_pinned_idx on content (space_id, published_at) where pinned = 1`.execute(db);
  await db.schema.alterTable('content_tags').addColumn('published_at', 'text').execute();
  await sql`update content_tags set published_at = (select content.published_at from content where content.id = content_tags.content_id)`.execute(
    db,
  );
  await db.schema
    .createIndex('content_tags_feed_idx')
    .on('content_tags')
    .columns(['tag', 'published_at', 'content_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('content_tags_feed_idx').execute();
  await db.schema.alterTable('content_tags').dropColumn('published_at').execute();
  await db.schema.dropIndex('content_pinned_idx').execute();
}
