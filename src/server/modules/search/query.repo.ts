import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import {
  type DialectName,
  type Fts5Checks,
  fullText,
  packRows,
  startsWithText,
  unpackRows,
} from '../../db/dialect.js';
import { executeRead } from '../../db/read-pool.js';
import type { DB } from '../../db/schema.js';
import {
  contentReadableBy,
  joinedSpaceRules,
  type KnownMemberships,
  readableSpaceIds,
} from '../access/access.repo.js';
import {
  type CandidateRow,
  Candidates,
  CONTENT_PUBLISHED,
  cachedCandidates,
  EXACT,
  FILE_DOC,
  forgetCandidates,
  PERSON_ACTIVE,
  SPACE_DOC,
  SPACE_PUBLIC,
  SPACE_SECRET,
  type ViewerSpaces,
} from './candidate-cache.js';
import { cachedSuggestion } from './suggestion-cache.js';

/**
 * Searching the index (search.repo.ts keeps it current). A search runs in two halves: the
 * full-text match, its newest candidates and their ranking are the same for everyone and shared
 * (candidate-cache.ts, loaded in the read pool on SQLite); per request the viewer's spaces pick
 * from that list, and one small query re-checks the rows shown with the access module's rules.
 */
type Db = Kysely<DB>;

export interface SearchFilters {
  types?: string[];
  spaceId?: number;
  authorId?: number;
  fromTs?: number;
  toTs?: number;
}

export interface SearchCursor {
  exact: number;
  createdTs: number;
  id: number;
}

/** The query for each database (search.text.ts): FTS5 with its checks, tsquery, the folded phrase. */
export interface SearchMatch {
  sqlite: string;
  sqliteChecks: Fts5Checks;
  postgres: string;
  phrase: string;
}

export interface SearchViewer {
  id: number;
  isAdmin: boolean;
  /** The viewer's memberships as read by the caller (access/memberships.ts). */
  known: KnownMemberships;
}

/**
 * Index rows matching `match`, with what deciding their visibility needs (joins named as the access
 * module's joinedSpaceRules and loadCandidates use them): the item, the person, and the space of
 * the item or of the space or file document.
 */
function matchingDocs(db: Db, match: RawBuilder<boolean>) {
  return db
    .selectFrom('search_index as si')
    .leftJoin('content', 'content.id', 'si.content_id')
    .leftJoin('users as person', (join) =>
      join.onRef('person.id', '=', 'si.doc_id').on('si.doc_type', '=', 'person'),
    )
    .leftJoin('spaces as space', (join) =>
      join.on(sql<boolean>`space.id = coalesce(content.space_id, si.space_id)`),
    )
    .where(match);
}

/**
 * Index rows matching `match` that the viewer may see: people who are active, spaces the viewer may
 * know of, posts and comments the access module lets the viewer read.
 */
function visibleDocs(db: Db, viewer: SearchViewer, exact: RawBuilder<number>, match: RawBuilder<boolean>) {
  const rules = joinedSpaceRules(viewer);
  return matchingDocs(db, match)
    .select([
      'si.id',
      'si.doc_type',
      'si.doc_id',
      'si.file_id',
      'si.content_id',
      'si.space_id',
      'si.author_id',
      'si.title',
      'si.body',
      'si.created_ts',
      'content.type as content_type',
      exact.as('exact'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('si.doc_type', '=', 'person'), eb('person.status', '=', 'active')]),
        eb.and([eb('si.doc_type', '=', 'space'), rules.spaceVisible]),
        eb.and([eb('si.doc_type', '=', 'file'), rules.spaceReadable]),
        eb.and([eb('si.content_id', 'is not', null), rules.contentReadable]),
      ]),
    );
}

export type SearchRow = Awaited<ReturnType<ReturnType<typeof visibleDocs>['execute']>>[number];

const exactOf = (phrase: string) =>
  phrase ? sql<number>`case when si.raw_terms like ${`%${phrase}%`} then 1 else 0 end` : sql<number>`0`;

/** The index's newest row id: every document written since a list was read has a larger one. */
async function indexStamp(db: Db): Promise<number> {
  const row = await db
    .selectFrom('search_index')
    .select((eb) => eb.fn.max('id').as('stamp'))
    .executeTakeFirst();
  return Number(row?.stamp ?? 0);
}

/**
 * The candidates of one full-text match, packed into one row (dialect.ts packRows): for each,
 * what ranking and the pre-selection of candidate-cache.ts need — no title or body, those are read
 * for the rows shown only. The flags say, in the access module's terms, which rule could show it.
 */
async function loadCandidates(
  db: Db,
  dialect: DialectName,
  match: RawBuilder<boolean>,
  phrase: string,
  types: string[],
): Promise<CandidateRow[]> {
  const flag = (condition: RawBuilder<unknown>, bit: number) =>
    sql<number>`case when ${condition} then ${sql.lit(bit)} else 0 end`;
  const flags = sql<number>`${sql.join(
    [
      ...(phrase ? [flag(sql`si.raw_terms like ${`%${phrase}%`}`, EXACT)] : []),
      flag(sql`si.doc_type = 'person' and person.status = 'active'`, PERSON_ACTIVE),
      flag(sql`si.doc_type = 'space'`, SPACE_DOC),
      flag(sql`si.doc_type = 'file'`, FILE_DOC),
      flag(sql`si.content_id is not null and content.state = 'published'`, CONTENT_PUBLISHED),
      flag(sql`space.visibility = 'public'`, SPACE_PUBLIC),
      flag(sql`space.visibility = 'secret'`, SPACE_SECRET),
    ],
    sql` + `,
  )}`;
  const packed = packRows(dialect, [
    sql`si.id`,
    sql`si.created_ts`,
    flags,
    sql`coalesce(si.space_id, 0)`,
    sql`coalesce(content.space_id, 0)`,
    sql`coalesce(si.author_id, 0)`,
    sql`si.doc_type`,
  ]);
  let query = matchingDocs(db, match).select(packed.as('packed'));
  if (types.length) query = query.where('si.doc_type', 'in', types);
  const [row] = await executeRead(db, query);
  return unpackRows<CandidateRow>(row?.packed);
}

/** The viewer's memberships as sets, for the pre-selection of candidate-cache.ts. */
const viewerSpaces = (viewer: SearchViewer): ViewerSpaces => ({
  isAdmin: viewer.isAdmin,
  member: new Set(viewer.known.member),
  memberOrInvited: new Set(viewer.known.memberOrInvited),
});

/**
 * Walks candidate lists in order and keeps the rows the viewer may see, up to `wanted` per list:
 * each round re-checks the rows picked so far in one query (the access module decides), and goes
 * on where a picked row failed the check. Returns undefined when a picked row is no longer in the
 * index at all (the list is older than a removal: the caller reloads it).
 */
async function pick(
  db: Db,
  viewer: SearchViewer,
  spaces: ViewerSpaces,
  phrase: string,
  lists: Candidates[],
  wanted: number,
  accept: (list: Candidates, index: number) => boolean,
): Promise<SearchRow[][] | undefined> {
  const kept: SearchRow[][] = lists.map(() => []);
  const next = lists.map(() => 0);
  for (;;) {
    const batch: number[][] = lists.map((list, position) => {
      const ids: number[] = [];
      let index = next[position] ?? 0;
      const missing = wanted - (kept[position]?.length ?? 0);
      for (; index < list.length && ids.length < missing; index++)
        if (list.mayShow(index, spaces) && accept(list, index)) ids.push(list.id[index] ?? 0);
      next[position] = index;
      return ids;
    });
    const ids = batch.flat();
    if (ids.length === 0) return kept;
    const rows = await visibleDocs(
      db,
      viewer,
      exactOf(phrase),
      sql<boolean>`si.id in (${sql.join(ids)})`,
    ).execute();
    if (rows.length < ids.length) {
      const present = await db.selectFrom('search_index').select('id').where('id', 'in', ids).execute();
      if (present.length < ids.length) return undefined;
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    batch.forEach((picked, position) => {
      for (const id of picked) {
        const row = byId.get(id);
        if (row) kept[position]?.push(row);
      }
    });
  }
}

/** The lists of `key` at the index's current stamp, and the page picked from them for the viewer. */
async function fromCandidates(
  db: Db,
  key: string,
  load: () => Promise<Candidates[]>,
  choose: (lists: Candidates[]) => Promise<SearchRow[][] | undefined>,
): Promise<SearchRow[][]> {
  for (let attempt = 0; ; attempt++) {
    const lists = await cachedCandidates(db, key, await indexStamp(db), load);
    const chosen = await choose(lists);
    if (chosen) return chosen;
    forgetCandidates(db, key);
    // A second removal meanwhile: the rows still there are shown (correct, possibly short).
    if (attempt > 0) return lists.map(() => []);
  }
}

/**
 * A page of search hits: matches of the newest full-text candidates (dialect.ts) the viewer may
 * see, exact phrase first, then the newest.
 */
export async function searchDocs(
  db: Db,
  dialect: DialectName,
  viewer: SearchViewer,
  match: SearchMatch,
  filters: SearchFilters,
  after: SearchCursor | undefined,
  limit: number,
): Promise<SearchRow[]> {
  const types = filters.types ?? [];
  const key = cacheKey(['search', dialect, JSON.stringify([match, types])]);
  const load = async () => {
    const matching = fullText(dialect).match(
      match.sqlite,
      match.postgres,
      types,
      undefined,
      match.sqliteChecks,
    );
    return [new Candidates(await loadCandidates(db, dialect, matching, match.phrase, types))];
  };
  const accept = (list: Candidates, index: number) => {
    const space = list.spaceId[index] ?? 0;
    const created = list.createdTs[index] ?? 0;
    if (filters.spaceId && (space !== filters.spaceId || list.docType[index] === 'space')) return false;
    if (filters.authorId && list.authorId[index] !== filters.authorId) return false;
    if (filters.fromTs !== undefined && created < filters.fromTs) return false;
    if (filters.toTs !== undefined && created > filters.toTs) return false;
    if (!after) return true;
    const exact = list.exact(index);
    const id = list.id[index] ?? 0;
    return (
      exact < after.exact ||
      (exact === after.exact && created < after.createdTs) ||
      (exact === after.exact && created === after.createdTs && id < after.id)
    );
  };
  const spaces = viewerSpaces(viewer);
  const [rows] = await fromCandidates(db, key, load, (lists) =>
    pick(db, viewer, spaces, match.phrase, lists, limit + 1, accept),
  );
  return rows ?? [];
}

/**
 * As-you-type: the newest `perGroup` visible documents of each group of kinds (people, spaces,
 * items, files), each group from its own newest `candidates` matches, in group order.
 */
export async function suggestDocs(
  db: Db,
  dialect: DialectName,
  viewer: SearchViewer,
  match: SearchMatch,
  groups: string[][],
  candidates: number,
  perGroup: number,
): Promise<(SearchRow & { grp: number })[]> {
  const key = cacheKey(['suggest', dialect, JSON.stringify([match, groups, candidates])]);
  const load = async () => {
    const matching = fullText(dialect).matchEach(
      match.sqlite,
      match.postgres,
      groups,
      candidates,
      match.sqliteChecks,
    );
    const rows = await loadCandidates(db, dialect, matching, '', groups.flat());
    return groups.map((types) => new Candidates(rows.filter((row) => types.includes(row[6]))));
  };
  const chosen = await fromCandidates(db, key, load, (lists) =>
    pick(db, viewer, viewerSpaces(viewer), '', lists, perGroup, () => true),
  );
  return chosen.flatMap((rows, grp) => rows.map((row) => ({ ...row, grp })));
}

const cacheKey = (parts: string[]) => createHash('sha1').update(parts.join('\n')).digest('base64');

/**
 * Hashtags starting with `prefix` that appear on content the viewer may read, most used first.
 * Candidates come from the hashtags table; each is counted among the viewer's readable items,
 * newest first and capped, so uses in spaces they cannot read stay invisible, and a tag nobody
 * may show them is left out. (An EXISTS over all of a tag's items made PostgreSQL hash 36,000
 * rows per tag at 1M posts.)
 */
export async function searchHashtags(
  db: Db,
  dialect: DialectName,
  viewer: SearchViewer,
  prefix: string,
  limit: number,
) {
  const start = prefix.toLowerCase();
  if (!start) return [];
  // The counts depend only on the spaces the viewer may read: answers are shared per (prefix, spaces).
  // Read fresh per request, as one packed text: a row per space cost three times as much.
  const readable = await db
    .selectFrom(readableSpaceIds(db, viewer.id, viewer.known).as('readable'))
    .select(packRows(dialect, [sql`readable.id`]).as('ids'))
    .executeTakeFirst();
  // Sorted here: an aggregate's order is not guaranteed, and the key must not vary with it.
  const spaces = unpackRows<[number]>(readable?.ids)
    .map(([id]) => id)
    .sort((a, b) => a - b)
    .join(',');
  return cachedSuggestion(cacheKey(['tags', spaces, start, String(limit)]), () =>
    countHashtags(db, viewer, start, limit),
  );
}

async function countHashtags(db: Db, viewer: SearchViewer, start: string, limit: number) {
  const candidates = await executeRead(
    db,
    db
      .selectFrom('hashtags')
      .select('tag')
      // The table holds each tag once (thousands, not millions of rows): a LIKE scan is cheap on both dialects.
      .where(startsWithText('hashtags.tag', start))
      .orderBy('uses', 'desc')
      .orderBy('tag')
      .limit(limit * 4),
  );
  const counted = await Promise.all(
    candidates.map(async ({ tag }) => {
      const [row] = await executeRead(
        db,
        db
          .selectFrom((eb) =>
            eb
              .selectFrom('content_tags')
              .innerJoin('content', 'content.id', 'content_tags.content_id')
              .select('content_tags.content_id')
              .where('content_tags.tag', '=', tag)
              .where(contentReadableBy(db, viewer.id, viewer.known))
              .orderBy('content_tags.published_at', 'desc')
              .limit(HASHTAG_COUNT_CAP)
              .as('visible'),
          )
          .select(sql<number>`count(*)`.as('uses')),
      );
      return { tag, uses: Number(row?.uses ?? 0) };
    }),
  );
  return counted.filter((tag) => tag.uses > 0).slice(0, limit);
}

/** Counting a tag's readable uses stops here; the UI shows "100+". */
export const HASHTAG_COUNT_CAP = 100;
