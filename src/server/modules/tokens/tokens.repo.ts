import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export function listTokens(db: Db, userId: number) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function insertToken(
  db: Db,
  values: { userId: number; name: string; tokenHash: string; scope: 'read' | 'write'; now: string },
) {
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: values.userId,
      name: values.name,
      token_hash: values.tokenHash,
      scope: values.scope,
      created_at: values.now,
      last_used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findToken(db: Db, id: number) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteToken(db: Db, id: number) {
  await db.deleteFrom('api_tokens').where('id', '=', id).execute();
}
