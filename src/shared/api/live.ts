import { z } from 'zod';
import { reactionCounts } from './content.js';

/*
 * The messages of the live WebSocket (`GET /api/v1/live`, docs/LIVE.md), typed for the server that
 * sends them and the web app that handles them. They carry ids and counts, never the text of items.
 */

const id = z.number().int();
const message = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), data });

export const liveMessage = z.discriminatedUnion('type', [
  /** Right after the connection opens. */
  message('hello', z.object({ userId: id, unreadCount: z.number() })),
  /** A new item of any kind that the recipient may read (`kind` is its content kind). */
  message(
    'post.created',
    z.object({
      contentId: id,
      kind: z.string(),
      spaceId: id.nullable(),
      profileUserId: id.nullable(),
      authorId: id,
    }),
  ),
  /** Edited or pinned: fetch the item again. */
  message('content.updated', z.object({ contentId: id })),
  message('content.deleted', z.object({ contentId: id })),
  message('comment.changed', z.object({ contentId: id, commentId: id, commentCount: z.number() })),
  message(
    'reaction.changed',
    z.object({ contentId: id, counts: reactionCounts, total: z.number(), userId: id }),
  ),
  /** The recipient's unread count changed (new notification, or marked read). */
  message('notification.created', z.object({ unreadCount: z.number() })),
  /** Deactivation or "log out everywhere": the connection is then closed with code 4001. */
  message('session.ended', z.null()),
  message('pong', z.null()),
]);
export type LiveMessage = z.infer<typeof liveMessage>;
export type LiveMessageType = LiveMessage['type'];
export type LiveMessageOf<T extends LiveMessageType> = Extract<LiveMessage, { type: T }>;
