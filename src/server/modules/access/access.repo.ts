import { type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, sql } from 'kysely';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB, MembershipStatus } from '../../db/schema.js';

/**
 * The one place that decides visibility (DESIGN rule 1). Every query that lists content — feeds,
 * search, notifications, live delivery, files — filters through these helpers.
 *
 * A viewer may read: every public space; private and secret spaces where they are a member;
 * every profile stream and company-wide news (content outside any space). Content must also be
 * published; drafts and scheduled articles are their editors' business (articles module).
 */
type Db = Kysely<DB>;

/**
 * The viewer's memberships as already read by the caller (access/memberships.ts, cached per person):
 * the spaces they are a member of, and those they are a member of or invited to. Queries given these
 * skip the membership subquery; the spaces' visibility is still read by the query itself.
 */
export interface KnownMemberships {
  member: readonly number[];
  memberOrInvited: readonly number[];
}

const membershipRowsQuery = prepared((db, p: Placeholders<{ userId: number }>) =>
  db
    .selectFrom('space_members')
    .select(['space_id', 'role', 'status'])
    .where('user_id', '=', p.value('userId')),
);

/** Every membership row of one person (every status): what access/memberships.ts caches. */
export function membershipRows(db: Db, userId: number) {
  return membershipRowsQuery(db, { userId });
}

const followeesQuery = prepared((db, p: Placeholders<{ userId: number }>) =>
  db.selectFrom('follows').select('followee_id').where('follower_id', '=', p.value('userId')),
);

/** Whom a person follows; access/memberships.ts caches it beside their memberships. */
export async function followeeIds(db: Db, userId: number): Promise<number[]> {
  return (await followeesQuery(db, { userId })).map((row) => row.followee_id);
}

const publicAmongQuery = prepared((db, p: Placeholders<{ ids: number[] }>) =>
  db.selectFrom('spaces').select('id').where('id', 'in', p.list('ids')).where('visibility', '=', 'public'),
);

/** Which of these spaces are public now (a space deleted since reads as not public). */
export async function publicSpacesAmong(db: Db, spaceIds: readonly number[]): Promise<Set<number>> {
  if (spaceIds.length === 0) return new Set();
  return new Set((await publicAmongQuery(db, { ids: [...spaceIds] })).map((row) => row.id));
}

const contentAccessQuery = prepared((db, p: Placeholders<{ contentId: number }>) =>
  db
    .selectFrom('content')
    .leftJoin('spaces', 'spaces.id', 'content.space_id')
    .select(['content.state', 'content.space_id', 'spaces.visibility'])
    .where('content.id', '=', p.value('contentId')),
);

/** What deciding whether someone may read one item needs: its state and its space's visibility. */
export async function contentAccessRow(db: Db, contentId: number) {
  return (await contentAccessQuery(db, { contentId }))[0];
}

/**
 * Subquery: ids of the spaces whose content `viewerId` may read (a user id, or a reference to one).
 * With `known` (the viewer's memberships, read by the caller) the membership part is a list.
 */
export function readableSpaceIds(db: Db, viewerId: number | Expression<number>, known?: KnownMemberships) {
  return db
    .selectFrom('spaces')
    .select('spaces.id')
    .where((eb) =>
      eb.or([eb('spaces.visibility', '=', 'public'), spaceAmong(eb, viewerId, ['member'], known?.member)]),
    );
}

/**
 * `spaces.id` is one of the viewer's spaces with one of `statuses`: from the memberships the caller
 * read (`known`, a list) or, without them, a subquery of space_members.
 */
function spaceAmong(
  eb: ExpressionBuilder<DB, 'spaces'>,
  viewerId: number | Expression<number>,
  statuses: MembershipStatus[],
  known: readonly number[] | undefined,
) {
  if (known) return known.length > 0 ? eb('spaces.id', 'in', [...known]) : sql<boolean>`0 = 1`;
  return eb(
    'spaces.id',
    'in',
    eb
      .selectFrom('space_members')
      .select('space_members.space_id')
      .where('space_members.user_id', '=', viewerId)
      .where('space_members.status', 'in', statuses),
  );
}

/**
 * Condition on a `content` row (the table or a join named `content`): published, and outside any
 * space (profile streams and company news, which everyone reads) or in a space the viewer may read.
 */
export function contentReadableBy(db: Db, viewerId: number, known?: KnownMemberships): RawBuilder<boolean> {
  return sql<boolean>`(content.state = 'published' and (content.space_id is null or content.space_id in (${readableSpaceIds(db, viewerId, known)})))`;
}

/**
 * The rules of readableSpaceIds, visibleSpaceIds and contentReadableBy for rows joined with their
 * space as `space` (null when it no longer exists), given the memberships the caller read. For a
 * few rows fetched by id (the search re-check) each row's space is a point lookup, where the
 * subqueries build the set of every readable space per statement (~0.1 ms each at 300 spaces).
 */
export function joinedSpaceRules(viewer: { isAdmin: boolean; known: KnownMemberships }) {
  const among = (ids: readonly number[]) =>
    ids.length > 0 ? sql<boolean>`space.id in (${sql.join([...ids])})` : sql<boolean>`0 = 1`;
  const spaceReadable = sql<boolean>`(space.visibility = 'public' or ${among(viewer.known.member)})`;
  return {
    spaceReadable,
    spaceVisible: viewer.isAdmin
      ? sql<boolean>`space.id is not null`
      : sql<boolean>`(space.visibility != 'secret' or ${among(viewer.known.memberOrInvited)})`,
    contentReadable: sql<boolean>`(content.state = 'published' and (content.space_id is null or ${spaceReadable}))`,
  };
}

/**
 * Condition on a `content` row joined with its `articles` row: what the public newsroom may show to
 * anyone without a login (its pages, feeds, sitemap and images) — published articles marked public.
 */
export function publiclyVisible(): RawBuilder<boolean> {
  return sql<boolean>`(content.state = 'published' and content.type = 'article' and articles.is_public = 1)`;
}

/**
 * The rule of contentReadableBy for one item already read with its space's visibility (a space
 * that no longer exists reads as null) and the viewer's membership status there.
 */
export function readableGiven(
  row: { state: string; space_id: number | null; visibility: string | null } | undefined,
  membershipStatus: string | undefined,
): boolean {
  if (row?.state !== 'published') return false;
  if (row.space_id === null) return true;
  if (row.visibility === null) return false;
  return row.visibility === 'public' || membershipStatus === 'member';
}

const membershipStatusQuery = prepared((db, p: Placeholders<{ spaceId: number; userId: number }>) =>
  db
    .selectFrom('space_members')
    .select('status')
    .where('space_id', '=', p.value('spaceId'))
    .where('user_id', '=', p.value('userId')),
);

/**
 * Whether the viewer may read one item, with fresh memberships. Two point reads (the item with its
 * space, then the membership only for a space that is not public) instead of the readable-spaces
 * subquery, which went through every space (0.2–0.3 ms per reaction).
 */
export async function mayReadContent(db: Db, viewerId: number, contentId: number): Promise<boolean> {
  const row = await contentAccessRow(db, contentId);
  // Only an item in a space that is not public needs the viewer's membership.
  const spaceId = row?.state === 'published' && row.visibility !== 'public' ? row.space_id : null;
  const status =
    spaceId === null
      ? undefined
      : (await membershipStatusQuery(db, { spaceId, userId: viewerId }))[0]?.status;
  return readableGiven(row, status);
}

/** Which of `userIds` (active accounts only) may read this content: for notifications and live delivery. */
export async function readersAmong(db: Db, contentId: number, userIds: number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const content = await db
    .selectFrom('content')
    .select(['space_id', 'state'])
    .where('id', '=', contentId)
    .executeTakeFirst();
  if (content?.state !== 'published') return [];
  return spaceReadersAmong(db, content.space_id, userIds);
}

/** Which of `userIds` (active accounts only) may read a space's content; `null` stands for profile streams. */
export async function spaceReadersAmong(
  db: Db,
  spaceId: number | null,
  userIds: number[],
): Promise<number[]> {
  if (userIds.length === 0) return [];
  let query = db
    .selectFrom('users')
    .select('users.id')
    .where('users.id', 'in', userIds)
    .where('users.status', '=', 'active');
  if (spaceId !== null) {
    query = query.where((eb) =>
      eb.exists(readableSpaceIds(db, eb.ref('users.id')).where('spaces.id', '=', spaceId)),
    );
  }
  return (await query.execute()).map((row) => row.id);
}

/** Subquery: ids of the spaces whose existence the viewer may know of (secret ones: members and invitees; admins all). */
export function visibleSpaceIds(db: Db, viewerId: number, viewerIsAdmin: boolean, known?: KnownMemberships) {
  const query = db.selectFrom('spaces').select('spaces.id');
  if (viewerIsAdmin) return query;
  return query.where((eb) =>
    eb.or([
      eb('spaces.visibility', '!=', 'secret'),
      spaceAmong(eb, viewerId, ['member', 'invited'], known?.memberOrInvited),
    ]),
  );
}

export async function mayReadSpaceContent(db: Db, viewerId: number, spaceId: number): Promise<boolean> {
  const row = await readableSpaceIds(db, viewerId).where('spaces.id', '=', spaceId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Files follow what they belong to. A space library file follows only its space (never a post or
 * article it might once have been attached to, and not its uploader after they left the space); an
 * upload follows the post or article it is attached to, and its uploader always sees it.
 */
export async function mayReadFile(
  db: Db,
  viewerId: number,
  file: { content_id: number | null; space_id: number | null; uploader_id: number },
): Promise<boolean> {
  if (file.space_id !== null) return mayReadSpaceContent(db, viewerId, file.space_id);
  // The uploader keeps seeing their own file, also while it sits in a draft article.
  if (file.uploader_id === viewerId) return true;
  if (file.content_id !== null) return mayReadContent(db, viewerId, file.content_id);
  return false;
}
