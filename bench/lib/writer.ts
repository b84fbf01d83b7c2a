import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

export type ColumnType = 'int' | 'text';
export type Row = Array<string | number | null>;

/**
 * Bulk inserts for the seeder, bypassing the application for speed: prepared statements in large
 * transactions on SQLite, `insert … select * from unnest(…)` batches on PostgreSQL.
 */
export interface BulkWriter {
  insert(table: string, columns: Array<[string, ColumnType]>, rows: Row[]): Promise<void>;
  exec(statement: string): Promise<void>;
  close(): Promise<void>;
}

export function sqliteWriter(db: SqliteDatabase.Database): BulkWriter {
  db.pragma('synchronous = OFF');
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    async insert(table, columns, rows) {
      const key = `${table}:${columns.map(([name]) => name).join(',')}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(
          `insert into ${table} (${columns.map(([name]) => name).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        );
        statements.set(key, statement);
      }
      const run = statement;
      db.transaction(() => {
        for (const row of rows) run.run(row);
      })();
    },
    async exec(statement) {
      db.exec(statement);
    },
    async close() {
      db.pragma('synchronous = NORMAL');
    },
  };
}

export function postgresWriter(url: string): BulkWriter {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    async insert(table, columns, rows) {
      if (rows.length === 0) return;
      const arrays = columns.map((_, index) => rows.map((row) => row[index]));
      const casts = columns.map(
        ([, type], index) => `$${index + 1}::${type === 'int' ? 'bigint' : 'text'}[]`,
      );
      await pool.query(
        `insert into ${table} (${columns.map(([name]) => name).join(', ')}) select * from unnest(${casts.join(', ')})`,
        arrays,
      );
    },
    async exec(statement) {
      await pool.query(statement);
    },
    async close() {
      await pool.end();
    },
  };
}
