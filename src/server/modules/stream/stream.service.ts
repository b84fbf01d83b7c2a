import type { AppContext } from '../../context.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import type { AnyFeedItem } from '../../kinds/registry.js';
import { mayReadContent } from '../access/access.repo.js';
import { mayReadSpace } from '../access/rules.js';
import * as mustReadRepo from '../articles/must-read.repo.js';
import { loadSpace } from '../spaces/spaces.service.js';
import * as usersRepo from '../users/users.repo.js';
import { hydrate } from './hydrate.service.js';
import * as repo from './stream.repo.js';

export { hydrate };

export function parseFeedCursor(cursor: string | undefined): repo.FeedCursor | undefined {
  const position = readCursor(cursor, ['string', 'number']);
  return position && { publishedAt: position[0], id: position[1] };
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
