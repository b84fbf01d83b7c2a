import type { Kysely } from 'kysely';
import type { ArticlesTable, DB } from '../../db/schema.js';
import { contentReadableBy, publiclyVisible, readableSpaceIds } from '../access/access.repo.js';

type Db = Kysely<DB>;

/*
 * Lists start from `articles ... cross join content`: articles are a few thousand among a million
 * posts, and a CROSS JOIN keeps that order on SQLite, whose planner otherwise walks all content
 * (370 ms per home feed for the open must-reads at 1M posts). PostgreSQL plans it as an inner join.
 */

const articleColumns = [
  'content.id',
  'content.space_id',
  'content.author_id',
  'content.state',
  'content.created_at',
  'content.updated_at',
  'content.edited_at',
  'content.published_at',
  'articles.title',
  'articles.teaser',
  'articles.body',
  'articles.body_html',
  'articles.category',
  'articles.slug',
  'articles.cover_file_id',
  'articles.is_public',
  'articles.guest_comments',
  'articles.must_read',
  'articles.must_read_deadline',
  'articles.scheduled_at',
  'articles.reading_minutes',
  'articles.reminder_sent_at',
  'articles.last_editor_id',
] as const;

function articles(db: Db) {
  return db
    .selectFrom('content')
    .innerJoin('articles', 'articles.content_id', 'content.id')
    .select(articleColumns);
}
export type ArticleRecord = Awaited<ReturnType<typeof findArticle>> & {};

export function findArticle(db: Db, id: number) {
  return articles(db).where('content.id', '=', id).executeTakeFirst();
}

/** Files (images) of an article, in their order. */
export function filesOf(db: Db, contentId: number) {
  return db.selectFrom('files').selectAll().where('content_id', '=', contentId).orderBy('position').execute();
}

export function filesByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('files').selectAll().where('id', 'in', ids).execute();
}

export function findArticleByTitle(db: Db, title: string) {
  return db.selectFrom('articles').select('content_id').where('title', '=', title).executeTakeFirst();
}

export function findArticlesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return articles(db).where('content.id', 'in', ids).execute();
}

/** A published public article by its slug: the only way the newsroom reaches an article. */
export function findPublicArticle(db: Db, slug: string) {
  return articles(db).where('articles.slug', '=', slug).where(publiclyVisible()).executeTakeFirst();
}

export async function slugExists(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('articles').select('content_id').where('slug', '=', slug);
  if (exceptId !== undefined) query = query.where('content_id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertArticle(db: Db, values: ArticlesTable) {
  await db.insertInto('articles').values(values).execute();
}

export async function updateArticle(db: Db, id: number, values: Partial<Omit<ArticlesTable, 'content_id'>>) {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('articles').set(values).where('content_id', '=', id).execute();
}

export async function setContentState(
  db: Db,
  id: number,
  values: {
    state: DB['content']['state'];
    published_at?: string | null;
    updated_at: string;
    space_id?: number | null;
  },
) {
  await db.updateTable('content').set(values).where('id', '=', id).execute();
}

export function mustReadSpaceIds(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('article_must_read_spaces')
    .select(['content_id', 'space_id'])
    .where('content_id', 'in', ids)
    .execute();
}

export async function replaceMustReadSpaces(db: Db, id: number, spaceIds: number[]) {
  await db.deleteFrom('article_must_read_spaces').where('content_id', '=', id).execute();
  if (spaceIds.length)
    await db
      .insertInto('article_must_read_spaces')
      .values(spaceIds.map((spaceId) => ({ content_id: id, space_id: spaceId })))
      .execute();
}

export interface ArticleListQuery {
  category?: string;
  after?: { at: string; id: number };
  limit: number;
}

/** Published articles the viewer may read, newest first. */
export function listPublished(db: Db, viewerId: number, query: ArticleListQuery) {
  let select = db
    .selectFrom('articles')
    .crossJoin('content')
    .whereRef('content.id', '=', 'articles.content_id')
    .select(['content.id', 'content.published_at as at'])
    .where('content.type', '=', 'article')
    .where(contentReadableBy(db, viewerId));
  if (query.category) select = select.where('articles.category', '=', query.category);
  if (query.after) {
    const { at, id } = query.after;
    select = select.where((eb) =>
      eb.or([
        eb('content.published_at', '<', at),
        eb.and([eb('content.published_at', '=', at), eb('content.id', '<', id)]),
      ]),
    );
  }
  return select
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

/**
 * Articles in a working state (draft, scheduled, archived) that the viewer manages: company news for
 * editors and admins, and space articles in spaces they administer or (as editors) may read.
 */
export function listManaged(
  db: Db,
  viewer: { id: number; isEditor: boolean },
  state: DB['content']['state'],
  query: ArticleListQuery,
) {
  let select = db
    .selectFrom('articles')
    .crossJoin('content')
    .whereRef('content.id', '=', 'articles.content_id')
    .select(['content.id', 'content.updated_at as at'])
    .where('content.type', '=', 'article')
    .where('content.state', '=', state)
    .where((eb) => {
      const administered = eb
        .selectFrom('space_members')
        .select('space_id')
        .where('user_id', '=', viewer.id)
        .where('status', '=', 'member')
        .where('role', '=', 'admin');
      const options = [eb('content.space_id', 'in', administered)];
      if (viewer.isEditor)
        options.push(
          eb('content.space_id', 'is', null),
          eb('content.space_id', 'in', readableSpaceIds(db, viewer.id)),
        );
      return eb.or(options);
    });
  if (query.category) select = select.where('articles.category', '=', query.category);
  if (query.after) {
    const { at, id } = query.after;
    select = select.where((eb) =>
      eb.or([
        eb('content.updated_at', '<', at),
        eb.and([eb('content.updated_at', '=', at), eb('content.id', '<', id)]),
      ]),
    );
  }
  return select
    .orderBy('content.updated_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

export async function categories(db: Db, viewerId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('articles')
    .crossJoin('content')
    .whereRef('content.id', '=', 'articles.content_id')
    .select('articles.category')
    .distinct()
    .where('articles.category', '!=', '')
    .where(contentReadableBy(db, viewerId))
    .orderBy('articles.category')
    .execute();
  return rows.map((row) => row.category);
}

/* Scheduling: every node asks for due articles; the conditional update lets exactly one claim each. */

export async function dueScheduled(db: Db, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .innerJoin('content', 'content.id', 'articles.content_id')
    .select('content.id')
    .where('articles.scheduled_at', 'is not', null)
    .where('articles.scheduled_at', '<=', now)
    .where('content.state', '=', 'scheduled')
    .orderBy('articles.scheduled_at')
    .limit(100)
    .execute();
  return rows.map((row) => row.id);
}

/** Publishes a draft or scheduled article now, if it still is one; true for exactly one caller however many race. */
export async function claimForPublishing(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('content')
    .set({ state: 'published', published_at: now, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['draft', 'scheduled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Publishes a scheduled article if it still is scheduled and due: one conditional statement, so of
 * several nodes (or a node and a manual publish) exactly one wins, and an article rescheduled to a
 * later time since it was found due stays scheduled.
 */
export async function claimScheduled(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('content')
    .set((eb) => ({
      state: 'published',
      published_at: eb
        .selectFrom('articles')
        .select('articles.scheduled_at')
        .where('articles.content_id', '=', id),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('state', '=', 'scheduled')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('articles')
          .select('articles.content_id')
          .where('articles.content_id', '=', id)
          .where('articles.scheduled_at', '<=', now),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/* Revisions. */

export async function insertRevision(
  db: Db,
  values: { contentId: number; title: string; teaser: string; body: string; editorId: number; now: string },
) {
  await db
    .insertInto('article_revisions')
    .values({
      content_id: values.contentId,
      title: values.title,
      teaser: values.teaser,
      body: values.body,
      editor_id: values.editorId,
      created_at: values.now,
    })
    .execute();
}

export function listRevisions(db: Db, id: number) {
  return db
    .selectFrom('article_revisions')
    .selectAll()
    .where('content_id', '=', id)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/** What an article's feed card and search entry need, for a page of items (the article kind's loader). */
export function articleCards(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('articles')
    .select([
      'content_id',
      'title',
      'teaser',
      'body',
      'category',
      'cover_file_id',
      'reading_minutes',
      'must_read',
    ])
    .where('content_id', 'in', ids)
    .execute();
}
