import { ideaPart } from '../../../shared/api/ideas.js';
import type { ContentKind } from '../../kinds/registry.js';
import { ideaEvents } from './ideas.events.js';
import { mayReview } from './ideas.policy.js';
import { type IdeaRow, toIdeaPart } from './ideas.presenter.js';
import * as repo from './ideas.repo.js';
import { ideasRoutes } from './ideas.routes.js';

/**
 * Ideas in feeds: a card with title, status and votes; their own text and picture. My vote, whether
 * I follow and whether I may change the status come from `personal`. Not editable as posts are;
 * deleted by the default rule (author, space admins, administrators).
 */
export const ideaKind: ContentKind<IdeaRow> = {
  name: 'idea',
  itemPart: { idea: ideaPart },
  load: (db, ids) => repo.ideaRows(db, ids),
  card: (row) => ({ body: row.proposal, html: '', showAttachments: false, part: { idea: toIdeaPart(row) } }),
  async personal(db, rows, viewerId) {
    const ids = rows.map((row) => row.content_id);
    const spaceIds = [...new Set(rows.flatMap((row) => (row.space_id === null ? [] : [row.space_id])))];
    const [voted, following, adminSpaces, rights] = await Promise.all([
      repo.votedAmong(db, ids, viewerId),
      repo.followingAmong(db, ids, viewerId),
      repo.adminSpacesAmong(db, spaceIds, viewerId),
      repo.reviewerRights(db, viewerId),
    ]);
    const votedIn = new Set(voted.map((row) => row.content_id));
    const follows = new Set(following.map((row) => row.content_id));
    return new Map(
      rows.map((row) => [
        row.content_id,
        {
          idea: toIdeaPart(row, {
            myVote: votedIn.has(row.content_id),
            following: follows.has(row.content_id),
            mayReview: mayReview(rights, row.space_id === null ? null : adminSpaces.has(row.space_id)),
          }),
        },
      ]),
    );
  },
  // Votes and status are on the card, which the item cache keeps.
  invalidatedBy: (event) =>
    event.type === 'idea.voted' || event.type === 'idea.status_changed' ? [event.contentId] : [],
  summary: (row) => row.title,
  searchText: (row) => ({ title: row.title, text: `${row.problem}\n${row.proposal}` }),
  url: (contentId) => `/ideas/${contentId}`,
  policy: { edit: () => false },
  routes: ideasRoutes,
  events: ideaEvents,
};
