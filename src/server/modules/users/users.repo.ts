import { type Kysely, sql } from 'kysely';
import { containsText } from '../../db/dialect.js';
import { executeRead } from '../../db/read-pool.js';
import type { DB, NewUser, UserRow, UserUpdate } from '../../db/schema.js';

type Db = Kysely<DB>;

export function findUserById(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUsersByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([] as UserRow[]);
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** What a list of hits shows of a person (search): a fifth of the columns of `findUsersByIds`. */
export function findUserCards(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'title', 'avatar_key'])
    .where('id', 'in', ids)
    .execute();
}

export function findDirectReports(db: Db, managerId: number) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('manager_id', '=', managerId)
    .where('status', '=', 'active')
    .orderBy('name')
    .limit(100)
    .execute();
}

export async function insertUser(db: Db, user: NewUser): Promise<number> {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(db: Db, id: number, changes: UserUpdate) {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function handleTaken(db: Db, handle: string, exceptUserId?: number): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where('handle', '=', handle);
  if (exceptUserId) query = query.where('id', '!=', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function emailTaken(db: Db, email: string, exceptUserId?: number): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where('email', '=', email);
  if (exceptUserId) query = query.where('id', '!=', exceptUserId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Would making `managerId` the manager of `userId` close a loop? Walks up the chain (bounded). */
export async function managerChainContains(db: Db, managerId: number, userId: number): Promise<boolean> {
  let current: number | null = managerId;
  for (let depth = 0; current !== null && depth < 50; depth++) {
    if (current === userId) return true;
    const row: { manager_id: number | null } | undefined = await db
      .selectFrom('users')
      .select('manager_id')
      .where('id', '=', current)
      .executeTakeFirst();
    current = row?.manager_id ?? null;
  }
  return false;
}

export interface DirectoryQuery {
  terms: string[];
  department?: string;
  location?: string;
  status: 'active' | 'deactivated' | 'all';
  after?: { name: string; id: number };
  limit: number;
}

/**
 * Academic titles the directory sorts without ("Dr. Anna Schmidt" under A, next to "Anna Meier"),
 * longest first so "Prof. Dr." is taken whole.
 */
const sortedWithoutTitle = [
  'Prof. Dr.-Ing. ',
  'Prof. Dr. ',
  'Dr. med. ',
  'Dr.-Ing. ',
  'Dipl.-Ing. ',
  'Prof. ',
  'Dr. ',
];

/** The name the directory sorts by: the name without a leading academic title. */
export function directorySortName(name: string): string {
  const title = sortedWithoutTitle.find((prefix) => name.startsWith(prefix));
  return title ? name.slice(title.length) : name;
}

/** The same rule in SQL (plain `like` and `substr`, alike on SQLite and PostgreSQL). */
const sortNameSql = sql<string>`case ${sql.join(
  sortedWithoutTitle.map(
    (prefix) => sql`when name like ${sql.lit(`${prefix}%`)} then substr(name, ${sql.lit(prefix.length + 1)})`,
  ),
  sql` `,
)} else name end`;

/**
 * People directory: every term must match the folded search text; keyset-paginated by (sort name, id).
 * A substring match and the sort by name go through every person (about 5 ms with 10,000 on
 * SQLite), so it runs in the read threads (db/read-pool.ts), beside the event loop.
 */
export function searchDirectory(db: Db, query: DirectoryQuery) {
  let select = db.selectFrom('users').selectAll();
  // search_text and terms are both folded to lower case, so a plain LIKE behaves alike on both dialects.
  for (const term of query.terms) select = select.where(containsText('search_text', term));
  if (query.department) select = select.where('department', '=', query.department);
  if (query.location) select = select.where('location', '=', query.location);
  if (query.status !== 'all') select = select.where('status', '=', query.status);
  if (query.after) {
    const { name, id } = query.after;
    select = select.where((eb) =>
      eb.or([eb(sortNameSql, '>', name), eb.and([eb(sortNameSql, '=', name), eb('id', '>', id)])]),
    );
  }
  return executeRead(
    db,
    select
      .orderBy(sortNameSql)
      .orderBy('id')
      .limit(query.limit + 1),
  );
}

export async function distinctValues(db: Db, column: 'department' | 'location'): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select(column)
    .distinct()
    .where('status', '=', 'active')
    .where(column, '!=', '')
    .orderBy(column)
    .execute();
  return rows.map((row) => row[column]);
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`count(*)`.as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
