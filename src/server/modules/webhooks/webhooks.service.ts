import type { z } from 'zod';
import type {
  CreatedWebhook,
  createWebhookBody,
  cursorQuery,
  updateWebhookBody,
  Webhook,
  WebhookDelivery,
} from '../../../shared/api/webhooks.js';
import type { AppContext } from '../../context.js';
import type { WebhookRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import { checkOutboundUrl, OutboundRefused } from '../../lib/outbound.js';
import { isSealed, sealText } from '../../lib/secret-box.js';
import { newSecret } from '../../lib/secrets.js';
import * as repo from './webhooks.repo.js';

/* Outgoing webhooks: administrators register receivers; deliveries go through the outbox. */

type DeliveryRow = Awaited<ReturnType<typeof repo.deliveries>>[number];

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.event_type,
  attempt: row.attempt,
  statusCode: row.status_code,
  error: row.error,
  durationMs: row.duration_ms,
  createdAt: row.created_at,
});

const toWebhook = (row: WebhookRow, last: DeliveryRow | undefined): Webhook => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events),
  description: row.description,
  active: row.active === 1,
  createdAt: row.created_at,
  lastDelivery: last ? toDelivery(last) : null,
});

const mustBeAdmin = (viewer: Viewer) => {
  if (viewer.role !== 'admin') throw fail.forbidden('Only administrators may manage webhooks.');
};

function checkedUrl(ctx: AppContext, url: string): string {
  try {
    return checkOutboundUrl(url, ctx.config.outboundAllowPrivate).toString();
  } catch (error) {
    if (error instanceof OutboundRefused)
      throw fail.badRequest('invalid_webhook_url', `This address cannot receive webhooks: ${error.message}.`);
    throw error;
  }
}

const uniqueEvents = (events: string[]) => (events.includes('*') ? ['*'] : [...new Set(events)].sort());

export async function listWebhooks(ctx: AppContext, viewer: Viewer): Promise<Webhook[]> {
  mustBeAdmin(viewer);
  const { db } = ctx.database;
  const rows = await repo.listWebhooks(db);
  const last = await repo.lastDeliveries(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) =>
    toWebhook(
      row,
      last.find((d) => d.webhook_id === row.id),
    ),
  );
}

export async function createWebhook(
  ctx: AppContext,
  viewer: Viewer,
  input: z.infer<typeof createWebhookBody>,
): Promise<CreatedWebhook> {
  mustBeAdmin(viewer);
  const url = checkedUrl(ctx, input.url);
  const secret = `whsec_${newSecret(32)}`;
  const id = await ctx.database.transaction((trx) =>
    repo.insertWebhook(trx, {
      url,
      events: uniqueEvents(input.events),
      description: input.description ?? '',
      // Sealed: the signing secret is read again for every delivery, so it cannot be hashed.
      secret: sealText(ctx, secret),
      ownerId: viewer.id,
      now: isoNow(ctx.clock),
    }),
  );
  const row = await repo.findWebhook(ctx.database.db, id);
  if (!row) throw fail.notFound();
  return { ...toWebhook(row, undefined), secret };
}

async function loadWebhook(ctx: AppContext, viewer: Viewer, id: number) {
  mustBeAdmin(viewer);
  const row = await repo.findWebhook(ctx.database.db, id);
  if (!row) throw fail.notFound('This webhook does not exist.');
  return row;
}

export async function updateWebhook(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  input: z.infer<typeof updateWebhookBody>,
): Promise<Webhook> {
  await loadWebhook(ctx, viewer, id);
  const url = input.url === undefined ? undefined : checkedUrl(ctx, input.url);
  await ctx.database.transaction((trx) =>
    repo.updateWebhook(trx, id, {
      ...(url === undefined ? {} : { url }),
      ...(input.events === undefined ? {} : { events: JSON.stringify(uniqueEvents(input.events)) }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.active === undefined ? {} : { active: Number(input.active) }),
      updated_at: isoNow(ctx.clock),
    }),
  );
  const row = await repo.findWebhook(ctx.database.db, id);
  if (!row) throw fail.notFound();
  const [last] = await repo.lastDeliveries(ctx.database.db, [id]);
  return toWebhook(row, last);
}

export async function deleteWebhook(ctx: AppContext, viewer: Viewer, id: number) {
  await loadWebhook(ctx, viewer, id);
  await ctx.database.transaction((trx) => repo.deleteWebhook(trx, id));
}

export async function listDeliveries(
  ctx: AppContext,
  viewer: Viewer,
  id: number,
  query: z.infer<typeof cursorQuery>,
) {
  await loadWebhook(ctx, viewer, id);
  const before = readCursor(query.cursor, ['number']);
  const rows = await repo.deliveries(ctx.database.db, id, before?.[0], query.limit);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toDelivery),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/**
 * Seals the signing secrets an earlier version stored in plain text; runs at every start (a no-op
 * once done), conditional on the old value.
 */
export async function sealPlainWebhookSecrets(ctx: AppContext): Promise<number> {
  let sealed = 0;
  for (const hook of await repo.listWebhookSecrets(ctx.database.db)) {
    if (isSealed(hook.secret)) continue;
    if (await repo.replaceWebhookSecret(ctx.database.db, hook.id, hook.secret, sealText(ctx, hook.secret)))
      sealed++;
  }
  return sealed;
}
