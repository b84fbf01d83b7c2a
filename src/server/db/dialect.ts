import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

/** The few places where SQLite and PostgreSQL differ live here, so repositories stay dialect-free. */
export type DialectName = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped Kysely.
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function autoIdColumn(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? col.primaryKey().generatedByDefaultAsIdentity()
      : col.primaryKey().autoIncrement();
}

/**
 * The full-text part of a search: FTS5 on SQLite, a tsvector match on PostgreSQL. Both consider the
 * newest `candidates` matching documents only, so a common word costs the same on 10,000 or
 * 1,000,000 posts; ranking then happens among those candidates.
 */
export interface FullText {
  /** Condition on `search_index` (aliased `si`) that the terms match. */
  match(sqliteQuery: string, postgresQuery: string): RawBuilder<boolean>;
}

export const SEARCH_CANDIDATES = 5000;

export function fullText(dialect: DialectName): FullText {
  return {
    match: (sqliteQuery, postgresQuery) =>
      dialect === 'sqlite'
        ? sql<boolean>`si.id in (select rowid from search_fts where search_fts match ${sqliteQuery} order by rowid desc limit ${SEARCH_CANDIDATES})`
        : sql<boolean>`si.id in (select id from search_index where tsv @@ to_tsquery('simple', ${postgresQuery}) order by id desc limit ${SEARCH_CANDIDATES})`,
  };
}
