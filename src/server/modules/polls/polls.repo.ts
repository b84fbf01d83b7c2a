import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/*
 * Polls' queries. Anonymous polls: `poll_voters` (content, person — no option, no time) and the bare
 * counters `poll_options.votes`; nothing else is written. Other polls: `poll_votes` rows per option.
 */

export async function insertPoll(
  db: Db,
  contentId: number,
  poll: {
    options: string[];
    multiple: boolean;
    anonymous: boolean;
    closesAt: string | null;
    resultsVisibility: string;
  },
) {
  await db
    .insertInto('polls')
    .values({
      content_id: contentId,
      multiple: Number(poll.multiple),
      anonymous: Number(poll.anonymous),
      closes_at: poll.closesAt,
      results_visibility: poll.resultsVisibility,
    })
    .execute();
  await db
    .insertInto('poll_options')
    .values(poll.options.map((text, position) => ({ content_id: contentId, position, text })))
    .execute();
}

/** A page of polls' settings with their content's author (one query); any content may carry a poll. */
export function pollRows(db: Db, ids: number[]) {
  return db
    .selectFrom('polls')
    .innerJoin('content', 'content.id', 'polls.content_id')
    .select([
      'polls.content_id',
      'polls.multiple',
      'polls.anonymous',
      'polls.closes_at',
      'polls.results_visibility',
      'content.author_id',
    ])
    .where('polls.content_id', 'in', ids)
    .execute();
}

/** The text of polls that are posts. */
export function postTexts(db: Db, ids: number[]) {
  return db
    .selectFrom('posts')
    .select(['content_id', 'body', 'body_html'])
    .where('content_id', 'in', ids)
    .execute();
}

export async function hasVoters(db: Db, contentId: number): Promise<boolean> {
  const row = await db
    .selectFrom('poll_voters')
    .select('content_id')
    .where('content_id', '=', contentId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a poll nobody has voted in (options go with it). */
export async function deletePoll(db: Db, contentId: number) {
  await db.deleteFrom('poll_options').where('content_id', '=', contentId).execute();
  await db.deleteFrom('polls').where('content_id', '=', contentId).execute();
}

export function findPoll(db: Db, contentId: number) {
  return db.selectFrom('polls').selectAll().where('content_id', '=', contentId).executeTakeFirst();
}

export function optionsOf(db: Db, ids: number[]) {
  return db
    .selectFrom('poll_options')
    .select(['id', 'content_id', 'text', 'votes'])
    .where('content_id', 'in', ids)
    .orderBy('content_id')
    .orderBy('position')
    .execute();
}

/** Votes per option of the polls that are not anonymous. */
export function countedVotes(db: Db, ids: number[]) {
  return db
    .selectFrom('poll_votes')
    .select(['option_id', sql<number>`count(*)`.as('n')])
    .where('content_id', 'in', ids)
    .groupBy('option_id')
    .execute();
}

export function voterCounts(db: Db, ids: number[]) {
  return db
    .selectFrom('poll_voters')
    .select(['content_id', sql<number>`count(*)`.as('n')])
    .where('content_id', 'in', ids)
    .groupBy('content_id')
    .execute();
}

export function votedAmong(db: Db, ids: number[], userId: number) {
  return db
    .selectFrom('poll_voters')
    .select('content_id')
    .where('content_id', 'in', ids)
    .where('user_id', '=', userId)
    .execute();
}

export function myVotes(db: Db, ids: number[], userId: number) {
  return db
    .selectFrom('poll_votes')
    .select(['content_id', 'option_id'])
    .where('content_id', 'in', ids)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Records that a person voted, once: false when they already had. For polls that are not anonymous
 * an existing row is "updated" to itself instead, which locks it: the same person's concurrent
 * votes then run one after the other (PostgreSQL; SQLite writes one transaction at a time anyway).
 */
export async function claimVoter(db: Db, contentId: number, userId: number, lock: boolean): Promise<boolean> {
  const row = await db
    .insertInto('poll_voters')
    .values({ content_id: contentId, user_id: userId })
    .onConflict((oc) =>
      lock
        ? oc.columns(['content_id', 'user_id']).doUpdateSet({ user_id: userId })
        : oc.columns(['content_id', 'user_id']).doNothing(),
    )
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countAnonymously(db: Db, contentId: number, optionIds: number[]) {
  await db
    .updateTable('poll_options')
    .set((eb) => ({ votes: eb('votes', '+', 1) }))
    .where('content_id', '=', contentId)
    .where('id', 'in', optionIds)
    .execute();
}

export async function replaceVotes(
  db: Db,
  contentId: number,
  userId: number,
  optionIds: number[],
  now: string,
) {
  await db
    .deleteFrom('poll_votes')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .execute();
  await db
    .insertInto('poll_votes')
    .values(
      optionIds.map((optionId) => ({
        content_id: contentId,
        option_id: optionId,
        user_id: userId,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Takes a (not anonymous) vote back: true when there was one. */
export async function removeVote(db: Db, contentId: number, userId: number): Promise<boolean> {
  await db
    .deleteFrom('poll_votes')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .execute();
  const result = await db
    .deleteFrom('poll_voters')
    .where('content_id', '=', contentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
