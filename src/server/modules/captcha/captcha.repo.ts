import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** A secret the server made for itself once; concurrent first calls on several nodes agree on one. */
export async function instanceSecret(db: Db, name: string, fresh: string, now: string): Promise<string> {
  await db
    .insertInto('instance_secrets')
    .values({ name, value: fresh, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('instance_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

export async function findInstanceSecret(db: Db, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('instance_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.value;
}

/** Marks a captcha token used; false when it already was. Forgets tokens that have expired anyway. */
export async function markCaptchaUsed(db: Db, id: string, expiresAt: string, now: string): Promise<boolean> {
  await db.deleteFrom('used_captchas').where('expires_at', '<', now).execute();
  const inserted = await db
    .insertInto('used_captchas')
    .values({ id, expires_at: expiresAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}
