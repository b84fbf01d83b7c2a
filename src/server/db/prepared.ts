import type { CompiledQuery, Kysely } from 'kysely';
import { type DialectName, dialectOf } from './dialect.js';
import type { DB } from './schema.js';

/**
 * Hot queries built once instead of on every call (issue 13: Kysely's query building was 14 % of
 * the home feed's CPU, and ~16 % of adding a reaction's). A repository declares the query with
 * named placeholders; the first call per database dialect and shape builds and compiles it, every
 * later call only puts its values in the compiled parameter list and executes it — the same SQL
 * text, so SQLite also reuses its prepared statement (db/database.ts). Lists (`in (…)`) are one
 * placeholder per element: their length is part of the shape, so each length is compiled once.
 */

const PLACEHOLDER = Symbol('placeholder');

interface Placeholder {
  [PLACEHOLDER]: { name: string; index?: number };
}

const isPlaceholder = (value: unknown): value is Placeholder =>
  typeof value === 'object' && value !== null && PLACEHOLDER in value;

/** Hands the query builder stand-ins for the values of a call. */
export interface Placeholders<A> {
  /** Stand-in for `args[name]`. */
  value<K extends keyof A & string>(name: K): A[K];
  /** Stand-ins for each element of the list `args[name]` (of the length of this call's list). */
  list<K extends keyof A & string>(name: K): A[K];
}

type ListElement<T> = T extends readonly (infer E)[] ? E : never;

/** A query builder, or a `sql` template (which compiles with the database as its executor). */
export interface Buildable<R> {
  compile(db: Kysely<DB>): CompiledQuery<R>;
}

const MAX_SHAPES = 1000;

let enabled = true;
/** For the benchmark only: build every query anew (the behaviour before), to compare in one process. */
export function setPrecompiled(on: boolean) {
  enabled = on;
}

/**
 * A query compiled once per dialect and shape. `build` must name every value of a call through
 * `p` (literals stay literals) and may look at `args` only for what the shape holds: whether a
 * value is present (undefined or null) and how long a list is. An empty list must not reach an
 * `in (…)` (Kysely refuses it: the caller answers without querying, or builds another condition).
 */
export function prepared<A extends object, R>(
  build: (db: Kysely<DB>, p: Placeholders<A>, args: A) => Buildable<R>,
) {
  const compiled = new Map<string, CompiledQuery<R>>();
  return async (db: Kysely<DB>, args: A): Promise<R[]> => {
    if (!enabled) return (await db.executeQuery(build(db, direct(args), args).compile(db))).rows;
    const key = shapeKey(dialectOf(db), args);
    let query = compiled.get(key);
    if (!query) {
      query = build(db, placeholders(args), args).compile(db);
      // Shapes are few (list lengths up to a page or someone's follows); a runaway is cut back.
      if (compiled.size >= MAX_SHAPES) compiled.clear();
      compiled.set(key, query);
    }
    const parameters = query.parameters.map((parameter) => {
      if (!isPlaceholder(parameter)) return parameter;
      const { name, index } = parameter[PLACEHOLDER];
      const value = (args as Record<string, unknown>)[name];
      return index === undefined ? value : (value as unknown[])[index];
    });
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}

function shapeKey(dialect: DialectName, args: object): string {
  let key: string = dialect;
  for (const [name, value] of Object.entries(args))
    if (Array.isArray(value)) key += `|${name}:${value.length}`;
    else if (value === undefined || value === null) key += `|${name}:-`;
  return key;
}

function placeholders<A>(args: A): Placeholders<A> {
  return {
    value: (name) => ({ [PLACEHOLDER]: { name } }) as never,
    list: (name) =>
      (args[name] as unknown as readonly unknown[]).map((_, index) => ({
        [PLACEHOLDER]: { name, index },
      })) as ListElement<A[typeof name]>[] as never,
  };
}

function direct<A>(args: A): Placeholders<A> {
  return { value: (name) => args[name], list: (name) => args[name] };
}
