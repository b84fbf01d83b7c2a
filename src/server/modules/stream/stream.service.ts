import type { AppContext } from '../../context.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import type { AnyFeedItem } from '../../kinds/registry.js';
import {
  followeesOf,
  knownMemberships,
  mayReadItem,
  membershipsOf,
  readableListed,
} from '../access/memberships.js';
import { mayReadSpace } from '../access/rules.js';
import * as mustReadRepo from '../articles/must-read.repo.js';
import { loadSpaceToRead } from '../spaces/spaces.service.js';
import * as usersRepo from '../users/users.repo.js';
import { hydrate, hydrateJson } from './hydrate.service.js';
import type { IdEntry, ListKey } from './item-cache.js';
import * as repo from './stream.repo.js';

export { hydrate };

export function parseFeedCursor(cursor: string | undefined): repo.FeedCursor | undefined {
  const position = readCursor(cursor, ['string', 'number']);
  return position && { publishedAt: position[0], id: position[1] };
}

/** How a feed page is given back: its items as objects (services, tests), or as JSON text (the feed routes). */
export type FeedPresenter<T> = (
  ctx: AppContext,
  viewer: Viewer,
  ids: number[],
  nextCursor: string | null,
) => Promise<T>;

export const asItems: FeedPresenter<{ items: AnyFeedItem[]; nextCursor: string | null }> = async (
  ctx,
  viewer,
  ids,
  nextCursor,
) => ({ items: await hydrate(ctx, viewer, ids), nextCursor });

/** The page's JSON from the items' pre-serialised parts (stream.presenter.ts: feedItemJson). */
export const asJson: FeedPresenter<string> = async (ctx, viewer, ids, nextCursor) =>
  `{"items":[${(await hydrateJson(ctx, viewer, ids)).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;

type Page = Awaited<ReturnType<typeof asItems>>;

function page<T>(
  ctx: AppContext,
  viewer: Viewer,
  rows: Array<{ id: number; published_at: string | null }>,
  limit: number,
  presenter: FeedPresenter<T>,
  lead: number[] = [],
  first = true,
) {
  // Leading items (open must-reads, pinned posts) head the first page and appear on no page below.
  const rest = rows.filter((row) => !lead.includes(row.id));
  const pageRows = rest.slice(0, limit);
  const last = pageRows.at(-1);
  const ids = [...(first ? lead : []), ...pageRows.map((row) => row.id)];
  return presenter(
    ctx,
    viewer,
    ids,
    rest.length > limit && last ? encodeCursor([last.published_at, last.id]) : null,
  );
}

export async function getItem(ctx: AppContext, viewer: Viewer, contentId: number): Promise<AnyFeedItem> {
  if (!(await mayReadItem(ctx, viewer.id, contentId)))
    throw fail.notFound('This post does not exist or is not visible to you.');
  const [item] = await hydrate(ctx, viewer, [contentId]);
  if (!item) throw fail.notFound('This post does not exist or is not visible to you.');
  return item;
}

export async function homeFeed<T = Page>(
  ctx: AppContext,
  viewer: Viewer,
  cursor: string | undefined,
  limit: number,
  presenter: FeedPresenter<T> = asItems as FeedPresenter<T>,
) {
  const { db } = ctx.database;
  const after = parseFeedCursor(cursor);
  // Must-reads the viewer has not confirmed yet lead the first page, and are repeated on no page.
  const [mustReads, containers] = await Promise.all([
    openMustReads(ctx, viewer.id),
    homeContainers(ctx, viewer.id),
  ]);
  const rows = after
    ? await repo.homeFeed(db, containers, { after, limit: limit + mustReads.length })
    : await firstHomePage(ctx, containers, limit + mustReads.length);
  return page(ctx, viewer, rows, limit, presenter, mustReads, !after);
}

/**
 * The must-reads the viewer has to confirm. Whether there is any at all is kept in the item cache
 * (dropped by every new, changed or deleted item): a must-read just published may come a moment
 * late, never to the wrong person — who sees it is decided by the full query.
 */
async function openMustReads(ctx: AppContext, viewerId: number): Promise<number[]> {
  const { db } = ctx.database;
  const cache = ctx.itemCache;
  if (!cache?.enabled) return mustReadRepo.openMustReads(db, viewerId);
  const known = await wholeList(ctx, 'must-reads', async () =>
    (await mustReadRepo.anyMustRead(db)).map((id) => ({ id, published_at: null })),
  );
  return known.length === 0 ? [] : mustReadRepo.openMustReads(db, viewerId, true);
}

/** A short list kept whole in the item cache (a space's pinned posts, whether a must-read exists). */
async function wholeList(ctx: AppContext, key: ListKey, read: () => Promise<IdEntry[]>): Promise<IdEntry[]> {
  const cache = ctx.itemCache;
  const cached = cache?.list(key);
  if (cached) return cached.ids;
  const ticket = cache?.ticket() ?? 0;
  const ids = await read();
  cache?.storeList(ticket, key, { ids, complete: true });
  return ids;
}

/**
 * The viewer's spaces and the profiles they see (their own and the people they follow), both from
 * access/memberships.ts: cached per person, dropped on every change.
 */
async function homeContainers(ctx: AppContext, viewerId: number): Promise<repo.HomeContainers> {
  const [memberships, followees] = await Promise.all([
    membershipsOf(ctx, viewerId),
    followeesOf(ctx, viewerId),
  ]);
  return { spaceIds: knownMemberships(memberships).member, profileIds: [viewerId, ...followees] };
}

/**
 * The first home page: the viewer's containers (their current memberships and follows, so nothing
 * of a space they left is picked), each space's, profile's and company news' newest ids from the
 * cached lists (the same lists as the space and profile feeds), merged.
 */
async function firstHomePage(ctx: AppContext, containers: repo.HomeContainers, limit: number) {
  const { db } = ctx.database;
  if (!ctx.itemCache?.enabled) return repo.homeFeed(db, containers, { limit });
  const { spaceIds, profileIds } = containers;
  const parts = await Promise.all([
    ...spaceIds.map((spaceId) =>
      newestOf(ctx, `space:${spaceId}`, limit, (page) => repo.newestInSpace(db, spaceId, page)),
    ),
    ...profileIds.map((userId) =>
      newestOf(ctx, `profile:${userId}`, limit, (page) => repo.profileFeed(db, userId, page)),
    ),
    newestOf(ctx, 'company', limit, (page) => repo.companyNews(db, page)),
  ]);
  return repo.mergeNewest(parts, limit + 1);
}

/** How many newest ids a container's cached list holds: a first page of 50, 10 pinned or must-reads, one more. */
const LIST_LENGTH = 64;

/**
 * A container's newest `limit + 1` published ids (a first page and whether there is more), from
 * its cached list when it holds that many (or all there are).
 */
async function newestOf(
  ctx: AppContext,
  key: ListKey,
  limit: number,
  read: (page: repo.FeedPageQuery) => Promise<IdEntry[]>,
): Promise<IdEntry[]> {
  const cache = ctx.itemCache;
  const cached = cache?.list(key);
  if (cached && (cached.complete || cached.ids.length > limit)) return cached.ids.slice(0, limit + 1);
  if (!cache || limit + 1 > LIST_LENGTH) return read({ limit });
  const ticket = cache.ticket();
  const ids = await read({ limit: LIST_LENGTH - 1 });
  cache.storeList(ticket, key, { ids, complete: ids.length < LIST_LENGTH });
  return ids.slice(0, limit + 1);
}

export async function spaceFeed<T = Page>(
  ctx: AppContext,
  viewer: Viewer,
  spaceId: number,
  cursor: string | undefined,
  limit: number,
  presenter: FeedPresenter<T> = asItems as FeedPresenter<T>,
) {
  const { space, membership } = await loadSpaceToRead(ctx, viewer, spaceId);
  if (!mayReadSpace(space, membership))
    throw fail.notFound('This space’s posts are visible to its members only.');
  const after = parseFeedCursor(cursor);
  const { db } = ctx.database;
  // Pinned posts lead the first page and are repeated on no page further down.
  const pinned = (await wholeList(ctx, `pinned:${spaceId}`, () => repo.pinnedInSpace(db, spaceId))).map(
    (row) => row.id,
  );
  const rows = after
    ? await repo.spaceFeed(db, spaceId, { after, limit: limit + pinned.length })
    : await newestOf(ctx, `space:${spaceId}`, limit + pinned.length, (page) =>
        repo.spaceFeed(db, spaceId, page),
      );
  return page(ctx, viewer, rows, limit, presenter, pinned, !after);
}

export async function profileFeed<T = Page>(
  ctx: AppContext,
  viewer: Viewer,
  userId: number,
  cursor: string | undefined,
  limit: number,
  presenter: FeedPresenter<T> = asItems as FeedPresenter<T>,
) {
  const user = await usersRepo.findUserById(ctx.database.db, userId);
  if (!user) throw fail.notFound('This person does not exist.');
  const after = parseFeedCursor(cursor);
  const rows = after
    ? await repo.profileFeed(ctx.database.db, userId, { after, limit })
    : await newestOf(ctx, `profile:${userId}`, limit, (page) =>
        repo.profileFeed(ctx.database.db, userId, page),
      );
  return page(ctx, viewer, rows, limit, presenter);
}

export async function hashtagFeed<T = Page>(
  ctx: AppContext,
  viewer: Viewer,
  tag: string,
  cursor: string | undefined,
  limit: number,
  presenter: FeedPresenter<T> = asItems as FeedPresenter<T>,
) {
  const name = tag.toLowerCase().replace(/^#/, '');
  const after = parseFeedCursor(cursor);
  const rows = (!after && (await firstTagPage(ctx, viewer.id, name, limit))) || (await taggedReadable());
  return page(ctx, viewer, rows, limit, presenter);

  async function taggedReadable() {
    const known = knownMemberships(await membershipsOf(ctx, viewer.id));
    return repo.hashtagFeed(ctx.database.db, viewer.id, known, name, { after, limit });
  }
}

/** Tags longer than this are not worth a cached list (and would let anyone fill the cache with them). */
const MAX_CACHED_TAG = 64;

/**
 * A hashtag's first page from the cached `tag:` list (the newest tagged items in every space),
 * filtered for the viewer with fresh visibility; undefined when the list is not long enough for a
 * full page of what they may read (the caller then asks the database).
 */
async function firstTagPage(ctx: AppContext, viewerId: number, tag: string, limit: number) {
  const cache = ctx.itemCache;
  if (!cache?.enabled || tag.length > MAX_CACHED_TAG || limit + 1 > LIST_LENGTH) return undefined;
  const key: ListKey = `tag:${tag}`;
  let list = cache.list(key);
  if (!list) {
    const ticket = cache.ticket();
    const ids = await repo.newestTagged(ctx.database.db, tag, LIST_LENGTH);
    list = { ids, complete: ids.length < LIST_LENGTH };
    cache.storeList(ticket, key, list);
  }
  const readable = await readableListed(
    ctx,
    viewerId,
    list.ids as Array<IdEntry & { space_id: number | null }>,
  );
  return list.complete || readable.length > limit ? readable.slice(0, limit + 1) : undefined;
}
