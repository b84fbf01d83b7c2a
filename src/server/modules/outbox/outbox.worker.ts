import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { OutboxRow } from '../../db/schema.js';
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

export function retryDelayMs(failedAttempts: number, scale: number): number {
  const seconds = RETRY_SECONDS[Math.min(failedAttempts, RETRY_SECONDS.length) - 1] ?? 5;
  return Math.round(seconds * 1000 * scale);
}

/**
 * Runs the handlers of outbox events on this node. Every node runs one; claims are conditional
 * updates with a lease, so each event is handled by one worker at a time, and each handler succeeds
 * at most once per event (retries run only the handlers that have not succeeded yet).
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
    this.ctx.database.onEventsCommitted((ids) => this.committed(ids));
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
  private async committed(ids: number[]) {
    if (this.options.paused || this.stopped) return;
    const work = this.track(this.handleIds(ids));
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

  private async handleOne(id: number) {
    const { db } = this.ctx.database;
    const now = new Date();
    const row = await repo.claim(
      db,
      id,
      this.id,
      now.toISOString(),
      new Date(now.getTime() + LEASE_MS).toISOString(),
    );
    if (!row) return;
    const event = JSON.parse(row.payload) as DomainEvent;
    const done: string[] = JSON.parse(row.done_handlers);
    const errors: string[] = [];
    const meta = { id: row.id, occurredAt: row.created_at, attempt: row.attempts };
    for (const handler of this.handlers) {
      if (done.includes(handler.name)) continue;
      if (handler.types && !handler.types.includes(event.type)) continue;
      try {
        await handler.handle(this.ctx, event, meta);
        done.push(handler.name);
        await repo.markHandlersDone(db, id, this.id, done);
      } catch (error) {
        errors.push(`${handler.name}: ${error instanceof Error ? error.message : String(error)}`);
        // A receiver answering 500 is routine: one line, no stack; the dead letter logs as an error.
        this.ctx.log.warn(
          { event: event.type, eventId: id, handler: handler.name, reason: errors.at(-1) },
          'event handler failed; retrying later',
        );
      }
    }
    await this.settle(row, errors);
  }

  private async settle(row: OutboxRow, errors: string[]) {
    const { db } = this.ctx.database;
    const now = new Date();
    if (errors.length === 0) {
      await repo.finish(db, row.id, this.id, {
        state: 'done',
        lastError: null,
        now: now.toISOString(),
        payload: BLANK_WHEN_DONE.has(row.type) ? JSON.stringify({ type: row.type }) : undefined,
      });
      return;
    }
    const lastError = errors.join('; ').slice(0, 2000);
    if (row.attempts >= this.options.maxAttempts) {
      this.ctx.log.error(
        { eventId: row.id, event: row.type, lastError },
        'event failed for good (dead letter)',
      );
      await repo.finish(db, row.id, this.id, { state: 'failed', lastError, now: now.toISOString() });
      return;
    }
    const delay = retryDelayMs(row.attempts, this.options.retryScale);
    await repo.finish(db, row.id, this.id, {
      state: 'pending',
      lastError,
      now: now.toISOString(),
      availableAt: new Date(now.getTime() + delay).toISOString(),
    });
    // Short delays (tests scale them down) are not left to the next poll.
    if (delay < this.options.pollMs) setTimeout(() => this.wake(), delay + 5).unref();
  }
}
