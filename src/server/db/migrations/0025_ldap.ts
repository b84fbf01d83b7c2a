import type { Kysely } from 'kysely';

/**
 * LDAP / Active Directory: which people came from the directory (only those are deactivated by
 * a sync), the space memberships a sync gave (only those it removes again), and the one sync state
 * row that nodes claim with a conditional update so a scheduled sync runs once across the cluster.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ldap_users')
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('dn', 'text', (col) => col.notNull())
    .addColumn('deactivated_by_sync', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('ldap_memberships')
    .addColumn('space_id', 'integer', (col) => col.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ldap_memberships_pk', ['space_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('ldap_sync_state')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('claimed_until', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_result', 'text')
    .execute();
  await db.insertInto('ldap_sync_state').values({ id: 1 }).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ldap_sync_state', 'ldap_memberships', 'ldap_users'])
    await db.schema.dropTable(table).execute();
}
