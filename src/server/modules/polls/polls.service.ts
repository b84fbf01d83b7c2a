import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { loadReadable } from '../content/content.service.js';
import { getItem } from '../stream/stream.service.js';
import { isClosed } from './polls.presenter.js';
import * as repo from './polls.repo.js';

/**
 * The poll the viewer may read and take part in (the rule of reactions), still open: a poll post or
 * any other content carrying a poll (an article), once published.
 */
async function loadOpenPoll(ctx: AppContext, viewer: Viewer, contentId: number) {
  const { content, subject } = await loadReadable(ctx, viewer, contentId);
  const poll = await repo.findPoll(ctx.database.db, contentId);
  if (!poll || content.state !== 'published')
    throw fail.notFound('This poll does not exist or is not visible to you.');
  if (!ctx.kinds.policyOf(content.type).react(viewer, subject))
    throw fail.forbidden('You may not vote in this poll.');
  if (isClosed(poll, ctx.clock.now())) throw fail.conflict('poll_closed', 'This poll has ended.');
  return poll;
}

/**
 * Votes, or changes one's vote. Anonymous polls take one vote per person and never change it: the
 * server records only that the person voted and adds one to each chosen option's counter.
 */
export async function vote(ctx: AppContext, viewer: Viewer, contentId: number, optionIds: number[]) {
  const poll = await loadOpenPoll(ctx, viewer, contentId);
  const chosen = [...new Set(optionIds)];
  const options = new Set((await repo.optionsOf(ctx.database.db, [contentId])).map((option) => option.id));
  if (chosen.some((id) => !options.has(id)))
    throw fail.badRequest('invalid_option', 'An option does not belong to this poll.');
  if (poll.multiple !== 1 && chosen.length > 1)
    throw fail.badRequest('invalid_option', 'This poll takes one option only.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (poll.anonymous === 1) {
      if (!(await repo.claimVoter(trx, contentId, viewer.id, false)))
        throw fail.conflict('vote_final', 'Your vote in an anonymous poll is final.');
      await repo.countAnonymously(trx, contentId, chosen);
    } else {
      await repo.claimVoter(trx, contentId, viewer.id, true);
      await repo.replaceVotes(trx, contentId, viewer.id, chosen, isoNow(ctx.clock));
    }
    // No person and no option in the event: the outbox must not link them either.
    emit({ type: 'poll.voted', contentId });
  });
  return getItem(ctx, viewer, contentId);
}

/** Takes one's vote back while the poll is open; refused in anonymous polls (the server cannot). */
export async function withdraw(ctx: AppContext, viewer: Viewer, contentId: number) {
  const poll = await loadOpenPoll(ctx, viewer, contentId);
  if (poll.anonymous === 1) throw fail.conflict('vote_final', 'Your vote in an anonymous poll is final.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (await repo.removeVote(trx, contentId, viewer.id)) emit({ type: 'poll.voted', contentId });
  });
  return getItem(ctx, viewer, contentId);
}
