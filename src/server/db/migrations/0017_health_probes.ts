import type { Kysely } from 'kysely';

/**
 * One row per app node, rewritten by every readiness check: proves the database accepts writes,
 * not only reads (a read-only replica after a failover, a full disk).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('health_probes')
    .addColumn('node_id', 'text', (column) => column.primaryKey())
    .addColumn('checked_at', 'text', (column) => column.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('health_probes').execute();
}
