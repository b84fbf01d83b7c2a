import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import type { DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';

export type AfterCommit = (effect: () => unknown | Promise<unknown>) => void;
export type Trx = Transaction<DB>;

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** The raw better-sqlite3 handle, for online backups; undefined on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  /**
   * Runs `work` in one transaction. Effects registered through `afterCommit` run only once the
   * transaction has committed (notifications, real-time pushes, index updates), never on rollback.
   */
  transaction<T>(work: (trx: Trx, afterCommit: AfterCommit) => Promise<T>): Promise<T>;
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

  return {
    db,
    dialect: target.kind,
    sqlite,
    async transaction(work) {
      const effects: Array<() => unknown | Promise<unknown>> = [];
      const result = await db.transaction().execute((trx) => work(trx, (effect) => effects.push(effect)));
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
