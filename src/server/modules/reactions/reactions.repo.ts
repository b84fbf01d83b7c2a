import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function setReaction(db: Db, contentId: number, userId: number, type: string, now: string) {
  await db
    .insertInto('reactions')
    .values({ content_id: contentId, user_id: userId, type, created_at: now })
    .onConflict((oc) => oc.columns(['content_id', 'user_id']).doUpdateSet({ type }))
    .execute();
}

export async function removeReaction(db: Db, contentId: number, userId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('reactions')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function findReaction(db: Db, contentId: number, userId: number) {
  return db
    .selectFrom('reactions')
    .select('type')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function countsFor(db: Db, contentId: number) {
  return db
    .selectFrom('reactions')
    .select(['type', sql<number>`count(*)`.as('n')])
    .where('content_id', '=', contentId)
    .groupBy('type')
    .execute();
}

export function reactors(db: Db, contentId: number) {
  return db
    .selectFrom('reactions')
    .innerJoin('users', 'users.id', 'reactions.user_id')
    .selectAll('users')
    .select('reactions.type as reaction_type')
    .where('reactions.content_id', '=', contentId)
    .orderBy('reactions.created_at', 'desc')
    .limit(500)
    .execute();
}
