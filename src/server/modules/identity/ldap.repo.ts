import type { Kysely, Selectable } from 'kysely';
import type { DB, UsersTable } from '../../db/schema.js';

type Db = Kysely<DB>;

/** Everyone who came from the directory, with what Kantine knows of them today. */
export function listLdapPeople(db: Db, only?: { username?: string; dn?: string }) {
  let query = db
    .selectFrom('ldap_users')
    .innerJoin('users', 'users.id', 'ldap_users.user_id')
    .select([
      'ldap_users.user_id',
      'ldap_users.username',
      'ldap_users.dn',
      'ldap_users.deactivated_by_sync',
      'users.name',
      'users.email',
      'users.title',
      'users.department',
      'users.location',
      'users.phone',
      'users.manager_id',
      'users.personnel_number',
      'users.status',
      'users.role',
    ]);
  if (only?.username !== undefined) query = query.where('ldap_users.username', '=', only.username);
  if (only?.dn !== undefined) query = query.where('ldap_users.dn', '=', only.dn);
  return query.execute();
}
export type LdapPersonRow = Awaited<ReturnType<typeof listLdapPeople>>[number];

/** Accounts by e-mail, in one query per 500 addresses (a sync plans thousands of people at once). */
export async function findUsersByEmails(db: Db, emails: string[]) {
  const found = new Map<string, Selectable<UsersTable>>();
  for (let start = 0; start < emails.length; start += 500) {
    const rows = await db
      .selectFrom('users')
      .selectAll()
      .where('email', 'in', emails.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.email, row);
  }
  return found;
}

export function findLdapUserByUsername(db: Db, username: string) {
  return db.selectFrom('ldap_users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findLdapUserById(db: Db, userId: number) {
  return db.selectFrom('ldap_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveLdapUser(db: Db, userId: number, username: string, dn: string, now: string) {
  await db
    .insertInto('ldap_users')
    .values({ user_id: userId, username, dn, deactivated_by_sync: 0, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ username, dn, deactivated_by_sync: 0 }))
    .execute();
}

export async function markDeactivatedBySync(db: Db, userId: number) {
  await db.updateTable('ldap_users').set({ deactivated_by_sync: 1 }).where('user_id', '=', userId).execute();
}

export function isProvisionedElsewhere(db: Db, userId: number) {
  return db.selectFrom('scim_users').select('user_id').where('user_id', '=', userId).executeTakeFirst();
}

export function listLdapMemberships(db: Db) {
  return db.selectFrom('ldap_memberships').selectAll().execute();
}

export async function addLdapMembership(db: Db, spaceId: number, userId: number) {
  await db
    .insertInto('ldap_memberships')
    .values({ space_id: spaceId, user_id: userId })
    .onConflict((oc) => oc.columns(['space_id', 'user_id']).doNothing())
    .execute();
}

export async function removeLdapMembership(db: Db, spaceId: number, userId: number) {
  await db
    .deleteFrom('ldap_memberships')
    .where('space_id', '=', spaceId)
    .where('user_id', '=', userId)
    .execute();
}

export function findSyncState(db: Db) {
  return db.selectFrom('ldap_sync_state').selectAll().where('id', '=', 1).executeTakeFirst();
}

/**
 * Takes the sync for this node when nobody holds it and (for scheduled runs) it is due: a single
 * conditional update, so of several nodes or processes exactly one wins.
 */
export async function claimSync(db: Db, now: string, claimUntil: string, dueBefore: string | null) {
  let query = db
    .updateTable('ldap_sync_state')
    .set({ claimed_until: claimUntil, last_started_at: now })
    .where('id', '=', 1)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]));
  if (dueBefore !== null)
    query = query.where((eb) =>
      eb.or([eb('last_started_at', 'is', null), eb('last_started_at', '<=', dueBefore)]),
    );
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseSync(db: Db, lastResult: string | null) {
  await db
    .updateTable('ldap_sync_state')
    .set(lastResult === null ? { claimed_until: null } : { claimed_until: null, last_result: lastResult })
    .where('id', '=', 1)
    .execute();
}
