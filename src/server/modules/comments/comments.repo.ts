import { type Kysely, sql } from 'kysely';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export function findComment(db: Db, id: number) {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

const commentsPage = prepared(
  (db, p: Placeholders<{ contentId: number; createdAt?: string; afterId?: number; limit: number }>, args) => {
    let query = db.selectFrom('comments').selectAll().where('content_id', '=', p.value('contentId'));
    if (args.createdAt !== undefined) {
      const createdAt = p.value('createdAt') as string;
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '>', createdAt),
          eb.and([eb('created_at', '=', createdAt), eb('id', '>', p.value('afterId') as number)]),
        ]),
      );
    }
    return query.orderBy('created_at').orderBy('id').limit(p.value('limit'));
  },
);

/** A page of an item's comments, oldest first (every item page asks: built once, db/prepared.ts). */
export function listComments(
  db: Db,
  contentId: number,
  after: { createdAt: string; id: number } | undefined,
  limit: number,
) {
  return commentsPage(db, { contentId, createdAt: after?.createdAt, afterId: after?.id, limit: limit + 1 });
}

export async function insertComment(
  db: Db,
  values: {
    contentId: number;
    parentId: number | null;
    authorId: number;
    body: string;
    html: string;
    now: string;
  },
) {
  const row = await db
    .insertInto('comments')
    .values({
      content_id: values.contentId,
      parent_id: values.parentId,
      author_id: values.authorId,
      body: values.body,
      body_html: values.html,
      created_at: values.now,
      edited_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateComment(db: Db, id: number, body: string, html: string, now: string) {
  await db
    .updateTable('comments')
    .set({ body, body_html: html, edited_at: now })
    .where('id', '=', id)
    .execute();
}

/** Deletes a comment with its replies; returns how many rows went. */
export async function deleteComment(db: Db, id: number): Promise<number> {
  const replies = await db.deleteFrom('comments').where('parent_id', '=', id).executeTakeFirst();
  await db.deleteFrom('comments').where('id', '=', id).execute();
  return Number(replies.numDeletedRows) + 1;
}

export async function adjustCommentCount(db: Db, contentId: number, delta: number) {
  await db
    .updateTable('content')
    .set({ comment_count: sql`comment_count + ${delta}` })
    .where('id', '=', contentId)
    .execute();
}
