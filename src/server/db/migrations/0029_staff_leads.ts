import type { Kysely } from 'kysely';

/**
 * The team-lead right for staff without e-mail: a person with it creates colleagues without
 * e-mail (reporting to them) and prints access codes for the people below them in the org chart.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('staff_lead', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('staff_lead').execute();
}
