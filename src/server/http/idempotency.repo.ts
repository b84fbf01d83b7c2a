import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

type Db = Kysely<DB>;

export interface KeyOwner {
  userId: number;
  key: string;
}

/** Takes the key for this request; false when it is already taken (by an earlier or a running request). */
export async function claim(db: Db, owner: KeyOwner, requestHash: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      user_id: owner.userId,
      key: owner.key,
      request_hash: requestHash,
      status_code: null,
      response_body: null,
      created_at: now,
    })
    .onConflict((conflict) => conflict.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function find(db: Db, owner: KeyOwner) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', owner.userId)
    .where('key', '=', owner.key)
    .executeTakeFirst();
}

export async function complete(db: Db, owner: KeyOwner, statusCode: number, body: string) {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response_body: body })
    .where('user_id', '=', owner.userId)
    .where('key', '=', owner.key)
    .execute();
}

/** Frees a key whose request failed or expired, so the next attempt runs for real. */
export async function release(db: Db, owner: KeyOwner, createdAt?: string) {
  let query = db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', owner.userId)
    .where('key', '=', owner.key);
  if (createdAt) query = query.where('created_at', '=', createdAt);
  await query.execute();
}

export async function deleteCreatedBefore(db: Db, cutoff: string) {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
}
