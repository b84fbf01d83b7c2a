import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertIdea(
  db: Db,
  contentId: number,
  idea: { title: string; problem: string; proposal: string; pictureId: string | null },
) {
  await db
    .insertInto('ideas')
    .values({
      content_id: contentId,
      title: idea.title,
      problem: idea.problem,
      proposal: idea.proposal,
      picture_file_id: idea.pictureId,
      status: 'new',
      status_reason: null,
      status_changed_at: null,
      merged_into: null,
    })
    .execute();
}

/** A page of ideas with where they live (one query). */
export function ideaRows(db: Db, ids: number[]) {
  return db
    .selectFrom('ideas')
    .innerJoin('content', 'content.id', 'ideas.content_id')
    .selectAll('ideas')
    .select(['content.space_id', 'content.author_id'])
    .where('ideas.content_id', 'in', ids)
    .execute();
}

export function findIdea(db: Db, contentId: number) {
  return db
    .selectFrom('ideas')
    .innerJoin('content', 'content.id', 'ideas.content_id')
    .selectAll('ideas')
    .select(['content.space_id', 'content.profile_user_id', 'content.author_id', 'content.state'])
    .where('ideas.content_id', '=', contentId)
    .executeTakeFirst();
}

/** The ideas of one board (a space, or the company: no space), by votes or newest first. */
export function boardIdeas(
  db: Db,
  board: { spaceId: number | null; status?: string; sort: 'votes' | 'new'; offset: number; limit: number },
) {
  let query = db
    .selectFrom('ideas')
    .innerJoin('content', 'content.id', 'ideas.content_id')
    .select('ideas.content_id as id')
    .where('content.state', '=', 'published')
    .where('content.type', '=', 'idea');
  query =
    board.spaceId === null
      ? query.where('content.space_id', 'is', null).where('content.profile_user_id', 'is', null)
      : query.where('content.space_id', '=', board.spaceId);
  if (board.status) query = query.where('ideas.status', '=', board.status);
  if (board.sort === 'votes') query = query.orderBy('ideas.vote_count', 'desc');
  return query
    .orderBy('content.id', 'desc')
    .offset(board.offset)
    .limit(board.limit + 1)
    .execute();
}

export async function addVote(db: Db, contentId: number, userId: number, now: string): Promise<boolean> {
  const row = await db
    .insertInto('idea_votes')
    .values({ content_id: contentId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['content_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!row) return false;
  await db
    .updateTable('ideas')
    .set((eb) => ({ vote_count: eb('vote_count', '+', 1) }))
    .where('content_id', '=', contentId)
    .execute();
  return true;
}

export async function removeVote(db: Db, contentId: number, userId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('idea_votes')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await db
    .updateTable('ideas')
    .set((eb) => ({ vote_count: eb('vote_count', '-', 1) }))
    .where('content_id', '=', contentId)
    .execute();
  return true;
}

export async function follow(db: Db, contentId: number, userId: number) {
  await db
    .insertInto('idea_followers')
    .values({ content_id: contentId, user_id: userId })
    .onConflict((oc) => oc.columns(['content_id', 'user_id']).doNothing())
    .execute();
}

export async function unfollow(db: Db, contentId: number, userId: number) {
  await db
    .deleteFrom('idea_followers')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .execute();
}

export async function followerIds(db: Db, contentId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('idea_followers')
    .select('user_id')
    .where('content_id', '=', contentId)
    .execute();
  return rows.map((row) => row.user_id);
}

export function votedAmong(db: Db, ids: number[], userId: number) {
  return db
    .selectFrom('idea_votes')
    .select('content_id')
    .where('content_id', 'in', ids)
    .where('user_id', '=', userId)
    .execute();
}

export function followingAmong(db: Db, ids: number[], userId: number) {
  return db
    .selectFrom('idea_followers')
    .select('content_id')
    .where('content_id', 'in', ids)
    .where('user_id', '=', userId)
    .execute();
}

/** Whether a person is an administrator, and whether they were given the company board's reviewer right. */
export async function reviewerRights(db: Db, userId: number): Promise<{ admin: boolean; reviewer: boolean }> {
  const [user, reviewer] = await Promise.all([
    db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst(),
    db.selectFrom('idea_reviewers').select('user_id').where('user_id', '=', userId).executeTakeFirst(),
  ]);
  return { admin: user?.role === 'admin', reviewer: reviewer !== undefined };
}

/** The spaces among `spaceIds` where the person is an admin. */
export async function adminSpacesAmong(db: Db, spaceIds: number[], userId: number): Promise<Set<number>> {
  if (spaceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('space_members')
    .select('space_id')
    .where('space_id', 'in', spaceIds)
    .where('user_id', '=', userId)
    .where('status', '=', 'member')
    .where('role', '=', 'admin')
    .execute();
  return new Set(rows.map((row) => row.space_id));
}

export async function setReviewer(db: Db, userId: number, reviewer: boolean) {
  if (reviewer)
    await db
      .insertInto('idea_reviewers')
      .values({ user_id: userId })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  else await db.deleteFrom('idea_reviewers').where('user_id', '=', userId).execute();
}

export async function isReviewer(db: Db, userId: number): Promise<boolean> {
  return (
    (await db
      .selectFrom('idea_reviewers')
      .select('user_id')
      .where('user_id', '=', userId)
      .executeTakeFirst()) !== undefined
  );
}

export async function changeStatus(
  db: Db,
  contentId: number,
  change: { status: string; reason: string; mergedInto: number | null; actorId: number; now: string },
): Promise<number> {
  await db
    .updateTable('ideas')
    .set({
      status: change.status,
      status_reason: change.reason,
      status_changed_at: change.now,
      merged_into: change.mergedInto,
    })
    .where('content_id', '=', contentId)
    .execute();
  const row = await db
    .insertInto('idea_status_changes')
    .values({
      content_id: contentId,
      status: change.status,
      reason: change.reason,
      actor_id: change.actorId,
      created_at: change.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function history(db: Db, contentId: number) {
  return db
    .selectFrom('idea_status_changes')
    .leftJoin('users', 'users.id', 'idea_status_changes.actor_id')
    .select([
      'idea_status_changes.status',
      'idea_status_changes.reason',
      'idea_status_changes.created_at',
      'users.name as actor_name',
    ])
    .where('idea_status_changes.content_id', '=', contentId)
    .orderBy('idea_status_changes.id', 'desc')
    .execute();
}

/** An upload of the person's that is an image and not yet used anywhere: usable as an idea's picture. */
export function attachablePicture(db: Db, fileId: string, uploaderId: number) {
  return db
    .selectFrom('files')
    .select(['id', 'kind'])
    .where('id', '=', fileId)
    .where('uploader_id', '=', uploaderId)
    .where('content_id', 'is', null)
    .where('space_id', 'is', null)
    .where('kind', '=', 'image')
    .executeTakeFirst();
}

export function reviewers(db: Db) {
  return db
    .selectFrom('idea_reviewers')
    .innerJoin('users', 'users.id', 'idea_reviewers.user_id')
    .select(['users.id', 'users.name', 'users.handle'])
    .orderBy('users.name')
    .execute();
}

export function userExists(db: Db, userId: number) {
  return db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
}
