import type { FeedItem, ReactionType } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { mentionedUserIds } from '../../lib/markdown.js';
import { mayReadContent } from '../access/access.repo.js';
import * as mustReadRepo from '../articles/must-read.repo.js';
import { mayReadSpace } from '../spaces/spaces.policy.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { loadSpace } from '../spaces/spaces.service.js';
import * as usersRepo from '../users/users.repo.js';
import { moderates, toComment, toFeedItem } from './stream.presenter.js';
import * as repo from './stream.repo.js';

const LATEST_COMMENTS = 2;

export function parseFeedCursor(cursor: string | undefined): repo.FeedCursor | undefined {
  const position = readCursor(cursor, ['string', 'number']);
  return position && { publishedAt: position[0], id: position[1] };
}

/** Everything a feed item shows, for a page of content ids the viewer may read, in a fixed number of queries. */
export async function hydrate(ctx: AppContext, viewer: Viewer, ids: number[]): Promise<FeedItem[]> {
  if (ids.length === 0) return [];
  const { db } = ctx.database;
  const [rows, attachments, counts, mine, comments] = await Promise.all([
    repo.contentRows(db, ids),
    repo.attachmentsOf(db, ids),
    repo.reactionCounts(db, ids),
    repo.myReactions(db, ids, viewer.id),
    repo.latestComments(db, ids, LATEST_COMMENTS),
  ]);
  const mustReadIds = rows.filter((row) => row.must_read === 1).map((row) => row.id);
  const confirmed = new Set(
    mustReadIds.length
      ? (await repo.confirmedAmong(db, mustReadIds, viewer.id)).map((row) => row.content_id)
      : [],
  );
  const spaceIds = [...new Set(rows.map((row) => row.space_id).filter((id): id is number => id !== null))];
  const userIds = new Set<number>();
  for (const row of rows) {
    userIds.add(row.author_id);
    if (row.profile_user_id) userIds.add(row.profile_user_id);
    for (const mentioned of mentionedUserIds(row.body_html ?? '')) userIds.add(mentioned);
  }
  for (const comment of comments) {
    userIds.add(comment.author_id);
    for (const mentioned of mentionedUserIds(comment.body_html)) userIds.add(mentioned);
  }
  const [users, spaces, memberships] = await Promise.all([
    usersRepo.findUsersByIds(db, [...userIds]),
    spacesRepo.findSpacesByIds(db, spaceIds),
    spacesRepo.findMemberships(db, spaceIds, viewer.id),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const nameOf = (userId: number) => userById.get(userId)?.name;
  const spaceById = new Map(spaces.map((space) => [space.id, space]));
  const membershipBySpace = new Map(memberships.map((m) => [m.space_id, m]));
  const rowById = new Map(rows.map((row) => [row.id, row]));

  return ids.flatMap((id) => {
    const row = rowById.get(id);
    const author = row && userById.get(row.author_id);
    if (!row || !author) return [];
    const space = row.space_id === null ? undefined : spaceById.get(row.space_id);
    const membership = row.space_id === null ? undefined : membershipBySpace.get(row.space_id);
    const mod = space
      ? moderates(viewer, membership)
      : viewer.role === 'admin' || row.profile_user_id === viewer.id;
    const itemCounts: Record<string, number> = {};
    for (const count of counts) if (count.content_id === id) itemCounts[count.type] = Number(count.n);
    return [
      toFeedItem(viewer, {
        row,
        confirmed: confirmed.has(id),
        nameOf,
        author,
        profile: row.profile_user_id ? userById.get(row.profile_user_id) : undefined,
        space,
        membership,
        attachments: attachments.filter((file) => file.content_id === id),
        counts: itemCounts,
        mine: (mine.find((reaction) => reaction.content_id === id)?.type as ReactionType | undefined) ?? null,
        comments: comments
          .filter((comment) => comment.content_id === id)
          .flatMap((comment) => {
            const commentAuthor = userById.get(comment.author_id);
            return commentAuthor
              ? [toComment(comment, { viewer, author: commentAuthor, moderates: mod, nameOf })]
              : [];
          }),
      }),
    ];
  });
}

async function page(
  ctx: AppContext,
  viewer: Viewer,
  rows: Array<{ id: number; published_at: string | null }>,
  limit: number,
  lead: number[] = [],
) {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  const ids = [...lead, ...pageRows.map((row) => row.id).filter((id) => !lead.includes(id))];
  return {
    items: await hydrate(ctx, viewer, ids),
    nextCursor: rows.length > limit && last ? encodeCursor([last.published_at, last.id]) : null,
  };
}

export async function getItem(ctx: AppContext, viewer: Viewer, contentId: number): Promise<FeedItem> {
  if (!(await mayReadContent(ctx.database.db, viewer.id, contentId)))
    throw fail.notFound('This post does not exist or is not visible to you.');
  const [item] = await hydrate(ctx, viewer, [contentId]);
  if (!item) throw fail.notFound('This post does not exist or is not visible to you.');
  return item;
}

export async function homeFeed(ctx: AppContext, viewer: Viewer, cursor: string | undefined, limit: number) {
  const { db } = ctx.database;
  const after = parseFeedCursor(cursor);
  // Must-reads the viewer has not confirmed yet lead the first page, and are not repeated below.
  const mustReads = after ? [] : await mustReadRepo.openMustReads(db, viewer.id);
  const rows = (await repo.homeFeed(db, viewer.id, { after, limit: limit + mustReads.length })).filter(
    (row) => !mustReads.includes(row.id),
  );
  return page(ctx, viewer, rows, limit, mustReads);
}

export async function spaceFeed(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  cursor: string | undefined,
  limit: number,
) {
  const { space, membership } = await loadSpace(ctx, viewer, spaceId);
  if (!mayReadSpace(space, membership))
    throw fail.notFound('This space’s posts are visible to its members only.');
  const after = parseFeedCursor(cursor);
  const { db } = ctx.database;
  // Pinned posts lead the first page and are not repeated further down.
  const pinned = after ? [] : (await repo.pinnedInSpace(db, spaceId)).map((row) => row.id);
  const rows = (await repo.spaceFeed(db, spaceId, { after, limit: limit + pinned.length })).filter(
    (row) => !pinned.includes(row.id),
  );
  return page(ctx, viewer, rows, limit, pinned);
}

export async function profileFeed(
  ctx: AppContext,
  viewer: Viewer,
  userId: number,
  cursor: string | undefined,
  limit: number,
) {
  const user = await usersRepo.findUserById(ctx.database.db, userId);
  if (!user) throw fail.notFound('This person does not exist.');
  const rows = await repo.profileFeed(ctx.database.db, userId, { after: parseFeedCursor(cursor), limit });
  return page(ctx, viewer, rows, limit);
}

export async function hashtagFeed(
  ctx: AppContext,
  viewer: Viewer,
  tag: string,
  cursor: string | undefined,
  limit: number,
) {
  const rows = await repo.hashtagFeed(ctx.database.db, viewer.id, tag.toLowerCase().replace(/^#/, ''), {
    after: parseFeedCursor(cursor),
    limit,
  });
  return page(ctx, viewer, rows, limit);
}
