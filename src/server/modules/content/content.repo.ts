import { type Kysely, sql } from 'kysely';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { ContentState, DB } from '../../db/schema.js';

type Db = Kysely<DB>;

const contentById = prepared((db, p: Placeholders<{ id: number }>) =>
  db.selectFrom('content').selectAll().where('id', '=', p.value('id')),
);

/** One content row (asked on every item page and action: built once, db/prepared.ts). */
export async function findContent(db: Db, id: number) {
  return (await contentById(db, { id }))[0];
}

export async function insertContent(
  db: Db,
  values: {
    type: string;
    spaceId: number | null;
    profileUserId: number | null;
    authorId: number;
    state: ContentState;
    now: string;
    publishedAt: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('content')
    .values({
      type: values.type,
      space_id: values.spaceId,
      profile_user_id: values.profileUserId,
      author_id: values.authorId,
      state: values.state,
      pinned: 0,
      comment_count: 0,
      created_at: values.now,
      updated_at: values.now,
      edited_at: null,
      published_at: values.publishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markEdited(db: Db, id: number, now: string) {
  await db.updateTable('content').set({ edited_at: now, updated_at: now }).where('id', '=', id).execute();
}

export async function setPinned(db: Db, id: number, pinned: boolean, now: string) {
  await db
    .updateTable('content')
    .set({ pinned: Number(pinned), updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteContent(db: Db, id: number) {
  // Attachments go with their item (cascade); a space library file never does, even if an old
  // version of Kantine let it be attached.
  await db
    .updateTable('files')
    .set({ content_id: null })
    .where('content_id', '=', id)
    .where('space_id', 'is not', null)
    .execute();
  await replaceTags(db, id, []);
  await db.deleteFrom('content').where('id', '=', id).execute();
}

export async function insertPost(db: Db, contentId: number, body: string, bodyHtml: string) {
  await db.insertInto('posts').values({ content_id: contentId, body, body_html: bodyHtml }).execute();
}

export async function updatePost(db: Db, contentId: number, body: string, bodyHtml: string) {
  await db
    .updateTable('posts')
    .set({ body, body_html: bodyHtml })
    .where('content_id', '=', contentId)
    .execute();
}

export function findPost(db: Db, contentId: number) {
  return db.selectFrom('posts').selectAll().where('content_id', '=', contentId).executeTakeFirst();
}

/** Replaces an item's hashtags; call again when its publication time changes (tags carry it for ordering). */
/** The hashtags of content just created: nothing to compare with or give back (fewer statements than replaceTags). */
export async function insertTags(db: Db, contentId: number, tags: string[], publishedAt: string | null) {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  await db
    .insertInto('hashtags')
    .values(unique.map((tag) => ({ tag, uses: 1 })))
    .onConflict((oc) => oc.column('tag').doUpdateSet({ uses: sql`hashtags.uses + 1` }))
    .execute();
  await db
    .insertInto('content_tags')
    .values(tags.map((tag) => ({ content_id: contentId, tag, published_at: publishedAt })))
    .execute();
}

export async function replaceTags(db: Db, contentId: number, tags: string[]) {
  const before = await db
    .selectFrom('content_tags')
    .select('tag')
    .where('content_id', '=', contentId)
    .execute();
  const added = [...new Set(tags)].filter((tag) => !before.some((row) => row.tag === tag));
  const dropped = before.map((row) => row.tag).filter((tag) => !tags.includes(tag));
  await db.deleteFrom('content_tags').where('content_id', '=', contentId).execute();
  if (dropped.length) {
    // `uses` counts the items carrying a tag: an edit or delete that drops it gives one back.
    await db
      .updateTable('hashtags')
      .set({ uses: sql`hashtags.uses - 1` })
      .where('tag', 'in', dropped)
      .execute();
    await db.deleteFrom('hashtags').where('tag', 'in', dropped).where('uses', '<=', 0).execute();
  }
  if (added.length)
    await db
      .insertInto('hashtags')
      .values(added.map((tag) => ({ tag, uses: 1 })))
      .onConflict((oc) => oc.column('tag').doUpdateSet({ uses: sql`hashtags.uses + 1` }))
      .execute();
  if (tags.length === 0) return;
  const content = await db
    .selectFrom('content')
    .select('published_at')
    .where('id', '=', contentId)
    .executeTakeFirst();
  await db
    .insertInto('content_tags')
    .values(tags.map((tag) => ({ content_id: contentId, tag, published_at: content?.published_at ?? null })))
    .execute();
}

/** Active people by handle, for resolving @mentions. */
export async function usersByHandle(db: Db, handles: string[]): Promise<Map<string, number>> {
  if (handles.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'handle'])
    .where('handle', 'in', handles)
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((row) => [row.handle, row.id]));
}

/**
 * The viewer's own uploads (made through the upload endpoint for attaching), with what they are
 * attached to. Space library files never qualify: they follow only their space's rules.
 */
export function findAttachableFiles(db: Db, fileIds: string[], uploaderId: number) {
  if (fileIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('files')
    .select(['id', 'content_id'])
    .where('id', 'in', fileIds)
    .where('uploader_id', '=', uploaderId)
    .where('space_id', 'is', null)
    .execute();
}

export async function countAttachments(db: Db, contentId: number): Promise<number> {
  const row = await db
    .selectFrom('files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('content_id', '=', contentId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function attachFiles(db: Db, contentId: number, fileIds: string[]) {
  await db
    .updateTable('files')
    .set({ content_id: null })
    .where('content_id', '=', contentId)
    .where('id', 'not in', fileIds.length ? fileIds : [''])
    .execute();
  for (const [position, id] of fileIds.entries()) {
    await db
      .updateTable('files')
      .set({ content_id: contentId, position })
      .where('id', '=', id)
      .where('space_id', 'is', null)
      .execute();
  }
}

/** The posts among a page of items (the post kind's loader). */
export function postsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('posts').selectAll().where('content_id', 'in', ids).execute();
}
