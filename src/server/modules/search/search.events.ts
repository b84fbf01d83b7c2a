import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';
import * as search from './search.service.js';

/**
 * Keeps the search index current after every commit. Membership and visibility changes need no
 * index update: visibility is decided at query time by the access module.
 */
export async function searchIndexHandler(ctx: AppContext, event: DomainEvent): Promise<void> {
  switch (event.type) {
    case 'content.created':
    case 'content.updated':
      return search.indexContent(ctx, event.contentId);
    case 'content.deleted':
      return search.removeContent(ctx, event.contentId);
    case 'comment.created':
      return search.indexComment(ctx, event.commentId);
    case 'comment.changed':
      if (!event.deleted) return search.indexComment(ctx, event.commentId);
      return search.removeVanishedComments(ctx, event.contentId);
    case 'space.changed':
      return search.indexSpace(ctx, event.spaceId);
    case 'user.changed':
      return search.indexPerson(ctx, event.userId);
    case 'file.changed':
      return event.deleted ? search.removeFile(ctx, event.fileId) : search.indexFile(ctx, event.fileId);
    default:
      return;
  }
}
