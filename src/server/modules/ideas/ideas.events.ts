import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';
import { isoNow } from '../../lib/clock.js';
import { readersAmong } from '../access/access.repo.js';
import * as notificationsRepo from '../notifications/notifications.repo.js';
import { pushUnreadCounts } from '../notifications/notifications.service.js';
import * as repo from './ideas.repo.js';

/**
 * A status change tells the idea's author and followers who may (still) read it, except the
 * reviewer who made it and those who switched `idea_status` off or muted the idea or its space.
 * Keyed by the change's id: a retried event updates the same notification instead of adding one.
 */
async function notifyStatusChange(ctx: AppContext, contentId: number, changeId: number, actorId: number) {
  const { db } = ctx.database;
  const idea = await repo.findIdea(db, contentId);
  if (!idea) return;
  const candidates = [...new Set([idea.author_id, ...(await repo.followerIds(db, contentId))])].filter(
    (id) => id !== actorId,
  );
  const readers = await readersAmong(db, contentId, candidates);
  const targets = [`content:${contentId}`, ...(idea.space_id === null ? [] : [`space:${idea.space_id}`])];
  const silenced = await notificationsRepo.silencedAmong(db, readers, 'idea_status', targets);
  const recipients = readers.filter((id) => !silenced.has(id));
  const now = isoNow(ctx.clock);
  for (const userId of recipients)
    await notificationsRepo.upsertGrouped(db, {
      userId,
      type: 'idea_status',
      groupKey: `idea_status:${changeId}`,
      actorId,
      actorCount: 1,
      contentId,
      now,
    });
  await pushUnreadCounts(ctx, recipients);
}

async function handle(ctx: AppContext, event: DomainEvent): Promise<void> {
  if (event.type !== 'idea.voted' && event.type !== 'idea.status_changed') return;
  // Open feeds and idea pages fetch the idea again (my vote and my rights differ per reader).
  await ctx.live.publish({
    audience: { kind: 'content', contentId: event.contentId },
    message: { type: 'content.updated', data: { contentId: event.contentId } },
  });
  if (event.type === 'idea.status_changed')
    await notifyStatusChange(ctx, event.contentId, event.changeId, event.actorId);
}

export const ideaEvents = { types: ['idea.voted', 'idea.status_changed'] as const, handle };
