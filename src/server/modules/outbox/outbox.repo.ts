import { type Kysely, sql } from 'kysely';
import { type Placeholders, prepared } from '../../db/prepared.js';
import type { DB, OutboxState } from '../../db/schema.js';
import type { DomainEvent } from '../../events/events.js';

type Db = Kysely<DB>;

// Every change writes one: built once (db/prepared.ts).
const insertEventQuery = prepared(
  (
    db,
    p: Placeholders<{
      type: string;
      payload: string;
      dedupeKey: string | null;
      now: string;
      lockedUntil: string | null;
      lockedBy: string | null;
      attempts: number;
    }>,
  ) =>
    db
      .insertInto('outbox')
      .values({
        type: p.value('type'),
        payload: p.value('payload'),
        dedupe_key: p.value('dedupeKey'),
        available_at: p.value('now'),
        locked_until: p.value('lockedUntil'),
        locked_by: p.value('lockedBy'),
        attempts: p.value('attempts'),
        last_error: null,
        created_at: p.value('now'),
        finished_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id'),
);

/**
 * Writes events in the caller's transaction; returns the written ones with their ids, in order (an
 * event whose dedupe key exists already is not written). With `lease` they are written claimed by
 * that worker (its first attempt), as `claim` would leave them.
 */
export async function insertEvents(
  db: Db,
  events: Array<{ event: DomainEvent; dedupeKey?: string }>,
  now: string,
  lease?: { worker: string; until: string },
): Promise<Array<{ id: number; event: DomainEvent }>> {
  const written: Array<{ id: number; event: DomainEvent }> = [];
  for (const { event, dedupeKey } of events) {
    const [row] = await insertEventQuery(db, {
      type: event.type,
      payload: JSON.stringify(event),
      dedupeKey: dedupeKey ?? null,
      now,
      lockedUntil: lease?.until ?? null,
      lockedBy: lease?.worker ?? null,
      attempts: lease ? 1 : 0,
    });
    if (row) written.push({ id: row.id, event });
  }
  return written;
}

/** Ids of pending events that are due and not leased by a live worker, oldest first. */
export async function dueIds(db: Db, now: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('outbox')
    // A literal, so SQLite can use the partial index.
    .where(sql<boolean>`state = 'pending'`)
    .where('available_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .select('id')
    .orderBy('available_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Claims one event with a lease and returns it: one conditional statement, so of several workers
 * (on this node or others, on one database) exactly one wins; a crashed worker's lease runs out and
 * another takes over.
 */
export async function claim(db: Db, id: number, worker: string, now: string, leaseUntil: string) {
  return db
    .updateTable('outbox')
    .set((eb) => ({ locked_by: worker, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('available_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

/** Gives up this worker's lease on events it will not handle (it is stopping): others take them now. */
export async function release(db: Db, ids: number[], worker: string) {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({ locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1) }))
    .where('id', 'in', ids)
    .where('state', '=', 'pending')
    .where('locked_by', '=', worker)
    .execute();
}

export async function finish(
  db: Db,
  id: number,
  worker: string,
  changes: {
    state: OutboxState;
    /** The handlers that succeeded so far (a retry runs only the others). */
    doneHandlers: string[];
    availableAt?: string;
    lastError: string | null;
    now: string;
    payload?: string;
  },
) {
  await db
    .updateTable('outbox')
    .set({
      state: changes.state,
      done_handlers: JSON.stringify(changes.doneHandlers),
      locked_by: null,
      locked_until: null,
      last_error: changes.lastError,
      ...(changes.availableAt ? { available_at: changes.availableAt } : {}),
      ...(changes.state === 'pending' ? {} : { finished_at: changes.now }),
      ...(changes.payload ? { payload: changes.payload } : {}),
    })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

/** Marks events done whose handlers all succeeded: one statement for those with the same handlers. */
export async function finishDone(
  db: Db,
  events: Array<{ id: number; worker: string; doneHandlers: string[]; now: string }>,
) {
  const groups = new Map<string, { worker: string; doneHandlers: string; now: string; ids: number[] }>();
  for (const event of events) {
    const doneHandlers = JSON.stringify(event.doneHandlers);
    const key = `${event.worker}\n${doneHandlers}`;
    const group = groups.get(key) ?? { worker: event.worker, doneHandlers, now: event.now, ids: [] };
    group.ids.push(event.id);
    group.now = event.now;
    groups.set(key, group);
  }
  for (const group of groups.values())
    await db
      .updateTable('outbox')
      .set({
        state: 'done',
        done_handlers: group.doneHandlers,
        locked_by: null,
        locked_until: null,
        last_error: null,
        finished_at: group.now,
      })
      .where('id', 'in', group.ids)
      .where('locked_by', '=', group.worker)
      .execute();
}

/** Puts a failed event back in the queue with fresh attempts; its finished handlers stay finished. */
export async function retry(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      state: 'pending',
      attempts: 0,
      available_at: now,
      locked_by: null,
      locked_until: null,
      finished_at: null,
    })
    .where('id', '=', id)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listEvents(
  db: Db,
  state: OutboxState | undefined,
  beforeId: number | undefined,
  limit: number,
) {
  let query = db
    .selectFrom('outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (state) query = query.where('state', '=', state);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return query.execute();
}

export async function findEvent(db: Db, id: number) {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countPending(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether a handler already had this effect for this event (a mail to this address sent). */
export async function hasEffect(db: Db, eventId: number, handler: string, recipient: string) {
  const row = await db
    .selectFrom('outbox_effects')
    .select('event_id')
    .where('event_id', '=', eventId)
    .where('handler', '=', handler)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
  return row !== undefined;
}

/** Remembers an effect that happened, so the event run again after a crash does not repeat it. */
export async function recordEffect(db: Db, eventId: number, handler: string, recipient: string, now: string) {
  await db
    .insertInto('outbox_effects')
    .values({ event_id: eventId, handler, recipient, created_at: now })
    .onConflict((oc) => oc.columns(['event_id', 'handler', 'recipient']).doNothing())
    .execute();
}
