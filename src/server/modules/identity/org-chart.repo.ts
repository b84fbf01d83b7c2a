import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export function activePeople(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'title', 'department', 'avatar_key', 'manager_id'])
    .where('status', '=', 'active')
    .orderBy('name')
    .orderBy('id')
    .execute();
}
