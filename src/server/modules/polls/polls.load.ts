import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isClosed, type PollCore, toPollPart } from './polls.presenter.js';
import * as repo from './polls.repo.js';

/*
 * Loading polls for feed items, whatever content carries them (a poll post, an article): the part
 * everyone sees (no counts, cacheable) and each viewer's view (counts when shown, their vote).
 */

/** The polls among `ids`, with options, counts and the number of voters, in four queries. */
export async function loadPolls(db: Kysely<DB>, ids: number[]): Promise<PollCore[]> {
  if (ids.length === 0) return [];
  const [polls, options, counted, voters] = await Promise.all([
    repo.pollRows(db, ids),
    repo.optionsOf(db, ids),
    repo.countedVotes(db, ids),
    repo.voterCounts(db, ids),
  ]);
  const countOf = new Map(counted.map((row) => [row.option_id, Number(row.n)]));
  const votersOf = new Map(voters.map((row) => [row.content_id, Number(row.n)]));
  return polls.map((poll) => ({
    ...poll,
    options: options
      .filter((option) => option.content_id === poll.content_id)
      .map((option) => ({
        id: option.id,
        text: option.text,
        // Anonymous polls keep bare counters; the others count their vote rows.
        votes: poll.anonymous === 1 ? option.votes : (countOf.get(option.id) ?? 0),
      })),
    total: votersOf.get(poll.content_id) ?? 0,
  }));
}

/** Each viewer's view of a page of polls; counts move with every vote, so read fresh, never cached. */
export async function personalPolls(
  db: Kysely<DB>,
  ids: number[],
  viewerId: number,
  now: Date,
): Promise<Map<number, ReturnType<typeof toPollPart>>> {
  const [rows, voted, mine] = await Promise.all([
    loadPolls(db, ids),
    repo.votedAmong(db, ids, viewerId),
    repo.myVotes(db, ids, viewerId),
  ]);
  const votedIn = new Set(voted.map((row) => row.content_id));
  const parts = new Map<number, ReturnType<typeof toPollPart>>();
  for (const row of rows) {
    const hasVoted = votedIn.has(row.content_id);
    const optionIds = mine.filter((vote) => vote.content_id === row.content_id).map((vote) => vote.option_id);
    parts.set(
      row.content_id,
      toPollPart(row, {
        id: viewerId,
        voted: hasVoted,
        optionIds: hasVoted ? optionIds : null,
        closed: isClosed(row, now),
      }),
    );
  }
  return parts;
}
