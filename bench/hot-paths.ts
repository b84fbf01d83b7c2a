/**
 * Issue 13's remaining server work, measured without the HTTP load generator: the hot read paths
 * called in one process on three apps over the same seeded database, in turn for the same people —
 * `before` (memberships read per request, every query built by Kysely per call), `memberships`
 * (the membership cache on) and `after` (also the precompiled queries of db/prepared.ts). CPU time
 * per call barely moves with other load on a shared machine. The item cache is on in all three.
 * Usage: npx tsx bench/hot-paths.ts --db bench/.data/small.db (SQLite, or a postgres:// URL; only read).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { AppContext } from '../src/server/context.js';
import { setPrecompiled } from '../src/server/db/prepared.js';
import type { Viewer } from '../src/server/http/viewer.js';
import * as authRepo from '../src/server/modules/auth/auth.repo.js';
import * as comments from '../src/server/modules/comments/comments.service.js';
import * as notifications from '../src/server/modules/notifications/notifications.service.js';
import * as search from '../src/server/modules/search/search.service.js';
import * as stream from '../src/server/modules/stream/stream.service.js';
import { harnessFixtures } from './lib/people.js';
import { germanWords } from './lib/words.js';

const { values } = parseArgs({
  options: { db: { type: 'string' }, rounds: { type: 'string' }, only: { type: 'string' } },
});
if (!values.db) throw new Error('--db FILE or postgres:// URL (a seeded database)');
const rounds = Number(values.rounds ?? 3);
const databaseUrl = values.db.startsWith('postgres') ? values.db : `sqlite:${path.resolve(values.db)}`;

const make = (membershipSeconds: string) =>
  buildApp(
    loadConfig({
      DATABASE_URL: databaseUrl,
      KANTINE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-hot-paths-')),
      KANTINE_LOG_LEVEL: 'error',
      KANTINE_MEMBERSHIP_CACHE_SECONDS: membershipSeconds,
      KANTINE_OUTBOX_PAUSED: 'true',
      KANTINE_SEARCH_THREADS: '0',
    }),
    { webRoot: '/nonexistent' },
  );
const modes = ['before', 'memberships', 'after'] as const;
type Mode = (typeof modes)[number];
const apps: Record<Mode, Awaited<ReturnType<typeof make>>> = {
  before: await make('0'),
  memberships: await make('30'),
  after: await make('30'),
};
const { db } = apps.before.kantine.database;
const { viewers, memberships, recent } = await harnessFixtures(db);
const tags = (await db.selectFrom('hashtags').select('tag').orderBy('uses', 'desc').limit(20).execute()).map(
  (row) => row.tag,
);

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
  hashtagFeed: (ctx, viewer, index) =>
    stream.hashtagFeed(ctx, viewer, tags[index % tags.length] ?? 'x', undefined, 20),
  postDetail: (ctx, viewer, index) =>
    stream.getItem(ctx, viewer, recent[index % recent.length] ?? 1).catch(() => null),
  comments: (ctx, viewer, index) =>
    comments.listComments(ctx, viewer, recent[index % recent.length] ?? 1, undefined, 20).catch(() => null),
  suggest: (ctx, viewer, index) =>
    search.suggest(ctx, viewer, (germanWords[index % germanWords.length] ?? 'team').slice(0, 3)),
  notifications: (ctx, viewer) => notifications.listNotifications(ctx, viewer, undefined, 20),
  search: (ctx, viewer, index) =>
    search.search(ctx, viewer, { q: germanWords[index % germanWords.length] ?? 'team', limit: 20 } as never),
  sessionLookup: (ctx, _viewer, index) =>
    authRepo.findSessionViewer(ctx.database.db, `bench-${index}`, new Date().toISOString()),
};

const report: Record<string, Record<string, number>> = {};
for (const [name, run] of Object.entries(scenarios)) {
  if (values.only && !values.only.split(',').includes(name)) continue;
  const cpuMs: Record<Mode, number[]> = { before: [], memberships: [], after: [] };
  for (const mode of [...modes, ...modes]) {
    const ctx = apps[mode].kantine;
    setPrecompiled(mode === 'after');
    for (const [index, viewer] of viewers.entries()) await run(ctx, viewer, index);
    const started = process.cpuUsage();
    for (let round = 0; round < rounds; round++)
      for (const [index, viewer] of viewers.entries()) await run(ctx, viewer, index);
    const used = process.cpuUsage(started);
    cpuMs[mode].push((used.user + used.system) / 1000 / (rounds * viewers.length));
  }
  const best = (mode: Mode) => Math.min(...cpuMs[mode]);
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  report[name] = {
    beforeCpuMs: round3(best('before')),
    membershipsCpuMs: round3(best('memberships')),
    afterCpuMs: round3(best('after')),
    ratio: Math.round((best('before') / best('after')) * 100) / 100,
  };
}
setPrecompiled(true);
console.table(report);
console.log(JSON.stringify(report));
for (const app of Object.values(apps)) await app.close();
