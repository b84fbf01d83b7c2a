import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type * as Pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import type { DomainEvent } from '../events/events.js';
import { insertEvents } from '../modules/outbox/outbox.repo.js';
import type { DialectName } from './dialect.js';
import { breaksConnection } from './faults.js';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';

/**
 * Registers an in-memory effect to run once the transaction committed. By default effects run after
 * this node's outbox worker was told of the events (which may take up to a short cap); `first` runs
 * one right after the commit, before that (dropping cached state the change made wrong).
 */
export type AfterCommit = (effect: () => unknown | Promise<unknown>, options?: { first?: boolean }) => void;
/** Records a domain event in the transaction's outbox; `dedupeKey` writes it at most once ever. */
export type Emit = (event: DomainEvent, dedupeKey?: string) => void;
/** An event a transaction of this node committed, as the outbox worker of this node is told of it. */
export interface CommittedEvent {
  id: number;
  event: DomainEvent;
  createdAt: string;
  /** Written already claimed by the listener's worker (its `lease`), so it needs no claim. */
  leased: boolean;
}
/** The outbox worker of this node: hears of committed events at once. */
export interface EventsListener {
  /**
   * The lease new events are written under, claimed for this node's worker in the transaction that
   * writes them (a claim and a read of the row fewer per event); undefined when the worker will not
   * handle them now (paused, stopping). A crash before the events are handled leaves them to the
   * lease's end, as a crash while handling does.
   */
  lease(now: Date): { worker: string; until: string } | undefined;
  committed(events: CommittedEvent[]): Promise<void>;
}
export type Trx = Transaction<DB>;

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** The raw better-sqlite3 handle, for online backups; undefined on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  /**
   * Runs `work` in one transaction. Events given to `emit` are written to the outbox in the same
   * transaction, so they exist exactly when the change does; after commit this node's outbox worker
   * is told (it may handle them before this returns, up to a short cap). Effects registered
   * through `afterCommit` run only once committed and only in memory: use them for nothing that
   * must happen (a live badge, closing sockets).
   */
  transaction<T>(work: (trx: Trx, afterCommit: AfterCommit, emit: Emit) => Promise<T>): Promise<T>;
  /** The outbox worker registers here to hear of committed events at once. */
  onEventsCommitted(listener: EventsListener | undefined): void;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Limits for the server's connections; command-line tasks and migrations run without them. */
export interface DatabaseTimeouts {
  /** Waiting for a PostgreSQL connection (new or from the pool). */
  connectMs: number;
  /** One statement: PostgreSQL's statement_timeout plus a client-side read timeout for a hanging network. */
  statementMs: number;
}

export function openDatabase(
  target: DatabaseTarget,
  onEffectError?: (error: unknown) => void,
  timeouts?: DatabaseTimeouts,
): Database {
  let db: Kysely<DB>;
  let sqlite: SqliteDatabase.Database | undefined;
  if (target.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    sqlite = new SqliteDatabase(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  } else {
    const pool = postgresPool(target.url, onEffectError ?? console.error, timeouts);
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }

  const report = onEffectError ?? ((error: unknown) => console.error('after-commit effect failed', error));

  let eventsListener: EventsListener | undefined;
  return {
    db,
    dialect: target.kind,
    sqlite,
    onEventsCommitted(listener) {
      eventsListener = listener;
    },
    async transaction(work) {
      const effects: Array<() => unknown | Promise<unknown>> = [];
      const firstEffects: Array<() => unknown | Promise<unknown>> = [];
      let committed: CommittedEvent[] = [];
      // The listener that leased the events is the one told of them, even if another took its place.
      const listener = eventsListener;
      const result = await db.transaction().execute(async (trx) => {
        const events: Array<{ event: DomainEvent; dedupeKey?: string }> = [];
        const value = await work(
          trx,
          (effect, options) => (options?.first ? firstEffects : effects).push(effect),
          (event, dedupeKey) => events.push({ event, dedupeKey }),
        );
        if (events.length > 0) {
          const now = new Date();
          const lease = listener?.lease(now);
          const createdAt = now.toISOString();
          committed = (await insertEvents(trx, events, createdAt, lease)).map(({ id, event }) => ({
            id,
            event,
            createdAt,
            leased: lease !== undefined,
          }));
        }
        return value;
      });
      for (const effect of firstEffects) {
        try {
          await effect();
        } catch (error) {
          report(error);
        }
      }
      if (committed.length > 0 && listener) {
        try {
          await listener.committed(committed);
        } catch (error) {
          report(error);
        }
      }
      for (const effect of effects) {
        try {
          await effect();
        } catch (error) {
          report(error);
        }
      }
      return result;
    },
    async migrate() {
      // Migrations may build indexes over millions of rows: they run without the statement timeout.
      const migrationDb =
        target.kind === 'postgres' && timeouts
          ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: postgresPool(target.url, report) }) })
          : db;
      try {
        await migrateWith(migrationDb);
      } finally {
        if (migrationDb !== db) await migrationDb.destroy();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function migrateWith(db: Kysely<DB>) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/**
 * A PostgreSQL pool that survives the server going away. `pg` emits 'error' on a client whose
 * connection breaks; the pool listens only while the client is idle, so a backend terminated
 * during a query (failover, restart, pg_terminate_backend) crashed the process. Every client gets
 * its own listener, and a client that saw a connection fault or a timeout is destroyed on release
 * instead of going back to the pool — the next request opens a fresh connection.
 */
/** The PostgreSQL driver, loaded only for a PostgreSQL database (an SQLite installation never needs it). */
const loadPg = () => createRequire(import.meta.url)('pg') as typeof Pg;

function postgresPool(url: string, report: (error: unknown) => void, timeouts?: DatabaseTimeouts) {
  const pg = loadPg();
  const statementTimeout = timeouts ? ` -c statement_timeout=${timeouts.statementMs}` : '';
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Kantine's queries are short; a parallel plan's worker start-up cost more than it saved
    // (hashtag counts 9.8 → 0.8 ms at 1M posts) and its workers compete for the same cores.
    options: `-c max_parallel_workers_per_gather=0${statementTimeout}`,
    keepAlive: true,
    ...(timeouts && {
      connectionTimeoutMillis: timeouts.connectMs,
      // A network that stops forwarding never delivers the server's own timeout: give up a little later.
      query_timeout: timeouts.statementMs + 1000,
    }),
    // COUNT(*) and BIGINT come back as strings by default; ids and counts fit in a JS number.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const broken = new WeakSet<Pg.ClientBase>();
  // An idle connection the server closes must not crash the process either; the pool drops it.
  pool.on('error', (error) => report(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      broken.add(client);
      report(error);
    });
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) {
        result.then(undefined, (error: unknown) => {
          if (breaksConnection(error)) broken.add(client);
        });
      }
      return result;
    }) as typeof client.query;
  });
  return {
    async connect() {
      const client = await pool.connect();
      const release = client.release;
      client.release = (destroy?: boolean | Error) => release(destroy || broken.has(client));
      return client;
    },
    end: () => pool.end(),
  };
}

const STATEMENT_CACHE_SIZE = 2000;

const noOpStatement = {
  reader: false,
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  all: () => [],
} as unknown as SqliteDatabase.Statement;

/**
 * Kysely prepares every query anew; preparing cost about as much as running on the feed's small
 * queries (benchmark profile). SQL text repeats, so prepared statements are kept and reused.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') {
        return (source: string) => {
          // SQLite rolls a transaction back by itself on some errors (disk full, I/O error); Kysely's
          // own rollback then failed with "cannot rollback - no transaction is active", and that
          // message replaced the real error in the log and in the response.
          if (source === 'rollback' && !target.inTransaction) return noOpStatement;
          let statement = cache.get(source);
          if (!statement) {
            statement = target.prepare(source);
            if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
            cache.set(source, statement);
          }
          return statement;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
