import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/server/context.js';
import type { DomainEvent } from '../../src/server/events/events.js';
import { type NamedHandler, OutboxWorker } from '../../src/server/modules/outbox/outbox.worker.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

/*
 * How the outbox worker records which handlers of an event succeeded: once, with the event's
 * outcome (issue 13: a write per handler per event was most of an event's statements). A retry
 * runs only the handlers that failed; an event whose worker died runs all of them again, once its
 * lease ran out; events this node commits are written already claimed by its worker.
 */
describe('outbox handlers and their done marks', () => {
  let test: TestApp;
  let ctx: AppContext;
  const calls: Record<string, number[]> = {};
  let failFlakyTimes = 0;
  let worker: OutboxWorker | undefined;

  const record = (name: string) => async (_ctx: AppContext, _event: DomainEvent, meta: { id: number }) => {
    calls[name] = [...(calls[name] ?? []), meta.id];
  };
  const handlers: NamedHandler[] = [
    { name: 'first', handle: record('first') },
    {
      name: 'flaky',
      handle: async (handlerCtx, event, meta) => {
        await record('flaky')(handlerCtx, event, meta);
        if (failFlakyTimes > 0) {
          failFlakyTimes--;
          throw new Error('receiver unavailable');
        }
      },
    },
    { name: 'third', handle: record('third') },
  ];
  const callsOf = (id: number) =>
    Object.fromEntries(
      ['first', 'flaky', 'third'].map((name) => [name, (calls[name] ?? []).filter((x) => x === id).length]),
    );

  beforeAll(async () => {
    // The app's own worker stays paused; the test's worker runs the handlers above.
    test = await startTestApp({
      env: { KANTINE_OUTBOX_PAUSED: 'true', KANTINE_OUTBOX_POLL_MS: '100', KANTINE_SCHEDULER_SECONDS: '0' },
    });
    const app = test.app.kantine;
    ctx = {
      ...app,
      config: {
        ...app.config,
        outbox: { ...app.config.outbox, paused: false, retryScale: 0.01, maxAttempts: 3 },
      },
    };
  });
  afterAll(async () => {
    await worker?.stop();
    await test?.close();
  });

  const row = (id: number) =>
    ctx.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const emitOne = async (stopWorker = false) => {
    await ctx.database.transaction(async (_trx, afterCommit, emit) => {
      emit({ type: 'storage.orphaned', keys: [] });
      // Runs after the commit and before the worker is told of the event.
      if (stopWorker) afterCommit(() => worker?.stop(), { first: true });
    });
    const last = await ctx.database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    return Number(last.id);
  };
  const until = async (what: string, probe: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('writes a committed event claimed by this node and handles it with one write of its outcome', async () => {
    worker = new OutboxWorker(ctx, handlers);
    worker.start();
    const id = await emitOne();
    await until('the event is done', async () => (await row(id)).state === 'done');
    const done = await row(id);
    expect(done).toMatchObject({ attempts: 1, locked_by: null, last_error: null });
    expect(JSON.parse(done.done_handlers)).toEqual(['first', 'flaky', 'third']);
    expect(callsOf(id)).toEqual({ first: 1, flaky: 1, third: 1 });
  });

  it('runs only the failed handler again on retry, after the others succeeded', async () => {
    failFlakyTimes = 1;
    const id = await emitOne();
    await until('the event is done', async () => (await row(id)).state === 'done');
    expect(callsOf(id)).toEqual({ first: 1, flaky: 2, third: 1 });
    const done = await row(id);
    expect(done.attempts).toBe(2);
    expect(JSON.parse(done.done_handlers).sort()).toEqual(['first', 'flaky', 'third']);
  });

  it('keeps the handlers that succeeded in a dead letter, and a retry by hand runs only the failed one', async () => {
    failFlakyTimes = 3;
    const id = await emitOne();
    await until('the event failed for good', async () => (await row(id)).state === 'failed');
    const failed = await row(id);
    expect(failed.attempts).toBe(3);
    expect(JSON.parse(failed.done_handlers)).toEqual(['first', 'third']);
    expect(failed.last_error).toContain('flaky: receiver unavailable');
    expect(callsOf(id)).toEqual({ first: 1, flaky: 3, third: 1 });
    await ctx.database.db
      .updateTable('outbox')
      .set({ state: 'pending', attempts: 0, available_at: new Date(0).toISOString() })
      .where('id', '=', id)
      .execute();
    worker?.wake();
    await until('the retried event is done', async () => (await row(id)).state === 'done');
    expect(callsOf(id)).toEqual({ first: 1, flaky: 4, third: 1 });
  });

  it('leaves an event leased by a live worker alone, and runs every handler of one whose worker died', async () => {
    const id = await emitOne();
    await until('the event is done', async () => (await row(id)).state === 'done');
    const later = new Date(Date.now() + 60_000).toISOString();
    // As a node leaves an event it handles: claimed, nothing recorded yet.
    await ctx.database.db
      .updateTable('outbox')
      .set({
        state: 'pending',
        done_handlers: '[]',
        locked_by: 'other-node',
        locked_until: later,
        attempts: 1,
      })
      .where('id', '=', id)
      .execute();
    worker?.wake();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await row(id)).state).toBe('pending');
    expect(callsOf(id)).toEqual({ first: 1, flaky: 1, third: 1 });
    // The other node died: its lease runs out, and this worker runs all handlers again.
    await ctx.database.db
      .updateTable('outbox')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    worker?.wake();
    await until('the event is done', async () => (await row(id)).state === 'done');
    expect(callsOf(id)).toEqual({ first: 2, flaky: 2, third: 2 });
    expect((await row(id)).attempts).toBe(2);
  });

  it('gives back the events of a stopping worker at once instead of after the lease', async () => {
    const id = await emitOne(true);
    expect(await row(id)).toMatchObject({
      state: 'pending',
      locked_by: null,
      locked_until: null,
      attempts: 0,
    });
    expect(callsOf(id)).toEqual({ first: 0, flaky: 0, third: 0 });
  });
});
