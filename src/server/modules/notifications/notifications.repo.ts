import { type Expression, type Kysely, sql } from 'kysely';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { contentReadableBy, type KnownMemberships } from '../access/access.repo.js';

type Db = Kysely<DB>;

/**
 * Notifications whose content the recipient may (still) read — through the access module; `known`:
 * their memberships as read by the caller (access/memberships.ts), else read here.
 */
function visibleNotifications(db: Db, userId: number, known?: KnownMemberships) {
  return db
    .selectFrom('notifications')
    .leftJoin('content', 'content.id', 'notifications.content_id')
    .where('notifications.user_id', '=', userId)
    .where((eb) => eb.or([eb('notifications.content_id', 'is', null), contentReadableBy(db, userId, known)]));
}

export function listNotifications(
  db: Db,
  userId: number,
  after: { updatedAt: string; id: number } | undefined,
  limit: number,
  known?: KnownMemberships,
) {
  let query = visibleNotifications(db, userId, known).selectAll('notifications');
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('notifications.updated_at', '<', after.updatedAt),
        eb.and([eb('notifications.updated_at', '=', after.updatedAt), eb('notifications.id', '<', after.id)]),
      ]),
    );
  }
  return query
    .orderBy('notifications.updated_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function unreadCount(db: Db, userId: number, known?: KnownMemberships): Promise<number> {
  const row = await visibleNotifications(db, userId, known)
    .select(sql<number>`count(*)`.as('n'))
    .where('notifications.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertNotification(
  db: Db,
  values: {
    userId: number;
    type: string;
    actorId: number | null;
    contentId?: number | null;
    commentId?: number | null;
    spaceId?: number | null;
    now: string;
    /** The outbox event behind it: the same event run again writes nothing new. */
    eventId: number | null;
  },
) {
  await db
    .insertInto('notifications')
    .values({
      user_id: values.userId,
      type: values.type,
      actor_id: values.actorId,
      actor_count: 1,
      content_id: values.contentId ?? null,
      comment_id: values.commentId ?? null,
      space_id: values.spaceId ?? null,
      group_key: null,
      read_at: null,
      created_at: values.now,
      updated_at: values.now,
      event_id: values.eventId,
    })
    .onConflict((oc) => oc.columns(['event_id', 'user_id', 'type']).doNothing())
    .execute();
}

/** The same notification for many people at once (a must-read for the whole company), in chunks. */
export async function insertNotifications(
  db: Db,
  userIds: number[],
  values: {
    type: string;
    actorId: number | null;
    contentId: number | null;
    spaceId: number | null;
    now: string;
    note?: string | null;
    link?: string | null;
    eventId: number | null;
  },
) {
  for (let start = 0; start < userIds.length; start += 500) {
    await db
      .insertInto('notifications')
      .values(
        userIds.slice(start, start + 500).map((userId) => ({
          user_id: userId,
          type: values.type,
          actor_id: values.actorId,
          actor_count: 1,
          content_id: values.contentId,
          comment_id: null,
          space_id: values.spaceId,
          group_key: null,
          note: values.note ?? null,
          link: values.link ?? null,
          read_at: null,
          created_at: values.now,
          updated_at: values.now,
          event_id: values.eventId,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'user_id', 'type']).doNothing())
      .execute();
  }
}

/**
 * Notifications of one group (reactions to one item, one idea status change) collapse into one row
 * per person.
 */
export async function upsertGrouped(
  db: Db,
  values: {
    userId: number;
    type: string;
    groupKey: string;
    actorId: number;
    /** How many acted: a number, or a subquery counted as the row is written. */
    actorCount: number | Expression<number>;
    contentId: number;
    now: string;
  },
) {
  // One row per person and group (unique index, migration 0031), even when two are written at once.
  await db
    .insertInto('notifications')
    .values({
      user_id: values.userId,
      type: values.type,
      actor_id: values.actorId,
      actor_count: values.actorCount,
      content_id: values.contentId,
      comment_id: null,
      space_id: null,
      group_key: values.groupKey,
      read_at: null,
      created_at: values.now,
      updated_at: values.now,
    })
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'group_key']).doUpdateSet((eb) => ({
        actor_id: values.actorId,
        actor_count: eb.ref('excluded.actor_count'),
        read_at: null,
        updated_at: values.now,
      })),
    )
    .execute();
}

/**
 * The owner's one notification about reactions to an item, counting everyone else who reacted as it
 * is written rather than when its event was handled. On SQLite (one writer) the count is exact; on
 * PostgreSQL two nodes writing the same row at once may leave the earlier count until the next
 * reaction.
 */
export function upsertReactionNotification(
  db: Db,
  values: { ownerId: number; actorId: number; contentId: number; now: string },
) {
  return upsertGrouped(db, {
    userId: values.ownerId,
    type: 'reaction',
    groupKey: `reaction:${values.contentId}`,
    actorId: values.actorId,
    actorCount: db
      .selectFrom('reactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('content_id', '=', values.contentId)
      .where('user_id', '!=', values.ownerId)
      .$asScalar(),
    contentId: values.contentId,
    now: values.now,
  });
}

export async function markRead(db: Db, userId: number, ids: number[] | 'all', now: string) {
  let query = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('id', 'in', ids);
  await query.execute();
}

export function disabledTypes(db: Db, userId: number) {
  return db
    .selectFrom('notification_settings')
    .select('type')
    .where('user_id', '=', userId)
    .where('enabled', '=', 0)
    .execute()
    .then((rows) => new Set(rows.map((row) => row.type)));
}

export async function saveTypeSetting(db: Db, userId: number, type: string, enabled: boolean) {
  await db
    .insertInto('notification_settings')
    .values({ user_id: userId, type, enabled: Number(enabled) })
    .onConflict((oc) => oc.columns(['user_id', 'type']).doUpdateSet({ enabled: Number(enabled) }))
    .execute();
}

export function mutes(db: Db, userId: number) {
  return db
    .selectFrom('mutes')
    .select('target')
    .where('user_id', '=', userId)
    .execute()
    .then((rows) => rows.map((row) => row.target));
}

export async function replaceMutes(
  db: Db,
  userId: number,
  prefix: 'space' | 'content',
  ids: number[],
  now: string,
) {
  await db.deleteFrom('mutes').where('user_id', '=', userId).where('target', 'like', `${prefix}:%`).execute();
  if (ids.length > 0) {
    await db
      .insertInto('mutes')
      .values(
        [...new Set(ids)].map((id) => ({ user_id: userId, target: `${prefix}:${id}`, created_at: now })),
      )
      .execute();
  }
}

// Asked for every notification written (each reaction, comment, mention): built once (db/prepared.ts).
const mutedQuery = prepared((db, p: Placeholders<{ userIds: number[]; targets: string[] }>) =>
  db
    .selectFrom('mutes')
    .select('user_id')
    .where('user_id', 'in', p.list('userIds'))
    .where('target', 'in', p.list('targets')),
);

const switchedOffQuery = prepared((db, p: Placeholders<{ userIds: number[]; type: string }>) =>
  db
    .selectFrom('notification_settings')
    .select('user_id')
    .where('user_id', 'in', p.list('userIds'))
    .where('type', '=', p.value('type'))
    .where('enabled', '=', 0),
);

/** Of these users, who muted the space or the thread, or switched this type off. */
export async function silencedAmong(
  db: Db,
  userIds: number[],
  type: string,
  targets: string[],
): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const [muted, disabled] = await Promise.all([
    targets.length ? mutedQuery(db, { userIds, targets }) : Promise.resolve([]),
    switchedOffQuery(db, { userIds, type }),
  ]);
  return new Set([...muted, ...disabled].map((row) => row.user_id));
}

/** The kind of each item notifications are about, and the texts of their comments. */
export function contentAndComments(db: Db, contentIds: number[], commentIds: number[]) {
  return Promise.all([
    contentIds.length
      ? db.selectFrom('content').select(['id', 'type']).where('id', 'in', contentIds).execute()
      : Promise.resolve([]),
    commentIds.length
      ? db.selectFrom('comments').select(['id', 'body']).where('id', 'in', commentIds).execute()
      : Promise.resolve([]),
  ]);
}
