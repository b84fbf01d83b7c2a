import type { Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * The newsroom on the Fediverse: who follows `@news`, which articles went out as ActivityPub
 * objects (so an edit becomes Update and an unpublished or deleted article Delete, also after the
 * article row is gone), and which remote replies became guest comments. The key pair lives in
 * `instance_secrets`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));
  await db.schema
    .createTable('fediverse_followers')
    .addColumn('id', 'integer', id)
    .addColumn('actor_uri', 'text', (col) => col.notNull().unique())
    .addColumn('inbox', 'text', (col) => col.notNull())
    .addColumn('shared_inbox', 'text')
    .addColumn('handle', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  // No foreign key to content: the row must outlive a deleted article to send its Delete.
  await db.schema
    .createTable('fediverse_objects')
    .addColumn('content_id', 'integer', (col) => col.primaryKey())
    .addColumn('object_uri', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('fediverse_replies')
    .addColumn('id', 'integer', id)
    .addColumn('note_uri', 'text', (col) => col.notNull().unique())
    .addColumn('actor_uri', 'text', (col) => col.notNull())
    .addColumn('guest_comment_id', 'integer', (col) =>
      col.notNull().references('guest_comments.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('fediverse_replies_actor_idx')
    .on('fediverse_replies')
    .column('actor_uri')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fediverse_replies').execute();
  await db.schema.dropTable('fediverse_objects').execute();
  await db.schema.dropTable('fediverse_followers').execute();
}
