import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A real write: a read-only database (failover to a replica, disk full) fails here. */
export async function writeProbe(db: Kysely<DB>, nodeId: string, now: string) {
  await db
    .insertInto('health_probes')
    .values({ node_id: nodeId, checked_at: now })
    .onConflict((conflict) => conflict.column('node_id').doUpdateSet({ checked_at: now }))
    .execute();
}
