import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';
import type { LiveEnvelope } from '../../live/bus.js';
import * as contentRepo from '../content/content.repo.js';
import { ALL_TAG_LISTS, type ItemInvalidation, type ListKey, listKey } from './item-cache.js';

/** The container lists of an item that still exists (a new, changed or just published item). */
async function listsOf(ctx: AppContext, contentId: number): Promise<string[]> {
  const row = await contentRepo.findContent(ctx.database.db, contentId);
  return row
    ? [listKey({ spaceId: row.space_id, profileUserId: row.profile_user_id }), ...EVERY_ITEM]
    : EVERY_ITEM;
}

/** Any new, changed or deleted item may be a must-read, or have been one; may be tagged, or have been. */
const EVERY_ITEM: string[] = ['must-reads' satisfies ListKey, ALL_TAG_LISTS];

/** Which cached items and id lists an event makes wrong; undefined when none. */
async function invalidationFor(ctx: AppContext, event: DomainEvent): Promise<ItemInvalidation | undefined> {
  // A kind may name items of its own that other events change (kinds/registry.ts: invalidatedBy).
  const ofKinds = ctx.kinds.all.flatMap((kind) => kind.invalidatedBy?.(event) ?? []);
  const base: ItemInvalidation | undefined = await (async () => {
    switch (event.type) {
      case 'content.created':
      case 'content.updated':
      case 'article.published':
        return { contentIds: [event.contentId], lists: await listsOf(ctx, event.contentId) };
      case 'content.deleted':
        return {
          contentIds: [event.contentId],
          lists: [listKey({ spaceId: event.spaceId, profileUserId: event.profileUserId }), ...EVERY_ITEM],
        };
      case 'comment.created':
      case 'comment.changed':
      case 'guest_comment.created':
        return { contentIds: [event.contentId] };
      case 'reaction.changed':
        return {
          contentIds: [event.contentId],
          ownReactions: [{ userId: event.userId, contentId: event.contentId }],
        };
      case 'space.changed':
      case 'space.made_public':
        return { spaceIds: [event.spaceId] };
      case 'user.changed':
        return event.change === 'created' ? undefined : { userIds: [event.userId] };
      case 'file.changed':
        return { fileIds: [event.fileId] };
      default:
        return undefined;
    }
  })();
  if (ofKinds.length === 0) return base;
  return { ...base, contentIds: [...(base?.contentIds ?? []), ...ofKinds] };
}

/**
 * Drops what an event changed from the item cache of this node at once and of every other node
 * through the live bus (Redis, or the worker channel). Memberships are not cached: who may read
 * what is read fresh on every request, so these messages only ever make an item late.
 */
export async function itemCacheHandler(ctx: AppContext, event: DomainEvent): Promise<void> {
  const items = await invalidationFor(ctx, event);
  if (!items) return;
  ctx.itemCache?.invalidate(items);
  await ctx.live.publish({
    audience: { kind: 'users', userIds: [] },
    // Addressed to nobody: only the envelope's `items` matters, no socket ever sees it.
    message: { type: 'cache.invalidated', data: null } as unknown as LiveEnvelope['message'],
    items,
  });
}
