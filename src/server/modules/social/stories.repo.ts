import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, StoriesTable, StoryConsentsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

/** True when the person holds the desk right (admins have it anyway). */
export async function hasDeskRight(db: Db, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(['role', 'social_media'])
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return !!row && (row.role === 'admin' || row.social_media === 1);
}

export async function setDeskRight(db: Db, userId: number, on: boolean, now: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ social_media: on ? 1 : 0, updated_at: now })
    .where('id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Everyone with the desk right (the desk is told of new stories and consent answers). */
export async function deskMemberIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('role', '=', 'admin'), eb('social_media', '=', 1)]))
    .execute();
  return rows.map((row) => row.id);
}

/** Who was given the desk right (admins have it anyway), for the administration's people list. */
export async function deskGrantedIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('social_media', '=', 1).execute();
  return rows.map((row) => row.id);
}

export async function insertStory(db: Db, values: Insertable<StoriesTable>): Promise<number> {
  const row = await db.insertInto('stories').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findStory(db: Db, id: number) {
  return db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateStory(db: Db, id: number, changes: Updateable<StoriesTable>) {
  await db.updateTable('stories').set(changes).where('id', '=', id).execute();
}

/** A page of stories, newest first: all for the desk, else the viewer's own and those they are pictured in. */
export function listStories(
  db: Db,
  options: { viewerId: number; desk: boolean; state?: string; before?: number; limit: number },
) {
  let query = db.selectFrom('stories').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.state) query = query.where('state', '=', options.state);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  if (!options.desk)
    query = query.where((eb) =>
      eb.or([
        eb('author_id', '=', options.viewerId),
        eb('state', '=', 'published'),
        eb.exists(
          eb
            .selectFrom('story_consents')
            .select('story_consents.id')
            .whereRef('story_consents.story_id', '=', 'stories.id')
            .where('story_consents.person_id', '=', options.viewerId),
        ),
      ]),
    );
  return query.execute();
}

export function storiesPlannedBetween(db: Db, from: string, to: string) {
  return db
    .selectFrom('stories')
    .selectAll()
    .where('planned_for', '>=', from)
    .where('planned_for', '<', to)
    .orderBy('planned_for')
    .limit(1000)
    .execute();
}

export async function insertPictures(
  db: Db,
  storyId: number,
  pictures: Array<{ fileId: string; creator: string; source: string; licence: string; alt?: string }>,
) {
  if (pictures.length === 0) return;
  await db
    .insertInto('story_pictures')
    .values(
      pictures.map((picture, position) => ({
        story_id: storyId,
        file_id: picture.fileId,
        position,
        creator: picture.creator,
        source: picture.source,
        licence: picture.licence,
        alt: picture.alt || null,
      })),
    )
    .execute();
}

export function picturesOf(db: Db, storyIds: number[]) {
  if (storyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('story_pictures')
    .selectAll()
    .where('story_id', 'in', storyIds)
    .orderBy('story_id')
    .orderBy('position')
    .execute();
}

export function consentsOf(db: Db, storyIds: number[]) {
  if (storyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('story_consents')
    .selectAll()
    .where('story_id', 'in', storyIds)
    .orderBy('id')
    .execute();
}

export function findConsent(db: Db, storyId: number, consentId: number) {
  return db
    .selectFrom('story_consents')
    .selectAll()
    .where('id', '=', consentId)
    .where('story_id', '=', storyId)
    .executeTakeFirst();
}

export async function insertConsent(db: Db, values: Insertable<StoryConsentsTable>): Promise<number> {
  const row = await db.insertInto('story_consents').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Answers a request still open; true for exactly one caller. */
export async function answerConsent(db: Db, consentId: number, state: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('story_consents')
    .set({ state, answered_at: now })
    .where('id', '=', consentId)
    .where('state', '=', 'requested')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Uploads of the viewer's not yet held by anything (so a story cannot take someone else's file). */
export function ownFreeUploads(db: Db, uploaderId: number, fileIds: string[]) {
  if (fileIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('files')
    .select(['id', 'kind'])
    .where('id', 'in', fileIds)
    .where('uploader_id', '=', uploaderId)
    .where('content_id', 'is', null)
    .where('space_id', 'is', null)
    .where('held_by', 'is', null)
    .execute();
}

export async function holdFiles(db: Db, fileIds: string[], holder: string) {
  if (fileIds.length > 0)
    await db.updateTable('files').set({ held_by: holder }).where('id', 'in', fileIds).execute();
}

export function findHeldFile(db: Db, fileId: string) {
  return db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
}

/** Is this person pictured in (asked for consent on) the story? */
export async function isPictured(db: Db, storyId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('story_consents')
    .select('id')
    .where('story_id', '=', storyId)
    .where('person_id', '=', userId)
    .executeTakeFirst();
  return !!row;
}

/** One more click on a story's share link from one network: a count per story and network, nothing else. */
export async function countClick(db: Db, storyId: number, network: string) {
  await db
    .insertInto('share_clicks')
    .values({ story_id: storyId, network, clicks: 1 })
    .onConflict((oc) =>
      oc
        .columns(['story_id', 'network'])
        .doUpdateSet((eb) => ({ clicks: eb('share_clicks.clicks', '+', 1) })),
    )
    .execute();
}

export async function clicksOf(db: Db, storyId: number): Promise<number> {
  const row = await db
    .selectFrom('share_clicks')
    .select((eb) => eb.fn.sum<number>('clicks').as('n'))
    .where('story_id', '=', storyId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Where a published story's share link leads: the company's public article or its published post. */
export async function shareTarget(db: Db, storyId: number): Promise<string | null> {
  const article = await db
    .selectFrom('social_posts')
    .innerJoin('articles', 'articles.content_id', 'social_posts.article_id')
    .innerJoin('content', 'content.id', 'articles.content_id')
    .select('articles.slug')
    .where('social_posts.story_id', '=', storyId)
    .where('articles.is_public', '=', 1)
    .where('content.state', '=', 'published')
    .executeTakeFirst();
  if (article) return `/news/${encodeURIComponent(article.slug)}`;
  const post = await db
    .selectFrom('social_posts')
    .select('external_url')
    .where('story_id', '=', storyId)
    .where('state', '=', 'published')
    .where('external_url', 'is not', null)
    .orderBy('published_at')
    .executeTakeFirst();
  return post?.external_url ?? null;
}
