import type { Kysely } from 'kysely';

/**
 * Outbox handlers that send something stay idempotent when an event is run again after a crash
 * (the handler did its work, the node died before the outbox remembered it): a notification
 * carries the event that caused it, unique per (event, recipient, type); other effects (a mail)
 * are remembered per (event, handler, recipient) in `outbox_effects`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('event_id', 'integer').execute();
  await db.schema
    .createIndex('notifications_event_once')
    .on('notifications')
    .columns(['event_id', 'user_id', 'type'])
    .unique()
    .execute();
  await db.schema
    .createTable('outbox_effects')
    .addColumn('event_id', 'integer', (column) => column.notNull())
    .addColumn('handler', 'text', (column) => column.notNull())
    .addColumn('recipient', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('outbox_effects_pk', ['event_id', 'handler', 'recipient'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox_effects').execute();
  await db.schema.dropIndex('notifications_event_once').execute();
  await db.schema.alterTable('notifications').dropColumn('event_id').execute();
}
