import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertScimToken(
  db: Db,
  name: string,
  tokenHash: string,
  createdBy: number,
  now: string,
) {
  const row = await db
    .insertInto('scim_tokens')
    .values({ name, token_hash: tokenHash, created_by: createdBy, created_at: now, last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findScimToken(db: Db, tokenHash: string) {
  return db.selectFrom('scim_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchScimToken(db: Db, id: number, now: string) {
  await db.updateTable('scim_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export function listScimTokens(db: Db) {
  return db
    .selectFrom('scim_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .orderBy('id')
    .execute();
}

export async function deleteScimToken(db: Db, id: number) {
  const result = await db.deleteFrom('scim_tokens').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

const userColumns = [
  'users.id',
  'users.name',
  'users.email',
  'users.status',
  'users.title',
  'users.department',
  'users.phone',
  'users.manager_id',
  'users.personnel_number',
  'users.role',
  'users.created_at',
  'users.updated_at',
  'scim_users.user_name',
  'scim_users.external_id',
] as const;

function usersQuery(db: Db) {
  return db.selectFrom('users').leftJoin('scim_users', 'scim_users.user_id', 'users.id').select(userColumns);
}
export type ScimUserRow = Awaited<ReturnType<typeof findScimUser>> & object;

export function findScimUser(db: Db, id: number) {
  return usersQuery(db).where('users.id', '=', id).executeTakeFirst();
}

/** Directories find people by user name; people who were here before SCIM are found by e-mail. */
export function findScimUsersByUserName(db: Db, userName: string) {
  return usersQuery(db)
    .where((eb) =>
      eb.or([eb('scim_users.user_name', '=', userName), eb('users.email', '=', userName.toLowerCase())]),
    )
    .execute();
}

export function listScimUsers(db: Db) {
  return usersQuery(db).orderBy('users.id').execute();
}

export async function saveScimUser(db: Db, userId: number, userName: string, externalId: string | null) {
  await db
    .insertInto('scim_users')
    .values({ user_id: userId, user_name: userName, external_id: externalId })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ user_name: userName, external_id: externalId }))
    .execute();
}

export function userNameTaken(db: Db, userName: string, exceptUserId: number | null) {
  let query = db.selectFrom('scim_users').select('user_id').where('user_name', '=', userName);
  if (exceptUserId !== null) query = query.where('user_id', '!=', exceptUserId);
  return query.executeTakeFirst();
}

export function listScimGroups(db: Db) {
  return db.selectFrom('scim_groups').selectAll().orderBy('id').execute();
}

export function findScimGroup(db: Db, id: number) {
  return db.selectFrom('scim_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertScimGroup(
  db: Db,
  group: { displayName: string; externalId: string | null; spaceId: number; now: string },
) {
  const row = await db
    .insertInto('scim_groups')
    .values({
      display_name: group.displayName,
      external_id: group.externalId,
      space_id: group.spaceId,
      created_at: group.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateScimGroup(db: Db, id: number, displayName: string, externalId: string | null) {
  await db
    .updateTable('scim_groups')
    .set({ display_name: displayName, external_id: externalId })
    .where('id', '=', id)
    .execute();
}

export async function deleteScimGroup(db: Db, id: number) {
  await db.deleteFrom('scim_groups').where('id', '=', id).execute();
}

export async function groupMembers(db: Db, groupIds: number[]) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('scim_group_members')
    .innerJoin('users', 'users.id', 'scim_group_members.user_id')
    .select(['scim_group_members.group_id', 'users.id', 'users.name'])
    .where('scim_group_members.group_id', 'in', groupIds)
    .execute();
}

export async function addGroupMember(db: Db, groupId: number, userId: number) {
  await db
    .insertInto('scim_group_members')
    .values({ group_id: groupId, user_id: userId })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
}

export async function removeGroupMember(db: Db, groupId: number, userId: number) {
  await db
    .deleteFrom('scim_group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .execute();
}

export function findSpaceByName(db: Db, name: string) {
  return db
    .selectFrom('spaces')
    .select(['id'])
    .where('name', '=', name)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
}
