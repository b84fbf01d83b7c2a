import type { Insertable, Kysely } from 'kysely';
import type { DB, SocialAccountsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertAccount(db: Db, values: Insertable<SocialAccountsTable>): Promise<number> {
  const row = await db.insertInto('social_accounts').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function listAccounts(db: Db) {
  return db.selectFrom('social_accounts').selectAll().orderBy('id').execute();
}

export function findAccount(db: Db, id: number) {
  return db.selectFrom('social_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteAccount(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('social_accounts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
