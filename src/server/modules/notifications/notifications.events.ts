import type { NotificationType } from '../../../shared/api/notifications.js';
import type { AppContext } from '../../context.js';
import { writeBatcher } from '../../db/write-batch.js';
import type { DomainEvent, EventMeta } from '../../events/events.js';
import { isoNow } from '../../lib/clock.js';
import { readersAmong } from '../access/access.repo.js';
import * as contentRepo from '../content/content.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import * as repo from './notifications.repo.js';
import { pushUnreadCounts } from './notifications.service.js';

interface Candidate {
  userId: number;
  type: NotificationType;
}

/**
 * Notifies people about content: only those who may read it (a mention of a non-member in a private
 * space notifies nobody), never the actor, not those who muted the space or thread or switched the
 * type off; one notification per person per event, the most specific type winning. Written with the
 * outbox event's id, so the event run again after a crash notifies nobody twice.
 */
async function notifyAboutContent(
  ctx: AppContext,
  eventId: number,
  contentId: number,
  actorId: number,
  candidates: Candidate[],
  commentId: number | null,
) {
  const { db } = ctx.database;
  const content = await contentRepo.findContent(db, contentId);
  if (!content) return;
  const chosen = new Map<number, NotificationType>();
  for (const candidate of candidates)
    if (candidate.userId !== actorId && !chosen.has(candidate.userId))
      chosen.set(candidate.userId, candidate.type);
  const readers = new Set(await readersAmong(db, contentId, [...chosen.keys()]));
  const targets = [
    `content:${contentId}`,
    ...(content.space_id === null ? [] : [`space:${content.space_id}`]),
  ];
  const notified: number[] = [];
  const now = isoNow(ctx.clock);
  for (const type of new Set(chosen.values())) {
    const users = [...chosen]
      .filter(([userId, t]) => t === type && readers.has(userId))
      .map(([userId]) => userId);
    const silenced = await repo.silencedAmong(db, users, type, targets);
    for (const userId of users.filter((id) => !silenced.has(id))) {
      await repo.insertNotification(db, {
        userId,
        type,
        actorId,
        contentId,
        commentId,
        spaceId: content.space_id,
        now,
        eventId,
      });
      notified.push(userId);
    }
  }
  await pushUnreadCounts(ctx, notified);
}

/** Reaction notifications of one turn of the event loop share a transaction (db/write-batch.ts). */
const writeReactionNotification = writeBatcher<Parameters<typeof repo.upsertReactionNotification>[1]>(
  async (trx, notifications) => {
    for (const notification of notifications) await repo.upsertReactionNotification(trx, notification);
  },
);

async function notifyReaction(ctx: AppContext, contentId: number, actorId: number) {
  const { db } = ctx.database;
  const content = await contentRepo.findContent(db, contentId);
  if (!content || content.author_id === actorId) return;
  const ownerId = content.author_id;
  if ((await readersAmong(db, contentId, [ownerId])).length === 0) return;
  const targets = [
    `content:${contentId}`,
    ...(content.space_id === null ? [] : [`space:${content.space_id}`]),
  ];
  if ((await repo.silencedAmong(db, [ownerId], 'reaction', targets)).size > 0) return;
  await writeReactionNotification(ctx.database, { ownerId, actorId, contentId, now: isoNow(ctx.clock) });
  await pushUnreadCounts(ctx, [ownerId]);
}

async function notifySpace(
  ctx: AppContext,
  eventId: number,
  spaceId: number,
  actorId: number,
  userIds: number[],
  type: NotificationType,
) {
  await notifyAll(
    ctx,
    userIds.filter((id) => id !== actorId),
    type,
    [],
    { actorId, contentId: null, spaceId, eventId },
  );
}

/**
 * The same notification for many people at once: leaves out those who switched the type off or
 * muted one of `targets`, writes the rest in bulk and updates their badges. Kinds' own event
 * handlers (a must-read going out) notify through this too; `eventId` is the outbox event's id,
 * so the event run again after a crash notifies nobody twice.
 */
export async function notifyAll(
  ctx: AppContext,
  userIds: number[],
  type: NotificationType,
  targets: string[],
  about: { actorId: number | null; contentId: number | null; spaceId: number | null; eventId: number },
) {
  const { db } = ctx.database;
  const silenced = await repo.silencedAmong(db, userIds, type, targets);
  const recipients = userIds.filter((id) => !silenced.has(id));
  await repo.insertNotifications(db, recipients, { type, ...about, now: isoNow(ctx.clock) });
  await pushUnreadCounts(ctx, recipients);
}

/** Notifications for what every kind shares (mentions, comments, reactions, spaces); kinds add their own. */
export async function notificationHandler(
  ctx: AppContext,
  event: DomainEvent,
  meta: EventMeta,
): Promise<void> {
  switch (event.type) {
    case 'content.created':
      return notifyAboutContent(
        ctx,
        meta.id,
        event.contentId,
        event.authorId,
        event.mentionedUserIds.map((userId) => ({ userId, type: 'mention' })),
        null,
      );
    case 'content.updated':
      return notifyAboutContent(
        ctx,
        meta.id,
        event.contentId,
        event.authorId,
        event.newlyMentionedUserIds.map((userId) => ({ userId, type: 'mention' })),
        null,
      );
    case 'comment.created': {
      const content = await contentRepo.findContent(ctx.database.db, event.contentId);
      const candidates: Candidate[] = [
        ...event.mentionedUserIds.map((userId) => ({ userId, type: 'mention' as const })),
        ...(event.parentAuthorId === null ? [] : [{ userId: event.parentAuthorId, type: 'reply' as const }]),
        ...(content ? [{ userId: content.author_id, type: 'comment' as const }] : []),
      ];
      return notifyAboutContent(ctx, meta.id, event.contentId, event.authorId, candidates, event.commentId);
    }
    case 'reaction.changed':
      if (event.added) await notifyReaction(ctx, event.contentId, event.userId);
      return;
    case 'space.invited':
      return notifySpace(ctx, meta.id, event.spaceId, event.actorId, [event.userId], 'space_invitation');
    case 'space.approved':
      return notifySpace(ctx, meta.id, event.spaceId, event.actorId, [event.userId], 'request_approved');
    case 'space.requested':
      return notifySpace(
        ctx,
        meta.id,
        event.spaceId,
        event.userId,
        await spacesRepo.spaceAdminIds(ctx.database.db, event.spaceId),
        'join_request',
      );
    case 'space.made_public':
      return notifySpace(
        ctx,
        meta.id,
        event.spaceId,
        event.actorId,
        await spacesRepo.spaceMemberIds(ctx.database.db, event.spaceId),
        'space_made_public',
      );
    default:
      return;
  }
}
