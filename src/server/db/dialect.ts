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
  /**
   * Condition on `search_index` (aliased `si`) that the terms match, among documents of `types`
   * (all when empty): the kind is part of the full-text match, so candidates are of the right kind.
   */
  match(
    sqliteQuery: string,
    postgresQuery: string,
    types: string[],
    candidates?: number,
    sqliteChecks?: Fts5Checks,
  ): RawBuilder<boolean>;
  /**
   * The same for several groups of kinds at once (as-you-type: people, spaces, items, files), each
   * group with its own newest `candidates`; the groups must not share a kind.
   */
  matchEach(
    sqliteQuery: string,
    postgresQuery: string,
    groups: string[][],
    candidates: number,
    sqliteChecks?: Fts5Checks,
  ): RawBuilder<boolean>;
}

/**
 * Conditions on an FTS5 row beside MATCH (search.text.ts toFts5Checked): every group must hold,
 * a group holds when `' ' || column || ' '` is LIKE one of its patterns.
 */
export type Fts5Checks = { column: 'raw' | 'stems'; pattern: string }[][];

function fts5Checks(table: string, checks: Fts5Checks) {
  return sql.join(
    checks.map(
      (group) =>
        sql`(${sql.join(
          group.map(
            (check) =>
              sql`(' ' || ${sql.ref(`${table}.${check.column === 'raw' ? 'raw' : 'stems'}`)} || ' ') like ${check.pattern}`,
          ),
          sql` or `,
        )})`,
    ),
    sql` and `,
  );
}

export const SEARCH_CANDIDATES = 1000;

/** The kinds with few documents (people, spaces, files) have an FTS5 table of their own on SQLite. */
export const SMALL_SEARCH_KINDS: readonly string[] = ['person', 'space', 'file'];
export const ftsTableOf = (kind: string) =>
  SMALL_SEARCH_KINDS.includes(kind) ? 'search_fts_small' : 'search_fts';

/**
 * PostgreSQL's order of a kind's newest matches. People, spaces and files are a few thousand rows
 * among a million posts, and indexed first: for `order by id desc limit` the planner walks the
 * primary key newest-first and passes every post before the first person (1.7 s for a 3-letter
 * prefix at a million posts). Ordering by an expression makes it use the small kinds' own indexes
 * and sort their few matches (20 ms).
 */
const newestFirst = (types: string[]) =>
  types.length > 0 && types.every((type) => SMALL_SEARCH_KINDS.includes(type))
    ? sql`id + 0 desc`
    : sql`id desc`;

export function fullText(dialect: DialectName): FullText {
  // The newest `candidates` matches of documents of `types` (all when empty), as subqueries of ids.
  const parts = (
    sqliteQuery: string,
    postgresQuery: string,
    types: string[],
    candidates: number,
    checks: Fts5Checks,
  ) => {
    if (dialect === 'sqlite') {
      // Kinds are plain words ([a-z]), so they can be written into the MATCH expression.
      const kinds = types.filter((type) => /^[a-z]+$/.test(type));
      return (['search_fts', 'search_fts_small'] as const).flatMap((table) => {
        const wanted = kinds.filter((kind) => ftsTableOf(kind) === table);
        if (kinds.length > 0 && wanted.length === 0) return [];
        const expression = wanted.length
          ? `(${sqliteQuery}) AND kind : (${wanted.join(' OR ')})`
          : sqliteQuery;
        const checked = checks.length ? sql` and ${fts5Checks(table, checks)}` : sql``;
        return [
          sql`select rowid from (select rowid from ${sql.table(table)} where ${sql.table(table)} match ${expression}${checked} order by rowid desc limit ${candidates})`,
        ];
      });
    }
    const kinds = types.length ? sql`and doc_type in (${sql.join(types)})` : sql``;
    return [
      sql`select id from (select id from search_index where tsv @@ to_tsquery('simple', ${postgresQuery}) ${kinds} order by ${newestFirst(types)} limit ${candidates}) as part`,
    ];
  };
  return {
    match: (sqliteQuery, postgresQuery, types, candidates = SEARCH_CANDIDATES, checks = []) => {
      if (dialect === 'sqlite') {
        // One IN over a UNION ALL: an OR of two INs made SQLite scan the whole index table.
        return sql<boolean>`si.id in (${sql.join(parts(sqliteQuery, postgresQuery, types, candidates, checks), sql` union all `)})`;
      }
      const kinds = types.length ? sql`and doc_type in (${sql.join(types)})` : sql``;
      return sql<boolean>`si.id in (select id from search_index where tsv @@ to_tsquery('simple', ${postgresQuery}) ${kinds} order by ${newestFirst(types)} limit ${candidates})`;
    },
    matchEach: (sqliteQuery, postgresQuery, groups, candidates, checks = []) =>
      sql<boolean>`si.id in (${sql.join(
        groups.flatMap((types) => parts(sqliteQuery, postgresQuery, types, candidates, checks)),
        sql` union all `,
      )})`,
  };
}

/**
 * One row, one column: every row of the query as a JSON array of `values`, all in one JSON text
 * (an empty array when there are none). Reading a thousand narrow rows cost ~4 µs each in the
 * driver; one string cost a fifth of that. Read it back with `unpackRows`.
 */
export function packRows(dialect: DialectName, values: RawBuilder<unknown>[]): RawBuilder<unknown> {
  const list = sql.join(values);
  return dialect === 'sqlite'
    ? sql`json_group_array(json_array(${list}))`
    : sql`coalesce(json_agg(json_build_array(${list})), '[]'::json)`;
}

/** The rows of packRows: SQLite returns the text, the PostgreSQL driver parses JSON itself. */
export function unpackRows<T>(packed: unknown): T[] {
  return (typeof packed === 'string' ? JSON.parse(packed) : (packed ?? [])) as T[];
}

/**
 * `column LIKE '%term%'` with LIKE's wildcards in the term escaped. Callers fold both sides to
 * lower case, so the case-sensitive LIKE of PostgreSQL and SQLite's behave alike.
 */
export function containsText(column: string, term: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${`%${escapeLike(term)}%`} escape '\\'`;
}

/** `column LIKE 'prefix%'`, wildcards in the prefix escaped. */
export function startsWithText(column: string, prefix: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${`${escapeLike(prefix)}%`} escape '\\'`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
