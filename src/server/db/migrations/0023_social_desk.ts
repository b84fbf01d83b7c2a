import type { Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * The social media desk: the desk right, stories suggested by colleagues with their pictures and
 * consents, connected network accounts (credentials encrypted), channel posts with their media,
 * desk settings and aggregate share-link clicks. Notifications may carry their own note and link,
 * and a file may be held by a feature outside posts and libraries (so the upload sweeper keeps it).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));
  await db.schema
    .alterTable('users')
    .addColumn('social_media', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('notifications').addColumn('note', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('link', 'text').execute();
  await db.schema.alterTable('files').addColumn('held_by', 'text').execute();

  await db.schema
    .createTable('stories')
    .addColumn('id', 'integer', id)
    .addColumn('author_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('link', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('campaign', 'text')
    .addColumn('planned_for', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('stories_author_idx').on('stories').columns(['author_id', 'id']).execute();
  await db.schema.createIndex('stories_state_idx').on('stories').columns(['state', 'id']).execute();
  await db.schema.createIndex('stories_planned_idx').on('stories').column('planned_for').execute();

  await db.schema
    .createTable('story_pictures')
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('file_id', 'text', (col) => col.notNull().references('files.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('creator', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('licence', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('story_pictures_pk', ['story_id', 'file_id'])
    .execute();

  await db.schema
    .createTable('story_consents')
    .addColumn('id', 'integer', id)
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('file_id', 'text', (col) => col.references('files.id').onDelete('set null'))
    .addColumn('person_id', 'integer', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('external_name', 'text')
    .addColumn('form_file_id', 'text', (col) => col.references('files.id').onDelete('set null'))
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('requested_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('story_consents_story_idx').on('story_consents').column('story_id').execute();
  await db.schema.createIndex('story_consents_person_idx').on('story_consents').column('person_id').execute();

  await db.schema
    .createTable('social_accounts')
    .addColumn('id', 'integer', id)
    .addColumn('network', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('service_url', 'text', (col) => col.notNull())
    .addColumn('credentials', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('social_posts')
    .addColumn('id', 'integer', id)
    .addColumn('story_id', 'integer', (col) => col.references('stories.id').onDelete('set null'))
    .addColumn('article_id', 'integer', (col) => col.references('content.id').onDelete('set null'))
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('account_id', 'integer', (col) => col.references('social_accounts.id').onDelete('set null'))
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('campaign', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('scheduled_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('external_url', 'text')
    .addColumn('error', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('attempt_key', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('social_posts_due_idx')
    .on('social_posts')
    .columns(['state', 'scheduled_at'])
    .execute();
  await db.schema.createIndex('social_posts_story_idx').on('social_posts').column('story_id').execute();

  await db.schema
    .createTable('social_post_media')
    .addColumn('post_id', 'integer', (col) => col.notNull().references('social_posts.id').onDelete('cascade'))
    .addColumn('file_id', 'text', (col) => col.notNull().references('files.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('alt', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('social_post_media_pk', ['post_id', 'file_id'])
    .execute();

  await db.schema
    .createTable('social_settings')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('guidelines_article_id', 'integer', (col) => col.references('content.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('share_clicks')
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('network', 'text', (col) => col.notNull())
    .addColumn('clicks', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('share_clicks_pk', ['story_id', 'network'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'share_clicks',
    'social_settings',
    'social_post_media',
    'social_posts',
    'social_accounts',
    'story_consents',
    'story_pictures',
    'stories',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('files').dropColumn('held_by').execute();
  await db.schema.alterTable('notifications').dropColumn('link').execute();
  await db.schema.alterTable('notifications').dropColumn('note').execute();
  await db.schema.alterTable('users').dropColumn('social_media').execute();
}
