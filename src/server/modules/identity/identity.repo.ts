import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export function findSettings(db: Db, kind: string) {
  return db.selectFrom('identity_settings').selectAll().where('kind', '=', kind).executeTakeFirst();
}

export async function saveSettings(
  db: Db,
  kind: string,
  settings: string,
  secret: string | null,
  now: string,
) {
  await db
    .insertInto('identity_settings')
    .values({ kind, settings, secret, updated_at: now })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ settings, secret, updated_at: now }))
    .execute();
}

/** Replaces a settings row's secret only if it still holds `old` (start-up sealing on several nodes). */
export async function replaceSettingsSecret(db: Db, kind: string, old: string, secret: string) {
  await db
    .updateTable('identity_settings')
    .set({ secret })
    .where('kind', '=', kind)
    .where('secret', '=', old)
    .execute();
}

export async function insertOidcLogin(
  db: Db,
  login: { stateHash: string; codeVerifier: string; nonce: string; returnTo: string; expiresAt: string },
  now: string,
) {
  // Abandoned logins are cleared on the way, so the table never grows.
  await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
  await db
    .insertInto('oidc_logins')
    .values({
      state_hash: login.stateHash,
      code_verifier: login.codeVerifier,
      nonce: login.nonce,
      return_to: login.returnTo,
      expires_at: login.expiresAt,
    })
    .execute();
}

/** Reads and deletes a pending login in one go: a state works once. */
export async function takeOidcLogin(db: Db, stateHash: string, now: string) {
  const row = await db
    .deleteFrom('oidc_logins')
    .where('state_hash', '=', stateHash)
    .returningAll()
    .executeTakeFirst();
  return row && row.expires_at > now ? row : undefined;
}

export function findOidcLink(db: Db, issuer: string, subject: string) {
  return db
    .selectFrom('oidc_links')
    .select('user_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export async function insertOidcLink(db: Db, issuer: string, subject: string, userId: number, now: string) {
  await db
    .insertInto('oidc_links')
    .values({ issuer, subject, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .execute();
}

export async function insertOidcSession(db: Db, sessionId: string, issuer: string, idToken: string) {
  await db.insertInto('oidc_sessions').values({ session_id: sessionId, issuer, id_token: idToken }).execute();
}

export function findOidcSession(db: Db, sessionId: string) {
  return db.selectFrom('oidc_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
}

export function findUserByPersonnelNumber(db: Db, personnelNumber: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('personnel_number', '=', personnelNumber)
    .executeTakeFirst();
}

export async function setPersonnelNumber(db: Db, userId: number, personnelNumber: string | null) {
  await db.updateTable('users').set({ personnel_number: personnelNumber }).where('id', '=', userId).execute();
}

export async function insertAccessCode(
  db: Db,
  code: { codeHash: string; userId: number; createdBy: number; now: string; expiresAt: string },
) {
  await db
    .insertInto('access_codes')
    .values({
      code_hash: code.codeHash,
      user_id: code.userId,
      created_by: code.createdBy,
      created_at: code.now,
      expires_at: code.expiresAt,
      used_at: null,
    })
    .execute();
}

/** Earlier codes of a person stop working when a new one is printed. */
export async function deleteAccessCodesOf(db: Db, userId: number) {
  await db.deleteFrom('access_codes').where('user_id', '=', userId).execute();
}

/** Marks an unused, unexpired code as used and returns its person; a code works once. */
export async function consumeAccessCode(db: Db, codeHash: string, now: string) {
  const row = await db
    .updateTable('access_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

export async function restrictSession(db: Db, sessionId: string) {
  await db
    .insertInto('session_restrictions')
    .values({ session_id: sessionId, purpose: 'set_credential' })
    .execute();
}

export function findSessionRestriction(db: Db, sessionId: string) {
  return db
    .selectFrom('session_restrictions')
    .select('purpose')
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
}

export async function setSessionExpiry(db: Db, sessionId: string, expiresAt: string) {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

/** Every person's manager link (the users table is small): the chain below a team lead. */
export function managerLinks(db: Db) {
  return db.selectFrom('users').select(['id', 'manager_id']).execute();
}

/** The viewer's role and team-lead right, looked up on each request (not cached with the session). */
export function findStaffRights(db: Db, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'staff_lead'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The people given the team-lead right (administrators have it anyway). */
export async function staffLeadIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('staff_lead', '=', 1).execute();
  return rows.map((row) => row.id);
}

export async function setStaffLead(db: Db, userId: number, on: boolean, now: string) {
  const result = await db
    .updateTable('users')
    .set({ staff_lead: on ? 1 : 0, updated_at: now })
    .where('id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
