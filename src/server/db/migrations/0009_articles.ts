import { type Kysely, sql } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * Company news: articles are content of type 'article' with their own fields, revisions, must-read
 * confirmations (the only read receipts Kantine keeps), and the public newsroom's guest comments.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));
  const contentRef = (col: import('kysely').ColumnDefinitionBuilder) =>
    col.notNull().references('content.id').onDelete('cascade');

  await db.schema
    .createTable('articles')
    .addColumn('content_id', 'integer', (col) =>
      col.primaryKey().references('content.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('teaser', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('body_html', 'text', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('cover_file_id', 'text', (col) => col.references('files.id').onDelete('set null'))
    .addColumn('is_public', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('guest_comments', 'text', (col) => col.notNull().defaultTo('moderated'))
    .addColumn('must_read', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('must_read_deadline', 'text')
    .addColumn('scheduled_at', 'text')
    .addColumn('reading_minutes', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('reminder_sent_at', 'text')
    .addColumn('last_editor_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('articles_category_idx').on('articles').columns(['category']).execute();
  // The scheduler asks "what is due?" every few seconds on every node.
  await db.schema
    .createIndex('articles_scheduled_idx')
    .on('articles')
    .columns(['scheduled_at'])
    .where(sql.ref('scheduled_at'), 'is not', null)
    .execute();
  // Company-wide items (no space, no profile) read in date order for the home feed and the news page.
  await sql`create index content_company_idx on content (published_at, id) where space_id is null and profile_user_id is null`.execute(
    db,
  );
  await db.schema
    .createIndex('content_type_idx')
    .on('content')
    .columns(['type', 'published_at', 'id'])
    .execute();

  await db.schema
    .createTable('article_must_read_spaces')
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('space_id', 'integer', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_must_read_spaces_pk', ['content_id', 'space_id'])
    .execute();

  await db.schema
    .createTable('read_confirmations')
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('confirmed_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('read_confirmations_pk', ['content_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('read_confirmations_user_idx')
    .on('read_confirmations')
    .columns(['user_id', 'content_id'])
    .execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', 'integer', id)
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('teaser', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('editor_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('article_revisions_content_idx')
    .on('article_revisions')
    .columns(['content_id', 'id'])
    .execute();

  await db.schema
    .createTable('guest_comments')
    .addColumn('id', 'integer', id)
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('website', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('moderated_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('moderated_at', 'text')
    .execute();
  await db.schema
    .createIndex('guest_comments_content_idx')
    .on('guest_comments')
    .columns(['content_id', 'state', 'id'])
    .execute();
  await db.schema
    .createIndex('guest_comments_state_idx')
    .on('guest_comments')
    .columns(['state', 'id'])
    .execute();

  // A captcha question is answered once, within its lifetime; only the answer is kept, never who asked.
  await db.schema
    .createTable('captcha_challenges')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('answer', 'integer', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'captcha_challenges',
    'guest_comments',
    'article_revisions',
    'read_confirmations',
    'article_must_read_spaces',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('content_type_idx').execute();
  await db.schema.dropIndex('content_company_idx').execute();
  await db.schema.dropTable('articles').execute();
}
