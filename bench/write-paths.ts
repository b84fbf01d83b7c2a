/**
 * The write path of issue 13 without the HTTP load generator: create a post and add, change and
 * take back a reaction, for the same 200 people, through `app.inject` (routing, session, body and
 * response schemas, the service, and — with the outbox awaited — every outbox handler of the event)
 * and through the services alone. CPU time per call (`process.cpuUsage`, robust on a busy machine)
 * and the SQLite statements per call are reported. With `--base DIR` (a tree of an earlier commit,
 * e.g. `git archive <commit> | tar -x -C DIR` plus a `DIR/node_modules` link to this tree's), both
 * trees' apps run in one process, each on its own copy of the database, called in turn with the
 * same requests; their answers are compared (timestamps aside).
 * Usage: npx tsx bench/write-paths.ts --db bench/.data/small.db [--base /tmp/before] [--rounds 3]
 *        [--only createPost,react] [--via http|service|both]
 * The seeded database is only copied, never written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { hashSecret, newSecret } from '../src/server/lib/secrets.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    base: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    via: { type: 'string' },
    people: { type: 'string' },
    statements: { type: 'boolean' },
  },
});
if (!values.db) throw new Error('--db FILE (a seeded SQLite database; it is copied, not written)');
const rounds = Number(values.rounds ?? 3);
const peopleCount = Number(values.people ?? 200);
const via = values.via ?? 'both';

// Counts the statements every tree runs (better-sqlite3 is one module for both trees).
const counts = { statements: 0, writes: 0, commits: 0 };
/** With --statements: CPU time per SQL text (the statements' own work, in SQLite). */
const statementTimes = new Map<string, { calls: number; ms: number }>();
{
  const probe = new SqliteDatabase(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: SqliteDatabase.Statement, ...args: unknown[]) {
      counts.statements++;
      if (!this.reader) counts.writes++;
      // A commit: an explicit one, or a write outside a transaction (SQLite commits it alone).
      if (
        /^commit/i.test(this.source) ||
        (!this.reader && !this.database.inTransaction && !/^begin/i.test(this.source))
      )
        counts.commits++;
      if (!values.statements) return original.apply(this, args);
      const started = process.cpuUsage();
      try {
        return original.apply(this, args);
      } finally {
        const used = process.cpuUsage(started);
        const entry = statementTimes.get(this.source) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += (used.user + used.system) / 1000;
        statementTimes.set(this.source, entry);
      }
    };
  }
}

interface Tree {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the app of another tree has its own (equal) types
  app: any;
  content: typeof import('../src/server/modules/content/content.service.js');
  reactions: typeof import('../src/server/modules/reactions/reactions.service.js');
  cookies: string[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-write-paths-'));

async function load(name: string, root: string): Promise<Tree> {
  const file = path.join(tmp, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(`${values.db}${suffix}`)) fs.copyFileSync(`${values.db}${suffix}`, `${file}${suffix}`);
  const from = (module: string) => import(pathToFileURL(path.join(root, 'src/server', module)).href);
  const { buildApp } = await from('app.ts');
  const { loadConfig } = await from('config.ts');
  const app = await buildApp(
    loadConfig({
      DATABASE_URL: `sqlite:${file}`,
      KANTINE_DATA_DIR: fs.mkdtempSync(path.join(tmp, `${name}-data-`)),
      KANTINE_LOG_LEVEL: 'error',
      KANTINE_SEARCH_THREADS: '0',
      // Each call waits for its own events' handlers, so their CPU time is the call's.
      KANTINE_OUTBOX_AWAIT_MS: '10000',
      KANTINE_OUTBOX_POLL_MS: '60000',
    }),
    { webRoot: '/nonexistent' },
  );
  await app.ready();
  return {
    name,
    app,
    content: await from('modules/content/content.service.ts'),
    reactions: await from('modules/reactions/reactions.service.ts'),
    cookies: [],
  };
}

const trees: Tree[] = [];
if (values.base) trees.push(await load('base', path.resolve(values.base)));
trees.push(await load('current', path.resolve(import.meta.dirname, '..')));

const { db } = (trees[0] as Tree).app.kantine.database;
const people: Array<{ id: number; role: 'admin' | 'member'; name: string; handle: string }> = await db
  .selectFrom('users')
  .select(['id', 'role', 'name', 'handle'])
  .where('deactivated_at', 'is', null)
  .orderBy('id')
  .limit(peopleCount)
  .execute();
// Seeded posts of the company space (everyone is a member), one per person, mostly by others.
const posts: number[] = (
  await db
    .selectFrom('content')
    .select('id')
    .where('space_id', '=', 1)
    .where('state', '=', 'published')
    .where('type', '=', 'post')
    .orderBy('id', 'desc')
    .limit(people.length)
    .execute()
).map((row: { id: number }) => row.id);
const words = ['Kantine', 'Sommerfest', 'Projekt', 'Kaffee', 'Rollout', 'Team', 'Update', 'Messe'];

const now = new Date();
for (const tree of trees) {
  const rows = people.map((person) => {
    const secret = newSecret();
    tree.cookies.push(`kantine_session=${secret}`);
    return {
      id: hashSecret(secret),
      user_id: person.id,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      user_agent: 'bench',
    };
  });
  await tree.app.kantine.database.db.insertInto('sessions').values(rows).execute();
}

type Call = (tree: Tree, index: number, round: number) => Promise<unknown>;
const viewer = (index: number) =>
  ({ ...people[index], locale: null, via: 'session', scope: 'write' }) as never;
const reactionTypes = ['like', 'love', 'celebrate'] as const;
const postBody = (index: number, round: number) =>
  `Benchmark ${words[(index + round) % words.length]} ${words[(index * 7) % words.length]} #Bench`;

async function inject(tree: Tree, index: number, method: string, url: string, body?: unknown) {
  const response = await tree.app.inject({
    method,
    url,
    headers: { cookie: tree.cookies[index], host: 'kantine.test', origin: 'http://kantine.test' },
    ...(body === undefined ? {} : { payload: body }),
  });
  if (response.statusCode >= 300)
    throw new Error(`${tree.name} ${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.body as string;
}

// Each round: add (a new reaction), change (another type), take back: every call changes something.
const httpCalls: Record<string, Call> = {
  createPost: (tree, index, round) =>
    inject(tree, index, 'POST', '/api/v1/spaces/1/posts', { body: postBody(index, round) }),
  react: (tree, index) =>
    inject(tree, index, 'PUT', `/api/v1/content/${posts[index]}/reaction`, { type: 'like' }),
  changeReaction: (tree, index, round) =>
    inject(tree, index, 'PUT', `/api/v1/content/${posts[index]}/reaction`, {
      type: reactionTypes[1 + (round % 2)],
    }),
  unreact: (tree, index) => inject(tree, index, 'DELETE', `/api/v1/content/${posts[index]}/reaction`),
};
const serviceCalls: Record<string, Call> = {
  createPost: (tree, index, round) =>
    tree.content.createPost(
      tree.app.kantine,
      viewer(index),
      { spaceId: 1 },
      { body: postBody(index, round), attachments: [] },
    ),
  react: (tree, index) =>
    tree.reactions.react(tree.app.kantine, viewer(index), posts[index] as number, 'like'),
  changeReaction: (tree, index, round) =>
    tree.reactions.react(
      tree.app.kantine,
      viewer(index),
      posts[index] as number,
      reactionTypes[1 + (round % 2)],
    ),
  unreact: (tree, index) => tree.reactions.unreact(tree.app.kantine, viewer(index), posts[index] as number),
};

/** Keys in one order: JSON.stringify keeps the presenter's order, zod's serializer the schema's. */
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, inner]) => [key, sorted(inner)]),
        )
      : value;

/** Answers with their timestamps and ids of new rows blanked: equal trees answer equally. */
const normalise = (body: unknown) =>
  JSON.stringify(sorted(body))
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T')
    .replace(/"id":\d+/g, '"id":0');

interface Figures {
  cpuMs: number[];
  statements: number;
  writes: number;
  commits: number;
}
const report: Record<string, Record<string, number>> = {};
const mismatches: string[] = [];
const layers = via === 'both' ? ['http', 'service'] : [via];
for (const layer of layers) {
  const calls = layer === 'http' ? httpCalls : serviceCalls;
  const names = Object.keys(calls).filter((name) => !values.only || values.only.split(',').includes(name));
  const figures = new Map<string, Figures>();
  const run = async (tree: Tree, name: string, round: number, answers?: string[]) => {
    const call = calls[name] as Call;
    const before = { ...counts };
    const started = process.cpuUsage();
    for (let index = 0; index < people.length; index++) {
      const answer = await call(tree, index, round);
      answers?.push(normalise(typeof answer === 'string' ? JSON.parse(answer) : answer));
    }
    // Work a handler left for later (a live delivery) belongs to these calls too.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const used = process.cpuUsage(started);
    const key = `${layer} ${name} ${tree.name}`;
    const entry = figures.get(key) ?? { cpuMs: [], statements: 0, writes: 0, commits: 0 };
    entry.cpuMs.push((used.user + used.system) / 1000 / people.length);
    entry.statements = (counts.statements - before.statements) / people.length;
    entry.writes = (counts.writes - before.writes) / people.length;
    entry.commits = (counts.commits - before.commits) / people.length;
    figures.set(key, entry);
  };
  // Round 0 warms up (and compares the trees' answers); the reaction calls of a round go in order.
  for (let round = 0; round <= rounds; round++) {
    for (const name of names) {
      const answers = trees.map(() => [] as string[]);
      for (const [position, tree] of trees.entries())
        await run(tree, name, round, round === 0 ? answers[position] : undefined);
      if (round === 0 && trees.length === 2 && answers[0]?.join('\n') !== answers[1]?.join('\n')) {
        const index = (answers[0] ?? []).findIndex((answer, position) => answer !== answers[1]?.[position]);
        mismatches.push(
          `${layer} ${name}\n  base:    ${answers[0]?.[index]}\n  current: ${answers[1]?.[index]}`,
        );
      }
      if (round === 0) for (const tree of trees) figures.delete(`${layer} ${name} ${tree.name}`);
    }
  }
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  for (const name of names) {
    const row: Record<string, number> = {};
    for (const tree of trees) {
      const entry = figures.get(`${layer} ${name} ${tree.name}`) as Figures;
      row[`${tree.name} cpu ms`] = round3(Math.min(...entry.cpuMs));
      row[`${tree.name} statements`] = round3(entry.statements);
      row[`${tree.name} writes`] = round3(entry.writes);
      row[`${tree.name} commits`] = round3(entry.commits);
    }
    if (trees.length === 2) row.ratio = Math.round((row['base cpu ms'] / row['current cpu ms']) * 100) / 100;
    report[`${layer} ${name}`] = row;
  }
}
console.table(report);
if (trees.length === 2)
  console.log(mismatches.length === 0 ? 'answers identical' : `answers differ: ${mismatches.join(', ')}`);
if (values.statements)
  for (const [source, { calls, ms }] of [...statementTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30))
    console.log(`${ms.toFixed(0).padStart(6)} ms ${String(calls).padStart(6)}× ${source.slice(0, 160)}`);
console.log(JSON.stringify(report));
for (const tree of trees) await tree.app.close();
fs.rmSync(tmp, { recursive: true, force: true });
