import type { z } from 'zod';
import {
  type NotificationSettings,
  type NotificationType,
  notificationTypes,
  type updateNotificationSettingsBody,
} from '../../../shared/api/notifications.js';
import type { AppContext } from '../../context.js';
import type { NotificationRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import type { Viewer } from '../../http/viewer.js';
import type { ContentKind } from '../../kinds/registry.js';
import { isoNow } from '../../lib/clock.js';
import { knownMemberships, membershipsOf } from '../access/memberships.js';
import { toSpaceSummary } from '../spaces/spaces.presenter.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import { toUserSummary } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import * as repo from './notifications.repo.js';

const EXCERPT_LENGTH = 120;

function excerpt(text: string | undefined): string | null {
  if (!text) return null;
  const plain = text
    .replace(/[*_>#`[\]()]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > EXCERPT_LENGTH ? `${plain.slice(0, EXCERPT_LENGTH - 1)}…` : plain;
}

/** A notification's own note is plain text: only shortened, never stripped of characters. */
function shorten(note: string): string {
  const plain = note.replace(/\s+/g, ' ').trim();
  return plain.length > EXCERPT_LENGTH ? `${plain.slice(0, EXCERPT_LENGTH - 1)}…` : plain;
}

/** Where a notification leads in the web app: its item where the item's kind says, else its space. */
function notificationUrl(row: NotificationRow, kind: ContentKind | undefined): string | null {
  if (row.link !== null) return row.link;
  if (row.type === 'survey_reminder' && row.group_key) return `/surveys/${row.group_key.split(':')[1]}`;
  if (row.content_id !== null)
    return kind ? (kind.notificationUrl?.(row.type, row.content_id) ?? kind.url(row.content_id)) : null;
  if (row.space_id !== null) return `/spaces/${row.space_id}`;
  return null;
}

/** One line about each item, from each kind present: one batched load per kind. */
async function summaries(ctx: AppContext, contents: Array<{ id: number; type: string }>) {
  const byKind = new Map<string, number[]>();
  for (const content of contents) byKind.set(content.type, [...(byKind.get(content.type) ?? []), content.id]);
  const loaded = await Promise.all(
    [...byKind].map(async ([name, ids]) => {
      const kind = ctx.kinds.get(name);
      if (!kind) return [];
      const rows = await kind.load(ctx.database.db, ids);
      return rows.map((row) => [row.content_id, kind.summary(row)] as const);
    }),
  );
  return new Map(loaded.flat());
}

async function present(ctx: AppContext, rows: NotificationRow[]) {
  const { db } = ctx.database;
  const actorIds = [...new Set(rows.map((row) => row.actor_id).filter((id): id is number => id !== null))];
  const spaceIds = [...new Set(rows.map((row) => row.space_id).filter((id): id is number => id !== null))];
  const contentIds = [
    ...new Set(rows.map((row) => row.content_id).filter((id): id is number => id !== null)),
  ];
  const commentIds = [
    ...new Set(rows.map((row) => row.comment_id).filter((id): id is number => id !== null)),
  ];
  const [actors, spaces, [contents, comments]] = await Promise.all([
    usersRepo.findUsersByIds(db, actorIds),
    spacesRepo.findSpacesByIds(db, spaceIds),
    repo.contentAndComments(db, contentIds, commentIds),
  ]);
  const summaryById = await summaries(ctx, contents);
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const spaceById = new Map(spaces.map((s) => [s.id, s]));
  const kindById = new Map(contents.map((c) => [c.id, c.type]));
  const commentById = new Map(comments.map((c) => [c.id, c.body]));
  return rows.map((row) => {
    const actor = row.actor_id === null ? undefined : actorById.get(row.actor_id);
    const space = row.space_id === null ? undefined : spaceById.get(row.space_id);
    const text =
      row.comment_id !== null
        ? commentById.get(row.comment_id)
        : row.content_id !== null
          ? summaryById.get(row.content_id)
          : undefined;
    const kindName = row.content_id === null ? undefined : kindById.get(row.content_id);
    return {
      id: row.id,
      type: row.type as NotificationType,
      actor: actor ? toUserSummary(actor) : null,
      actorCount: row.actor_count,
      contentId: row.content_id,
      contentKind: kindName ?? null,
      commentId: row.comment_id,
      excerpt: row.note === null ? excerpt(text) : shorten(row.note),
      url: notificationUrl(row, kindName === undefined ? undefined : ctx.kinds.get(kindName)),
      space: space ? toSpaceSummary(space) : null,
      read: row.read_at !== null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

export async function listNotifications(
  ctx: AppContext,
  viewer: Viewer,
  cursor: string | undefined,
  limit: number,
) {
  const position = readCursor(cursor, ['string', 'number']);
  const after = position && { updatedAt: position[0], id: position[1] };
  const { db } = ctx.database;
  const known = knownMemberships(await membershipsOf(ctx, viewer.id));
  const [rows, unreadCount] = await Promise.all([
    repo.listNotifications(db, viewer.id, after, limit, known),
    repo.unreadCount(db, viewer.id, known),
  ]);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: await present(ctx, items),
    nextCursor: rows.length > limit && last ? encodeCursor([last.updated_at, last.id]) : null,
    unreadCount,
  };
}

export function unreadCount(ctx: AppContext, userId: number) {
  return repo.unreadCount(ctx.database.db, userId);
}

export async function markRead(ctx: AppContext, viewer: Viewer, ids: number[] | 'all') {
  await ctx.database.transaction(async (trx, afterCommit) => {
    await repo.markRead(trx, viewer.id, ids, isoNow(ctx.clock));
    afterCommit(() => pushUnreadCounts(ctx, [viewer.id]));
  });
  return { unreadCount: await unreadCount(ctx, viewer.id) };
}

export async function getSettings(ctx: AppContext, viewer: Viewer): Promise<NotificationSettings> {
  const { db } = ctx.database;
  const [disabled, muted] = await Promise.all([repo.disabledTypes(db, viewer.id), repo.mutes(db, viewer.id)]);
  const ids = (prefix: string) =>
    muted.filter((target) => target.startsWith(`${prefix}:`)).map((target) => Number(target.split(':')[1]));
  return {
    types: Object.fromEntries(notificationTypes.map((type) => [type, !disabled.has(type)])) as Record<
      NotificationType,
      boolean
    >,
    mutedSpaceIds: ids('space'),
    mutedContentIds: ids('content'),
  };
}

export async function updateSettings(
  ctx: AppContext,
  viewer: Viewer,
  input: z.infer<typeof updateNotificationSettingsBody>,
) {
  const now = isoNow(ctx.clock);
  await ctx.database.transaction(async (trx) => {
    for (const [type, enabled] of Object.entries(input.types ?? {})) {
      if (enabled !== undefined) await repo.saveTypeSetting(trx, viewer.id, type, enabled);
    }
    if (input.mutedSpaceIds) await repo.replaceMutes(trx, viewer.id, 'space', input.mutedSpaceIds, now);
    if (input.mutedContentIds) await repo.replaceMutes(trx, viewer.id, 'content', input.mutedContentIds, now);
  });
  return getSettings(ctx, viewer);
}

/**
 * Tells each user's open tabs their new unread count (badge). The node that holds a person's
 * connection counts (live/hub.ts `countUnread`): most people notified are not online, and a
 * must-read for the whole company counted for everyone before.
 */
export async function pushUnreadCounts(ctx: AppContext, userIds: number[]) {
  if (userIds.length === 0) return;
  await ctx.live.publish({
    audience: { kind: 'users', userIds: [...new Set(userIds)] },
    message: { type: 'notification.created', data: { unreadCount: 0 } },
    countUnread: true,
  });
}

/**
 * A notification about something that is not content (a story's progress, a consent request): its
 * own note and link; leaves out those who switched the type off, then updates the badges.
 */
export async function notifyWithNote(
  ctx: AppContext,
  userIds: number[],
  type: NotificationType,
  about: { actorId: number | null; note: string | null; link: string; eventId: number },
) {
  const { db } = ctx.database;
  const silenced = await repo.silencedAmong(db, userIds, type, []);
  const recipients = userIds.filter((id) => !silenced.has(id));
  await repo.insertNotifications(db, recipients, {
    type,
    actorId: about.actorId,
    contentId: null,
    spaceId: null,
    now: isoNow(ctx.clock),
    note: about.note,
    link: about.link,
    eventId: about.eventId,
  });
  await pushUnreadCounts(ctx, recipients);
}
