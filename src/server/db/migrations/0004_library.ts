import type { Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/** Space file libraries: folders, files with versions, image rights and thumbnails. */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('folders')
    .addColumn('id', 'integer', autoIdColumn(dialectOf(db)))
    .addColumn('space_id', 'integer', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (col) => col.references('folders.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('folders_space_idx')
    .on('folders')
    .columns(['space_id', 'parent_id', 'name'])
    .execute();

  await db.schema
    .alterTable('files')
    .addColumn('space_id', 'integer', (col) => col.references('spaces.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('files')
    .addColumn('folder_id', 'integer', (col) => col.references('folders.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('files')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('files').addColumn('thumbnail_key', 'text').execute();
  await db.schema
    .alterTable('files')
    .addColumn('creator', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('files')
    .addColumn('source', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('files')
    .addColumn('licence', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('files').addColumn('updated_at', 'text').execute();
  await db.schema
    .createIndex('files_library_idx')
    .on('files')
    .columns(['space_id', 'folder_id', 'name'])
    .execute();

  // Library files are searchable: their ids are text, so the index refers to them by file_id.
  await db.schema
    .alterTable('search_index')
    .addColumn('file_id', 'text', (col) => col.references('files.id').onDelete('cascade'))
    .execute();
  await db.schema.dropIndex('search_index_doc_idx').execute();
  await db.schema
    .createIndex('search_index_doc_idx')
    .on('search_index')
    .columns(['doc_type', 'doc_id'])
    .execute();
  await db.schema.createIndex('search_index_file_idx').on('search_index').column('file_id').execute();

  await db.schema
    .createTable('file_versions')
    .addColumn('file_id', 'text', (col) => col.notNull().references('files.id').onDelete('cascade'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('mime', 'text', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('storage_key', 'text', (col) => col.notNull())
    .addColumn('uploader_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('file_versions_pk', ['file_id', 'version'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('file_versions').execute();
  await db.schema.dropIndex('search_index_file_idx').execute();
  await db.schema.alterTable('search_index').dropColumn('file_id').execute();
  await db.schema.dropIndex('files_library_idx').execute();
  for (const column of [
    'updated_at',
    'licence',
    'source',
    'creator',
    'thumbnail_key',
    'version',
    'folder_id',
    'space_id',
  ]) {
    await db.schema.alterTable('files').dropColumn(column).execute();
  }
  await db.schema.dropTable('folders').execute();
}
