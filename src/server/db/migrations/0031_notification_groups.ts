import { type Kysely, sql } from 'kysely';

/**
 * A grouped notification (reactions to one item, an idea's status change) exists once per person
 * and group: two reactions handled at the same moment on PostgreSQL (or on two nodes) had each
 * found none and each inserted one. The unique index lets the write be one upsert; rows without a
 * group (null) never conflict. Of doubles written before, the most recently updated one stays.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // EXISTS, not NOT IN: it uses the (user_id, group_key) index on both databases.
  await sql`delete from notifications where group_key is not null and exists (select 1 from notifications newer where newer.user_id = notifications.user_id and newer.group_key = notifications.group_key and (newer.updated_at > notifications.updated_at or (newer.updated_at = notifications.updated_at and newer.id > notifications.id)))`.execute(
    db,
  );
  // SQLite migrations run without a transaction: a run cut short after this line can run again.
  await db.schema.dropIndex('notifications_group_idx').ifExists().execute();
  await db.schema
    .createIndex('notifications_group_once')
    .on('notifications')
    .columns(['user_id', 'group_key'])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_group_once').execute();
  await db.schema
    .createIndex('notifications_group_idx')
    .on('notifications')
    .columns(['user_id', 'group_key'])
    .execute();
}
