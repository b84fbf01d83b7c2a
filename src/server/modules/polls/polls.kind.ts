import { type PollInput, pollInput, pollPart } from '../../../shared/api/polls.js';
import type { ContentExtension, ContentKind } from '../../kinds/registry.js';
import { pollEvents } from './polls.events.js';
import { loadPolls, personalPolls } from './polls.load.js';
import { type PollCore, type PollRow, toPollPart } from './polls.presenter.js';
import * as repo from './polls.repo.js';
import { pollsRoutes } from './polls.routes.js';
import { checkPoll, replacePoll } from './polls.writing.js';

/**
 * Polls extend other content (registry `ContentExtension`): a post created with a `poll` field
 * becomes an item of kind `poll`; an article keeps its kind and carries the poll as the `poll` part
 * of its item. Either way the card carries no counts and no vote — who sees the results, whether
 * the poll has closed and the viewer's own vote come from `personal`, never from a cache.
 */
const pollExtension: ContentExtension = {
  field: 'poll',
  schema: pollInput,
  check: (value, now) => checkPoll(value as PollInput, now),
  create: async (trx, contentId, value) => {
    const poll = value as PollInput;
    await repo.insertPoll(trx, contentId, {
      ...poll,
      closesAt: poll.closesAt === null ? null : new Date(poll.closesAt).toISOString(),
    });
  },
  becomes: ['post'],
  part: {
    kinds: ['article'],
    schema: pollPart,
    load: async (db, ids) => new Map((await loadPolls(db, ids)).map((poll) => [poll.content_id, poll])),
    card: (loaded) => toPollPart(loaded as PollCore),
    personal: (db, loaded, viewerId, now) => personalPolls(db, [...loaded.keys()], viewerId, now),
    replace: (trx, contentId, value, now) => replacePoll(trx, contentId, value as PollInput | null, now),
  },
};

export const pollKind: ContentKind<PollRow> = {
  name: 'poll',
  itemPart: { poll: pollPart },
  async load(db, ids) {
    const [polls, texts] = await Promise.all([loadPolls(db, ids), repo.postTexts(db, ids)]);
    return polls.flatMap((poll) => {
      const text = texts.find((row) => row.content_id === poll.content_id);
      return text ? [{ ...poll, body: text.body, body_html: text.body_html }] : [];
    });
  },
  card: (row) => ({
    body: row.body,
    html: row.body_html,
    showAttachments: true,
    part: { poll: toPollPart(row) },
  }),
  async personal(db, cachedRows, viewerId, now) {
    const parts = await personalPolls(
      db,
      cachedRows.map((row) => row.content_id),
      viewerId,
      now,
    );
    return new Map([...parts].map(([id, poll]) => [id, { poll }]));
  },
  // Any content with a poll (an article too): its cached row is dropped after a vote.
  invalidatedBy: (event) => (event.type === 'poll.voted' ? [event.contentId] : []),
  summary: (row) => row.body || row.options.map((option) => option.text).join(' / '),
  searchText: (row) => ({ text: [row.body, ...row.options.map((option) => `- ${option.text}`)].join('\n') }),
  url: (contentId) => `/posts/${contentId}`,
  extension: pollExtension,
  routes: pollsRoutes,
  events: pollEvents,
};
