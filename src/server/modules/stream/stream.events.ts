import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';
import * as contentRepo from '../content/content.repo.js';
import { countsOf } from '../reactions/reactions.service.js';

/**
 * Live updates for open feeds. Messages carry ids and counts, never text: each node delivers only
 * to connections whose user may read the item, and the client fetches what it shows through the API.
 */
export async function liveStreamHandler(ctx: AppContext, event: DomainEvent): Promise<void> {
  switch (event.type) {
    case 'content.created': {
      const content = await contentRepo.findContent(ctx.database.db, event.contentId);
      if (!content) return;
      await ctx.live.publish({
        audience: { kind: 'content', contentId: event.contentId },
        message: {
          type: 'post.created',
          data: {
            contentId: content.id,
            kind: content.type,
            spaceId: content.space_id,
            profileUserId: content.profile_user_id,
            authorId: content.author_id,
          },
        },
      });
      return;
    }
    case 'content.updated':
      await ctx.live.publish({
        audience: { kind: 'content', contentId: event.contentId },
        message: { type: 'content.updated', data: { contentId: event.contentId } },
      });
      return;
    case 'content.deleted':
      await ctx.live.publish({
        audience: { kind: 'space', spaceId: event.spaceId },
        message: { type: 'content.deleted', data: { contentId: event.contentId } },
      });
      return;
    case 'comment.created':
    case 'comment.changed': {
      const content = await contentRepo.findContent(ctx.database.db, event.contentId);
      if (!content) return;
      await ctx.live.publish({
        audience: { kind: 'content', contentId: event.contentId },
        message: {
          type: 'comment.changed',
          data: {
            contentId: event.contentId,
            commentId: event.commentId,
            commentCount: content.comment_count,
          },
        },
      });
      return;
    }
    case 'reaction.changed': {
      const { counts, total } = await countsOf(ctx, event.contentId);
      await ctx.live.publish({
        audience: { kind: 'content', contentId: event.contentId },
        message: {
          type: 'reaction.changed',
          data: { contentId: event.contentId, counts, total, userId: event.userId },
        },
      });
      return;
    }
    default:
      return;
  }
}
