import { type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { contentReadableBy, type KnownMemberships } from '../access/access.repo.js';

type Db = Kysely<DB>;

export interface FeedCursor {
  publishedAt: string;
  id: number;
}

export interface FeedPageQuery {
  after?: FeedCursor;
  limit: number;
}

/*
 * The feeds' queries are built once per dialect and shape (db/prepared.ts): each call only puts its
 * values into the compiled statement. A page's values: how many rows (one more than shown, to know
 * whether there is more) and, after the first page, the cursor.
 */
interface PageArgs {
  limit: number;
  publishedAt?: string;
  afterId?: number;
}

const pageArgs = (page: FeedPageQuery): PageArgs => ({
  limit: page.limit + 1,
  publishedAt: page.after?.publishedAt,
  afterId: page.after?.id,
});

/**
 * The containers of someone's home feed: their spaces (mandatory ones included; the caller reads
 * them through access/memberships.ts), themselves and the people they follow; company news reaches
 * everyone's home feed as well.
 */
export interface HomeContainers {
  spaceIds: readonly number[];
  profileIds: number[];
}

/**
 * Home: the newest items of each container, merged. Each part is a short range scan of the
 * (space_id, published_at, id) or (profile_user_id, published_at, id) index, so the cost depends on
 * how many spaces someone is in, not on how many posts the company has (benchmark: one query over
 * all memberships sorted 300,000 rows of the company space for every request).
 */
export async function homeFeed(db: Db, containers: HomeContainers, page: FeedPageQuery) {
  // Same result, two strategies (benchmark, 1M posts): in-process SQLite runs the small cached
  // queries one by one fastest (789 vs 580 req/s); PostgreSQL saves the round trips with one
  // UNION ALL statement (373 vs 216 req/s).
  return dialectOf(db) === 'sqlite'
    ? homeFeedMerged(db, containers, page)
    : homeFeedUnion(db, {
        ...pageArgs(page),
        spaceIds: [...containers.spaceIds],
        profileIds: containers.profileIds,
      });
}

const newestFirst = (
  a: { id: number; published_at: string | null },
  b: { id: number; published_at: string | null },
) =>
  (a.published_at ?? '') === (b.published_at ?? '')
    ? b.id - a.id
    : (a.published_at ?? '') < (b.published_at ?? '')
      ? 1
      : -1;

async function homeFeedMerged(db: Db, { spaceIds, profileIds }: HomeContainers, page: FeedPageQuery) {
  const parts = await Promise.all([
    ...spaceIds.map((spaceId) => newestInSpace(db, spaceId, page)),
    profileFeedOf(db, profileIds, page),
    companyNewsSqlite(db, page),
  ]);
  return mergeNewest(parts, page.limit + 1);
}

/**
 * The `count` newest entries of lists that are each newest first (a space's cached list, the
 * profiles' and company news' queries), merged. Someone in 20 spaces has 20 lists of 21 ids:
 * sorting all 420 cost a tenth of a home feed request's CPU (profile, small scale), picking the
 * head of the lists 21 times costs a fraction of that.
 */
export function mergeNewest<T extends { id: number; published_at: string | null }>(
  lists: T[][],
  count: number,
): T[] {
  const heads = lists.map(() => 0);
  const merged: T[] = [];
  while (merged.length < count) {
    let best = -1;
    for (let index = 0; index < lists.length; index++) {
      const head = lists[index][heads[index]];
      if (head && (best < 0 || newestFirst(head, lists[best][heads[best]]) < 0)) best = index;
    }
    if (best < 0) break;
    merged.push(lists[best][heads[best]++]);
  }
  return merged;
}

/** PostgreSQL's home feed: one UNION ALL statement, compiled once per number of spaces and profiles. */
const homeFeedUnion = prepared(
  (db, p: Placeholders<PageArgs & { spaceIds: number[]; profileIds: number[] }>, args) => {
    const newest = (container: { spaceId: number } | { profileIds: number[] }, alias: string) =>
      db
        .selectFrom((eb) => {
          let part = eb
            .selectFrom('content')
            .select(['content.id', 'content.published_at'])
            .where('content.state', '=', 'published');
          part =
            'spaceId' in container
              ? part.where('content.space_id', '=', container.spaceId)
              : part.where('content.profile_user_id', 'in', container.profileIds);
          return applyCursor(part, p, args)
            .orderBy('content.published_at', 'desc')
            .orderBy('content.id', 'desc')
            .limit(p.value('limit'))
            .as(alias);
        })
        .selectAll();
    let union = newest({ profileIds: p.list('profileIds') }, 'p').unionAll(
      db.selectFrom(companyNewsQuery(db, p, args).as('c')).selectAll(),
    );
    for (const [index, spaceId] of p.list('spaceIds').entries())
      union = union.unionAll(newest({ spaceId }, `s${index}`));
    return db
      .selectFrom(union.as('home'))
      .selectAll()
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(p.value('limit'));
  },
);

/** Company news: published items outside any space and profile (read through the partial index content_company_idx). */
function companyNewsQuery(db: Db, p: Placeholders<PageArgs>, args: PageArgs) {
  const query = db
    .selectFrom('content')
    .select(['content.id', 'content.published_at'])
    .where(sql<boolean>`content.space_id is null and content.profile_user_id is null`)
    .where('content.state', '=', 'published');
  return applyCursor(query, p, args)
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(p.value('limit'));
}

const companyNewsPostgres = prepared((db, p: Placeholders<PageArgs>, args) => companyNewsQuery(db, p, args));

/**
 * Newest published ids of one container, as one SQL text. The home feed runs these once per
 * membership; building them through the query builder cost as much as running them (profile at
 * 1M posts: 0.73 → 0.53 ms for nine spaces); now they are compiled once (db/prepared.ts).
 */
function newestIds(
  from: RawBuilder<unknown>,
  where: (p: Placeholders<PageArgs & { spaceId?: number }>) => RawBuilder<unknown>,
) {
  return prepared((_db, p: Placeholders<PageArgs & { spaceId?: number }>, args) => {
    const after =
      args.publishedAt === undefined
        ? sql``
        : sql`and (published_at < ${p.value('publishedAt')} or (published_at = ${p.value('publishedAt')} and id < ${p.value('afterId')}))`;
    return sql<{ id: number; published_at: string | null }>`select id, published_at from ${from}
      where ${where(p)} and state = 'published' ${after} order by published_at desc, id desc limit ${p.value('limit')}`;
  });
}

/**
 * Company news on SQLite: its planner prefers the profile index for "profile_user_id is null" and
 * then walks every profile post (200 ms at 1M posts when there is no company news); INDEXED BY
 * names the partial index, which holds exactly the company news (0.03 ms).
 */
const companyNewsIndexed = newestIds(
  sql`content indexed by content_company_idx`,
  () => sql`space_id is null and profile_user_id is null`,
);
const companyNewsSqlite = (db: Db, page: FeedPageQuery) => companyNewsIndexed(db, pageArgs(page));

/** Company news' newest ids, on either database. */
export const companyNews = (db: Db, page: FeedPageQuery) =>
  dialectOf(db) === 'sqlite' ? companyNewsSqlite(db, page) : companyNewsPostgres(db, pageArgs(page));

const profilesNewest = prepared((db, p: Placeholders<PageArgs & { profileIds: number[] }>, args) =>
  applyCursor(
    db
      .selectFrom('content')
      .select(['content.id', 'content.published_at'])
      .where('content.profile_user_id', 'in', p.list('profileIds'))
      .where('content.state', '=', 'published'),
    p,
    args,
  )
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(p.value('limit')),
);

/** Posts on these people's profiles, newest first. */
function profileFeedOf(db: Db, profileIds: number[], page: FeedPageQuery) {
  return profilesNewest(db, { ...pageArgs(page), profileIds });
}

const spaceNewest = newestIds(sql`content`, (p) => sql`space_id = ${p.value('spaceId')}`);

/** A space's newest ids for the home feed: spaceFeed as one SQL text (see newestIds). */
export const newestInSpace = (db: Db, spaceId: number, page: FeedPageQuery) =>
  spaceNewest(db, { ...pageArgs(page), spaceId });

const spaceFeedQuery = prepared((db, p: Placeholders<PageArgs & { spaceId: number }>, args) =>
  applyCursor(
    db
      .selectFrom('content')
      .select(['content.id', 'content.published_at'])
      .where('content.space_id', '=', p.value('spaceId'))
      .where('content.state', '=', 'published'),
    p,
    args,
  )
    .orderBy('content.published_at', 'desc')
    .orderBy('content.id', 'desc')
    .limit(p.value('limit')),
);

/** A space's stream; the caller has checked that the viewer may read the space. */
export function spaceFeed(db: Db, spaceId: number, page: FeedPageQuery) {
  return spaceFeedQuery(db, { ...pageArgs(page), spaceId });
}

const pinned = prepared((db, p: Placeholders<{ spaceId: number }>) =>
  db
    .selectFrom('content')
    .select(['content.id', 'content.published_at'])
    .where('content.space_id', '=', p.value('spaceId'))
    .where('content.state', '=', 'published')
    // A literal, not a parameter: SQLite uses the partial index content_pinned_idx only then.
    .where(sql<boolean>`content.pinned = 1`)
    .orderBy('content.published_at', 'desc')
    .limit(10),
);

export function pinnedInSpace(db: Db, spaceId: number) {
  return pinned(db, { spaceId });
}

export function profileFeed(db: Db, userId: number, page: FeedPageQuery) {
  return profileFeedOf(db, [userId], page);
}

const hashtagNewest = prepared(
  (db, p: Placeholders<PageArgs & { tag: string; viewerId: number; member: number[] }>, args) => {
    let query = db
      .selectFrom('content_tags')
      .innerJoin('content', 'content.id', 'content_tags.content_id')
      .select(['content.id', 'content_tags.published_at'])
      .where('content_tags.tag', '=', p.value('tag'))
      .where(contentReadableBy(db, p.value('viewerId'), { member: p.list('member'), memberOrInvited: [] }));
    if (args.publishedAt !== undefined) {
      const publishedAt = p.value('publishedAt') as string;
      query = query.where((eb) =>
        eb.or([
          eb('content_tags.published_at', '<', publishedAt),
          eb.and([
            eb('content_tags.published_at', '=', publishedAt),
            eb('content_tags.content_id', '<', p.value('afterId') as number),
          ]),
        ]),
      );
    }
    return query
      .orderBy('content_tags.published_at', 'desc')
      .orderBy('content_tags.content_id', 'desc')
      .limit(p.value('limit'));
  },
);

/**
 * Everything tagged, newest first, read in date order from the tag index; only what the viewer may
 * read (their memberships as read by the caller, the spaces' visibility read here).
 */
export function hashtagFeed(
  db: Db,
  viewerId: number,
  known: KnownMemberships,
  tag: string,
  page: FeedPageQuery,
) {
  return hashtagNewest(db, { ...pageArgs(page), tag, viewerId, member: [...known.member] });
}

const taggedNewest = prepared((db, p: Placeholders<{ tag: string; limit: number }>) =>
  db
    .selectFrom('content_tags')
    .innerJoin('content', 'content.id', 'content_tags.content_id')
    .select(['content.id', 'content_tags.published_at', 'content.space_id'])
    .where('content_tags.tag', '=', p.value('tag'))
    .where('content.state', '=', 'published')
    .orderBy('content_tags.published_at', 'desc')
    .orderBy('content_tags.content_id', 'desc')
    .limit(p.value('limit')),
);

/**
 * The newest published items with a tag, whoever may read them, each with its space: the item
 * cache's `tag:` list, filtered per viewer (access/memberships.ts: readableListed).
 */
export function newestTagged(db: Db, tag: string, limit: number) {
  return taggedNewest(db, { tag, limit });
}

/** Keyset pagination, newest first: strictly older than the cursor's (published_at, id). */
function applyCursor<TB extends 'content' | 'content_tags', O>(
  query: SelectQueryBuilder<DB, TB, O>,
  p: Placeholders<PageArgs>,
  args: PageArgs,
) {
  if (args.publishedAt === undefined) return query;
  const publishedAt = p.value('publishedAt') as string;
  const afterId = p.value('afterId') as number;
  return query.where((eb) => {
    const content = eb as unknown as ExpressionBuilder<DB, 'content'>;
    return content.or([
      content('content.published_at', '<', publishedAt),
      content.and([content('content.published_at', '=', publishedAt), content('content.id', '<', afterId)]),
    ]);
  });
}

/* Hydration: everything a feed item shows, for a page of ids, in a fixed number of queries. */

const contentRowsQuery = prepared((db, p: Placeholders<{ ids: number[] }>) =>
  db.selectFrom('content').selectAll().where('content.id', 'in', p.list('ids')),
);

/** The common row of each item; each kind loads its own part (kinds/registry.ts). */
export function contentRows(db: Db, ids: number[]) {
  return contentRowsQuery(db, { ids });
}

const attachmentsQuery = prepared((db, p: Placeholders<{ ids: number[] }>) =>
  db.selectFrom('files').selectAll().where('content_id', 'in', p.list('ids')).orderBy('position'),
);

export function attachmentsOf(db: Db, ids: number[]) {
  return attachmentsQuery(db, { ids });
}

const reactionCountsQuery = prepared((db, p: Placeholders<{ ids: number[] }>) =>
  db
    .selectFrom('reactions')
    .select(['content_id', 'type', sql<number>`count(*)`.as('n')])
    .where('content_id', 'in', p.list('ids'))
    .groupBy(['content_id', 'type']),
);

export function reactionCounts(db: Db, ids: number[]) {
  return reactionCountsQuery(db, { ids });
}

const myReactionsQuery = prepared((db, p: Placeholders<{ ids: number[]; viewerId: number }>) =>
  db
    .selectFrom('reactions')
    .select(['content_id', 'type'])
    .where('content_id', 'in', p.list('ids'))
    .where('user_id', '=', p.value('viewerId')),
);

/** The viewer's own reactions on a page (every feed request asks). */
export function myReactions(db: Db, ids: number[], viewerId: number) {
  return myReactionsQuery(db, { ids, viewerId });
}

const latestCommentsQuery = prepared((db, p: Placeholders<{ ids: number[]; perItem: number }>) =>
  db
    .selectFrom((eb) =>
      eb
        .selectFrom('comments')
        .selectAll()
        .select(
          sql<number>`row_number() over (partition by content_id order by created_at desc, id desc)`.as(
            'rank',
          ),
        )
        .where('content_id', 'in', p.list('ids'))
        .as('ranked'),
    )
    .selectAll()
    .where('rank', '<=', p.value('perItem'))
    .orderBy('created_at')
    .orderBy('id'),
);

/** The two newest comments of each item (window function: SQLite ≥ 3.25 and PostgreSQL alike). */
export function latestComments(db: Db, ids: number[], perItem: number) {
  return latestCommentsQuery(db, { ids, perItem });
}
