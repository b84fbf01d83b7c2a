import { type PollInput, pollInput, pollPart } from '../../../shared/api/polls.js';
import { fail } from '../../http/errors.js';
import type { ContentKind } from '../../kinds/registry.js';
import { pollEvents } from './polls.events.js';
import { isClosed, type PollRow, toPollPart } from './polls.presenter.js';
import * as repo from './polls.repo.js';
import { pollsRoutes } from './polls.routes.js';

/**
 * Polls: a post with options. Created through the post endpoints with a `poll` field (registry
 * `postExtension`); the card carries no counts and no vote — who sees the results, whether the poll
 * has closed and the viewer's own vote come from `personal`, never from a cache.
 */
export const pollKind: ContentKind<PollRow> = {
  name: 'poll',
  itemPart: { poll: pollPart },
  async load(db, ids) {
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
  },
  card: (row) => ({
    body: row.body,
    html: row.body_html,
    showAttachments: true,
    part: { poll: toPollPart(row) },
  }),
  async personal(db, cachedRows, viewerId, now) {
    const ids = cachedRows.map((row) => row.content_id);
    // Counts move with every vote: read fresh, never from the item cache.
    const [rows, voted, mine] = await Promise.all([
      pollKind.load(db, ids),
      repo.votedAmong(db, ids, viewerId),
      repo.myVotes(db, ids, viewerId),
    ]);
    const votedIn = new Set(voted.map((row) => row.content_id));
    const personal = new Map<number, Record<string, unknown>>();
    for (const row of rows) {
      const hasVoted = votedIn.has(row.content_id);
      const optionIds = mine
        .filter((vote) => vote.content_id === row.content_id)
        .map((vote) => vote.option_id);
      personal.set(row.content_id, {
        poll: toPollPart(row, {
          id: viewerId,
          voted: hasVoted,
          optionIds: hasVoted ? optionIds : null,
          closed: isClosed(row, now),
        }),
      });
    }
    return personal;
  },
  invalidatedBy: (event) => (event.type === 'poll.voted' ? [event.contentId] : []),
  summary: (row) => row.body || row.options.map((option) => option.text).join(' / '),
  searchText: (row) => ({ text: [row.body, ...row.options.map((option) => `- ${option.text}`)].join('\n') }),
  url: (contentId) => `/posts/${contentId}`,
  postExtension: {
    field: 'poll',
    schema: pollInput,
    check(value, now) {
      const poll = value as PollInput;
      if (poll.closesAt !== null && new Date(poll.closesAt).getTime() <= now.getTime())
        throw fail.badRequest('invalid_poll', 'A poll’s end must lie in the future.', [
          { path: 'poll.closesAt', message: 'must lie in the future' },
        ]);
    },
    create: async (trx, contentId, value) => {
      const poll = value as PollInput;
      await repo.insertPoll(trx, contentId, {
        ...poll,
        closesAt: poll.closesAt === null ? null : new Date(poll.closesAt).toISOString(),
      });
    },
  },
  routes: pollsRoutes,
  events: pollEvents,
};
