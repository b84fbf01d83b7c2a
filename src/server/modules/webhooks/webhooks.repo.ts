import type { Kysely } from 'kysely';
import type { DB, WebhooksTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertWebhook(
  db: Db,
  values: {
    url: string;
    events: string[];
    description: string;
    secret: string;
    ownerId: number;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('webhooks')
    .values({
      url: values.url,
      events: JSON.stringify(values.events),
      description: values.description,
      secret: values.secret,
      owner_id: values.ownerId,
      active: 1,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findWebhook(db: Db, id: number) {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listWebhooks(db: Db) {
  return db.selectFrom('webhooks').selectAll().orderBy('id').limit(500).execute();
}

export function activeWebhooks(db: Db) {
  return db.selectFrom('webhooks').selectAll().where('active', '=', 1).execute();
}

export async function updateWebhook(
  db: Db,
  id: number,
  changes: Partial<Pick<WebhooksTable, 'url' | 'events' | 'description' | 'active' | 'updated_at'>>,
) {
  await db.updateTable('webhooks').set(changes).where('id', '=', id).execute();
}

export function listWebhookSecrets(db: Db) {
  return db.selectFrom('webhooks').select(['id', 'secret']).execute();
}

/** Replaces a stored secret only if it is still the one read (any node may run this at start). */
export async function replaceWebhookSecret(db: Db, id: number, current: string, next: string) {
  const result = await db
    .updateTable('webhooks')
    .set({ secret: next })
    .where('id', '=', id)
    .where('secret', '=', current)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteWebhook(db: Db, id: number) {
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

export async function insertDelivery(
  db: Db,
  values: {
    webhookId: number;
    eventId: number;
    eventType: string;
    attempt: number;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    now: string;
  },
) {
  await db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: values.webhookId,
      event_id: values.eventId,
      event_type: values.eventType,
      attempt: values.attempt,
      status_code: values.statusCode,
      error: values.error,
      duration_ms: values.durationMs,
      created_at: values.now,
    })
    .execute();
}

export function deliveries(db: Db, webhookId: number, beforeId: number | undefined, limit: number) {
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return query.execute();
}

/** The newest delivery of each of `webhookIds`. */
export function lastDeliveries(db: Db, webhookIds: number[]) {
  if (webhookIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select((e) => e.fn.max('id').as('id'))
        .where('webhook_id', 'in', webhookIds)
        .groupBy('webhook_id'),
    )
    .execute();
}
