import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, SocialPostsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertPost(db: Db, values: Insertable<SocialPostsTable>): Promise<number> {
  const row = await db.insertInto('social_posts').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findPost(db: Db, id: number) {
  return db.selectFrom('social_posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listPosts(db: Db, filter: { storyId?: number; state?: string }) {
  let query = db.selectFrom('social_posts').selectAll().orderBy('id', 'desc').limit(500);
  if (filter.storyId !== undefined) query = query.where('story_id', '=', filter.storyId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  return query.execute();
}

export async function updatePost(db: Db, id: number, changes: Updateable<SocialPostsTable>) {
  await db.updateTable('social_posts').set(changes).where('id', '=', id).execute();
}

export async function deletePost(db: Db, id: number) {
  await db.deleteFrom('social_posts').where('id', '=', id).execute();
}

/** Moves a post into `publishing` if it is still in one of `from`; true for exactly one caller. */
export async function claimPost(
  db: Db,
  id: number,
  from: string[],
  now: string,
  due?: string,
): Promise<boolean> {
  let query = db
    .updateTable('social_posts')
    .set({ state: 'publishing', error: null, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', from);
  if (due !== undefined) query = query.where('scheduled_at', '<=', due);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function duePosts(db: Db, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('social_posts')
    .select('id')
    .where('state', '=', 'scheduled')
    .where('channel', 'in', ['mastodon', 'bluesky'])
    .where('scheduled_at', '<=', now)
    .orderBy('scheduled_at')
    .limit(100)
    .execute();
  return rows.map((row) => row.id);
}

export async function replaceMedia(db: Db, postId: number, media: Array<{ fileId: string; alt: string }>) {
  await db.deleteFrom('social_post_media').where('post_id', '=', postId).execute();
  if (media.length > 0)
    await db
      .insertInto('social_post_media')
      .values(
        media.map((item, position) => ({ post_id: postId, file_id: item.fileId, alt: item.alt, position })),
      )
      .execute();
}

export function mediaOf(db: Db, postIds: number[]) {
  if (postIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('social_post_media')
    .innerJoin('files', 'files.id', 'social_post_media.file_id')
    .select([
      'social_post_media.post_id',
      'social_post_media.file_id',
      'social_post_media.alt',
      'files.storage_key',
      'files.mime',
      'files.name',
      'files.width',
      'files.height',
    ])
    .where('social_post_media.post_id', 'in', postIds)
    .orderBy('social_post_media.post_id')
    .orderBy('social_post_media.position')
    .execute();
}

/** Files a post may use: pictures of its story, or uploads of the viewer's (free or already on the desk). */
export async function usableFiles(db: Db, fileIds: string[], viewerId: number, storyId: number | null) {
  if (fileIds.length === 0) return [];
  const rows = await db
    .selectFrom('files')
    .leftJoin('story_pictures', (join) =>
      join.onRef('story_pictures.file_id', '=', 'files.id').on('story_pictures.story_id', '=', storyId ?? -1),
    )
    .select([
      'files.id',
      'files.kind',
      'files.uploader_id',
      'files.held_by',
      'files.content_id',
      'files.space_id',
      'story_pictures.story_id',
    ])
    .where('files.id', 'in', fileIds)
    .execute();
  return rows.filter(
    (row) =>
      row.kind === 'image' &&
      (row.story_id !== null ||
        (row.uploader_id === viewerId &&
          row.content_id === null &&
          row.space_id === null &&
          (row.held_by === null || row.held_by === 'social'))),
  );
}

export async function holdFiles(db: Db, fileIds: string[]) {
  if (fileIds.length > 0)
    await db
      .updateTable('files')
      .set({ held_by: 'social' })
      .where('id', 'in', fileIds)
      .where('held_by', 'is', null)
      .execute();
}

export function articleExists(db: Db, id: number) {
  return db
    .selectFrom('articles')
    .select(['content_id', 'slug', 'is_public'])
    .where('content_id', '=', id)
    .executeTakeFirst();
}

export function postsBetween(db: Db, from: string, to: string) {
  return db
    .selectFrom('social_posts')
    .selectAll()
    .where('state', 'in', ['scheduled', 'publishing', 'published'])
    .where((eb) =>
      eb.or([
        eb.and([eb('published_at', '>=', from), eb('published_at', '<', to)]),
        eb.and([eb('published_at', 'is', null), eb('scheduled_at', '>=', from), eb('scheduled_at', '<', to)]),
      ]),
    )
    .limit(1000)
    .execute();
}

/** Company news (not space articles) scheduled or published in the range. */
export function articlesBetween(db: Db, from: string, to: string) {
  return db
    .selectFrom('articles')
    .innerJoin('content', 'content.id', 'articles.content_id')
    .select([
      'content.id',
      'articles.title',
      'content.state',
      'content.published_at',
      'articles.scheduled_at',
    ])
    .where('content.space_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('content.state', '=', 'published'),
          eb('content.published_at', '>=', from),
          eb('content.published_at', '<', to),
        ]),
        eb.and([
          eb('content.state', '=', 'scheduled'),
          eb('articles.scheduled_at', '>=', from),
          eb('articles.scheduled_at', '<', to),
        ]),
      ]),
    )
    .limit(1000)
    .execute();
}
