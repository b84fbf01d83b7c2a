import { type Kysely, sql } from 'kysely';
import { autoIdColumn, dialectOf } from '../dialect.js';

/**
 * The durable outbox (domain events written in the same transaction as the change, processed by
 * workers on every node), outgoing webhooks with their delivery log, and whether a file's text
 * made it into the search index.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', autoIdColumn(dialect))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    // Derived events (one webhook delivery per event and webhook) are written at most once.
    .addColumn('dedupe_key', 'text', (col) => col.unique())
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('done_handlers', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('available_at', 'text', (col) => col.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  // Workers look for due pending events; admins list failed ones newest first.
  await sql`create index outbox_due_idx on outbox (available_at, id) where state = 'pending'`.execute(db);
  await db.schema.createIndex('outbox_state_idx').on('outbox').columns(['state', 'id']).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'integer', autoIdColumn(dialect))
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('events', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('owner_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', autoIdColumn(dialect))
    .addColumn('webhook_id', 'integer', (col) => col.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_webhook_idx')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'id'])
    .execute();

  // null: not looked at yet; 'indexed'; 'too_large' (over a limit: stored, not searchable); 'unreadable'.
  await db.schema.alterTable('files').addColumn('text_state', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('files').dropColumn('text_state').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.dropTable('outbox').execute();
}
