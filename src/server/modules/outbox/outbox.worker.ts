import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { CommittedEvent } from '../../db/database.js';
import { writeBatcher } from '../../db/write-batch.js';
import type { DomainEvent, EventHandler } from '../../events/events.js';
import * as repo from './outbox.repo.js';

/** How long stopping waits for handlers in flight before leaving them to the lease. */
const STOP_GRACE_MS = 3000;

export interface NamedHandler {
  /** Stable name: the outbox remembers per event which handlers already succeeded. */
  name: string;
  handle: EventHandler;
  /** The event types it handles (all when absent): others cost it no run and no write. */
  types?: readonly DomainEvent['type'][];
}

/** Retry delays after the 1st, 2nd, … failed attempt: the first retry within 10 s, four attempts within 90 s, then up to a day. */
const RETRY_SECONDS = [5, 15, 45, 120, 600, 1800, 3600, 10_800, 21_600, 43_200, 86_400];
const LEASE_MS = 60_000;
const BATCH = 50;
/** Events whose payload is blanked once handled (a mail may carry a reset link). */
const BLANK_WHEN_DONE = new Set(['mail.requested']);

/**
 * Events whose handlers all succeeded are marked done together with the others handled in the same
 * turn of the event loop: under load one commit for many events (db/write-batch.ts).
 */
const markDone = writeBatcher<Parameters<typeof repo.finishDone>[1][number]>((trx, events) =>
  repo.finishDone(trx, events),
);

/** One claimed event as the worker handles it. */
interface Job {
  id: number;
  event: DomainEvent;
  createdAt: string;
  /** This attempt's number (1 for the first). */
  attempts: number;
  /** Handlers that succeeded in earlier attempts. */
  done: string[];
}

export function retryDelayMs(failedAttempts: number, scale: number): number {
  const seconds = RETRY_SECONDS[Math.min(failedAttempts, RETRY_SECONDS.length) - 1] ?? 5;
  return Math.round(seconds * 1000 * scale);
}

/**
 * Runs the handlers of outbox events on this node. Every node runs one; claims are conditional
 * updates with a lease (events this node commits are written already claimed by it), so each event
 * is handled by one worker at a time. The handlers that succeeded are written once, with the
 * event's outcome: a retry runs only the handlers that failed, while an event whose worker died
 * runs all of them again after the lease — every handler's effect is idempotent per event
 * (notifications per event and person, mails per event and recipient, deliveries by dedupe key).
 */
export class OutboxWorker {
  readonly id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly handlers: NamedHandler[],
  ) {}

  private get options() {
    return this.ctx.config.outbox;
  }

  start() {
    this.ctx.database.onEventsCommitted({
      lease: (now) =>
        this.options.paused || this.stopped
          ? undefined
          : { worker: this.id, until: new Date(now.getTime() + LEASE_MS).toISOString() },
      committed: (events) => this.committed(events),
    });
    if (this.options.paused) return;
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop() {
    this.stopped = true;
    this.ctx.database.onEventsCommitted(undefined);
    if (this.timer) clearInterval(this.timer);
    // A handler stuck on a hung peer (an SMTP server that never answers) must not hold the shutdown:
    // its event stays claimed and is taken up again when the lease runs out.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([this.draining, ...this.inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * A transaction of this node committed events: handle them now (claimed like any worker would),
   * and let the request wait for that only up to the configured cap, so a must-read for the whole
   * company never holds the publishing request for long.
   */
  private async committed(events: CommittedEvent[]) {
    if (this.options.paused || this.stopped) return this.release(events);
    const work = this.track(this.handleCommitted(events));
    if (this.options.awaitMs === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      work,
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, this.options.awaitMs);
      }),
    ]);
    clearTimeout(timeout);
  }

  private track(work: Promise<void>) {
    const tracked = work.catch((error) => this.ctx.log.error({ err: error }, 'outbox handling failed'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }

  /** Looks for due events soon; several wakes while draining coalesce into one more pass. */
  wake() {
    if (this.options.paused || this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain() {
    try {
      for (;;) {
        const ids = await repo.dueIds(this.ctx.database.db, new Date().toISOString(), BATCH);
        if (ids.length === 0 || this.stopped) return;
        await this.handleIds(ids);
        if (ids.length < BATCH) return;
      }
    } catch (error) {
      this.ctx.log.error({ err: error }, 'outbox poll failed');
    }
  }

  async handleIds(ids: number[]) {
    for (const id of ids) {
      if (this.stopped) return;
      await this.handleOne(id);
    }
  }

  /** Events committed on this node: those written under our lease need no claim. */
  private async handleCommitted(events: CommittedEvent[]) {
    for (const [index, committed] of events.entries()) {
      if (this.stopped) return this.release(events.slice(index));
      if (!committed.leased) await this.handleOne(committed.id);
      else
        await this.run({
          id: committed.id,
          event: committed.event,
          createdAt: committed.createdAt,
          attempts: 1,
          done: [],
        });
    }
  }

  /** Leased events this worker will not handle go back to the queue at once (not after the lease). */
  private async release(events: CommittedEvent[]) {
    const ids = events.filter((committed) => committed.leased).map((committed) => committed.id);
    try {
      await repo.release(this.ctx.database.db, ids, this.id);
    } catch (error) {
      // The lease runs out by itself: the events are late, not lost.
      this.ctx.log.warn({ err: error }, 'could not release outbox events');
    }
  }

  private async handleOne(id: number) {
    const now = new Date();
    const row = await repo.claim(
      this.ctx.database.db,
      id,
      this.id,
      now.toISOString(),
      new Date(now.getTime() + LEASE_MS).toISOString(),
    );
    if (!row) return;
    await this.run({
      id: row.id,
      event: JSON.parse(row.payload) as DomainEvent,
      createdAt: row.created_at,
      attempts: row.attempts,
      done: JSON.parse(row.done_handlers),
    });
  }

  /** Runs the handlers an event still needs, then writes its outcome and the handlers done in one statement. */
  private async run(job: Job) {
    const { id, event } = job;
    const done = [...job.done];
    const errors: string[] = [];
    const meta = { id, occurredAt: job.createdAt, attempt: job.attempts };
    for (const handler of this.handlers) {
      if (done.includes(handler.name)) continue;
      if (handler.types && !handler.types.includes(event.type)) continue;
      try {
        await handler.handle(this.ctx, event, meta);
        done.push(handler.name);
      } catch (error) {
        errors.push(`${handler.name}: ${error instanceof Error ? error.message : String(error)}`);
        // A receiver answering 500 is routine: one line, no stack; the dead letter logs as an error.
        this.ctx.log.warn(
          { event: event.type, eventId: id, handler: handler.name, reason: errors.at(-1) },
          'event handler failed; retrying later',
        );
      }
    }
    await this.settle(job, done, errors);
  }

  private async settle(job: Job, doneHandlers: string[], errors: string[]) {
    const { db } = this.ctx.database;
    const now = new Date();
    const type = job.event.type;
    if (errors.length === 0 && !BLANK_WHEN_DONE.has(type)) {
      await markDone(this.ctx.database, {
        id: job.id,
        worker: this.id,
        doneHandlers,
        now: now.toISOString(),
      });
      return;
    }
    if (errors.length === 0) {
      await repo.finish(db, job.id, this.id, {
        state: 'done',
        doneHandlers,
        lastError: null,
        now: now.toISOString(),
        payload: JSON.stringify({ type }),
      });
      return;
    }
    const lastError = errors.join('; ').slice(0, 2000);
    if (job.attempts >= this.options.maxAttempts) {
      this.ctx.log.error({ eventId: job.id, event: type, lastError }, 'event failed for good (dead letter)');
      await repo.finish(db, job.id, this.id, {
        state: 'failed',
        doneHandlers,
        lastError,
        now: now.toISOString(),
      });
      return;
    }
    const delay = retryDelayMs(job.attempts, this.options.retryScale);
    await repo.finish(db, job.id, this.id, {
      state: 'pending',
      doneHandlers,
      lastError,
      now: now.toISOString(),
      availableAt: new Date(now.getTime() + delay).toISOString(),
    });
    // Short delays (tests scale them down) are not left to the next poll.
    if (delay < this.options.pollMs) setTimeout(() => this.wake(), delay + 5).unref();
  }
}
