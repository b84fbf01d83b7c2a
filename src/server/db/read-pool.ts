import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, Kysely } from 'kysely';

/**
 * Worker threads, each with its own read-only connection to the SQLite file, for long read-only
 * queries (search). better-sqlite3 is synchronous: a few-millisecond full-text query on the event
 * loop holds up every other request, and sixteen of them in a row make a 50 ms tail. In threads
 * they run beside the event loop (and on the other core). WAL lets readers see every committed
 * write, so results are the same as on the main connection.
 */
export interface ReadPool {
  all<R>(query: CompiledQuery<R>): Promise<R[]>;
  /** Starts the threads ahead of the first query (loading the driver in a thread takes a moment). */
  warm(): void;
  /** Threads started so far and queries they answered (for tests and operators). */
  stats(): { threads: number; queries: number };
  close(): Promise<void>;
}

// Plain JavaScript evaluated in the thread: the same code runs from the sources (tsx, Vitest) and the build.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -' + workerData.cacheKb);
const statements = new Map();
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size >= 500) statements.clear();
      statements.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Each thread's SQLite page cache and V8 young generation (the driver's defaults are 16 MB and
 * 32 MB; with two threads that was a tenth of the server's memory at full scale). The pages come
 * from the OS page cache anyway; a thread's JavaScript only holds one query's rows at a time.
 */
const THREAD_CACHE_KB = 4000;
const THREAD_YOUNG_GENERATION_MB = 8;

export function sqliteReadPool(file: string, threads: number): ReadPool {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let started: Thread[] | undefined;
  let nextId = 0;
  let answered = 0;
  let closed = false;

  const startThread = (): Thread => {
    const thread: Thread = {
      worker: new Worker(workerSource, {
        eval: true,
        workerData: { file, driver, cacheKb: THREAD_CACHE_KB },
        resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
      }),
      pending: new Map(),
    };
    thread.worker.on('message', (message: { id: number; rows?: unknown[]; error?: string }) => {
      const waiting = thread.pending.get(message.id);
      if (!waiting) return;
      thread.pending.delete(message.id);
      answered++;
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.rows ?? []);
    });
    const failAll = (error: Error) => {
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
    };
    thread.worker.on('error', failAll);
    thread.worker.on('exit', (code) => {
      failAll(new Error(`search thread exited with ${code}`));
      // A thread that died (not closed by us) is replaced on the next query.
      if (!closed && started) started = started.filter((other) => other !== thread);
    });
    thread.worker.unref();
    return thread;
  };

  const ensureThreads = (): Thread[] => {
    if (!started) started = [];
    while (started.length < threads) started.push(startThread());
    return started;
  };

  return {
    warm() {
      if (!closed) ensureThreads();
    },
    all<R>(query: CompiledQuery<R>): Promise<R[]> {
      if (closed) return Promise.reject(new Error('the read pool is closed'));
      started = ensureThreads();
      // The thread with the fewest queries in flight.
      let thread = started[0];
      for (const other of started) if (other.pending.size < thread.pending.size) thread = other;
      const id = nextId++;
      return new Promise<R[]>((resolve, reject) => {
        thread.pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
        thread.worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
      });
    },
    stats() {
      return { threads: started?.length ?? 0, queries: answered };
    },
    async close() {
      closed = true;
      await Promise.all((started ?? []).map((thread) => thread.worker.terminate()));
      started = [];
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: pools are attached to any Kysely instance.
const pools = new WeakMap<Kysely<any>, ReadPool>();

/** Lets repositories find the pool of the database they were handed (search.repo.ts). */
// biome-ignore lint/suspicious/noExplicitAny: see above.
export function attachReadPool(db: Kysely<any>, pool: ReadPool) {
  pools.set(db, pool);
}

// biome-ignore lint/suspicious/noExplicitAny: any Kysely instance.
export function readPoolOf(db: Kysely<any>): ReadPool | undefined {
  return pools.get(db);
}

/**
 * Runs a read-only query in the pool of `db` when it has one, otherwise on `db` itself. Only for
 * queries whose result does not depend on an open transaction.
 */
export function executeRead<R>(
  // biome-ignore lint/suspicious/noExplicitAny: any Kysely instance.
  db: Kysely<any>,
  query: { compile(): CompiledQuery<R>; execute(): Promise<R[]> },
): Promise<R[]> {
  const pool = pools.get(db);
  return pool ? pool.all(query.compile()) : query.execute();
}
