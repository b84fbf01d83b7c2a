import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type DialectName, ftsTableOf, fullText, startsWithText } from '../../db/dialect.js';
import { executeRead } from '../../db/read-pool.js';
import type { DB } from '../../db/schema.js';
import {
  contentReadableBy,
  type KnownMemberships,
  readableSpaceIds,
  visibleSpaceIds,
} from '../access/access.repo.js';
import { cachedSuggestion, visibilitySet } from './suggestion-cache.js';

type Db = Kysely<DB>;

export interface IndexDoc {
  /** person, space, comment, file, or a content kind's name (post, article, …). */
  docType: string;
  fileId?: string;
  docId: number;
  contentId: number | null;
  spaceId: number | null;
  authorId: number | null;
  title: string;
  body: string;
  createdTs: number;
  rawTerms: string;
  stemTerms: string;
}

export async function removeDoc(db: Db, docType: string, docId: number) {
  const existing = await db
    .selectFrom('search_index')
    .select('id')
    .where('doc_type', '=', docType)
    .where('doc_id', '=', docId)
    .executeTakeFirst();
  if (!existing) return;
  // On SQLite the trigger search_index_fts_delete removes the FTS5 row too.
  await db.deleteFrom('search_index').where('id', '=', existing.id).execute();
}

export function commentToIndex(db: Db, commentId: number) {
  return db
    .selectFrom('comments')
    .innerJoin('content', 'content.id', 'comments.content_id')
    .select([
      'comments.id',
      'comments.content_id',
      'comments.author_id',
      'comments.body',
      'comments.created_at',
      'content.space_id',
    ])
    .where('comments.id', '=', commentId)
    .executeTakeFirst();
}

export function findFile(db: Db, fileId: string) {
  return db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
}

/* What a full reindex walks over. */

export const allUserIds = async (db: Db) =>
  (await db.selectFrom('users').select('id').execute()).map((row) => row.id);
export const allSpaceIds = async (db: Db) =>
  (await db.selectFrom('spaces').select('id').execute()).map((row) => row.id);
export const allCommentIds = async (db: Db) =>
  (await db.selectFrom('comments').select('id').execute()).map((row) => row.id);
export async function publishedContentIds(db: Db, kinds: string[]) {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('content')
    .select('id')
    .where('type', 'in', kinds)
    .where('state', '=', 'published')
    .execute();
  return rows.map((row) => row.id);
}

/** Indexed comments of an item whose comment no longer exists (deleted with a thread). */
export async function vanishedComments(db: Db, contentId: number) {
  const rows = await db
    .selectFrom('search_index')
    .select('doc_id')
    .where('doc_type', '=', 'comment')
    .where('content_id', '=', contentId)
    .where('doc_id', 'not in', db.selectFrom('comments').select('id').where('content_id', '=', contentId))
    .execute();
  return rows.map((row) => row.doc_id);
}

export async function removeFileDoc(db: Db, fileId: string) {
  await db.deleteFrom('search_index').where('file_id', '=', fileId).execute();
}

export async function upsertDoc(db: Db, dialect: DialectName, doc: IndexDoc) {
  if (doc.fileId) await removeFileDoc(db, doc.fileId);
  else await removeDoc(db, doc.docType, doc.docId);
  const row = await db
    .insertInto('search_index')
    .values({
      doc_type: doc.docType,
      doc_id: doc.docId,
      content_id: doc.contentId,
      space_id: doc.spaceId,
      author_id: doc.authorId,
      title: doc.title,
      body: doc.body,
      created_ts: doc.createdTs,
      raw_terms: doc.rawTerms,
      stem_terms: doc.stemTerms,
      file_id: doc.fileId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (dialect === 'sqlite') {
    await sql`insert into ${sql.table(ftsTableOf(doc.docType))} (rowid, raw, stems, kind) values (${row.id}, ${doc.rawTerms}, ${doc.stemTerms}, ${doc.docType})`.execute(
      db,
    );
  }
}

export async function clearIndex(db: Db, dialect: DialectName) {
  // Emptying FTS5 first leaves the delete trigger nothing to do row by row.
  if (dialect === 'sqlite') {
    await sql`delete from search_fts`.execute(db);
    await sql`delete from search_fts_small`.execute(db);
  }
  await db.deleteFrom('search_index').execute();
}

export async function hasDocs(db: Db): Promise<boolean> {
  return (await db.selectFrom('search_index').select('id').limit(1).executeTakeFirst()) !== undefined;
}

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

/**
 * Index rows matching `match` that the viewer may see: people who are active, spaces the viewer may
 * know of, posts and comments the access module lets the viewer read.
 */
function visibleDocs(
  db: Db,
  viewer: { id: number; isAdmin: boolean },
  known: KnownMemberships | undefined,
  exact: RawBuilder<number>,
  match: RawBuilder<boolean>,
) {
  return db
    .selectFrom('search_index as si')
    .leftJoin('content', 'content.id', 'si.content_id')
    .leftJoin('users as person', (join) =>
      join.onRef('person.id', '=', 'si.doc_id').on('si.doc_type', '=', 'person'),
    )
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
    .where(match)
    .where((eb) =>
      eb.or([
        eb.and([eb('si.doc_type', '=', 'person'), eb('person.status', '=', 'active')]),
        eb.and([
          eb('si.doc_type', '=', 'space'),
          eb('si.space_id', 'in', visibleSpaceIds(db, viewer.id, viewer.isAdmin, known)),
        ]),
        eb.and([
          eb('si.doc_type', '=', 'file'),
          eb('si.space_id', 'in', readableSpaceIds(db, viewer.id, known)),
        ]),
        eb.and([eb('si.content_id', 'is not', null), contentReadableBy(db, viewer.id, known)]),
      ]),
    );
}

/**
 * Matches the query and keeps only what the viewer may see: people who are active, spaces the
 * viewer may know of, posts and comments the access module lets the viewer read.
 * Ranking: exact phrase first, then the newest.
 */
function docsQuery(
  db: Db,
  dialect: DialectName,
  viewer: { id: number; isAdmin: boolean; known?: KnownMemberships },
  match: { sqlite: string; postgres: string; phrase: string },
  filters: SearchFilters,
  after: SearchCursor | undefined,
  limit: number,
) {
  const exact = match.phrase
    ? sql<number>`case when si.raw_terms like ${`%${match.phrase}%`} then 1 else 0 end`
    : sql<number>`0`;
  let query = visibleDocs(
    db,
    viewer,
    viewer.known,
    exact,
    fullText(dialect).match(match.sqlite, match.postgres, filters.types ?? []),
  );
  if (filters.types?.length) query = query.where('si.doc_type', 'in', filters.types);
  if (filters.spaceId)
    query = query.where('si.space_id', '=', filters.spaceId).where('si.doc_type', '!=', 'space');
  if (filters.authorId) query = query.where('si.author_id', '=', filters.authorId);
  if (filters.fromTs !== undefined) query = query.where('si.created_ts', '>=', filters.fromTs);
  if (filters.toTs !== undefined) query = query.where('si.created_ts', '<=', filters.toTs);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb(exact, '<', after.exact),
        eb.and([eb(exact, '=', after.exact), eb('si.created_ts', '<', after.createdTs)]),
        eb.and([
          eb(exact, '=', after.exact),
          eb('si.created_ts', '=', after.createdTs),
          eb('si.id', '<', after.id),
        ]),
      ]),
    );
  }
  // A constant in ORDER BY would name a column position to SQLite: rank by phrase only when there is one.
  if (match.phrase) query = query.orderBy(exact, 'desc');
  const ordered = query
    .orderBy('si.created_ts', 'desc')
    .orderBy('si.id', 'desc')
    .limit(limit + 1);
  return ordered;
}

/** A page of search hits (off the event loop on SQLite: the read pool). */
export async function searchDocs(
  db: Db,
  dialect: DialectName,
  /** `known`: the viewer's memberships as read by the caller (access/memberships.ts). */
  viewer: { id: number; isAdmin: boolean; known?: KnownMemberships },
  match: { sqlite: string; postgres: string; phrase: string },
  filters: SearchFilters,
  after: SearchCursor | undefined,
  limit: number,
) {
  return executeRead(db, docsQuery(db, dialect, viewer, match, filters, after, limit));
}

/**
 * As-you-type: the newest `perGroup` visible documents of each group of kinds (people, spaces,
 * items, files) in one query — each group from its own newest `candidates` matches, as if asked one
 * by one — ranked per group by a window function. `grp` is the group's position in `groups`.
 * Answers are shared for a few seconds per (query, spaces the viewer may read and know of).
 */
export async function suggestDocs(
  db: Db,
  dialect: DialectName,
  viewer: { id: number; isAdmin: boolean },
  match: { sqlite: string; postgres: string },
  groups: string[][],
  candidates: number,
  perGroup: number,
) {
  const sets = await visibilitySet(db, viewer.id, viewer.isAdmin);
  const key = cacheKey([
    'suggest',
    sets.visible,
    sets.readable,
    JSON.stringify([match.sqlite, match.postgres, groups, candidates, perGroup]),
  ]);
  // Built only on a miss: a cached answer needs no query.
  return cachedSuggestion(key, () => {
    const group = sql<number>`case ${sql.join(
      groups.map((types, index) => sql`when si.doc_type in (${sql.join(types)}) then ${sql.lit(index)}`),
      sql` `,
    )} end`;
    const ranked = visibleDocs(
      db,
      viewer,
      undefined,
      sql<number>`0`,
      fullText(dialect).matchEach(match.sqlite, match.postgres, groups, candidates),
    )
      .where('si.doc_type', 'in', groups.flat())
      .select([
        group.as('grp'),
        sql<number>`row_number() over (partition by ${group} order by si.created_ts desc, si.id desc)`.as(
          'rank',
        ),
      ]);
    return executeRead(
      db,
      db
        .selectFrom(ranked.as('ranked'))
        .selectAll()
        .where('rank', '<=', perGroup)
        .orderBy('grp')
        .orderBy('created_ts', 'desc')
        .orderBy('id', 'desc'),
    );
  });
}

const cacheKey = (parts: string[]) => createHash('sha1').update(parts.join('\n')).digest('base64');

/**
 * Hashtags starting with `prefix` that appear on content the viewer may read, most used first.
 * Candidates come from the hashtags table; each is counted among the viewer's readable items,
 * newest first and capped, so uses in spaces they cannot read stay invisible, and a tag nobody
 * may show them is left out. (An EXISTS over all of a tag's items made PostgreSQL hash 36,000
 * rows per tag at 1M posts.)
 */
export async function searchHashtags(db: Db, viewerId: number, prefix: string, limit: number) {
  const start = prefix.toLowerCase();
  if (!start) return [];
  // The counts depend only on the spaces the viewer may read: answers are shared per (prefix, spaces).
  const sets = await visibilitySet(db, viewerId, false);
  return cachedSuggestion(cacheKey(['tags', sets.readable, start, String(limit)]), () =>
    countHashtags(db, viewerId, start, limit),
  );
}

async function countHashtags(db: Db, viewerId: number, start: string, limit: number) {
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
              .where(contentReadableBy(db, viewerId))
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

/** The names of a post's attachments, in their order. */
export async function attachmentNames(db: Db, contentId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('files')
    .select('name')
    .where('content_id', '=', contentId)
    .orderBy('position')
    .execute();
  return rows.map((row) => row.name);
}
