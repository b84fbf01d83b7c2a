import type { ReactionType } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import type { ContentRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import type { AnyFeedItem, KindCard } from '../../kinds/registry.js';
import { mentionedUserIds } from '../../lib/markdown.js';
import { mayReadContent } from '../access/access.repo.js';
import { mayReadSpace } from '../access/rules.js';
import * as mustReadRepo from '../articles/must-read.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { loadSpace } from '../spaces/spaces.service.js';
import * as usersRepo from '../users/users.repo.js';
import { moderatesContent, subjectOf, toComment, toFeedItem } from './stream.presenter.js';
import * as repo from './stream.repo.js';

const LATEST_COMMENTS = 2;

export function parseFeedCursor(cursor: string | undefined): repo.FeedCursor | undefined {
  const position = readCursor(cursor, ['string', 'number']);
  return position && { publishedAt: position[0], id: position[1] };
}

/** Each kind's rows for the page: one batched load per kind present, run together. */
async function kindRows(ctx: AppContext, viewer: Viewer, rows: ContentRow[]) {
  const idsByKind = new Map<string, number[]>();
  for (const row of rows) {
    if (!ctx.kinds.get(row.type)) continue;
    idsByKind.set(row.type, [...(idsByKind.get(row.type) ?? []), row.id]);
  }
  const loaded = await Promise.all(
    [...idsByKind].map(async ([name, ids]) => {
      const kind = ctx.kinds.get(name);
      if (!kind) return [];
      const kindRows = await kind.load(ctx.database.db, ids);
      const personal = kind.personal
        ? await kind.personal(ctx.database.db, kindRows, viewer.id, ctx.clock.now())
        : undefined;
      return kindRows.map((row) => ({ kind, row, personal: personal?.get(row.content_id) }));
    }),
  );
  return new Map(loaded.flat().map((entry) => [entry.row.content_id, entry]));
}

function withPersonal(card: KindCard, personal: Record<string, unknown> | undefined): KindCard {
  return personal ? { ...card, part: { ...card.part, ...personal } } : card;
}

/** Everything a feed item shows, for a page of content ids the viewer may read, in a fixed number of queries. */
export async function hydrate(ctx: AppContext, viewer: Viewer, ids: number[]): Promise<AnyFeedItem[]> {
  if (ids.length === 0) return [];
  const { db } = ctx.database;
  const [rows, attachments, counts, mine, comments] = await Promise.all([
    repo.contentRows(db, ids),
    repo.attachmentsOf(db, ids),
    repo.reactionCounts(db, ids),
    repo.myReactions(db, ids, viewer.id),
    repo.latestComments(db, ids, LATEST_COMMENTS),
  ]);
  const spaceIds = [...new Set(rows.map((row) => row.space_id).filter((id): id is number => id !== null))];
  // Each kind's own rows first: their text names the mentioned people, loaded with the authors.
  const ownRows = await kindRows(ctx, viewer, rows);
  const userIds = new Set<number>();
  for (const row of rows) {
    userIds.add(row.author_id);
    if (row.profile_user_id) userIds.add(row.profile_user_id);
    const own = ownRows.get(row.id);
    if (own) for (const mentioned of mentionedUserIds(own.kind.card(own.row).html)) userIds.add(mentioned);
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
    const own = ownRows.get(id);
    // An item of a kind this server does not know (or whose own row is gone) is left out.
    if (!row || !author || !own) return [];
    const space = row.space_id === null ? undefined : spaceById.get(row.space_id);
    const membership = row.space_id === null ? undefined : membershipBySpace.get(row.space_id);
    const moderates = moderatesContent(viewer, subjectOf(row, space, membership));
    const itemCounts: Record<string, number> = {};
    for (const count of counts) if (count.content_id === id) itemCounts[count.type] = Number(count.n);
    return [
      toFeedItem(viewer, {
        row,
        nameOf,
        card: withPersonal(own.kind.card(own.row), own.personal),
        url: own.kind.url(id),
        policy: ctx.kinds.policyOf(row.type),
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
              ? [toComment(comment, { viewer, author: commentAuthor, moderates, nameOf })]
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
  first = true,
) {
  // Leading items (open must-reads, pinned posts) head the first page and appear on no page below.
  const rest = rows.filter((row) => !lead.includes(row.id));
  const pageRows = rest.slice(0, limit);
  const last = pageRows.at(-1);
  const ids = [...(first ? lead : []), ...pageRows.map((row) => row.id)];
  return {
    items: await hydrate(ctx, viewer, ids),
    nextCursor: rest.length > limit && last ? encodeCursor([last.published_at, last.id]) : null,
  };
}

export async function getItem(ctx: AppContext, viewer: Viewer, contentId: number): Promise<AnyFeedItem> {
  if (!(await mayReadContent(ctx.database.db, viewer.id, contentId)))
    throw fail.notFound('This post does not exist or is not visible to you.');
  const [item] = await hydrate(ctx, viewer, [contentId]);
  if (!item) throw fail.notFound('This post does not exist or is not visible to you.');
  return item;
}

export async function homeFeed(ctx: AppContext, viewer: Viewer, cursor: string | undefined, limit: number) {
  const { db } = ctx.database;
  const after = parseFeedCursor(cursor);
  // Must-reads the viewer has not confirmed yet lead the first page, and are repeated on no page.
  const mustReads = await mustReadRepo.openMustReads(db, viewer.id);
  const rows = await repo.homeFeed(db, viewer.id, { after, limit: limit + mustReads.length });
  return page(ctx, viewer, rows, limit, mustReads, !after);
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
  // Pinned posts lead the first page and are repeated on no page further down.
  const pinned = (await repo.pinnedInSpace(db, spaceId)).map((row) => row.id);
  const rows = await repo.spaceFeed(db, spaceId, { after, limit: limit + pinned.length });
  return page(ctx, viewer, rows, limit, pinned, !after);
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
