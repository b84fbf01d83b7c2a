import type { AppContext } from '../context.js';

/** What happened, published after the transaction that made it happen has committed. */
export type DomainEvent =
  | { type: 'content.created'; contentId: number; authorId: number; mentionedUserIds: number[] }
  | { type: 'content.updated'; contentId: number; authorId: number; newlyMentionedUserIds: number[] }
  | { type: 'content.deleted'; contentId: number; spaceId: number | null; profileUserId: number | null }
  | {
      type: 'comment.created';
      commentId: number;
      contentId: number;
      authorId: number;
      parentAuthorId: number | null;
      mentionedUserIds: number[];
    }
  | { type: 'comment.changed'; commentId: number; contentId: number; deleted: boolean }
  | { type: 'reaction.changed'; contentId: number; userId: number; added: boolean }
  | { type: 'space.invited'; spaceId: number; userId: number; actorId: number }
  | { type: 'space.requested'; spaceId: number; userId: number }
  | { type: 'space.approved'; spaceId: number; userId: number; actorId: number }
  | { type: 'space.changed'; spaceId: number }
  | { type: 'user.changed'; userId: number }
  | { type: 'file.changed'; fileId: string; deleted: boolean }
  | { type: 'article.published'; contentId: number; actorId: number }
  | { type: 'must_read.reminded'; contentId: number; actorId: number; userIds: number[] }
  | { type: 'guest_comment.created'; contentId: number; guestCommentId: number }
  | { type: 'space.made_public'; spaceId: number; actorId: number };

export type EventHandler = (ctx: AppContext, event: DomainEvent) => Promise<void>;

export interface EventDispatcher {
  publish(event: DomainEvent): Promise<void>;
}

/** Runs every handler for every event; one failing handler does not stop the others. */
export function createDispatcher(getContext: () => AppContext, handlers: EventHandler[]): EventDispatcher {
  return {
    async publish(event) {
      const ctx = getContext();
      for (const handler of handlers) {
        try {
          await handler(ctx, event);
        } catch (error) {
          ctx.log.error({ err: error, event: event.type }, 'event handler failed');
        }
      }
    },
  };
}
