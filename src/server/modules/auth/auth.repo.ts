import type { Kysely } from 'kysely';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

const viewerColumns = ['users.id', 'users.role', 'users.name', 'users.handle', 'users.locale'] as const;

// Every request without a cached credential asks one of these two (db/prepared.ts: built once).
const sessionViewer = prepared((db, p: Placeholders<{ sessionId: string; now: string }>) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('session_restrictions', 'session_restrictions.session_id', 'sessions.id')
    .select([
      ...viewerColumns,
      'sessions.last_seen_at',
      'sessions.expires_at',
      'session_restrictions.purpose as restriction',
    ])
    .where('sessions.id', '=', p.value('sessionId'))
    .where('sessions.expires_at', '>', p.value('now'))
    .where('users.status', '=', 'active')
    .limit(1),
);

export async function findSessionViewer(db: Db, sessionId: string, now: string) {
  return (await sessionViewer(db, { sessionId, now }))[0];
}

const tokenViewer = prepared((db, p: Placeholders<{ tokenHash: string }>) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...viewerColumns, 'api_tokens.scope', 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', p.value('tokenHash'))
    .where('users.status', '=', 'active')
    .limit(1),
);

export async function findTokenViewer(db: Db, tokenHash: string) {
  return (await tokenViewer(db, { tokenHash }))[0];
}

export async function touchSession(db: Db, sessionId: string, now: string, expiresAt: string) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id', '=', sessionId)
    .execute();
}

export async function touchToken(db: Db, tokenId: number, now: string) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function insertSession(
  db: Db,
  session: { id: string; userId: number; now: string; expiresAt: string; userAgent: string },
) {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
      user_agent: session.userAgent.slice(0, 300),
    })
    .execute();
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Db, userId: number, exceptSessionId?: string) {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

/** Ends every personal access token of a person (after a password change or reset). */
export async function deleteUserTokens(db: Db, userId: number) {
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
}

/** Kills every reset link of a person that is still open (one was just used, or the password changed). */
export async function closeOpenPasswordResets(db: Db, userId: number, now: string) {
  await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

export function findUserForLogin(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'password_hash', 'status'])
    .where((eb) => (email.includes('@') ? eb('email', '=', email) : eb('personnel_number', '=', email)))
    .executeTakeFirst();
}

export function findLoginFailures(db: Db, key: string) {
  return db.selectFrom('login_failures').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function saveLoginFailures(db: Db, key: string, windowStart: string, failures: number) {
  await db
    .insertInto('login_failures')
    .values({ key, window_start: windowStart, failures })
    .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: windowStart, failures }))
    .execute();
}

export async function clearLoginFailures(db: Db, key: string) {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

export async function insertPasswordReset(
  db: Db,
  tokenHash: string,
  userId: number,
  now: string,
  expiresAt: string,
) {
  await db
    .insertInto('password_resets')
    .values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt, used_at: null })
    .execute();
}

/** Marks the reset used and returns its user, only if it was unused and unexpired (single use, atomic). */
export async function consumePasswordReset(db: Db, tokenHash: string, now: string) {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string, now: string) {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

export function findPasswordHash(db: Db, userId: number) {
  return db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
}
