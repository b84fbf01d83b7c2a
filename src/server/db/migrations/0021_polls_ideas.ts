import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/*
 * Polls (a post with options; kind `poll`) and the ideas board (kind `idea`).
 *
 * Anonymous polls keep no vote rows at all: `poll_voters` says only *whether* a person voted (no
 * option, no time), and `poll_options.votes` is a bare counter (no times, no rows per vote), so
 * neither timestamps nor row order link a person to an option. Polls that are not anonymous keep
 * one `poll_votes` row per chosen option so a vote can be changed or withdrawn.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const id = autoIdColumn(dialectOf(db));
  const contentRef = (col: ColumnDefinitionBuilder) =>
    col.notNull().references('content.id').onDelete('cascade');
  const userRef = (col: ColumnDefinitionBuilder) => col.notNull().references('users.id').onDelete('cascade');

  await db.schema
    .createTable('polls')
    .addColumn('content_id', 'integer', (col) =>
      col.primaryKey().references('content.id').onDelete('cascade'),
    )
    .addColumn('multiple', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('anonymous', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('closes_at', 'text')
    .addColumn('results_visibility', 'text', (col) => col.notNull().defaultTo('always'))
    .execute();
  await db.schema
    .createTable('poll_options')
    .addColumn('id', 'integer', id)
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    // Anonymous polls only: the number of votes, with nothing about who or when.
    .addColumn('votes', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('poll_options_content_idx')
    .on('poll_options')
    .columns(['content_id'])
    .execute();
  await db.schema
    .createTable('poll_voters')
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('user_id', 'integer', userRef)
    .addPrimaryKeyConstraint('poll_voters_pk', ['content_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('poll_votes')
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('option_id', 'integer', (col) =>
      col.notNull().references('poll_options.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', userRef)
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('poll_votes_pk', ['content_id', 'user_id', 'option_id'])
    .execute();
  await db.schema.createIndex('poll_votes_option_idx').on('poll_votes').columns(['option_id']).execute();

  await db.schema
    .createTable('ideas')
    .addColumn('content_id', 'integer', (col) =>
      col.primaryKey().references('content.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('problem', 'text', (col) => col.notNull())
    .addColumn('proposal', 'text', (col) => col.notNull())
    .addColumn('picture_file_id', 'text', (col) => col.references('files.id').onDelete('set null'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('new'))
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'text')
    .addColumn('merged_into', 'integer', (col) => col.references('content.id').onDelete('set null'))
    .addColumn('vote_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('ideas_status_idx').on('ideas').columns(['status']).execute();
  await db.schema
    .createTable('idea_votes')
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('user_id', 'integer', userRef)
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('idea_votes_pk', ['content_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('idea_followers')
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('user_id', 'integer', userRef)
    .addPrimaryKeyConstraint('idea_followers_pk', ['content_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('idea_status_changes')
    .addColumn('id', 'integer', id)
    .addColumn('content_id', 'integer', contentRef)
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('idea_status_changes_content_idx')
    .on('idea_status_changes')
    .columns(['content_id'])
    .execute();
  // Reviewers of the company-wide board (besides administrators); space boards: the space's admins.
  await db.schema
    .createTable('idea_reviewers')
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'idea_reviewers',
    'idea_status_changes',
    'idea_followers',
    'idea_votes',
    'ideas',
    'poll_votes',
    'poll_voters',
    'poll_options',
    'polls',
  ])
    await db.schema.dropTable(table).execute();
}
