import type { Readiness } from '../../../shared/api/health.js';
import type { AppContext } from '../../context.js';
import { isoNow } from '../../lib/clock.js';
import * as repo from './health.repo.js';

/** A check that has not answered by then counts as failed: a load balancer must not wait on a hung database. */
const CHECK_TIMEOUT_MS = 3000;

export interface HealthState {
  nodeId: string;
  shuttingDown: boolean;
}

async function passes(check: () => Promise<unknown>, onError: (error: unknown) => void): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`health check timed out after ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return true;
  } catch (error) {
    onError(error);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(ctx: AppContext, state: HealthState): Promise<Readiness> {
  const report = (part: string) => (error: unknown) =>
    ctx.log.warn({ err: error }, `readiness: ${part} failing`);
  const probeKey = `health-probe/${state.nodeId}`;
  const [database, storage] = await Promise.all([
    passes(() => repo.writeProbe(ctx.database.db, state.nodeId, isoNow(ctx.clock)), report('database')),
    passes(async () => {
      await ctx.storage.put(probeKey, Buffer.from(isoNow(ctx.clock)));
      await ctx.storage.delete(probeKey);
    }, report('storage')),
  ]);
  const redis = ctx.live.status();
  const failing: Readiness['failing'] = [];
  if (!database) failing.push('database');
  if (!storage) failing.push('storage');
  if (state.shuttingDown) failing.push('shutdown');
  return {
    status: failing.length > 0 ? 'unavailable' : redis === 'down' ? 'degraded' : 'ok',
    database: database ? 'ok' : 'down',
    storage: storage ? 'ok' : 'down',
    redis,
    shuttingDown: state.shuttingDown,
    failing,
  };
}
