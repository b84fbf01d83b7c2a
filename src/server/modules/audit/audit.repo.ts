import type { Kysely } from 'kysely';
import type { AuditAction } from '../../../shared/api/audit.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertAuditEntry(
  db: Db,
  entry: {
    actorId: number | null;
    action: AuditAction;
    spaceId: number | null;
    details: object;
    now: string;
  },
) {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      space_id: entry.spaceId,
      details: JSON.stringify(entry.details),
      created_at: entry.now,
    })
    .execute();
}

/** Newest first, by id (the keyset); one more row than asked tells whether a next page exists. */
export function auditEntries(db: Db, beforeId: number | undefined, limit: number) {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return query.execute();
}
