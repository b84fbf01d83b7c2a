import type { AppContext } from '../../context.js';
import type { DomainEvent, EventMeta } from '../../events/events.js';
import { notifyGuestComment, notifyMustRead } from './articles.notifications.js';

/** The outbox handler for what only articles do after an event (registered once in app.ts). */
export async function articleEventsHandler(
  ctx: AppContext,
  event: DomainEvent,
  meta: EventMeta,
): Promise<void> {
  switch (event.type) {
    case 'article.published':
      return notifyMustRead(ctx, meta.id, event.contentId, event.actorId, 'must_read');
    case 'must_read.reminded':
      return notifyMustRead(
        ctx,
        meta.id,
        event.contentId,
        event.actorId,
        'must_read_reminder',
        event.userIds,
      );
    case 'guest_comment.created':
      return notifyGuestComment(ctx, meta.id, event.contentId);
    default:
      return;
  }
}

/** The events articleEventsHandler acts on: others cost it no run and no write in the outbox. */
export const articleEventTypes = [
  'article.published',
  'must_read.reminded',
  'guest_comment.created',
] as const;
