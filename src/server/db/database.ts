import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import type { DomainEvent } from '../events/events.js';
import { insertEvents } from '../modules/outbox/outbox.repo.js';
import type { DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';

export type AfterCommit = (effect: () => unknown | Promise<unknown>) => void;
/** Records a domain event in the transaction's outbox; `dedupeKey` writes it at most once ever. */
export type Emit = (event: DomainEvent, dedupeKey?: string) => void;
/** Told the ids of the events a transaction committed (the outbox worker of this node). */
export type EventsCommitted = (ids: number[]) => Promise<void>;
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
  onEventsCommitted(listener: EventsCommitted | undefined): void;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget, onEffectError?: (error: unknown) => void): Database {
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
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      // Kantine's queries are short; a parallel plan's worker start-up cost more than it saved
      // (hashtag counts 9.8 → 0.8 ms at 1M posts) and its workers compete for the same cores.
      options: '-c max_parallel_workers_per_gather=0',
      // COUNT(*) and BIGINT come back as strings by default; ids and counts fit in a JS number.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === pg.types.builtins.INT8
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server closes (restart, failover) must not crash the process; the pool reconnects.
    pool.on('error', (error) => (onEffectError ?? console.error)(error));
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }

  const report = onEffectError ?? ((error: unknown) => console.error('after-commit effect failed', error));

  let eventsCommitted: EventsCommitted | undefined;
  return {
    db,
    dialect: target.kind,
    sqlite,
    onEventsCommitted(listener) {
      eventsCommitted = listener;
    },
    async transaction(work) {
      const effects: Array<() => unknown | Promise<unknown>> = [];
      let ids: number[] = [];
      const result = await db.transaction().execute(async (trx) => {
        const events: Array<{ event: DomainEvent; dedupeKey?: string }> = [];
        const value = await work(
          trx,
          (effect) => effects.push(effect),
          (event, dedupeKey) => events.push({ event, dedupeKey }),
        );
        if (events.length > 0) ids = await insertEvents(trx, events, new Date().toISOString());
        return value;
      });
      if (ids.length > 0 && eventsCommitted) {
        try {
          await eventsCommitted(ids);
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
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      const failed = results?.find((result) => result.status === 'Error');
      if (error || failed) {
        throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

const STATEMENT_CACHE_SIZE = 2000;

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
