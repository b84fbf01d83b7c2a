import type { NotificationType } from '../../../shared/api/notifications.js';
import type { AppContext } from '../../context.js';
import type { DomainEvent } from '../../events/events.js';
import { isoNow } from '../../lib/clock.js';
import { readersAmong, spaceReadersAmong } from '../access/access.repo.js';
import * as articlesRepo from '../articles/articles.repo.js';
import * as mustReadRepo from '../articles/must-read.repo.js';
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
 * type off; one notification per person per event, the most specific type winning.
 */
async function notifyAboutContent(
  ctx: AppContext,
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
      });
      notified.push(userId);
    }
  }
  await pushUnreadCounts(ctx, notified);
}

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
  const others = await repo.otherReactors(db, contentId, ownerId);
  await repo.upsertGrouped(db, {
    userId: ownerId,
    type: 'reaction',
    groupKey: `reaction:${contentId}`,
    actorId,
    actorCount: others,
    contentId,
    now: isoNow(ctx.clock),
  });
  await pushUnreadCounts(ctx, [ownerId]);
}

async function notifySpace(
  ctx: AppContext,
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
    { actorId, contentId: null, spaceId },
  );
}

/**
 * The same notification for many people at once: leaves out those who switched the type off or
 * muted one of `targets`, writes the rest in bulk and updates their badges.
 */
async function notifyAll(
  ctx: AppContext,
  userIds: number[],
  type: NotificationType,
  targets: string[],
  about: { actorId: number | null; contentId: number | null; spaceId: number | null },
) {
  const { db } = ctx.database;
  const silenced = await repo.silencedAmong(db, userIds, type, targets);
  const recipients = userIds.filter((id) => !silenced.has(id));
  await repo.insertNotifications(db, recipients, { type, ...about, now: isoNow(ctx.clock) });
  await pushUnreadCounts(ctx, recipients);
}

/**
 * A must-read going out tells its whole audience; a reminder tells those who have not confirmed.
 * Both go through the same readers, settings and mutes as every other notification.
 */
async function notifyMustRead(
  ctx: AppContext,
  contentId: number,
  actorId: number,
  type: 'must_read' | 'must_read_reminder',
  onlyUserIds?: number[],
) {
  const { db } = ctx.database;
  const article = await articlesRepo.findArticle(db, contentId);
  if (!article || article.must_read !== 1 || article.state !== 'published') return;
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
    { actorId, contentId, spaceId: article.space_id },
  );
}

/** A guest commented on the public newsroom: the article's author and last editor moderate it. */
async function notifyGuestComment(ctx: AppContext, contentId: number) {
  const { db } = ctx.database;
  const article = await articlesRepo.findArticle(db, contentId);
  if (!article) return;
  const editors = [
    ...new Set([article.author_id, article.last_editor_id].filter((id): id is number => id !== null)),
  ];
  await notifyAll(
    ctx,
    await spaceReadersAmong(db, article.space_id, editors),
    'guest_comment',
    [`content:${contentId}`],
    { actorId: null, contentId, spaceId: article.space_id },
  );
}

export async function notificationHandler(ctx: AppContext, event: DomainEvent): Promise<void> {
  switch (event.type) {
    case 'content.created':
      return notifyAboutContent(
        ctx,
        event.contentId,
        event.authorId,
        event.mentionedUserIds.map((userId) => ({ userId, type: 'mention' })),
        null,
      );
    case 'content.updated':
      return notifyAboutContent(
        ctx,
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
      return notifyAboutContent(ctx, event.contentId, event.authorId, candidates, event.commentId);
    }
    case 'reaction.changed':
      if (event.added) await notifyReaction(ctx, event.contentId, event.userId);
      return;
    case 'space.invited':
      return notifySpace(ctx, event.spaceId, event.actorId, [event.userId], 'space_invitation');
    case 'space.approved':
      return notifySpace(ctx, event.spaceId, event.actorId, [event.userId], 'request_approved');
    case 'space.requested':
      return notifySpace(
        ctx,
        event.spaceId,
        event.userId,
        await spacesRepo.spaceAdminIds(ctx.database.db, event.spaceId),
        'join_request',
      );
    case 'article.published':
      return notifyMustRead(ctx, event.contentId, event.actorId, 'must_read');
    case 'must_read.reminded':
      return notifyMustRead(ctx, event.contentId, event.actorId, 'must_read_reminder', event.userIds);
    case 'guest_comment.created':
      return notifyGuestComment(ctx, event.contentId);
    case 'space.made_public':
      return notifySpace(
        ctx,
        event.spaceId,
        event.actorId,
        await spacesRepo.spaceMemberIds(ctx.database.db, event.spaceId),
        'space_made_public',
      );
    default:
      return;
  }
}
