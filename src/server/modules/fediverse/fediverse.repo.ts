import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { publiclyVisible } from '../access/access.repo.js';

type Db = Kysely<DB>;

/* Followers of the newsroom's actor. */

export async function upsertFollower(
  db: Db,
  values: {
    actorUri: string;
    inbox: string;
    sharedInbox: string | null;
    handle: string;
    name: string;
    now: string;
  },
) {
  await db
    .insertInto('fediverse_followers')
    .values({
      actor_uri: values.actorUri,
      inbox: values.inbox,
      shared_inbox: values.sharedInbox,
      handle: values.handle,
      name: values.name,
      created_at: values.now,
    })
    .onConflict((oc) =>
      oc.column('actor_uri').doUpdateSet({
        inbox: values.inbox,
        shared_inbox: values.sharedInbox,
        handle: values.handle,
        name: values.name,
      }),
    )
    .execute();
}

export async function removeFollower(db: Db, actorUri: string): Promise<boolean> {
  const result = await db
    .deleteFrom('fediverse_followers')
    .where('actor_uri', '=', actorUri)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countFollowers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('fediverse_followers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where deliveries go: each follower's shared inbox when it has one, else its own; every address once. */
export async function followerInboxes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('fediverse_followers').select(['inbox', 'shared_inbox']).execute();
  return [...new Set(rows.map((row) => row.shared_inbox ?? row.inbox))].sort();
}

/* The newsroom's public articles as ActivityPub objects. */

const articleColumns = [
  'content.id',
  'content.published_at',
  'content.edited_at',
  'content.updated_at',
  'articles.slug',
  'articles.title',
  'articles.teaser',
  'articles.body_html',
  'articles.category',
  'articles.cover_file_id',
  'articles.guest_comments',
  'files.mime as cover_mime',
  'users.name as author_name',
] as const;

function publicArticleQuery(db: Db) {
  return (
    db
      // Articles first (a CROSS JOIN keeps SQLite from walking all content; see articles.repo).
      .selectFrom('articles')
      .crossJoin('content')
      .whereRef('content.id', '=', 'articles.content_id')
      .innerJoin('users', 'users.id', 'content.author_id')
      .leftJoin('files', 'files.id', 'articles.cover_file_id')
      .select(articleColumns)
      .where(publiclyVisible())
  );
}

/** One article, only while it is published and public (what the newsroom shows). */
export function findPublicArticle(db: Db, contentId: number) {
  return publicArticleQuery(db).where('content.id', '=', contentId).executeTakeFirst();
}
export type FederatedArticleRow = NonNullable<Awaited<ReturnType<typeof findPublicArticle>>>;

export function findPublicArticleBySlug(db: Db, slug: string) {
  return publicArticleQuery(db).where('articles.slug', '=', slug).executeTakeFirst();
}

/** A page of the outbox, newest first, keyed by (published_at, id). */
export function publicArticlePage(db: Db, page: { before?: { at: string; id: number }; limit: number }) {
  let query = publicArticleQuery(db);
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

export async function countPublicArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .crossJoin('content')
    .whereRef('content.id', '=', 'articles.content_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(publiclyVisible())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/* What followers were sent. */

export function findSentObject(db: Db, contentId: number) {
  return db
    .selectFrom('fediverse_objects')
    .selectAll()
    .where('content_id', '=', contentId)
    .executeTakeFirst();
}

/**
 * Records that an article went out. Concurrent handlers (an article's `content.created` and
 * `article.published` arrive together) race here: only the one whose row was inserted sends Create.
 */
export async function claimSent(db: Db, contentId: number, objectUri: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('fediverse_objects')
    .values({ content_id: contentId, object_uri: objectUri, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('content_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function touchSent(db: Db, contentId: number, now: string) {
  await db
    .updateTable('fediverse_objects')
    .set({ updated_at: now })
    .where('content_id', '=', contentId)
    .execute();
}

/** Forgets a sent article; true only for the one handler that removed the row (it sends Delete). */
export async function forgetSent(db: Db, contentId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('fediverse_objects')
    .where('content_id', '=', contentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/* Replies from the Fediverse, kept as guest comments. */

export async function insertReply(
  db: Db,
  values: { noteUri: string; actorUri: string; guestCommentId: number; now: string },
) {
  await db
    .insertInto('fediverse_replies')
    .values({
      note_uri: values.noteUri,
      actor_uri: values.actorUri,
      guest_comment_id: values.guestCommentId,
      created_at: values.now,
    })
    .execute();
}

export function findReply(db: Db, noteUri: string) {
  return db.selectFrom('fediverse_replies').selectAll().where('note_uri', '=', noteUri).executeTakeFirst();
}

/** Removes the guest comment a remote reply became (its reply row goes with it). */
export async function deleteReply(db: Db, noteUri: string, actorUri: string): Promise<boolean> {
  const reply = await db
    .selectFrom('fediverse_replies')
    .select('guest_comment_id')
    .where('note_uri', '=', noteUri)
    .where('actor_uri', '=', actorUri)
    .executeTakeFirst();
  if (!reply) return false;
  await db.deleteFrom('guest_comments').where('id', '=', reply.guest_comment_id).execute();
  return true;
}

/** A deleted remote account: its replies and its following go. */
export async function deleteActor(db: Db, actorUri: string) {
  const ids = db.selectFrom('fediverse_replies').select('guest_comment_id').where('actor_uri', '=', actorUri);
  await db.deleteFrom('guest_comments').where('id', 'in', ids).execute();
  await db.deleteFrom('fediverse_followers').where('actor_uri', '=', actorUri).execute();
}
