import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** The guidelines in force: the newest saved version (none until the desk writes them). */
export function currentGuidelines(db: Db) {
  return db.selectFrom('social_guidelines').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function insertGuidelines(
  db: Db,
  values: { title: string; body: string; author_id: number; created_at: string },
): Promise<number> {
  const row = await db
    .insertInto('social_guidelines')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records "read and understood" once per person and version (a repeat keeps the first time). */
export async function confirm(db: Db, guidelinesId: number, userId: number, now: string) {
  await db
    .insertInto('social_guideline_confirmations')
    .values({ guidelines_id: guidelinesId, user_id: userId, confirmed_at: now })
    .onConflict((oc) => oc.columns(['guidelines_id', 'user_id']).doNothing())
    .execute();
}

export async function confirmedAt(db: Db, guidelinesId: number, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('social_guideline_confirmations')
    .select('confirmed_at')
    .where('guidelines_id', '=', guidelinesId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.confirmed_at ?? null;
}

/** Active people with the social-media right (admins have it) and whether they confirmed this version. */
export function deskWithConfirmation(db: Db, guidelinesId: number) {
  return db
    .selectFrom('users')
    .leftJoin('social_guideline_confirmations as c', (join) =>
      join.onRef('c.user_id', '=', 'users.id').on('c.guidelines_id', '=', guidelinesId),
    )
    .select(['users.id', 'c.confirmed_at'])
    .where('users.status', '=', 'active')
    .where((eb) => eb.or([eb('users.role', '=', 'admin'), eb('users.social_media', '=', 1)]))
    .orderBy('users.id')
    .execute();
}
