import type { Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));
  const user = (col: import('kysely').ColumnDefinitionBuilder) =>
    col.notNull().references('users.id').onDelete('cascade');

  await db.schema
    .alterTable('organisation')
    .addColumn('space_creation', 'text', (col) => col.notNull().defaultTo('everyone'))
    .execute();

  await db.schema
    .createTable('spaces')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('color', 'text', (col) => col.notNull())
    .addColumn('visibility', 'text', (col) => col.notNull())
    .addColumn('mandatory', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('archived_at', 'text')
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('search_text', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('spaces_name_idx').on('spaces').columns(['name', 'id']).execute();

  await db.schema
    .createTable('space_members')
    .addColumn('space_id', 'integer', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', user)
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('space_members_pk', ['space_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('space_members_user_idx')
    .on('space_members')
    .columns(['user_id', 'status', 'space_id'])
    .execute();

  await db.schema
    .createTable('content')
    .addColumn('id', 'integer', id)
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('space_id', 'integer', (col) => col.references('spaces.id').onDelete('cascade'))
    .addColumn('profile_user_id', 'integer', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('pinned', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('published_at', 'text')
    .execute();
  await db.schema
    .createIndex('content_space_idx')
    .on('content')
    .columns(['space_id', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('content_profile_idx')
    .on('content')
    .columns(['profile_user_id', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('content_published_idx')
    .on('content')
    .columns(['published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('content_author_idx')
    .on('content')
    .columns(['author_id', 'published_at'])
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('content_id', 'integer', (col) =>
      col.primaryKey().references('content.id').onDelete('cascade'),
    )
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('body_html', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', id)
    .addColumn('content_id', 'integer', (col) => col.notNull().references('content.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (col) => col.references('comments.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('body_html', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('edited_at', 'text')
    .execute();
  await db.schema
    .createIndex('comments_content_idx')
    .on('comments')
    .columns(['content_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('reactions')
    .addColumn('content_id', 'integer', (col) => col.notNull().references('content.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', user)
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('reactions_pk', ['content_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('reactions_content_type_idx')
    .on('reactions')
    .columns(['content_id', 'type'])
    .execute();

  await db.schema
    .createTable('content_tags')
    .addColumn('content_id', 'integer', (col) => col.notNull().references('content.id').onDelete('cascade'))
    .addColumn('tag', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('content_tags_pk', ['content_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('content_tags_tag_idx')
    .on('content_tags')
    .columns(['tag', 'content_id'])
    .execute();

  await db.schema
    .createTable('follows')
    .addColumn('follower_id', 'integer', user)
    .addColumn('followee_id', 'integer', user)
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'followee_id'])
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('uploader_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('content_id', 'integer', (col) => col.references('content.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('mime', 'text', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('storage_key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('files_content_idx').on('files').columns(['content_id', 'position']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', user)
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('actor_count', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('content_id', 'integer', (col) => col.references('content.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (col) => col.references('comments.id').onDelete('cascade'))
    .addColumn('space_id', 'integer', (col) => col.references('spaces.id').onDelete('cascade'))
    .addColumn('group_key', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_group_idx')
    .on('notifications')
    .columns(['user_id', 'group_key'])
    .execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'integer', user)
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('notification_settings_pk', ['user_id', 'type'])
    .execute();

  await db.schema
    .createTable('mutes')
    .addColumn('user_id', 'integer', user)
    .addColumn('target', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('mutes_pk', ['user_id', 'target'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'mutes',
    'notification_settings',
    'notifications',
    'files',
    'follows',
    'content_tags',
    'reactions',
    'comments',
    'posts',
    'content',
    'space_members',
    'spaces',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('organisation').dropColumn('space_creation').execute();
}
