import type { Kysely } from 'kysely';
import type { DB, OrganisationTable } from '../../db/schema.js';

type Db = Kysely<DB>;

/** There is exactly one organisation per installation; its row has id 1. */
export const ORGANISATION_ID = 1;

export function findOrganisation(db: Db) {
  return db.selectFrom('organisation').selectAll().where('id', '=', ORGANISATION_ID).executeTakeFirst();
}

/** Inserts the organisation row; fails on the primary key if setup already happened (also under a race). */
export async function insertOrganisation(
  db: Db,
  values: Omit<OrganisationTable, 'id' | 'space_creation' | 'public_url' | 'survey_min_group_size'> & {
    public_url?: string | null;
  },
) {
  await db
    .insertInto('organisation')
    .values({ id: ORGANISATION_ID, space_creation: 'everyone', survey_min_group_size: 5, ...values })
    .execute();
}

export async function updateOrganisation(db: Db, changes: Partial<Omit<OrganisationTable, 'id'>>) {
  await db.updateTable('organisation').set(changes).where('id', '=', ORGANISATION_ID).execute();
}
