import { type Kysely, sql } from 'kysely';
import type { Audience } from '../../../shared/api/surveys.js';
import { dialectOf } from '../../db/dialect.js';
import type { DB, SurveysTable } from '../../db/schema.js';
import { ORGANISATION_ID } from '../organisation/organisation.repo.js';

type Db = Kysely<DB>;

export type SurveyRow = Omit<SurveysTable, 'id'> & { id: number };

export function findSurvey(db: Db, id: number) {
  return db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** All surveys, newest first: a company has dozens, not thousands, so the list filters in the app. */
export function listSurveys(db: Db) {
  return db.selectFrom('surveys').selectAll().orderBy('id', 'desc').limit(1000).execute();
}

export async function insertSurvey(db: Db, values: Omit<SurveyRow, 'id'>) {
  const row = await db.insertInto('surveys').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSurvey(db: Db, id: number, changes: Partial<Omit<SurveyRow, 'id'>>) {
  await db.updateTable('surveys').set(changes).where('id', '=', id).execute();
}

export async function deleteSurvey(db: Db, id: number) {
  await db.deleteFrom('surveys').where('id', '=', id).execute();
}

export async function minGroupSize(db: Db) {
  const row = await db
    .selectFrom('organisation')
    .select('survey_min_group_size')
    .where('id', '=', ORGANISATION_ID)
    .executeTakeFirst();
  return row?.survey_min_group_size ?? 5;
}

/** The people a survey is meant for (active accounts only), as a query of user ids. */
function audienceQuery(db: Db, audience: Audience) {
  let query = db.selectFrom('users').select('users.id').where('users.status', '=', 'active');
  if ('spaceIds' in audience)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('space_members')
          .select('space_members.user_id')
          .whereRef('space_members.user_id', '=', 'users.id')
          .where('space_members.space_id', 'in', audience.spaceIds)
          .where('space_members.status', '=', 'member'),
      ),
    );
  if ('departments' in audience) query = query.where('users.department', 'in', audience.departments);
  if ('locations' in audience) query = query.where('users.location', 'in', audience.locations);
  return query;
}

export async function isInAudience(db: Db, audience: Audience, userId: number) {
  return !!(await audienceQuery(db, audience).where('users.id', '=', userId).executeTakeFirst());
}

/** How many of the audience share a department (or location): decides whether it is stored with answers. */
export async function audienceCountWith(
  db: Db,
  audience: Audience,
  column: 'department' | 'location',
  value: string,
) {
  const row = await db
    .selectFrom(audienceQuery(db, audience).where(`users.${column}`, '=', value).as('a'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The audience members who have not answered yet. */
export async function notAnswered(db: Db, surveyId: number, audience: Audience) {
  const rows = await audienceQuery(db, audience)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('survey_participants')
            .select('survey_participants.user_id')
            .whereRef('survey_participants.user_id', '=', 'users.id')
            .where('survey_participants.survey_id', '=', surveyId),
        ),
      ),
    )
    .execute();
  return rows.map((row) => row.id);
}

export async function spacesAdministeredBy(db: Db, userId: number, spaceIds: number[]) {
  if (spaceIds.length === 0) return [];
  const rows = await db
    .selectFrom('space_members')
    .select('space_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'admin')
    .where('status', '=', 'member')
    .where('space_id', 'in', spaceIds)
    .execute();
  return rows.map((row) => row.space_id);
}

export async function administersAnySpace(db: Db, userId: number) {
  const row = await db
    .selectFrom('space_members')
    .select('space_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'admin')
    .where('status', '=', 'member')
    .executeTakeFirst();
  return !!row;
}

export async function participantCounts(db: Db, surveyIds: number[]) {
  if (surveyIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('survey_participants')
    .select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', 'in', surveyIds)
    .groupBy('survey_id')
    .execute();
  return new Map(rows.map((row) => [row.survey_id, Number(row.n)]));
}

export async function answeredBy(db: Db, userId: number, surveyIds: number[]) {
  if (surveyIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('survey_participants')
    .select('survey_id')
    .where('user_id', '=', userId)
    .where('survey_id', 'in', surveyIds)
    .execute();
  return new Set(rows.map((row) => row.survey_id));
}

/** Records that a person answered; false when they already had (the primary key decides, also under a race). */
export async function markAnswered(db: Db, surveyId: number, userId: number) {
  const result = await db
    .insertInto('survey_participants')
    .values({ survey_id: surveyId, user_id: userId })
    .onConflict((oc) => oc.columns(['survey_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface CountKey {
  questionId: string;
  dimension: string;
  groupKey: string;
  answerKey: string;
}

/** Adds one to each counter (created at 1 when new). Keys must be distinct. */
export async function addCounts(db: Db, surveyId: number, keys: CountKey[]) {
  for (let start = 0; start < keys.length; start += 200) {
    await db
      .insertInto('survey_counts')
      .values(
        keys.slice(start, start + 200).map((key) => ({
          survey_id: surveyId,
          question_id: key.questionId,
          dimension: key.dimension,
          group_key: key.groupKey,
          answer_key: key.answerKey,
          count: 1,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['survey_id', 'question_id', 'dimension', 'group_key', 'answer_key'])
          .doUpdateSet({ count: sql<number>`survey_counts.count + 1` }),
      )
      .execute();
  }
}

export function counts(db: Db, surveyId: number, dimensions: string[]) {
  return db
    .selectFrom('survey_counts')
    .select(['question_id', 'dimension', 'group_key', 'answer_key', 'count'])
    .where('survey_id', '=', surveyId)
    .where('dimension', 'in', dimensions)
    .execute();
}

type TextRow = { id: string; survey_id: number; question_id: string; text: string };

/**
 * Stores an answer's free texts. SQLite keeps the table WITHOUT ROWID, ordered by the random ids.
 * PostgreSQL records the writing transaction (`xmin`) and the heap position (`ctid`) of every row,
 * which would pair a text with its "has answered" row: there every answer rewrites all the survey's
 * texts in a new random order and touches all its counters, so all carry the newest transaction and
 * no row's place or transaction tells whose it is. Answers to one survey queue on its row lock.
 */
export async function storeAnonymously(
  db: Db,
  surveyId: number,
  texts: TextRow[],
  shuffle: <T>(items: T[]) => T[],
) {
  if (dialectOf(db) === 'sqlite') {
    if (texts.length) await db.insertInto('survey_texts').values(shuffle(texts)).execute();
    return;
  }
  const existing = await db
    .selectFrom('survey_texts')
    .select(['id', 'survey_id', 'question_id', 'text'])
    .where('survey_id', '=', surveyId)
    .execute();
  const all = shuffle([...existing, ...texts]);
  if (existing.length) await db.deleteFrom('survey_texts').where('survey_id', '=', surveyId).execute();
  for (let start = 0; start < all.length; start += 500)
    await db
      .insertInto('survey_texts')
      .values(all.slice(start, start + 500))
      .execute();
  await db
    .updateTable('survey_counts')
    .set({ count: sql<number>`count` })
    .where('survey_id', '=', surveyId)
    .execute();
}

/** PostgreSQL: answers to one survey one after the other (their rewrite of the texts must not interleave). */
export async function lockSurvey(db: Db, surveyId: number) {
  if (dialectOf(db) === 'postgres')
    await sql`select id from surveys where id = ${surveyId} for update`.execute(db);
}

export function texts(db: Db, surveyId: number) {
  return db
    .selectFrom('survey_texts')
    .select(['question_id', 'text'])
    .where('survey_id', '=', surveyId)
    .execute();
}

export async function insertResponse(
  db: Db,
  values: { survey_id: number; user_id: number; answers: string; created_at: string },
) {
  await db.insertInto('survey_responses').values(values).execute();
}

/** Surveys closing before `until` that are open and have had no reminder yet. */
export function dueForReminder(db: Db, now: string, until: string) {
  return db
    .selectFrom('surveys')
    .selectAll()
    .where('reminder_sent_at', 'is', null)
    .where('closes_at', 'is not', null)
    .where('closes_at', '>', now)
    .where('closes_at', '<=', until)
    .where((eb) => eb.or([eb('opens_at', 'is', null), eb('opens_at', '<=', now)]))
    .execute();
}

/** Claims a survey's one reminder: only one node (and one tick) gets true. */
export async function claimReminder(db: Db, id: number, now: string) {
  const result = await db
    .updateTable('surveys')
    .set({ reminder_sent_at: now })
    .where('id', '=', id)
    .where('reminder_sent_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertReminderNotifications(db: Db, surveyId: number, userIds: number[], now: string) {
  // A retried event replaces its own notifications instead of doubling them.
  await db
    .deleteFrom('notifications')
    .where('type', '=', 'survey_reminder')
    .where('group_key', '=', `survey:${surveyId}`)
    .execute();
  for (let start = 0; start < userIds.length; start += 500) {
    await db
      .insertInto('notifications')
      .values(
        userIds.slice(start, start + 500).map((userId) => ({
          user_id: userId,
          type: 'survey_reminder',
          actor_id: null,
          actor_count: 1,
          content_id: null,
          comment_id: null,
          space_id: null,
          group_key: `survey:${surveyId}`,
          read_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}

export async function userGroups(db: Db, userId: number) {
  return db
    .selectFrom('users')
    .select(['department', 'location'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}
