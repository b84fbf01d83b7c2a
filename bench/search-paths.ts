/**
 * Search and as-you-type suggestions without the HTTP load generator: CPU time per call in one
 * process, for this tree and (with `--before DIR`, a `git archive` of an earlier commit with
 * node_modules linked) that tree, called in turn on the same database for the same requests.
 * - `cold`: every cache of the search module emptied before each call (the cost of a miss);
 * - `mix`: the benchmark's mix (bench/run.ts: 400 people, a random one of them asking for a random
 *   word or 3-letter prefix of bench/lib/words.ts), caches as they are (warmed by one pass).
 * With `--before`, every answer of the cold pass is compared between the trees (must be equal).
 * Usage: npx tsx bench/search-paths.ts --db bench/.data/small.db [--before /tmp/before] [--threads 2]
 * (SQLite or a postgres:// URL; only read).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import type { AppContext } from '../src/server/context.js';
import type { Viewer } from '../src/server/http/viewer.js';
import { asViewers } from './lib/people.js';
import { germanWords } from './lib/words.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    before: { type: 'string' },
    rounds: { type: 'string' },
    calls: { type: 'string' },
    threads: { type: 'string' },
  },
});
if (!values.db) throw new Error('--db FILE or postgres:// URL (a seeded database)');
const calls = Number(values.calls ?? 200);
const rounds = Number(values.rounds ?? 2);
const databaseUrl = values.db.startsWith('postgres') ? values.db : `sqlite:${path.resolve(values.db)}`;

interface Tree {
  ctx: AppContext;
  close(): Promise<void>;
  search(ctx: AppContext, viewer: Viewer, input: unknown): Promise<unknown>;
  suggest(ctx: AppContext, viewer: Viewer, q: string): Promise<unknown>;
  clear(): void;
}

async function load(root: string): Promise<Tree> {
  const from = (file: string) => import(path.join(root, 'src/server', file));
  const { buildApp } = await from('app.ts');
  const { loadConfig } = await from('config.ts');
  const service = await from('modules/search/search.service.ts');
  const { clearSuggestionCache } = await from('modules/search/suggestion-cache.ts');
  const app = await buildApp(
    loadConfig({
      DATABASE_URL: databaseUrl,
      KANTINE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-search-paths-')),
      KANTINE_LOG_LEVEL: 'error',
      KANTINE_OUTBOX_PAUSED: 'true',
      KANTINE_SEARCH_THREADS: values.threads ?? '0',
    }),
    { webRoot: '/nonexistent' },
  );
  await app.ready();
  return {
    ctx: app.kantine,
    close: () => app.close(),
    search: service.search,
    suggest: service.suggest,
    clear: clearSuggestionCache,
  };
}

const trees: Record<string, Tree> = {};
if (values.before) trees.before = await load(path.resolve(values.before));
trees.after = await load(path.resolve(import.meta.dirname, '..'));
const { db } = trees.after.ctx.database;

// The benchmark's crowd: 400 people spread over the ids, and a deterministic random sequence.
const userCount = Number(
  (await db.selectFrom('users').select(db.fn.countAll().as('n')).executeTakeFirst())?.n,
);
const crowdIds = Array.from(
  { length: Math.min(400, userCount) },
  (_, i) => 1 + Math.floor((i * userCount) / Math.min(400, userCount)),
);
const users = await db
  .selectFrom('users')
  .select(['id', 'role', 'name', 'handle'])
  .where('id', 'in', crowdIds)
  .execute();
const viewers = asViewers(users);
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
const draw = () => Array.from({ length: calls }, () => ({ viewer: pick(viewers), word: pick(germanWords) }));
const requests = draw();
// `mix` draws new requests for every pass, as the benchmark does (the same lists for both trees).
const mixPasses = Array.from({ length: rounds + 1 }, draw);

type Call = (tree: Tree, request: (typeof requests)[number]) => Promise<unknown>;
const scenarios: Record<string, Call> = {
  search: (tree, { viewer, word }) => tree.search(tree.ctx, viewer, { q: word, limit: 20 }),
  suggest: (tree, { viewer, word }) => tree.suggest(tree.ctx, viewer, word.slice(0, 3)),
};

const cpuPerCall = async (tree: Tree, run: Call, cold: boolean) => {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage();
    for (const request of cold ? requests : (mixPasses[round + 1] ?? requests)) {
      if (cold) tree.clear();
      await run(tree, request);
    }
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / requests.length);
  }
  return Math.round(best * 1000) / 1000;
};

const report: Record<string, Record<string, number | string>> = {};
for (const [name, run] of Object.entries(scenarios)) {
  let differing = 0;
  if (trees.before) {
    for (const request of requests) {
      trees.before.clear();
      trees.after.clear();
      const [before, after] = [await run(trees.before, request), await run(trees.after, request)];
      if (!isDeepStrictEqual(before, after)) {
        differing++;
        if (differing === 1)
          console.log(name, request.viewer.id, request.word, JSON.stringify({ before, after }));
      }
    }
  }
  for (const mode of ['cold', 'mix'] as const) {
    const row: Record<string, number | string> = {};
    for (const [treeName, tree] of Object.entries(trees)) {
      // One pass to warm the JIT and, for `mix`, the caches.
      for (const request of mode === 'cold' ? requests : (mixPasses[0] ?? requests)) await run(tree, request);
      row[`${treeName}CpuMs`] = await cpuPerCall(tree, run, mode === 'cold');
    }
    if (trees.before) {
      row.ratio = Math.round((Number(row.beforeCpuMs) / Number(row.afterCpuMs)) * 100) / 100;
      row.differing = `${differing}/${requests.length}`;
    }
    report[`${name} ${mode}`] = row;
  }
}
console.table(report);
console.log(JSON.stringify(report));
for (const tree of Object.values(trees)) await tree.close();
