import { type Kysely, sql } from 'kysely';
import { type DialectName, ftsTableOf } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';

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
