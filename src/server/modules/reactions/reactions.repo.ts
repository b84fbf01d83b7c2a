import { type Kysely, sql } from 'kysely';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

// The queries of adding a reaction are built once (db/prepared.ts): building them was ~4 % of its CPU.
type ReactionArgs = { contentId: number; userId: number };

const setReactionQuery = prepared((db, p: Placeholders<ReactionArgs & { type: string; now: string }>) =>
  db
    .insertInto('reactions')
    .values({
      content_id: p.value('contentId'),
      user_id: p.value('userId'),
      type: p.value('type'),
      created_at: p.value('now'),
    })
    .onConflict((oc) => oc.columns(['content_id', 'user_id']).doUpdateSet({ type: p.value('type') })),
);

export async function setReaction(db: Db, contentId: number, userId: number, type: string, now: string) {
  await setReactionQuery(db, { contentId, userId, type, now });
}

export async function removeReaction(db: Db, contentId: number, userId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('reactions')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

const findReactionQuery = prepared((db, p: Placeholders<ReactionArgs>) =>
  db
    .selectFrom('reactions')
    .select('type')
    .where('content_id', '=', p.value('contentId'))
    .where('user_id', '=', p.value('userId')),
);

export async function findReaction(
  db: Db,
  contentId: number,
  userId: number,
): Promise<{ type: string } | undefined> {
  return (await findReactionQuery(db, { contentId, userId }))[0];
}

const countsQuery = prepared((db, p: Placeholders<{ contentId: number }>) =>
  db
    .selectFrom('reactions')
    .select(['type', sql<number>`count(*)`.as('n')])
    .where('content_id', '=', p.value('contentId'))
    .groupBy('type'),
);

export function countsFor(db: Db, contentId: number) {
  return countsQuery(db, { contentId });
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
