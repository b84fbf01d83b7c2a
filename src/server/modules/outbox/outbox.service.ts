import type { z } from 'zod';
import type { OutboxEvent, outboxQuery } from '../../../shared/api/webhooks.js';
import type { AppContext } from '../../context.js';
import type { OutboxRow } from '../../db/schema.js';
import { encodeCursor, readCursor } from '../../http/cursor.js';
import { fail } from '../../http/errors.js';
import * as repo from './outbox.repo.js';

/* What administrators (web and `kantine outbox`) see of the outbox: failed events, and retrying them. */

export const toOutboxEvent = (row: OutboxRow): OutboxEvent => ({
  id: row.id,
  type: row.type,
  state: row.state,
  attempts: row.attempts,
  doneHandlers: JSON.parse(row.done_handlers),
  lastError: row.last_error,
  createdAt: row.created_at,
  availableAt: row.available_at,
  finishedAt: row.finished_at,
});

export async function listOutbox(ctx: Pick<AppContext, 'database'>, query: z.infer<typeof outboxQuery>) {
  const before = readCursor(query.cursor, ['number']);
  const rows = await repo.listEvents(ctx.database.db, query.state, before?.[0], query.limit);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toOutboxEvent),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** A failed (dead-letter) event goes back into the queue; handlers that already succeeded are not run again. */
export async function retryOutboxEvent(ctx: Pick<AppContext, 'database'>, id: number): Promise<OutboxEvent> {
  const { db } = ctx.database;
  const row = await repo.findEvent(db, id);
  if (!row) throw fail.notFound('This event does not exist.');
  if (!(await repo.retry(db, id, new Date().toISOString())))
    throw fail.conflict('outbox_not_failed', 'Only failed events can be retried.');
  const updated = await repo.findEvent(db, id);
  if (!updated) throw fail.notFound('This event does not exist.');
  return toOutboxEvent(updated);
}
