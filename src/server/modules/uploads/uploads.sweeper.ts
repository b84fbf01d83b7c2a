import type { AppContext } from '../../context.js';
import * as repo from './uploads.repo.js';

const DAY = 24 * 60 * 60 * 1000;
const BATCH = 200;

/**
 * Uploads never attached within a day (a composer closed before posting) are deleted, rows in one
 * transaction with the event that deletes their bytes. Safe on several nodes: deleting twice deletes nothing.
 */
export async function sweepUnattached(ctx: AppContext): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - DAY).toISOString();
  let swept = 0;
  for (;;) {
    const rows = await repo.unattachedBefore(ctx.database.db, before, BATCH);
    if (rows.length === 0) return swept;
    await ctx.database.transaction(async (trx, _afterCommit, emit) => {
      const still = await repo.unattachedBefore(trx, before, BATCH);
      const ids = new Set(rows.map((row) => row.id));
      const gone = still.filter((row) => ids.has(row.id));
      await repo.deleteFiles(
        trx,
        gone.map((row) => row.id),
      );
      const keys = gone.flatMap((row) =>
        row.thumbnail_key ? [row.storage_key, row.thumbnail_key] : [row.storage_key],
      );
      if (keys.length > 0) emit({ type: 'storage.orphaned', keys });
      swept += gone.length;
    });
    if (rows.length < BATCH) return swept;
  }
}

/** Runs the sweep at start and every hour on every node; returns the function that stops it. */
export function startSweeper(ctx: AppContext): () => void {
  const run = () =>
    sweepUnattached(ctx)
      .then((count) => count > 0 && ctx.log.info({ count }, 'unattached uploads swept'))
      .catch((error) => ctx.log.error({ err: error }, 'sweeping unattached uploads failed'));
  const first = setTimeout(run, 10_000);
  first.unref();
  const timer = setInterval(run, 60 * 60 * 1000);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
