/**
 * What every feed item shows to everyone who may read it, kept in memory (a bounded LRU by
 * estimated bytes), and the newest ids of each container (space, profile, company news) for the
 * first feed pages. Nothing here decides visibility: feeds pick ids from fresh membership data and
 * only then ask this cache what the items look like, so a stale entry can make an item late, never
 * visible to the wrong person.
 *
 * Entries are dropped by the domain events (item-cache.events.ts) on the node that handles the
 * event, and through the live bus (Redis, or the worker channel) on every other node. A read that
 * started before an invalidation never stores what it read (tickets, as in http/auth-cache.ts).
 * Every entry also expires after `ttlMs`, the bound should an invalidation message be lost.
 */

/** Which cached entries just stopped being true; travels to every node on the live bus. */
export interface ItemInvalidation {
  /** These items. */
  contentIds?: number[];
  /** Every item in these spaces (name, avatar, visibility shown on each) and their id lists. */
  spaceIds?: number[];
  /** Every item that shows these people (author, profile owner, commenter, mentioned). */
  userIds?: number[];
  /** Every item with these attached files. */
  fileIds?: string[];
  /** These containers' newest-id lists (`listKey`). */
  lists?: string[];
  /** These people's own reaction to these items. */
  ownReactions?: Array<{ userId: number; contentId: number }>;
}

/**
 * The newest-id list of a container; `pinned:N` a space's pinned posts (dropped with `space:N`);
 * `must-reads` one must-read article if any exists (the home feed asks on every first page, and
 * most of the time there is none); `tag:x` the newest items tagged #x in every space, with their
 * space (the hashtag feed filters them per viewer). `ALL_TAG_LISTS` as an invalidation drops every
 * `tag:` list: an item's tags are not known once it is deleted, and items change rarely.
 */
export type ListKey =
  | `space:${number}`
  | `pinned:${number}`
  | `profile:${number}`
  | `tag:${string}`
  | 'company'
  | 'must-reads';

export const ALL_TAG_LISTS = 'tag:*';

export const listKey = (container: { spaceId: number | null; profileUserId: number | null }): ListKey =>
  container.spaceId !== null
    ? `space:${container.spaceId}`
    : container.profileUserId !== null
      ? `profile:${container.profileUserId}`
      : 'company';

/** What an entry must tell the cache so that invalidations find it. */
export interface Referencing {
  spaceId: number | null;
  userIds: readonly number[];
  fileIds: readonly string[];
}

export interface IdEntry {
  id: number;
  published_at: string | null;
  /** In a `tag:` list: the item's space (null outside any), for the viewer's filter. */
  space_id?: number | null;
}

/** A container's newest published ids; `complete` when the container holds no more than these. */
export interface IdList {
  ids: IdEntry[];
  complete: boolean;
}

interface Slot<T> {
  value: T;
  bytes: number;
  storedAt: number;
}

/** Every entry expires after this long: the bound should an invalidation message be lost. */
export const ITEM_CACHE_TTL_MS = 60_000;
const MAX_LISTS = 20_000;
/** (person, item) pairs whose own reaction is kept, in all and per person. */
const MAX_OWN_REACTIONS = 100_000;
const MAX_OWN_REACTIONS_PER_PERSON = 2_000;
/** Invalidated keys remembered for racing reads; beyond this every read in flight is refused once. */
const MAX_TOUCHED = 50_000;
/**
 * Per entry: characters of its JSON times this. Measured at the small bench scale: filling 64 MB of
 * estimate with 3× grew the heap by 22 MB, so the heap holds about one byte per JSON character.
 */
const OVERHEAD = 1;

export class ItemCache {
  private readonly items = new Map<number, Slot<{ value: unknown; refs: Referencing }>>();
  private readonly lists = new Map<string, Slot<IdList>>();
  /**
   * Per person: their reaction to each item (null: none). A person's entries are kept together and
   * expire together, `ttlMs` after the first; the people least recently started go first.
   */
  private readonly own = new Map<number, { storedAt: number; types: Map<number, string | null> }>();
  private ownCount = 0;
  private bytes = 0;
  private generation = 0;
  /** Tickets older than this store nothing (a broad invalidation happened since they were taken). */
  private floor = 0;
  /** Key → generation of its last invalidation. */
  private readonly touched = new Map<string, number>();
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(
    readonly maxBytes: number,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): { items: number; lists: number; bytes: number } {
    return { items: this.items.size, lists: this.lists.size, bytes: this.bytes };
  }

  /** Take before reading the database; pass to `store`/`storeList`. */
  ticket(): number {
    return this.generation;
  }

  get<T>(id: number): T | undefined {
    if (!this.enabled) return undefined;
    const slot = this.items.get(id);
    if (!slot || this.now() - slot.storedAt > this.ttlMs) {
      if (slot) this.drop(id);
      this.misses++;
      return undefined;
    }
    // Most recently used last: Maps iterate in insertion order.
    this.items.delete(id);
    this.items.set(id, slot);
    this.hits++;
    return slot.value.value as T;
  }

  store(ticket: number, id: number, value: unknown, refs: Referencing) {
    if (!this.enabled || !this.mayStore(ticket, `i:${id}`)) return;
    const bytes = JSON.stringify(value).length * OVERHEAD;
    if (bytes > this.maxBytes) return;
    this.drop(id);
    this.items.set(id, { value: { value, refs }, bytes, storedAt: this.now() });
    this.bytes += bytes;
    for (const oldest of this.items.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
      this.evictions++;
    }
  }

  /**
   * An item's first comments as everyone sees them (comments.service.ts), kept beside the item under
   * the same budget and dropped with it (its key is the item's id negated).
   */
  comments<T>(contentId: number): T | undefined {
    return this.get<T>(-contentId);
  }

  storeComments(ticket: number, contentId: number, value: unknown, refs: Referencing) {
    this.store(ticket, -contentId, value, refs);
  }

  list(key: ListKey): IdList | undefined {
    if (!this.enabled) return undefined;
    const slot = this.lists.get(key);
    if (!slot || this.now() - slot.storedAt > this.ttlMs) {
      if (slot) this.lists.delete(key);
      return undefined;
    }
    return slot.value;
  }

  storeList(ticket: number, key: ListKey, value: IdList) {
    if (!this.enabled || !this.mayStore(ticket, `l:${key}`)) return;
    this.lists.delete(key);
    if (this.lists.size >= MAX_LISTS) {
      const oldest = this.lists.keys().next().value;
      if (oldest !== undefined) this.lists.delete(oldest);
    }
    this.lists.set(key, { value, bytes: 0, storedAt: this.now() });
  }

  /**
   * A person's own reactions to these items, as far as they are kept: `missing` are the items to
   * read (then `storeOwnReactions`). What a feed shows as "mine"; never decides what anyone sees.
   */
  ownReactions(
    userId: number,
    ids: readonly number[],
  ): { known: Map<number, string | null>; missing: number[] } {
    const known = new Map<number, string | null>();
    const missing: number[] = [];
    const types = this.ownOf(userId);
    for (const id of ids) {
      const type = types?.get(id);
      if (type === undefined) missing.push(id);
      else known.set(id, type);
    }
    return { known, missing };
  }

  /** Stores what was read for `ids` (an id without a reaction in `found` has none). */
  storeOwnReactions(
    ticket: number,
    userId: number,
    ids: readonly number[],
    found: ReadonlyMap<number, string>,
  ) {
    if (!this.enabled || ticket < this.floor) return;
    let types = this.ownOf(userId);
    if (!types || types.size + ids.length > MAX_OWN_REACTIONS_PER_PERSON) {
      this.dropOwn(userId);
      types = new Map();
      this.own.set(userId, { storedAt: this.now(), types });
    }
    // Nothing was invalidated since the read began: no key needs checking.
    const quiet = ticket === this.generation;
    for (const id of ids) {
      if (!quiet && !this.mayStore(ticket, `r:${userId}:${id}`)) continue;
      if (!types.has(id)) this.ownCount++;
      types.set(id, found.get(id) ?? null);
    }
    for (const oldest of this.own.keys()) {
      if (this.ownCount <= MAX_OWN_REACTIONS) break;
      this.dropOwn(oldest);
    }
  }

  private ownOf(userId: number): Map<number, string | null> | undefined {
    const person = this.enabled ? this.own.get(userId) : undefined;
    if (!person) return undefined;
    if (this.now() - person.storedAt <= this.ttlMs) return person.types;
    this.dropOwn(userId);
    return undefined;
  }

  private dropOwn(userId: number) {
    const person = this.own.get(userId);
    if (!person) return;
    this.ownCount -= person.types.size;
    this.own.delete(userId);
  }

  invalidate(what: ItemInvalidation) {
    this.generation++;
    for (const { userId, contentId } of what.ownReactions ?? []) {
      this.touch(`r:${userId}:${contentId}`);
      if (this.own.get(userId)?.types.delete(contentId)) this.ownCount--;
    }
    for (const id of what.contentIds ?? []) {
      for (const key of [id, -id]) {
        this.touch(`i:${key}`);
        this.drop(key);
      }
    }
    for (const key of what.lists ?? []) {
      if (key === ALL_TAG_LISTS) this.dropTagLists();
      for (const dropped of key.startsWith('space:') ? [key, `pinned:${key.slice(6)}`] : [key]) {
        this.touch(`l:${dropped}`);
        this.lists.delete(dropped);
      }
    }
    const spaces = new Set(what.spaceIds ?? []);
    const users = new Set(what.userIds ?? []);
    const files = new Set(what.fileIds ?? []);
    if (spaces.size + users.size + files.size === 0) return;
    // Which items are affected is known only for cached ones: refuse every read in flight.
    this.floor = this.generation;
    for (const spaceId of spaces) {
      this.lists.delete(`space:${spaceId}`);
      this.lists.delete(`pinned:${spaceId}`);
    }
    for (const [id, slot] of this.items) {
      const refs = slot.value.refs;
      if (
        (refs.spaceId !== null && spaces.has(refs.spaceId)) ||
        refs.userIds.some((userId) => users.has(userId)) ||
        refs.fileIds.some((fileId) => files.has(fileId))
      )
        this.drop(id);
    }
  }

  clear() {
    this.generation++;
    this.floor = this.generation;
    this.items.clear();
    this.lists.clear();
    this.own.clear();
    this.ownCount = 0;
    this.touched.clear();
    this.bytes = 0;
  }

  private touch(key: string) {
    if (this.touched.size >= MAX_TOUCHED) {
      this.touched.clear();
      this.floor = this.generation;
    }
    this.touched.set(key, this.generation);
  }

  private mayStore(ticket: number, key: string): boolean {
    const after = (touchedKey: string) => (this.touched.get(touchedKey) ?? -1) <= ticket;
    return ticket >= this.floor && after(key) && (!key.startsWith('l:tag:') || after(`l:${ALL_TAG_LISTS}`));
  }

  private dropTagLists() {
    for (const key of this.lists.keys()) if (key.startsWith('tag:')) this.lists.delete(key);
  }

  private drop(id: number) {
    const slot = this.items.get(id);
    if (!slot) return;
    this.bytes -= slot.bytes;
    this.items.delete(id);
  }
}
