import { type Kysely, sql } from 'kysely';

/**
 * A grouped notification (reactions to one item, an idea's status change) exists once per person
 * and group: two reactions handled at the same moment on PostgreSQL (or on two nodes) had each
 * found none and each inserted one. The unique index lets the write be one upsert; rows without a
 * group (null) never conflict. Doubles written before are merged into the newest.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from notifications where group_key is not null and id not in (select max(id) from notifications where group_key is not null group by user_id, group_key)`.execute(
    db,
  );
  await db.schema.dropIndex('notifications_group_idx').execute();
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
