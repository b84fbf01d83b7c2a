import type { Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/** SCIM 2.0 provisioning: bearer tokens, the user names a directory knows people by, groups as spaces. */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));
  await db.schema
    .createTable('scim_tokens')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('scim_users')
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (col) => col.notNull().unique())
    .addColumn('external_id', 'text')
    .execute();

  await db.schema
    .createTable('scim_groups')
    .addColumn('id', 'integer', id)
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('external_id', 'text')
    .addColumn('space_id', 'integer', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  // Who the directory put into a group: only these memberships are SCIM's to remove again.
  await db.schema
    .createTable('scim_group_members')
    .addColumn('group_id', 'integer', (col) => col.notNull().references('scim_groups.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('scim_group_members_pk', ['group_id', 'user_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['scim_group_members', 'scim_groups', 'scim_users', 'scim_tokens'])
    await db.schema.dropTable(table).execute();
}
