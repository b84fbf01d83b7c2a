import type { Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * The social desk's gaps: Mastodon apps registered per instance (client secret sealed) and the
 * pending OAuth authorisations (single-use states bound to a person); the social-media guidelines
 * as versions with their confirmations; an alt text per story picture.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));
  await db.schema
    .createTable('social_oauth_apps')
    .addColumn('instance_url', 'text', (col) => col.primaryKey())
    .addColumn('redirect_uri', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('client_secret', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('social_oauth_states')
    .addColumn('state_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('instance_url', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('social_guidelines')
    .addColumn('id', 'integer', id)
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('author_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('social_guideline_confirmations')
    .addColumn('guidelines_id', 'integer', (col) =>
      col.notNull().references('social_guidelines.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('confirmed_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('social_guideline_confirmations_pk', ['guidelines_id', 'user_id'])
    .execute();

  await db.schema.alterTable('story_pictures').addColumn('alt', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('story_pictures').dropColumn('alt').execute();
  for (const table of [
    'social_guideline_confirmations',
    'social_guidelines',
    'social_oauth_states',
    'social_oauth_apps',
  ])
    await db.schema.dropTable(table).execute();
}
