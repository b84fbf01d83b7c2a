import type { Database, Trx } from './database.js';

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Queue<T> {
  waiting: Waiting<T>[];
  /** A flush is due at the end of this turn. */
  scheduled: boolean;
  /** A batch is being written: the next waits for it, so batches commit in the order asked. */
  writing: boolean;
}

/**
 * Gathers small independent writes asked for in the same turn of the event loop — under load, the
 * requests that arrived together — and commits them in one transaction when the turn ends
 * (`setImmediate`): one commit, and on SQLite one FTS5 segment, for all of them instead of one
 * each. Alone, a write waits for nothing but the end of the current turn. One batch is written at
 * a time per database (on PostgreSQL a second one would take another connection and could commit
 * first), so writes commit in the order they were asked for; what arrives meanwhile forms the next
 * batch. Each caller's promise settles once its write is committed. When a batch fails, its writes
 * are tried again one by one, so a bad write fails only its own caller.
 */
export function writeBatcher<T>(write: (trx: Trx, items: T[], database: Database) => Promise<void>) {
  const queues = new WeakMap<Database, Queue<T>>();

  const commit = (database: Database, items: T[]) =>
    database.transaction((trx) => write(trx, items, database));

  const schedule = (database: Database, queue: Queue<T>) => {
    if (queue.scheduled || queue.writing || queue.waiting.length === 0) return;
    queue.scheduled = true;
    setImmediate(() => void flush(database, queue));
  };

  async function flush(database: Database, queue: Queue<T>) {
    queue.scheduled = false;
    queue.writing = true;
    const batch = queue.waiting;
    queue.waiting = [];
    try {
      await commit(
        database,
        batch.map((waiting) => waiting.item),
      );
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else
        for (const waiting of batch)
          await commit(database, [waiting.item]).then(waiting.resolve, waiting.reject);
    } finally {
      queue.writing = false;
      schedule(database, queue);
    }
  }

  return (database: Database, item: T): Promise<void> =>
    new Promise((resolve, reject) => {
      let queue = queues.get(database);
      if (!queue) {
        queue = { waiting: [], scheduled: false, writing: false };
        queues.set(database, queue);
      }
      queue.waiting.push({ item, resolve, reject });
      schedule(database, queue);
    });
}
