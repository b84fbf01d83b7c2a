import type { Database, Trx } from './database.js';

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers small independent writes asked for in the same turn of the event loop — under load, the
 * requests that arrived together — and commits them in one transaction when the turn ends
 * (`setImmediate`): one commit, and on SQLite one FTS5 segment, for all of them instead of one
 * each. Alone, a write waits for nothing but the end of the current turn. Each caller's promise
 * settles once its write is committed, in the order asked. When a batch fails, its writes are
 * tried again one by one, so a bad write fails only its own caller.
 */
export function writeBatcher<T>(write: (trx: Trx, items: T[], database: Database) => Promise<void>) {
  const queues = new WeakMap<Database, Waiting<T>[]>();

  const commit = (database: Database, items: T[]) =>
    database.transaction((trx) => write(trx, items, database));

  async function flush(database: Database) {
    const batch = queues.get(database) ?? [];
    queues.delete(database);
    try {
      await commit(
        database,
        batch.map((waiting) => waiting.item),
      );
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const waiting of batch)
        await commit(database, [waiting.item]).then(waiting.resolve, waiting.reject);
    }
  }

  return (database: Database, item: T): Promise<void> =>
    new Promise((resolve, reject) => {
      let queue = queues.get(database);
      if (!queue) {
        queue = [];
        queues.set(database, queue);
        setImmediate(() => void flush(database));
      }
      queue.push({ item, resolve, reject });
    });
}
