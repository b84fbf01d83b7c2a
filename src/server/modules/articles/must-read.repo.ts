import { type Kysely, type RawBuilder, sql } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';
import { contentReadableBy, readableSpaceIds } from '../access/access.repo.js';

type Db = Kysely<DB>;

/* Must-read confirmations: the only read receipts Kantine keeps. */

/**
 * The must-read is for this person as far as spaces go: it names no spaces (then it is for everyone
 * who may read it), or the person is a member of one it names. One rule for the audience lists and
 * for each person's open must-reads.
 */
function inChosenSpaces(article: number | RawBuilder<unknown>, user: number | RawBuilder<unknown>) {
  return sql<boolean>`(not exists (select 1 from article_must_read_spaces chosen where chosen.content_id = ${article})
    or exists (select 1 from article_must_read_spaces chosen join space_members on space_members.space_id = chosen.space_id
      where chosen.content_id = ${article} and space_members.user_id = ${user} and space_members.status = 'member'))`;
}

/**
 * Active people the must-read asks to confirm: those who may read the article, narrowed to the
 * members of the chosen spaces when there are any.
 */
export function audience(db: Db, article: { id: number; space_id: number | null }) {
  let query = db.selectFrom('users').select('users.id').where('users.status', '=', 'active');
  if (article.space_id !== null) {
    const spaceId = article.space_id;
    query = query.where((eb) =>
      eb.exists(readableSpaceIds(db, eb.ref('users.id')).where('spaces.id', '=', spaceId)),
    );
  }
  return query.where(inChosenSpaces(article.id, sql.ref('users.id')));
}

export async function isInAudience(db: Db, article: { id: number; space_id: number | null }, userId: number) {
  return (await audience(db, article).where('users.id', '=', userId).executeTakeFirst()) !== undefined;
}

export async function audienceCounts(db: Db, article: { id: number; space_id: number | null }) {
  const members = audience(db, article);
  const row = await db
    .selectFrom(members.as('a'))
    .select([sql<number>`count(*)`.as('audience'), sql<number>`count(rc.user_id)`.as('confirmed')])
    .leftJoin('read_confirmations as rc', (join) =>
      join.onRef('rc.user_id', '=', 'a.id').on('rc.content_id', '=', article.id),
    )
    .executeTakeFirstOrThrow();
  return { audience: Number(row.audience), confirmed: Number(row.confirmed) };
}

/**
 * Who has not confirmed yet. With `viewerId`, only people the viewer may know to be in the audience:
 * members of a chosen space the viewer may read (or everyone, when no space was chosen) — an editor
 * never learns the members of a private space through a must-read.
 */
export function unconfirmedAmongAudience(
  db: Db,
  article: { id: number; space_id: number | null },
  viewerId?: number,
) {
  let query = audience(db, article);
  if (viewerId !== undefined) {
    query = query.where(
      sql<boolean>`(not exists (select 1 from article_must_read_spaces chosen where chosen.content_id = ${article.id})
        or exists (select 1 from article_must_read_spaces chosen join space_members on space_members.space_id = chosen.space_id
          where chosen.content_id = ${article.id} and space_members.user_id = users.id and space_members.status = 'member'
          and chosen.space_id in (${readableSpaceIds(db, viewerId)})))`,
    );
  }
  return query
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('read_confirmations')
            .select('user_id')
            .where('read_confirmations.content_id', '=', article.id)
            .whereRef('read_confirmations.user_id', '=', 'users.id'),
        ),
      ),
    )
    .execute();
}

export async function confirm(db: Db, id: number, userId: number, now: string) {
  await db
    .insertInto('read_confirmations')
    .values({ content_id: id, user_id: userId, confirmed_at: now })
    .onConflict((oc) => oc.columns(['content_id', 'user_id']).doNothing())
    .execute();
  return db
    .selectFrom('read_confirmations')
    .select('confirmed_at')
    .where('content_id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
}

export function confirmationsOf(db: Db, userId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('read_confirmations')
    .select(['content_id', 'confirmed_at'])
    .where('user_id', '=', userId)
    .where('content_id', 'in', ids)
    .execute();
}

export function myConfirmations(db: Db, userId: number) {
  return db
    .selectFrom('read_confirmations')
    .innerJoin('articles', 'articles.content_id', 'read_confirmations.content_id')
    .select(['read_confirmations.content_id', 'articles.title', 'read_confirmations.confirmed_at'])
    .where('read_confirmations.user_id', '=', userId)
    .orderBy('read_confirmations.confirmed_at', 'desc')
    .limit(200)
    .execute();
}

const anyMustReadQuery = prepared((db) =>
  db.selectFrom('articles').select('content_id').where(sql<boolean>`articles.must_read = 1`).limit(1),
);

/** One must-read article's id, if there is any (the partial index answers at once). */
export async function anyMustRead(db: Db): Promise<number[]> {
  return (await anyMustReadQuery(db, {})).map((row) => row.content_id);
}

/**
 * Published must-reads the viewer may read, is asked to confirm, and has not confirmed yet, newest first. Most of the time there is no
 * must-read at all, and the partial index says so at once (the full query costs PostgreSQL 2 ms of
 * planning alone); a caller that knows there is one says so with `exist`.
 */
export async function openMustReads(db: Db, viewerId: number, exist?: boolean): Promise<number[]> {
  if (!exist && (await anyMustRead(db)).length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .crossJoin('content')
    .whereRef('content.id', '=', 'articles.content_id')
    .select('content.id')
    // A literal, not a parameter: SQLite uses the partial index articles_must_read_idx only then.
    .where(sql<boolean>`articles.must_read = 1`)
    .where(contentReadableBy(db, viewerId))
    .where((eb) =>
      eb.and([
        eb.not(
          eb.exists(
            eb
              .selectFrom('read_confirmations')
              .select('user_id')
              .whereRef('read_confirmations.content_id', '=', 'content.id')
              .where('read_confirmations.user_id', '=', viewerId),
          ),
        ),
        inChosenSpaces(sql.ref('content.id'), viewerId),
      ]),
    )
    .orderBy('content.published_at', 'desc')
    .limit(10)
    .execute();
  return rows.map((row) => row.id);
}

export async function markReminderSent(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set({ reminder_sent_at: now })
    .where('content_id', '=', id)
    .where('reminder_sent_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
