/**
 * Which spaces each person belongs to, with role and status (every `space_members` row of theirs),
 * and whom they follow, kept in memory on this node for a few seconds
 * (`KANTINE_MEMBERSHIP_CACHE_SECONDS`). Feeds, post detail and search read it instead of querying
 * the memberships on every request.
 *
 * Only memberships and follows are cached: whether a space is public, private or secret is still read from the
 * database by every query that needs it. Entries are dropped on every change of a membership, of a
 * space's visibility, on a space's deletion and on a person's deactivation — on this node at once
 * (before and after the commit) and on every other node through the live bus (Redis, or the worker
 * channel), the same channel as the item cache. When in doubt the cache answers nothing and the
 * caller reads fresh: while Redis is configured but the bus is not up, after any interruption of
 * the bus (every entry stored before it is void: messages may have been lost meanwhile), for a read
 * that began before an invalidation (tickets, as in http/auth-cache.ts), and after `ttlMs`.
 */

export interface CachedMembership {
  space_id: number;
  role: 'member' | 'admin';
  status: 'member' | 'invited' | 'requested';
}

/** Which cached memberships just stopped being true; travels to every node on the live bus. */
export interface MembershipInvalidation {
  /** These people's memberships. */
  userIds?: number[];
  /** Everyone's memberships of these spaces (visibility changed, deleted, members changed). */
  spaceIds?: number[];
}

/** What the cache needs to know of the live bus: whether invalidations from other nodes arrive. */
export interface BusState {
  status(): 'up' | 'down' | 'off';
  /** Changes whenever the bus was interrupted (messages of that time may be lost). */
  epoch?(): number;
}

interface Entry {
  rows: readonly CachedMembership[];
  bySpace: ReadonlyMap<number, CachedMembership>;
  storedAt: number;
  epoch: number;
}

const MAX_ENTRIES = 20_000;
/** Invalidated people remembered for racing reads; beyond this every read in flight is refused once. */
const MAX_TOUCHED = 50_000;

interface FolloweeEntry {
  ids: readonly number[];
  storedAt: number;
  epoch: number;
}

export class MembershipCache {
  private readonly entries = new Map<number, Entry>();
  /**
   * Whom each person follows (their home feed's profiles), under the same rules: dropped with the
   * person's memberships (a follow or unfollow invalidates `userIds: [follower]`).
   */
  private readonly followees = new Map<number, FolloweeEntry>();
  private generation = 0;
  /** Tickets older than this store nothing (a broad invalidation happened since they were taken). */
  private floor = 0;
  /** Person → generation of their last invalidation. */
  private readonly touched = new Map<number, number>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly bus: BusState = { status: () => 'off' },
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Take before reading the database; pass to `store`. */
  ticket(): number {
    return this.generation;
  }

  /** A person's memberships by space, or undefined: then read them fresh (and `store` them). */
  get(userId: number): ReadonlyMap<number, CachedMembership> | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(userId);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    if (!this.trusted(entry)) {
      this.entries.delete(userId);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.bySpace;
  }

  store(ticket: number, userId: number, rows: readonly CachedMembership[]) {
    if (!this.enabled || ticket < this.floor || (this.touched.get(userId) ?? -1) > ticket) return;
    if (this.bus.status() === 'down') return;
    this.entries.delete(userId);
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const kept = rows.map((row) => ({ space_id: row.space_id, role: row.role, status: row.status }));
    this.entries.set(userId, {
      rows: kept,
      bySpace: new Map(kept.map((row) => [row.space_id, row])),
      storedAt: this.now(),
      epoch: this.bus.epoch?.() ?? 0,
    });
  }

  /** The people someone follows, or undefined: then read them fresh (and `storeFollowees` them). */
  followeesOf(userId: number): readonly number[] | undefined {
    if (!this.enabled) return undefined;
    const entry = this.followees.get(userId);
    if (!entry) return undefined;
    if (!this.trusted(entry)) {
      this.followees.delete(userId);
      return undefined;
    }
    return entry.ids;
  }

  storeFollowees(ticket: number, userId: number, ids: readonly number[]) {
    if (!this.enabled || ticket < this.floor || (this.touched.get(userId) ?? -1) > ticket) return;
    if (this.bus.status() === 'down') return;
    this.followees.delete(userId);
    if (this.followees.size >= MAX_ENTRIES) {
      const oldest = this.followees.keys().next().value;
      if (oldest !== undefined) this.followees.delete(oldest);
    }
    this.followees.set(userId, { ids: [...ids], storedAt: this.now(), epoch: this.bus.epoch?.() ?? 0 });
  }

  invalidate(what: MembershipInvalidation) {
    this.generation++;
    for (const userId of what.userIds ?? []) {
      this.touch(userId);
      this.entries.delete(userId);
      this.followees.delete(userId);
    }
    if (!what.spaceIds?.length) return;
    // Whose memberships of these spaces change is known only for cached people (an invitation, a
    // new member): refuse every read in flight and drop everyone who is in one of them.
    this.floor = this.generation;
    const spaces = new Set(what.spaceIds);
    for (const [userId, entry] of this.entries)
      if (entry.rows.some((row) => spaces.has(row.space_id))) this.entries.delete(userId);
  }

  clear() {
    this.generation++;
    this.floor = this.generation;
    this.entries.clear();
    this.followees.clear();
    this.touched.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private trusted(entry: { storedAt: number; epoch: number }): boolean {
    return (
      this.now() - entry.storedAt <= this.ttlMs &&
      this.bus.status() !== 'down' &&
      (this.bus.epoch?.() ?? 0) === entry.epoch
    );
  }

  private touch(userId: number) {
    if (this.touched.size >= MAX_TOUCHED) {
      this.touched.clear();
      this.floor = this.generation;
    }
    this.touched.set(userId, this.generation);
  }
}
