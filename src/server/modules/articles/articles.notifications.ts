import type { AppContext } from '../../context.js';
import { spaceReadersAmong } from '../access/access.repo.js';
import { notifyAll } from '../notifications/notifications.events.js';
import * as repo from './articles.repo.js';
import * as mustReadRepo from './must-read.repo.js';

/* What only articles notify about; the notifications module writes them and names no kind. */

/**
 * A must-read going out tells its whole audience; a reminder tells those who have not confirmed.
 * Both go through the same readers, settings and mutes as every other notification.
 */
export async function notifyMustRead(
  ctx: AppContext,
  eventId: number,
  contentId: number,
  actorId: number,
  type: 'must_read' | 'must_read_reminder',
  onlyUserIds?: number[],
) {
  const { db } = ctx.database;
  const article = await repo.findArticle(db, contentId);
  if (article?.must_read !== 1 || article.state !== 'published') return;
  let audience = (await mustReadRepo.audience(db, article).execute()).map((row) => row.id);
  if (onlyUserIds) {
    const only = new Set(onlyUserIds);
    audience = audience.filter((id) => only.has(id));
  }
  const targets = [
    `content:${contentId}`,
    ...(article.space_id === null ? [] : [`space:${article.space_id}`]),
  ];
  await notifyAll(
    ctx,
    audience.filter((id) => id !== actorId),
    type,
    targets,
    { actorId, contentId, spaceId: article.space_id, eventId },
  );
}

/** A guest commented on the public newsroom: the article's author and last editor moderate it. */
export async function notifyGuestComment(ctx: AppContext, eventId: number, contentId: number) {
  const { db } = ctx.database;
  const article = await repo.findArticle(db, contentId);
  if (!article) return;
  const editors = [
    ...new Set([article.author_id, article.last_editor_id].filter((id): id is number => id !== null)),
  ];
  await notifyAll(
    ctx,
    await spaceReadersAmong(db, article.space_id, editors),
    'guest_comment',
    [`content:${contentId}`],
    { actorId: null, contentId, spaceId: article.space_id, eventId },
  );
}
