import { type Kysely, sql } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * Surveys. Anonymous answers are kept apart from the person: `survey_participants` says only
 * *whether* someone answered; choices, scales and matrix cells are counters without times
 * (`survey_counts`), free texts rows with random ids and no time or order column (`survey_texts`).
 * On SQLite these tables are WITHOUT ROWID, so not even the hidden rowid keeps the insertion order.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const id = autoIdColumn(dialect);
  const noRowid = dialect === 'sqlite' ? sql`without rowid` : sql``;

  await db.schema
    .alterTable('organisation')
    .addColumn('survey_min_group_size', 'integer', (col) => col.notNull().defaultTo(5))
    .execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'integer', id)
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('anonymous', 'integer', (col) => col.notNull())
    // JSON: {all: true} | {spaceIds} | {departments} | {locations}
    .addColumn('audience', 'text', (col) => col.notNull())
    // JSON: the questions with their ids
    .addColumn('questions', 'text', (col) => col.notNull())
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('reminder_sent_at', 'text')
    .execute();

  await db.schema
    .createTable('survey_participants')
    .addColumn('survey_id', 'integer', (col) => col.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('survey_participants_pk', ['survey_id', 'user_id'])
    .modifyEnd(noRowid)
    .execute();

  await db.schema
    .createTable('survey_counts')
    .addColumn('survey_id', 'integer', (col) => col.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (col) => col.notNull())
    .addColumn('dimension', 'text', (col) => col.notNull())
    .addColumn('group_key', 'text', (col) => col.notNull())
    .addColumn('answer_key', 'text', (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('survey_counts_pk', [
      'survey_id',
      'question_id',
      'dimension',
      'group_key',
      'answer_key',
    ])
    .modifyEnd(noRowid)
    .execute();

  await db.schema
    .createTable('survey_texts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('survey_id', 'integer', (col) => col.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .modifyEnd(noRowid)
    .execute();
  await db.schema.createIndex('survey_texts_survey_idx').on('survey_texts').column('survey_id').execute();

  // Only for surveys that are not anonymous: who answered what.
  await db.schema
    .createTable('survey_responses')
    .addColumn('survey_id', 'integer', (col) => col.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('survey_responses_pk', ['survey_id', 'user_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['survey_responses', 'survey_texts', 'survey_counts', 'survey_participants', 'surveys'])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('organisation').dropColumn('survey_min_group_size').execute();
}
