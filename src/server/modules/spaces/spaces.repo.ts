import type { Insertable, Selectable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import { containsText } from '../../db/dialect.js';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB, MembershipStatus, SpaceMembersTable, SpaceRole, SpacesTable } from '../../db/schema.js';
import { visibleSpaceIds } from '../access/access.repo.js';

type Db = Kysely<DB>;

const spaceById = prepared((db, p: Placeholders<{ id: number }>) =>
  db.selectFrom('spaces').selectAll().where('id', '=', p.value('id')),
);

/** One space (every space feed asks: built once, db/prepared.ts). */
export async function findSpace(db: Db, id: number) {
  return (await spaceById(db, { id }))[0];
}

export function findSpacesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('spaces').selectAll().where('id', 'in', ids).execute();
}

export async function insertSpace(db: Db, values: Insertable<SpacesTable>) {
  return (await db.insertInto('spaces').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateSpace(db: Db, id: number, changes: Partial<Insertable<SpacesTable>>) {
  await db.updateTable('spaces').set(changes).where('id', '=', id).execute();
}

export async function deleteSpace(db: Db, id: number) {
  await db.deleteFrom('spaces').where('id', '=', id).execute();
}

const membershipQuery = prepared((db, p: Placeholders<{ spaceId: number; userId: number }>) =>
  db
    .selectFrom('space_members')
    .selectAll()
    .where('space_id', '=', p.value('spaceId'))
    .where('user_id', '=', p.value('userId')),
);

export async function findMembership(
  db: Db,
  spaceId: number,
  userId: number,
): Promise<Selectable<SpaceMembersTable> | undefined> {
  return (await membershipQuery(db, { spaceId, userId }))[0];
}

export function findMemberships(db: Db, spaceIds: number[], userId: number) {
  if (spaceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('space_members')
    .selectAll()
    .where('space_id', 'in', spaceIds)
    .where('user_id', '=', userId)
    .execute();
}

export async function upsertMembership(
  db: Db,
  spaceId: number,
  userId: number,
  role: SpaceRole,
  status: MembershipStatus,
  now: string,
) {
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, user_id: userId, role, status, created_at: now })
    .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ role, status }))
    .execute();
}

export async function deleteMembership(db: Db, spaceId: number, userId: number) {
  await db
    .deleteFrom('space_members')
    .where('space_id', '=', spaceId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setRole(db: Db, spaceId: number, userId: number, role: SpaceRole) {
  await db
    .updateTable('space_members')
    .set({ role })
    .where('space_id', '=', spaceId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countMembers(db: Db, spaceIds: number[]): Promise<Map<number, number>> {
  if (spaceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('space_members')
    .select(['space_id', sql<number>`count(*)`.as('n')])
    .where('space_id', 'in', spaceIds)
    .where('status', '=', 'member')
    .groupBy('space_id')
    .execute();
  return new Map(rows.map((row) => [row.space_id, Number(row.n)]));
}

export async function countAdmins(db: Db, spaceId: number): Promise<number> {
  const row = await db
    .selectFrom('space_members')
    .select(sql<number>`count(*)`.as('n'))
    .where('space_id', '=', spaceId)
    .where('status', '=', 'member')
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everyone who is a member (not invited, not requesting). */
export function spaceMemberIds(db: Db, spaceId: number) {
  return db
    .selectFrom('space_members')
    .select('user_id')
    .where('space_id', '=', spaceId)
    .where('status', '=', 'member')
    .execute()
    .then((rows) => rows.map((row) => row.user_id));
}

export function spaceAdminIds(db: Db, spaceId: number) {
  return db
    .selectFrom('space_members')
    .select('user_id')
    .where('space_id', '=', spaceId)
    .where('status', '=', 'member')
    .where('role', '=', 'admin')
    .execute()
    .then((rows) => rows.map((row) => row.user_id));
}

export interface SpaceListQuery {
  viewerId: number;
  viewerIsAdmin: boolean;
  terms: string[];
  mine: boolean;
  after?: { name: string; id: number };
  limit: number;
}

/** The space directory: secret spaces only for their members and invitees (and organisation admins). */
export function listSpaces(db: Db, query: SpaceListQuery) {
  let select = db.selectFrom('spaces').selectAll();
  // Which spaces exist for the viewer is decided in the access module; "mine" narrows to memberships.
  select = query.mine
    ? select.where(
        'id',
        'in',
        db
          .selectFrom('space_members')
          .select('space_id')
          .where('user_id', '=', query.viewerId)
          .where('status', '=', 'member'),
      )
    : select.where('id', 'in', visibleSpaceIds(db, query.viewerId, query.viewerIsAdmin));
  for (const term of query.terms) select = select.where(containsText('search_text', term));
  if (query.after) {
    const { name, id } = query.after;
    select = select.where((eb) =>
      eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
    );
  }
  return select
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
}

export function listMembers(
  db: Db,
  spaceId: number,
  status: MembershipStatus,
  after: { name: string; id: number } | undefined,
  limit: number,
) {
  let select = db
    .selectFrom('space_members')
    .innerJoin('users', 'users.id', 'space_members.user_id')
    .selectAll('users')
    .select([
      'space_members.role as member_role',
      'space_members.status as member_status',
      'space_members.created_at as member_since',
    ])
    .where('space_members.space_id', '=', spaceId)
    .where('space_members.status', '=', status)
    .where('users.status', '=', 'active');
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('users.name', '>', after.name),
        eb.and([eb('users.name', '=', after.name), eb('users.id', '>', after.id)]),
      ]),
    );
  }
  return select
    .orderBy('users.name')
    .orderBy('users.id')
    .limit(limit + 1)
    .execute();
}

export function mandatorySpaceIds(db: Db) {
  return db
    .selectFrom('spaces')
    .select('id')
    .where('mandatory', '=', 1)
    .execute()
    .then((rows) => rows.map((row) => row.id));
}

/** Makes every active person a member (mandatory spaces); existing admins keep their role. */
export async function enrolEveryone(db: Db, spaceId: number, now: string) {
  await db
    .insertInto('space_members')
    .columns(['space_id', 'user_id', 'role', 'status', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          sql.lit(spaceId).as('space_id'),
          'users.id',
          sql.lit('member').as('role'),
          sql.lit('member').as('status'),
          sql<string>`cast(${now} as text)`.as('created_at'),
        ])
        .where('users.status', '=', 'active'),
    )
    .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ status: 'member' }))
    .execute();
}
