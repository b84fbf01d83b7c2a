import type { FastifyBaseLogger } from 'fastify';

/**
 * Claims each due id in turn with a conditional statement (`claim` answers whether this node won
 * it) and returns the ids it won. Every node runs the same loop on the same database: a claim that
 * finds SQLite's write lock taken by another node's claim of the same row is left to that node (it
 * publishes, or the next run does); any other error ends the run.
 */
export async function claimEach(ids: readonly number[], claim: (id: number) => Promise<boolean>) {
  const won: number[] = [];
  for (const id of ids) {
    try {
      if (await claim(id)) won.push(id);
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) continue;
      throw error;
    }
  }
  return won;
}

export interface ClaimedLoop {
  /** One run: finds due work and claims it (e.g. with `claimEach`); returns what it handled. */
  run: () => Promise<readonly unknown[] | undefined>;
  /** Logged with the handled ids when a run handled any. */
  done?: { key: string; message: string };
  /** Logged with the error when a run fails (the next run tries again). */
  failed: string;
}

/**
 * Runs `loop.run` on this node at start (so a restart catches up) and then every `seconds`, never
 * two runs at once; 0 seconds runs nothing. Returns the function that stops it. Safe on any number
 * of nodes and workers because every run claims its work in the database.
 */
export function startClaimedLoop(log: FastifyBaseLogger, seconds: number, loop: ClaimedLoop): () => void {
  if (seconds === 0) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const handled = await loop.run();
      if (loop.done && handled?.length) log.info({ [loop.done.key]: handled }, loop.done.message);
    } catch (error) {
      log.error({ err: error }, loop.failed);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
