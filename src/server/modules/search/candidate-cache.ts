/**
 * The viewer-independent half of a search: which index rows match a query (the newest candidates of
 * the full-text match, in ranking order) with what deciding visibility needs, shared by everyone
 * who searches for the same thing. Per request only the viewer's part runs: a walk over the list
 * with the spaces they may read now, and one query that re-checks the few rows shown with the
 * access module's rules (query.repo.ts). So the cache can make a result late, never visible
 * to the wrong person.
 *
 * An entry is valid while the index's newest row id (`stamp`) is unchanged: every index write of a
 * document inserts a new row (search.repo.ts upsertDoc), on any node, so new and changed documents
 * are never missed; a document removed meanwhile is noticed by the re-check (the caller then
 * reloads). `TTL_MS` bounds memory and the one case the stamp cannot see (on PostgreSQL two index
 * writes committing out of id order).
 */

export const CANDIDATE_TTL_MS = 10_000;
/** ~25 KB per 1,000 candidates: a few MB at most. */
const MAX_ENTRIES = 256;

export const EXACT = 1;
export const PERSON_ACTIVE = 2;
export const SPACE_DOC = 4;
export const FILE_DOC = 8;
export const CONTENT_PUBLISHED = 16;
/** The row's space (its item's, else its own) was public / secret when the list was read. */
export const SPACE_PUBLIC = 32;
export const SPACE_SECRET = 64;

/**
 * One candidate as the candidate query packs it (query.repo.ts): id, created_ts, flags (the bits
 * above), search_index.space_id, content.space_id, author_id, doc_type; ids are 0 where null.
 */
export type CandidateRow = [number, number, number, number, number, number, string];

/** Candidates in ranking order, by column (typed arrays: a tenth of the memory of row objects). */
export class Candidates {
  readonly length: number;
  readonly id: Int32Array;
  readonly docType: string[];
  /** 0 where the row has none (ids start at 1). */
  readonly spaceId: Int32Array;
  readonly authorId: Int32Array;
  readonly contentSpaceId: Int32Array;
  readonly createdTs: Float64Array;
  readonly flags: Uint8Array;

  /** Ranks `rows` as the search always did: exact phrase first, then the newest, then the highest id. */
  constructor(rows: CandidateRow[]) {
    rows.sort((a, b) => (b[2] & EXACT) - (a[2] & EXACT) || b[1] - a[1] || b[0] - a[0]);
    this.length = rows.length;
    this.id = Int32Array.from(rows, (row) => row[0]);
    this.createdTs = Float64Array.from(rows, (row) => row[1]);
    this.flags = Uint8Array.from(rows, (row) => row[2]);
    this.spaceId = Int32Array.from(rows, (row) => row[3]);
    this.contentSpaceId = Int32Array.from(rows, (row) => row[4]);
    this.authorId = Int32Array.from(rows, (row) => row[5]);
    this.docType = rows.map((row) => row[6]);
  }

  exact(index: number): number {
    return (this.flags[index] ?? 0) & EXACT;
  }

  /**
   * Whether the row looks visible to the viewer — the access module's rule (query.repo.ts
   * visibleDocs) on the viewer's memberships and on the spaces' visibility of when the list was
   * read. Only a pre-selection: every row shown is checked again by the database, so a space made
   * private since is never shown; one made public shows once the list is read again (a space's
   * change reindexes it, which renews every list).
   */
  mayShow(index: number, viewer: ViewerSpaces): boolean {
    const flags = this.flags[index] ?? 0;
    const space = this.spaceId[index] ?? 0;
    const readable = (id: number) => (flags & SPACE_PUBLIC) !== 0 || viewer.member.has(id);
    if (flags & PERSON_ACTIVE) return true;
    if (
      flags & SPACE_DOC &&
      (viewer.isAdmin || (flags & SPACE_SECRET) === 0 || viewer.memberOrInvited.has(space))
    )
      return true;
    if (flags & FILE_DOC && readable(space)) return true;
    if (flags & CONTENT_PUBLISHED) {
      const contentSpace = this.contentSpaceId[index] ?? 0;
      return contentSpace === 0 || readable(contentSpace);
    }
    return false;
  }
}

/** The viewer's side of visibility: their memberships (access/memberships.ts, fresh by invalidation). */
export interface ViewerSpaces {
  isAdmin: boolean;
  member: ReadonlySet<number>;
  memberOrInvited: ReadonlySet<number>;
}

interface Entry {
  stamp: number;
  storedAt: number;
  lists: Promise<Candidates[]>;
}

// Per database (the apps of a test or a benchmark share this module, not their data).
const caches = new WeakMap<object, Map<string, Entry>>();
/** The databases with a cache, for clearCandidates(). */
const owners = new Set<WeakRef<object>>();

/**
 * The candidate lists for `key`, from the cache when read at the same `stamp` within the TTL,
 * else from `load` (requests for the same key meanwhile wait for that one load).
 */
export function cachedCandidates(
  owner: object,
  key: string,
  stamp: number,
  load: () => Promise<Candidates[]>,
): Promise<Candidates[]> {
  let entries = caches.get(owner);
  if (!entries) {
    entries = new Map();
    caches.set(owner, entries);
    owners.add(new WeakRef(owner));
  }
  const now = performance.now();
  const entry = entries.get(key);
  if (entry && entry.stamp === stamp && now - entry.storedAt <= CANDIDATE_TTL_MS) {
    // Most recently used last: eviction below drops the oldest first.
    entries.delete(key);
    entries.set(key, entry);
    return entry.lists;
  }
  const lists = load();
  const fresh: Entry = { stamp, storedAt: now, lists };
  entries.delete(key);
  while (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    entries.delete(oldest);
  }
  entries.set(key, fresh);
  const current = entries;
  lists.catch(() => {
    if (current.get(key) === fresh) current.delete(key);
  });
  return lists;
}

/** Drops one entry (a listed row was removed from the index meanwhile). */
export function forgetCandidates(owner: object, key: string) {
  caches.get(owner)?.delete(key);
}

/** Forgets every cached list (tests that compare answers with and without caches). */
export function clearCandidates() {
  for (const ref of owners) {
    const owner = ref.deref();
    if (owner) caches.get(owner)?.clear();
    else owners.delete(ref);
  }
}
