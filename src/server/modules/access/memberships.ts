import type { AppContext } from '../../context.js';
import type { AfterCommit } from '../../db/database.js';
import type { LiveEnvelope } from '../../live/bus.js';
import {
  contentAccessRow,
  followeeIds,
  type KnownMemberships,
  membershipRows,
  publicSpacesAmong,
  readableGiven,
} from './access.repo.js';
import type { CachedMembership, MembershipInvalidation } from './membership-cache.js';

export type ViewerMemberships = ReadonlyMap<number, CachedMembership>;

/**
 * A person's memberships (every status) by space: from this node's cache (membership-cache.ts) when
 * it may be trusted, else fresh from the database (and then cached).
 */
export async function membershipsOf(ctx: AppContext, userId: number): Promise<ViewerMemberships> {
  const cache = ctx.memberships;
  const hit = cache?.get(userId);
  if (hit) return hit;
  const ticket = cache?.ticket() ?? 0;
  const rows = await membershipRows(ctx.database.db, userId);
  cache?.store(ticket, userId, rows);
  return new Map(rows.map((row) => [row.space_id, row]));
}

/**
 * The people someone follows (whose profile posts their home feed shows): cached with their
 * memberships, dropped on every follow and unfollow (follows.service.ts).
 */
export async function followeesOf(ctx: AppContext, userId: number): Promise<readonly number[]> {
  const cache = ctx.memberships;
  const hit = cache?.followeesOf(userId);
  if (hit) return hit;
  const ticket = cache?.ticket() ?? 0;
  const ids = await followeeIds(ctx.database.db, userId);
  cache?.storeFollowees(ticket, userId, ids);
  return ids;
}

/** The lists the access module's queries take instead of their membership subquery. */
export function knownMemberships(memberships: ViewerMemberships): KnownMemberships {
  const member: number[] = [];
  const memberOrInvited: number[] = [];
  for (const row of memberships.values()) {
    if (row.status === 'member') member.push(row.space_id);
    if (row.status === 'member' || row.status === 'invited') memberOrInvited.push(row.space_id);
  }
  return { member, memberOrInvited };
}

/** Whether the viewer may read one item: published, and outside any space or in one they may read. */
export async function mayReadItem(ctx: AppContext, viewerId: number, contentId: number): Promise<boolean> {
  const [row, memberships] = await Promise.all([
    contentAccessRow(ctx.database.db, contentId),
    membershipsOf(ctx, viewerId),
  ]);
  // The item's space was read with it: a space just deleted or turned private counts at once.
  return readableGiven(row, row?.space_id == null ? undefined : memberships.get(row.space_id)?.status);
}

/**
 * Which of these published items (listed with their space, e.g. from a cached list) the viewer may
 * read: outside any space, in a space they are a member of, or in a space that is public now (its
 * visibility read fresh, in one query for the spaces they are not a member of).
 */
export async function readableListed<T extends { space_id: number | null }>(
  ctx: AppContext,
  viewerId: number,
  entries: readonly T[],
): Promise<T[]> {
  const memberships = await membershipsOf(ctx, viewerId);
  const isMember = (spaceId: number) => memberships.get(spaceId)?.status === 'member';
  const others = new Set<number>();
  for (const entry of entries)
    if (entry.space_id !== null && !isMember(entry.space_id)) others.add(entry.space_id);
  const publicSpaces = await publicSpacesAmong(ctx.database.db, [...others]);
  return entries.filter(
    (entry) => entry.space_id === null || isMember(entry.space_id) || publicSpaces.has(entry.space_id),
  );
}

/**
 * Drops cached memberships on this node now and on every node through the live bus. Call after
 * the change committed; `membershipsChanged` does both around a transaction.
 */
export async function forgetMemberships(ctx: AppContext, what: MembershipInvalidation): Promise<void> {
  ctx.memberships?.invalidate(what);
  // Confirmed: the message is on its way to every node before the change's request answers.
  await ctx.live.publish(
    {
      audience: { kind: 'users', userIds: [] },
      // Addressed to nobody: only the envelope's `memberships` matters, no socket ever sees it.
      message: { type: 'cache.invalidated', data: null } as unknown as LiveEnvelope['message'],
      memberships: what,
    },
    { confirm: true },
  );
}

/**
 * For a transaction that changes memberships, a space's visibility or a space's existence: drops
 * the cached memberships on this node at once (nothing cached is used while the change commits) and
 * again right after the commit, before anything else, on this node and every other (a read that ran
 * meanwhile saw the old rows and stores nothing).
 */
export function membershipsChanged(ctx: AppContext, afterCommit: AfterCommit, what: MembershipInvalidation) {
  ctx.memberships?.invalidate(what);
  afterCommit(() => forgetMemberships(ctx, what), { first: true });
}
