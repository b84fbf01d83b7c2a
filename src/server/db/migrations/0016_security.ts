import type { Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * Security review (issue 11): library files stop being attachments, the address for absolute links
 * is stored at setup, an audit trail for admin actions, a server secret for signed captchas and the
 * ids of captcha tokens already used (until they expire anyway).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));

  // A library file attached to a post or article escaped its space; it follows only its space again.
  await db
    .updateTable('articles')
    .set({ cover_file_id: null })
    .where('cover_file_id', 'in', db.selectFrom('files').select('id').where('space_id', 'is not', null))
    .execute();
  await db
    .updateTable('files')
    .set({ content_id: null })
    .where('space_id', 'is not', null)
    .where('content_id', 'is not', null)
    .execute();

  // The address people use, taken from the setup request (the one moment the Host can be trusted).
  await db.schema.alterTable('organisation').addColumn('public_url', 'text').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', id)
    .addColumn('actor_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('space_id', 'integer', (col) => col.references('spaces.id').onDelete('set null'))
    .addColumn('details', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('used_captchas')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('used_captchas').execute();
  await db.schema.dropTable('instance_secrets').execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.alterTable('organisation').dropColumn('public_url').execute();
}
