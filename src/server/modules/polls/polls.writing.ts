import type { Kysely } from 'kysely';
import type { PollInput } from '../../../shared/api/polls.js';
import type { DB } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import * as repo from './polls.repo.js';

/* Writing polls: the checks of a new poll and changing the poll of content being edited. */

export function checkPoll(poll: PollInput, now: Date) {
  if (poll.closesAt !== null && new Date(poll.closesAt).getTime() <= now.getTime())
    throw fail.badRequest('invalid_poll', 'A poll’s end must lie in the future.', [
      { path: 'poll.closesAt', message: 'must lie in the future' },
    ]);
}

const normalTime = (at: string | null) => (at === null ? null : new Date(at).toISOString());

/**
 * Adds, changes or (null) removes the poll of content being edited, in the edit's transaction. The
 * same poll sent again changes nothing; any other change is refused once someone has voted (their
 * votes would count for options they did not choose).
 */
export async function replacePoll(trx: Kysely<DB>, contentId: number, poll: PollInput | null, now: Date) {
  const current = await repo.findPoll(trx, contentId);
  if (!current && poll === null) return;
  if (current && poll) {
    const options = (await repo.optionsOf(trx, [contentId])).map((option) => option.text);
    const same =
      options.length === poll.options.length &&
      options.every((text, index) => text === poll.options[index]) &&
      current.multiple === Number(poll.multiple) &&
      current.anonymous === Number(poll.anonymous) &&
      current.results_visibility === poll.resultsVisibility &&
      normalTime(current.closes_at) === normalTime(poll.closesAt);
    if (same) return;
  }
  if (current && (await repo.hasVoters(trx, contentId)))
    throw fail.conflict('poll_has_votes', 'The poll cannot change any more: people have voted in it.');
  if (poll) checkPoll(poll, now);
  if (current) await repo.deletePoll(trx, contentId);
  if (poll) await repo.insertPoll(trx, contentId, { ...poll, closesAt: normalTime(poll.closesAt) });
}
