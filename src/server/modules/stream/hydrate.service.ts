import type { ReactionType } from '../../../shared/api/stream.js';
import type { AppContext } from '../../context.js';
import type { Viewer } from '../../http/viewer.js';
import type { AnyFeedItem } from '../../kinds/registry.js';
import { mentionedUserIds } from '../../lib/markdown.js';
import type { CachedMembership } from '../access/membership-cache.js';
import { membershipsOf } from '../access/memberships.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import * as usersRepo from '../users/users.repo.js';
import type { ItemCache } from './item-cache.js';
import {
  feedItemJson,
  type SharedItem,
  toFeedItem,
  toSharedItem,
  type ViewerParts,
} from './stream.presenter.js';
import * as repo from './stream.repo.js';

const LATEST_COMMENTS = 2;

/**
 * What each item shows to everyone, for the ids the cache does not hold, in a fixed number of
 * queries; items of a kind this server does not know (or whose own row is gone) are left out.
 */
async function loadShared(ctx: AppContext, ids: number[]): Promise<Map<number, SharedItem>> {
  const { db } = ctx.database;
  const [rows, attachments, counts, comments] = await Promise.all([
    repo.contentRows(db, ids),
    repo.attachmentsOf(db, ids),
    repo.reactionCounts(db, ids),
    repo.latestComments(db, ids, LATEST_COMMENTS),
  ]);
  // Each kind's own rows first: their text names the mentioned people, loaded with the authors.
  const idsByKind = new Map<string, number[]>();
  for (const row of rows) {
    if (!ctx.kinds.get(row.type)) continue;
    idsByKind.set(row.type, [...(idsByKind.get(row.type) ?? []), row.id]);
  }
  const loaded = await Promise.all(
    [...idsByKind].map(async ([name, kindIds]) => {
      const kind = ctx.kinds.get(name);
      if (!kind) return [];
      return (await kind.load(db, kindIds)).map((row) => ({ kind, row, card: kind.card(row) }));
    }),
  );
  const own = new Map(loaded.flat().map((entry) => [entry.row.content_id, entry]));
  const userIds = new Set<number>();
  const mentions = new Map<number, number[]>();
  for (const row of rows) {
    userIds.add(row.author_id);
    if (row.profile_user_id) userIds.add(row.profile_user_id);
    const card = own.get(row.id)?.card;
    if (card) mentions.set(row.id, mentionedUserIds(card.html));
  }
  for (const comment of comments) {
    userIds.add(comment.author_id);
    mentions.set(comment.content_id, [
      ...(mentions.get(comment.content_id) ?? []),
      ...mentionedUserIds(comment.body_html),
    ]);
  }
  for (const mentioned of mentions.values()) for (const id of mentioned) userIds.add(id);
  const spaceIds = [...new Set(rows.map((row) => row.space_id).filter((id): id is number => id !== null))];
  const [users, spaces] = await Promise.all([
    usersRepo.findUsersByIds(db, [...userIds]),
    spacesRepo.findSpacesByIds(db, spaceIds),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const nameOf = (userId: number) => userById.get(userId)?.name;
  const spaceById = new Map(spaces.map((space) => [space.id, space]));

  const shared = new Map<number, SharedItem>();
  for (const row of rows) {
    const author = userById.get(row.author_id);
    const kind = own.get(row.id);
    if (!author || !kind) continue;
    const itemCounts: Record<string, number> = {};
    for (const count of counts) if (count.content_id === row.id) itemCounts[count.type] = Number(count.n);
    shared.set(
      row.id,
      toSharedItem({
        row,
        kindRow: kind.row,
        card: kind.card,
        url: kind.kind.url(row.id),
        author,
        profile: row.profile_user_id ? userById.get(row.profile_user_id) : undefined,
        space: row.space_id === null ? undefined : spaceById.get(row.space_id),
        attachments: attachments.filter((file) => file.content_id === row.id),
        counts: itemCounts,
        comments: comments.flatMap((comment) => {
          const commentAuthor = comment.content_id === row.id && userById.get(comment.author_id);
          return commentAuthor ? [{ row: comment, author: commentAuthor }] : [];
        }),
        nameOf,
      }),
    );
  }
  return shared;
}

/** The people an item shows (author, profile, commenters, mentioned): their changes drop it from the cache. */
function peopleOf(item: SharedItem): number[] {
  const ids = new Set([item.row.author_id, ...mentionedUserIds(item.card.html)]);
  if (item.row.profile_user_id) ids.add(item.row.profile_user_id);
  for (const comment of item.comments) {
    ids.add(comment.row.author_id);
    for (const id of mentionedUserIds(comment.row.body_html)) ids.add(id);
  }
  return [...ids];
}

/** Shared parts of the page: from the cache where it has them, the rest from the database (then cached). */
async function sharedItems(ctx: AppContext, cache: ItemCache | undefined, ids: number[]) {
  const found = new Map<number, SharedItem>();
  const missing: number[] = [];
  for (const id of ids) {
    const hit = cache?.get<SharedItem>(id);
    if (hit) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length === 0) return found;
  const ticket = cache?.ticket() ?? 0;
  for (const [id, item] of await loadShared(ctx, missing)) {
    found.set(id, item);
    cache?.store(ticket, id, withoutSourceHtml(item), {
      spaceId: item.row.space_id,
      userIds: peopleOf(item),
      fileIds: [...item.attachments.map((file) => file.id), ...coverFile(item)],
    });
  }
  return found;
}

/**
 * What the cache keeps of an item: its HTML as stored (mention markers, before the names went in)
 * served only to find the people above; the item shows `html`, which has the names. Dropping it
 * keeps an entry at about the size it had before the pre-serialised JSON joined it.
 */
function withoutSourceHtml(item: SharedItem): SharedItem {
  return {
    ...item,
    card: { ...item.card, html: '' },
    comments: item.comments.map((comment) => ({ ...comment, row: { ...comment.row, body_html: '' } })),
  };
}

/** A kind's card may show a file of its own (an article's cover): its changes drop the item too. */
function coverFile(item: SharedItem): string[] {
  const ids: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      const match = /^\/api\/v1\/files\/([^/?]+)\/download/.exec(value);
      if (match?.[1]) ids.push(match[1]);
    } else if (value && typeof value === 'object') for (const inner of Object.values(value)) walk(inner);
  };
  walk(item.card.part);
  return ids;
}

/**
 * Everything a feed item shows, for a page of content ids the viewer may read (the caller decided
 * that from fresh data). What is the same for everyone comes from the item cache; what depends on
 * the viewer is read now: their memberships of the items' spaces (permissions), their reactions
 * (one query for the page) and each kind's personal part.
 */
export async function hydrate(ctx: AppContext, viewer: Viewer, ids: number[]): Promise<AnyFeedItem[]> {
  return withViewerParts(ctx, viewer, ids, toFeedItem);
}

/** `hydrate` as JSON texts, one per item, from the cached items' pre-serialised parts (the feeds). */
export function hydrateJson(ctx: AppContext, viewer: Viewer, ids: number[]): Promise<string[]> {
  return withViewerParts(ctx, viewer, ids, feedItemJson);
}

async function withViewerParts<T>(
  ctx: AppContext,
  viewer: Viewer,
  ids: number[],
  presenter: (viewer: Viewer, shared: SharedItem, parts: ViewerParts) => T,
): Promise<T[]> {
  if (ids.length === 0) return [];
  const { db } = ctx.database;
  const shared = await sharedItems(ctx, ctx.itemCache, ids);
  const present = ids.filter((id) => shared.has(id));
  if (present.length === 0) return [];
  const spaceIds = new Set<number>();
  const rowsByKind = new Map<string, unknown[]>();
  for (const id of present) {
    const item = shared.get(id) as SharedItem;
    if (item.row.space_id !== null) spaceIds.add(item.row.space_id);
    if (ctx.kinds.get(item.row.type)?.personal)
      rowsByKind.set(item.row.type, [...(rowsByKind.get(item.row.type) ?? []), item.kindRow]);
  }
  const [mineById, memberships, personal] = await Promise.all([
    ownReactions(ctx, present, viewer.id),
    // Only for the permissions each item carries: which items the viewer gets was decided before.
    spaceIds.size > 0 ? membershipsOf(ctx, viewer.id) : new Map<number, CachedMembership>(),
    Promise.all(
      [...rowsByKind].map(async ([name, rows]) => {
        const kind = ctx.kinds.get(name);
        return kind?.personal
          ? kind.personal(db, rows, viewer.id, ctx.clock.now())
          : new Map<number, Record<string, unknown>>();
      }),
    ),
  ]);
  return present.map((id) => {
    const item = shared.get(id) as SharedItem;
    return presenter(viewer, item, {
      membership: item.row.space_id === null ? undefined : memberships.get(item.row.space_id),
      mine: (mineById.get(id) as ReactionType | null | undefined) ?? null,
      personal: personal.find((map) => map.has(id))?.get(id),
      policy: ctx.kinds.policyOf(item.row.type),
    });
  });
}

/** The viewer's own reaction to each item: kept in the item cache, the rest read in one query. */
async function ownReactions(ctx: AppContext, ids: number[], viewerId: number) {
  const cache = ctx.itemCache;
  const { known, missing } = cache?.enabled
    ? cache.ownReactions(viewerId, ids)
    : { known: new Map<number, string | null>(), missing: ids };
  if (missing.length === 0) return known;
  const ticket = cache?.ticket() ?? 0;
  const rows = await repo.myReactions(ctx.database.db, missing, viewerId);
  const found = new Map(rows.map((row) => [row.content_id, row.type]));
  cache?.storeOwnReactions(ticket, viewerId, missing, found);
  for (const id of missing) known.set(id, found.get(id) ?? null);
  return known;
}
