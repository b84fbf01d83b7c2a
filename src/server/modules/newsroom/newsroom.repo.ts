import type { Kysely } from 'kysely';
import type { DB, GuestCommentState } from '../../db/schema.js';
import { publiclyVisible, readableSpaceIds } from '../access/access.repo.js';

type Db = Kysely<DB>;

/** Published public articles, newest first: everything the newsroom, its feeds and the sitemap may show. */
export function publicArticles(db: Db, page: { before?: { at: string; id: number }; limit: number }) {
  let query = db
    // Articles first (a CROSS JOIN keeps SQLite from walking a million posts; see articles.repo).
    .selectFrom('articles')
    .crossJoin('content')
    .whereRef('content.id', '=', 'articles.content_id')
    .innerJoin('users', 'users.id', 'content.author_id')
    .leftJoin('files', 'files.id', 'articles.cover_file_id')
    .select([
      'content.id',
      'content.published_at',
      'content.edited_at',
      'content.updated_at',
      'articles.slug',
      'articles.title',
      'articles.teaser',
      'articles.body_html',
      'articles.category',
      'articles.reading_minutes',
      'articles.cover_file_id',
      'files.creator as cover_creator',
      'files.source as cover_source',
      'files.licence as cover_licence',
      'files.width as cover_width',
      'files.height as cover_height',
      'files.mime as cover_mime',
      'users.name as author_name',
    ])
    .where(publiclyVisible());
  if (page.before) {
    const { at, id } = page.before;
    query = query.where((eb) =>
      eb.or([
        eb('content.published_at', '<', at),
        eb.and([eb('content.published_at', '=', at), eb('content.id', '<', id)]),
      ]),
    );
  }
  return query
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}
export type PublicArticleRow = Awaited<ReturnType<typeof publicArticles>>[number];

/**
 * A file shown on the newsroom: only images uploaded for a published public article and attached
 * to it (its cover or a picture in its text) — never a space library file.
 */
export function publicFile(db: Db, fileId: string) {
  return db
    .selectFrom('files')
    .innerJoin('articles', 'articles.content_id', 'files.content_id')
    .innerJoin('content', 'content.id', 'files.content_id')
    .selectAll('files')
    .where('files.id', '=', fileId)
    .where('files.kind', '=', 'image')
    .where('files.space_id', 'is', null)
    .where(publiclyVisible())
    .executeTakeFirst();
}

export function imagesOf(db: Db, contentId: number) {
  return db
    .selectFrom('files')
    .selectAll()
    .where('content_id', '=', contentId)
    .where('kind', '=', 'image')
    .execute();
}

export function approvedGuestComments(db: Db, contentId: number) {
  return db
    .selectFrom('guest_comments')
    .select(['id', 'name', 'website', 'body', 'created_at'])
    .where('content_id', '=', contentId)
    .where('state', '=', 'approved')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function insertGuestComment(
  db: Db,
  values: {
    contentId: number;
    name: string;
    email: string;
    website: string;
    body: string;
    state: GuestCommentState;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('guest_comments')
    .values({
      content_id: values.contentId,
      name: values.name,
      email: values.email,
      website: values.website,
      body: values.body,
      state: values.state,
      created_at: values.now,
      moderated_by: null,
      moderated_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Guest comments on articles in spaces the editor may read (company news has none). */
export function listGuestComments(
  db: Db,
  editorId: number,
  state: GuestCommentState,
  afterId: number | undefined,
  limit: number,
) {
  let query = db
    .selectFrom('guest_comments')
    .innerJoin('articles', 'articles.content_id', 'guest_comments.content_id')
    .innerJoin('content', 'content.id', 'guest_comments.content_id')
    .selectAll('guest_comments')
    .select('articles.title as article_title')
    .where('guest_comments.state', '=', state)
    .where((eb) =>
      eb.or([
        eb('content.space_id', 'is', null),
        eb('content.space_id', 'in', readableSpaceIds(db, editorId)),
      ]),
    );
  if (afterId !== undefined) query = query.where('guest_comments.id', '<', afterId);
  return query
    .orderBy('guest_comments.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function findGuestComment(db: Db, id: number) {
  return db
    .selectFrom('guest_comments')
    .innerJoin('articles', 'articles.content_id', 'guest_comments.content_id')
    .selectAll('guest_comments')
    .select('articles.title as article_title')
    .where('guest_comments.id', '=', id)
    .executeTakeFirst();
}

export async function moderate(
  db: Db,
  id: number,
  state: GuestCommentState,
  moderatorId: number,
  now: string,
) {
  await db
    .updateTable('guest_comments')
    .set({ state, moderated_by: moderatorId, moderated_at: now })
    .where('id', '=', id)
    .execute();
}
