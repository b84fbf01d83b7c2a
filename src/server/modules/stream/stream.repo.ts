import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { contentReadableBy } from '../access/access.repo.js';

type Db = Kysely<DB>;

export interface FeedCursor {
  publishedAt: string;
  id: number;
}

export interface FeedPageQuery {
  after?: FeedCursor;
  limit: number;
}

/** Home: my spaces (mandatory ones included: everyone is a member), my profile and the profiles I follow. */
export function homeFeed(db: Db, viewerId: number, page: FeedPageQuery) {
  let query = db
    .selectFrom('content')
    .select(['content.id', 'content.published_at'])
    .where('content.state', '=', 'published')
    .where((eb) =>
      eb.or([
        eb(
          'content.space_id',
          'in',
          eb
            .selectFrom('space_members')
            .select('space_members.space_id')
            .where('space_members.user_id', '=', viewerId)
            .where('space_members.status', '=', 'member'),
        ),
        eb('content.profile_user_id', '=', viewerId),
        eb(
          'content.profile_user_id',
          'in',
          eb.selectFrom('follows').select('follows.followee_id').where('follows.follower_id', '=', viewerId),
        ),
      ]),
    );
  query = applyCursor(query, page.after);
  return query
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** A space's stream; the caller has checked that the viewer may read the space. */
export function spaceFeed(db: Db, spaceId: number, page: FeedPageQuery) {
  let query = db
    .selectFrom('content')
    .select(['content.id', 'content.published_at'])
    .where('content.space_id', '=', spaceId)
    .where('content.state', '=', 'published');
  query = applyCursor(query, page.after);
  return query
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export function pinnedInSpace(db: Db, spaceId: number) {
  return db
    .selectFrom('content')
    .select(['content.id', 'content.published_at'])
    .where('content.space_id', '=', spaceId)
    .where('content.state', '=', 'published')
    .where('content.pinned', '=', 1)
    .orderBy('content.published_at', 'desc')
    .limit(10)
    .execute();
}

export function profileFeed(db: Db, userId: number, page: FeedPageQuery) {
  let query = db
    .selectFrom('content')
    .select(['content.id', 'content.published_at'])
    .where('content.profile_user_id', '=', userId)
    .where('content.state', '=', 'published');
  query = applyCursor(query, page.after);
  return query
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export function hashtagFeed(db: Db, viewerId: number, tag: string, page: FeedPageQuery) {
  let query = db
    .selectFrom('content')
    .innerJoin('content_tags', 'content_tags.content_id', 'content.id')
    .select(['content.id', 'content.published_at'])
    .where('content_tags.tag', '=', tag)
    .where(contentReadableBy(db, viewerId));
  query = applyCursor(query, page.after);
  return query
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** Keyset pagination, newest first: strictly older than the cursor's (published_at, id). */
function applyCursor<TB extends 'content' | 'content_tags', O>(
  query: SelectQueryBuilder<DB, TB, O>,
  after: FeedCursor | undefined,
) {
  if (!after) return query;
  return query.where((eb) => {
    const content = eb as unknown as ExpressionBuilder<DB, 'content'>;
    return content.or([
      content('content.published_at', '<', after.publishedAt),
      content.and([
        content('content.published_at', '=', after.publishedAt),
        content('content.id', '<', after.id),
      ]),
    ]);
  });
}

/* Hydration: everything a feed item shows, for a page of ids, in a fixed number of queries. */

export function contentRows(db: Db, ids: number[]) {
  return db
    .selectFrom('content')
    .leftJoin('posts', 'posts.content_id', 'content.id')
    .selectAll('content')
    .select(['posts.body', 'posts.body_html'])
    .where('content.id', 'in', ids)
    .execute();
}

export function attachmentsOf(db: Db, ids: number[]) {
  return db.selectFrom('files').selectAll().where('content_id', 'in', ids).orderBy('position').execute();
}

export function reactionCounts(db: Db, ids: number[]) {
  return db
    .selectFrom('reactions')
    .select(['content_id', 'type', sql<number>`count(*)`.as('n')])
    .where('content_id', 'in', ids)
    .groupBy(['content_id', 'type'])
    .execute();
}

export function myReactions(db: Db, ids: number[], viewerId: number) {
  return db
    .selectFrom('reactions')
    .select(['content_id', 'type'])
    .where('content_id', 'in', ids)
    .where('user_id', '=', viewerId)
    .execute();
}

/** The two newest comments of each item (window function: SQLite ≥ 3.25 and PostgreSQL alike). */
export function latestComments(db: Db, ids: number[], perItem: number) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('comments')
        .selectAll()
        .select(
          sql<number>`row_number() over (partition by content_id order by created_at desc, id desc)`.as(
            'rank',
          ),
        )
        .where('content_id', 'in', ids)
        .as('ranked'),
    )
    .selectAll()
    .where('rank', '<=', perItem)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
