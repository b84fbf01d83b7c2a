import type { Insertable, Kysely } from 'kysely';
import type {
  DB,
  SocialAccountsTable,
  SocialOauthAppsTable,
  SocialOauthStatesTable,
} from '../../db/schema.js';

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

export function findOauthApp(db: Db, instanceUrl: string) {
  return db
    .selectFrom('social_oauth_apps')
    .selectAll()
    .where('instance_url', '=', instanceUrl)
    .executeTakeFirst();
}

/** One app per instance: a new registration (e.g. after the public address changed) replaces the old. */
export async function saveOauthApp(db: Db, values: Insertable<SocialOauthAppsTable>) {
  await db
    .insertInto('social_oauth_apps')
    .values(values)
    .onConflict((oc) =>
      oc.column('instance_url').doUpdateSet({
        redirect_uri: values.redirect_uri,
        client_id: values.client_id,
        client_secret: values.client_secret,
        created_at: values.created_at,
      }),
    )
    .execute();
}

export async function insertOauthState(db: Db, values: Insertable<SocialOauthStatesTable>, now: string) {
  await db.deleteFrom('social_oauth_states').where('expires_at', '<', now).execute();
  await db.insertInto('social_oauth_states').values(values).execute();
}

/** Takes a pending authorisation out (exactly one caller gets it), whether or not it is still valid. */
export function takeOauthState(db: Db, stateHash: string) {
  return db
    .deleteFrom('social_oauth_states')
    .where('state_hash', '=', stateHash)
    .returningAll()
    .executeTakeFirst();
}
