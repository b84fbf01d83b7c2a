import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/db/schema.js';
import type { Viewer } from '../../src/server/http/viewer.js';

/** People of a seeded database as the services see a logged-in viewer. */
export function asViewers(users: Array<Pick<Viewer, 'id' | 'role' | 'name' | 'handle'>>): Viewer[] {
  return users.map((user) => ({ ...user, locale: null, via: 'session', scope: 'write' }));
}

/**
 * What the in-process harnesses (hot-paths.ts, item-cache.ts) call the services with: the first
 * 200 people, everyone's space memberships, and the 200 newest published items of public spaces.
 */
export async function harnessFixtures(db: Kysely<DB>) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'handle'])
    .orderBy('id')
    .limit(200)
    .execute();
  const memberships = await db
    .selectFrom('space_members')
    .select(['user_id', 'space_id'])
    .where('status', '=', 'member')
    .execute();
  const recent = (
    await db
      .selectFrom('content')
      .select('id')
      .where('state', '=', 'published')
      .where('space_id', 'in', db.selectFrom('spaces').select('id').where('visibility', '=', 'public'))
      .orderBy('id', 'desc')
      .limit(200)
      .execute()
  ).map((row) => row.id);
  return { viewers: asViewers(users), memberships, recent };
}
