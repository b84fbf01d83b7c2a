/**
 * The item cache's effect without the HTTP load generator: the feed services of two apps on the
 * same seeded database, one with the cache (64 MB) and one without (`KANTINE_ITEM_CACHE_MB=0`),
 * called in turn for the same people in one process; CPU time per call barely moves with other
 * load on a shared machine. Usage: npx tsx bench/item-cache.ts --db bench/.data/small.db
 * (SQLite; the database is only read).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { AppContext } from '../src/server/context.js';
import type { Viewer } from '../src/server/http/viewer.js';
import * as stream from '../src/server/modules/stream/stream.service.js';
import { harnessFixtures } from './lib/people.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, rounds: { type: 'string' } } });
if (!values.db) throw new Error('--db FILE (a seeded SQLite database)');
const rounds = Number(values.rounds ?? 3);

const make = (mb: string) =>
  buildApp(
    loadConfig({
      DATABASE_URL: `sqlite:${path.resolve(values.db as string)}`,
      KANTINE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-item-cache-')),
      KANTINE_LOG_LEVEL: 'error',
      KANTINE_ITEM_CACHE_MB: mb,
      KANTINE_OUTBOX_PAUSED: 'true',
      KANTINE_SEARCH_THREADS: '0',
    }),
    { webRoot: '/nonexistent' },
  );
const apps = { on: await make('64'), off: await make('0') };
const { db } = apps.off.kantine.database;
const { viewers, memberships, recent } = await harnessFixtures(db);

const scenarios: Record<string, (ctx: AppContext, viewer: Viewer, index: number) => Promise<unknown>> = {
  homeFeed: (ctx, viewer) => stream.homeFeed(ctx, viewer, undefined, 20),
  spaceFeed: (ctx, viewer) =>
    stream.spaceFeed(
      ctx,
      viewer,
      memberships.find((m) => m.user_id === viewer.id)?.space_id ?? 1,
      undefined,
      20,
    ),
  postDetail: (ctx, viewer, index) =>
    stream.getItem(ctx, viewer, recent[index % recent.length] ?? 1).catch(() => null),
};

const report: Record<string, { offCpuMs: number; onCpuMs: number; ratio: number }> = {};
for (const [name, run] of Object.entries(scenarios)) {
  const cpuMs: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (const mode of ['off', 'on', 'off', 'on'] as const) {
    const ctx = apps[mode].kantine;
    for (const [index, viewer] of viewers.entries()) await run(ctx, viewer, index);
    const started = process.cpuUsage();
    for (let round = 0; round < rounds; round++)
      for (const [index, viewer] of viewers.entries()) await run(ctx, viewer, index);
    const used = process.cpuUsage(started);
    cpuMs[mode].push((used.user + used.system) / 1000 / (rounds * viewers.length));
  }
  const best = (list: number[]) => Math.round(Math.min(...list) * 1000) / 1000;
  report[name] = {
    offCpuMs: best(cpuMs.off),
    onCpuMs: best(cpuMs.on),
    ratio: Math.round((Math.min(...cpuMs.off) / Math.min(...cpuMs.on)) * 100) / 100,
  };
}
console.table(report);
console.log(JSON.stringify(report));
await apps.on.close();
await apps.off.close();
