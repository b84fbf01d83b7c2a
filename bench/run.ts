/**
 * `npm run bench -- --db FILE_OR_URL [--json FILE] [--duration 10] [--warmup 3] [--connections 64] [--ws-clients 2000]
 *  [--workers 1] [--sqlite-json FILE]`
 * Starts Kantine on a seeded database and measures it against two baselines run on the same machine
 * in the same run: a Fastify hello-world route, and a Fastify route serving a captured home-feed
 * response (same bytes, same headers) from memory. The last line printed is the result as one line of JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/database.js';
import { hashSecret, newSecret } from '../src/server/lib/secrets.js';
import { measureLiveFanOut } from './lib/live.js';
import { freePort, start, treeCpuMs, treePeakRssMb, waitForOk } from './lib/processes.js';
import { Random } from './lib/random.js';
import { type Crowd, runScenario, type ScenarioResult, scenarios } from './lib/scenarios.js';
import { germanWords } from './lib/words.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CROWD = 400;

export interface BenchOptions {
  db: string;
  duration: number;
  /**
   * Seconds each scenario runs unmeasured first (the CLI's default is 3): caches fill and code is
   * compiled, so the figures are of the steady state, not of the first second after a start.
   */
  warmup?: number;
  connections: number;
  wsClients: number;
  /** 'dist' runs the built server (what production runs); 'source' runs it through tsx (tests). */
  server: 'dist' | 'source';
  /** Another built Kantine (its folder, holding dist/server), e.g. the commit before a change. */
  serverDir?: string;
  /** KANTINE_WORKERS of the measured server (processes sharing the port). */
  workers?: number;
  /** A report of an SQLite run at the same scale: the PostgreSQL home feed is compared with it. */
  sqliteReport?: { scenarios: Record<string, { rps: number }> };
}

interface Target {
  name: string;
  value: number | null;
  goal: string;
  met: boolean;
  /** Why a target could not be measured in this run. */
  note?: string;
}

/** Connections of the search scenarios measured at the issue's lower load. */
const SEARCH_CONNECTIONS = 16;
const FEEDS = ['homeFeed', 'spaceFeed', 'hashtagFeed'] as const;
/** Full-scale SQLite figures before issue 13 (create post, add reaction): the goal is twice these. */
const WRITES_BEFORE = { createPost: 563, addReaction: 1059 };

/** Fetches one real home feed as a crowd member: the bytes and headers the same-bytes baseline serves. */
export async function captureHomeFeed(baseUrl: string, cookie: string, file: string) {
  const response = await fetch(`${baseUrl}/api/v1/feed?limit=20`, { headers: { cookie } });
  if (!response.ok) throw new Error(`capturing the home feed failed: ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  // Fastify sets the framing headers itself; everything else is copied as Kantine sent it.
  const framing = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
  response.headers.forEach((value, name) => {
    if (!framing.has(name)) headers[name] = value;
  });
  fs.writeFileSync(file, JSON.stringify({ headers, body: body.toString('base64') }));
  return body.length;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export async function createSessions(db: string, userIds: number[]): Promise<string[]> {
  const database = openDatabase(
    db.startsWith('postgres') ? { kind: 'postgres', url: db } : { kind: 'sqlite', file: path.resolve(db) },
  );
  const now = new Date();
  const cookies: string[] = [];
  const rows = userIds.map((userId) => {
    const secret = newSecret();
    cookies.push(`kantine_session=${secret}`);
    return {
      id: hashSecret(secret),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      user_agent: 'bench',
    };
  });
  for (let index = 0; index < rows.length; index += 500)
    await database.db
      .insertInto('sessions')
      .values(rows.slice(index, index + 500))
      .execute();
  await database.close();
  return cookies;
}

export async function crowdData(db: string, userIds: number[]) {
  const database = openDatabase(
    db.startsWith('postgres') ? { kind: 'postgres', url: db } : { kind: 'sqlite', file: path.resolve(db) },
  );
  const memberships = await database.db
    .selectFrom('space_members')
    .select(['user_id', 'space_id'])
    .where('user_id', 'in', userIds)
    .where('status', '=', 'member')
    .execute();
  const recent = await database.db
    .selectFrom('content')
    .innerJoin('spaces', 'spaces.id', 'content.space_id')
    .select('content.id')
    .where('spaces.visibility', '=', 'public')
    .orderBy('content.id', 'desc')
    .limit(2000)
    .execute();
  const tags = await database.db
    .selectFrom('content_tags')
    .select('tag')
    .groupBy('tag')
    .orderBy(sql`count(*)`, 'desc')
    .limit(30)
    .execute();
  const counts = {
    users: Number(
      (await database.db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow())
        .n,
    ),
    spaces: Number(
      (await database.db.selectFrom('spaces').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow())
        .n,
    ),
    posts: Number(
      (
        await database.db
          .selectFrom('content')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    comments: Number(
      (
        await database.db
          .selectFrom('comments')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    reactions: Number(
      (
        await database.db
          .selectFrom('reactions')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  };
  await database.close();
  return {
    spacesOf: userIds.map((id) => memberships.filter((m) => m.user_id === id).map((m) => m.space_id)),
    recentPostIds: recent.map((row) => row.id),
    tags: tags.map((row) => row.tag),
    counts,
  };
}

export async function removeBenchSessions(db: string) {
  const database = openDatabase(
    db.startsWith('postgres') ? { kind: 'postgres', url: db } : { kind: 'sqlite', file: path.resolve(db) },
  );
  await database.db.deleteFrom('sessions').where('user_agent', '=', 'bench').execute();
  await database.close();
}

async function databaseSizeMb(db: string): Promise<number | null> {
  if (db.startsWith('postgres')) {
    const database = openDatabase({ kind: 'postgres', url: db });
    const row = await sql<{ size: number }>`select pg_database_size(current_database()) as size`.execute(
      database.db,
    );
    await database.close();
    return Math.round(Number(row.rows[0]?.size ?? 0) / 1024 / 1024);
  }
  const size = ['', '-wal'].reduce(
    (sum, suffix) => sum + (fs.existsSync(`${db}${suffix}`) ? fs.statSync(`${db}${suffix}`).size : 0),
    0,
  );
  return Math.round(size / 1024 / 1024);
}

/** The gzip size of the JavaScript the first page loads (entry script and its static imports). */
export function initialJsKb(): number | null {
  const index = path.join(root, 'dist/web/index.html');
  if (!fs.existsSync(index)) return null;
  const html = fs.readFileSync(index, 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]);
  const bytes = files.reduce(
    (sum, file) => sum + gzipSync(fs.readFileSync(path.join(root, 'dist/web', file))).length,
    0,
  );
  return Math.round(bytes / 1024);
}

export async function runBench(options: BenchOptions) {
  const random = new Random(7);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-bench-'));
  const databaseUrl = options.db.startsWith('postgres') ? options.db : `sqlite:${path.resolve(options.db)}`;
  const kantinePort = await freePort();
  const serverArgs =
    options.server === 'dist'
      ? [path.join(options.serverDir ?? root, 'dist/server/main.js')]
      : ['--import', 'tsx', path.join(root, 'src/server/main.ts')];
  const startedAt = performance.now();
  const kantine = start(process.execPath, serverArgs, {
    PORT: String(kantinePort),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    KANTINE_DATA_DIR: dataDir,
    KANTINE_LOG_LEVEL: 'error',
    KANTINE_WORKERS: String(options.workers ?? 1),
  });
  const baseUrl = `http://127.0.0.1:${kantinePort}`;
  let sameBytes: ReturnType<typeof start> | undefined;
  let hello: ReturnType<typeof start> | undefined;
  try {
    // A busy shared machine can take long to start the server (and its workers).
    await waitForOk(`${baseUrl}/api/health`, kantine, 180_000);
    const startMs = Math.round(performance.now() - startedAt);
    // Started only now: its TypeScript compile would otherwise count in Kantine's start.
    const helloPort = await freePort();
    hello = start(process.execPath, ['--import', 'tsx', path.join(root, 'bench/hello.ts')], {
      PORT: String(helloPort),
    });
    await waitForOk(`http://127.0.0.1:${helloPort}/hello`, hello);

    const probe = await crowdData(options.db, [1]);
    const userCount = probe.counts.users;
    const crowdIds = Array.from(
      { length: Math.min(CROWD, userCount) },
      (_, i) => 1 + Math.floor((i * userCount) / Math.min(CROWD, userCount)),
    );
    const data = await crowdData(options.db, crowdIds);
    const crowd: Crowd = {
      cookies: await createSessions(options.db, crowdIds),
      spacesOf: data.spacesOf.map((spaces) => (spaces.length ? spaces : [1])),
      recentPostIds: data.recentPostIds,
      tags: data.tags.length ? data.tags : ['bench'],
      words: germanWords,
      prefixes: germanWords.map((word) => word.slice(0, 3)),
    };
    const settings = { connections: options.connections, duration: options.duration };
    const capturedFile = path.join(dataDir, 'home-feed.json');
    const feedBytes = await captureHomeFeed(baseUrl, crowd.cookies[0], capturedFile);
    const sameBytesPort = await freePort();
    sameBytes = start(process.execPath, ['--import', 'tsx', path.join(root, 'bench/same-bytes.ts')], {
      PORT: String(sameBytesPort),
      CAPTURED_FILE: capturedFile,
    });
    const sameBytesUrl = `http://127.0.0.1:${sameBytesPort}`;
    await waitForOk(`${sameBytesUrl}/api/v1/feed`, sameBytes);

    type Result = ScenarioResult & {
      ratio?: number;
      ratioSameBytes?: number;
      connections?: number;
      /** CPU time of the server's processes per answered request (ms): robust against a busy machine. */
      cpuMsPerRequest?: number | null;
    };
    const withCpu = async (
      pid: number | undefined,
      run: (duration: number) => Promise<ScenarioResult>,
    ): Promise<Result> => {
      if (options.warmup) await run(options.warmup);
      const before = treeCpuMs(pid);
      const result: Result = await run(settings.duration);
      const after = treeCpuMs(pid);
      const requests = result.rps * settings.duration;
      result.cpuMsPerRequest =
        before === null || after === null || requests === 0
          ? null
          : Math.round(((after - before) / requests) * 1000) / 1000;
      return result;
    };
    const results: Record<string, Result> = {};
    results.baseline = await withCpu(hello.pid, (duration) =>
      runScenario(`http://127.0.0.1:${helloPort}`, null, null, random, { ...settings, duration }),
    );
    const all = scenarios(crowd, random);
    const homeFeed = all.find((scenario) => scenario.name === 'homeFeed');
    if (!homeFeed) throw new Error('no homeFeed scenario');
    // The same requests as the home feed (cookies, path) against the captured bytes.
    results.sameBytes = await withCpu(sameBytes.pid, (duration) =>
      runScenario(sameBytesUrl, homeFeed, crowd, random, { ...settings, duration }),
    );
    results.sameBytes.ratio = round3(results.sameBytes.rps / Math.max(1, results.baseline.rps));
    const measure = async (name: string, scenario: (typeof all)[number], connections: number) => {
      const result = await withCpu(kantine.pid, (duration) =>
        runScenario(baseUrl, scenario, crowd, random, { ...settings, connections, duration }),
      );
      result.ratio = round3(result.rps / Math.max(1, results.baseline.rps));
      if ((FEEDS as readonly string[]).includes(name))
        result.ratioSameBytes = round3(result.rps / Math.max(1, results.sameBytes.rps));
      if (connections !== options.connections) result.connections = connections;
      results[name] = result;
    };
    for (const scenario of all) await measure(scenario.name, scenario, options.connections);
    for (const name of ['search', 'searchSuggest']) {
      const scenario = all.find((candidate) => candidate.name === name);
      if (scenario) await measure(`${name}${SEARCH_CONNECTIONS}`, scenario, SEARCH_CONNECTIONS);
    }
    const wsIds = Array.from({ length: Math.min(options.wsClients, userCount) }, (_, i) => i + 1);
    const live = await measureLiveFanOut(baseUrl, await createSessions(options.db, wsIds), crowd.cookies[0]);
    const rss = treePeakRssMb(kantine.pid);
    const js = initialJsKb();
    const isPostgres = options.db.startsWith('postgres');
    const sqliteHome = options.sqliteReport?.scenarios.homeFeed?.rps;
    const feedTargets = FEEDS.flatMap((name): Target[] => [
      { name: `${name} p99 (ms)`, value: results[name].p99, goal: '≤ 20', met: results[name].p99 <= 20 },
      {
        name: `${name} req/s ÷ same-bytes baseline`,
        value: results[name].ratioSameBytes ?? null,
        goal: '≥ 0.30',
        met: (results[name].ratioSameBytes ?? 0) >= 0.3,
      },
      {
        name: `${name} req/s ÷ hello-world`,
        value: results[name].ratio ?? null,
        goal: '≥ 0.05',
        met: (results[name].ratio ?? 0) >= 0.05,
      },
    ]);
    const targets: Target[] = [
      ...feedTargets,
      {
        name: 'postDetail req/s ÷ hello-world',
        value: results.postDetail.ratio ?? null,
        goal: '≥ 0.10',
        met: (results.postDetail.ratio ?? 0) >= 0.1,
      },
      ...(['createPost', 'addReaction'] as const).map(
        (name): Target => ({
          name: `${name} req/s (2× the full-scale figure before issue 13)`,
          value: results[name].rps,
          goal: `≥ ${2 * WRITES_BEFORE[name]}`,
          met: results[name].rps >= 2 * WRITES_BEFORE[name],
        }),
      ),
      {
        name: `new post to ${live.clients} WebSockets p99 (ms)`,
        value: live.p99,
        goal: '≤ 200',
        met: live.p99 <= 200 && live.missed === 0,
      },
      {
        name: `search p97.5 at ${SEARCH_CONNECTIONS} connections (ms)`,
        value: results[`search${SEARCH_CONNECTIONS}`].p975,
        goal: '≤ 50',
        met: results[`search${SEARCH_CONNECTIONS}`].p975 <= 50,
      },
      {
        name: `search p97.5 at ${options.connections} connections (ms)`,
        value: results.search.p975,
        goal: '≤ 250',
        met: results.search.p975 <= 250,
      },
      {
        name: `suggestions p97.5 at ${SEARCH_CONNECTIONS} connections (ms)`,
        value: results[`searchSuggest${SEARCH_CONNECTIONS}`].p975,
        goal: '≤ 30',
        met: results[`searchSuggest${SEARCH_CONNECTIONS}`].p975 <= 30,
      },
      isPostgres && sqliteHome
        ? {
            name: 'PostgreSQL home feed ÷ SQLite home feed',
            value: round3(results.homeFeed.rps / sqliteHome),
            goal: '≥ 0.60',
            met: results.homeFeed.rps / sqliteHome >= 0.6,
          }
        : {
            name: 'PostgreSQL home feed ÷ SQLite home feed',
            value: null,
            goal: '≥ 0.60',
            met: false,
            note: isPostgres
              ? 'pass --sqlite-json with an SQLite report of the same scale'
              : 'measured by a PostgreSQL run with --sqlite-json pointing at this report',
          },
      { name: 'peak RSS (MB, all processes)', value: rss, goal: '≤ 400', met: rss !== null && rss <= 400 },
      { name: 'start to first answer (ms)', value: startMs, goal: '≤ 1500', met: startMs <= 1500 },
      { name: 'initial page JS (KB gzip)', value: js, goal: '≤ 200', met: js !== null && js <= 200 },
    ];
    return {
      scale: data.counts,
      database: options.db.startsWith('postgres') ? 'postgresql' : 'sqlite',
      settings: {
        connections: options.connections,
        searchConnections: SEARCH_CONNECTIONS,
        workers: options.workers ?? 1,
        // The measured server's item cache (KANTINE_ITEM_CACHE_MB from the environment; 64 by default).
        itemCacheMb: Number(process.env.KANTINE_ITEM_CACHE_MB ?? 64),
        // The measured server's membership cache (KANTINE_MEMBERSHIP_CACHE_SECONDS; 30 by default, 0 off).
        membershipCacheSeconds: Number(process.env.KANTINE_MEMBERSHIP_CACHE_SECONDS ?? 30),
        // How far its heap may outgrow the live set (KANTINE_HEAP_GROWTH_PERCENT; 50 by default, 0 = V8's own).
        heapGrowthPercent: Number(process.env.KANTINE_HEAP_GROWTH_PERCENT ?? 50),
        feedBytes,
        duration: options.duration,
        warmup: options.warmup ?? 0,
        wsClients: live.clients,
        crowd: crowd.cookies.length,
      },
      scenarios: results,
      live,
      startMs,
      peakRssMb: rss,
      databaseMb: await databaseSizeMb(options.db),
      initialJsKb: js,
      targets,
    };
  } finally {
    kantine.kill('SIGTERM');
    hello?.kill('SIGTERM');
    sameBytes?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await removeBenchSessions(options.db).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(report: Awaited<ReturnType<typeof runBench>>) {
  const lines = [`Kantine benchmark on ${report.database}: ${JSON.stringify(report.scale)}`, ''];
  lines.push(
    `${'scenario'.padEnd(16)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p97.5'.padStart(9)}${'p99 ms'.padStart(9)}${'÷hello'.padStart(8)}${'÷same'.padStart(8)}${'cpu ms'.padStart(8)}${'errors'.padStart(8)}`,
  );
  for (const [name, result] of Object.entries(report.scenarios)) {
    lines.push(
      `${name.padEnd(16)}${String(result.rps).padStart(9)}${String(result.p50).padStart(9)}${String(result.p975).padStart(9)}${String(result.p99).padStart(9)}${String(result.ratio ?? '').padStart(8)}${String(result.ratioSameBytes ?? '').padStart(8)}${String(result.cpuMsPerRequest ?? '').padStart(8)}${String(result.errors + result.non2xx).padStart(8)}`,
    );
  }
  lines.push(
    '',
    `live fan-out: ${report.live.clients} clients × ${report.live.posts} posts, p50 ${report.live.p50} ms, p99 ${report.live.p99} ms, missed ${report.live.missed}`,
  );
  lines.push(
    `start ${report.startMs} ms · peak RSS ${report.peakRssMb ?? '?'} MB · database ${report.databaseMb ?? '?'} MB · initial JS ${report.initialJsKb ?? '?'} KB gzip`,
    '',
  );
  for (const target of report.targets)
    lines.push(
      `${target.met ? 'met    ' : 'NOT MET'}  ${target.name}: ${target.value} (goal ${target.goal})${target.note ? ` — ${target.note}` : ''}`,
    );
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      json: { type: 'string' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '64' },
      'ws-clients': { type: 'string', default: '2000' },
      server: { type: 'string', default: 'dist' },
      workers: { type: 'string', default: '1' },
      'sqlite-json': { type: 'string' },
      'server-dir': { type: 'string' },
    },
  });
  if (!values.db) throw new Error('--db FILE_OR_URL is required (seed one with npm run bench:seed)');
  const report = await runBench({
    db: values.db,
    duration: Number(values.duration),
    warmup: Number(values.warmup),
    connections: Number(values.connections),
    wsClients: Number(values['ws-clients']),
    server: values.server === 'source' ? 'source' : 'dist',
    workers: Number(values.workers),
    serverDir: values['server-dir'] ? path.resolve(values['server-dir']) : undefined,
    sqliteReport: values['sqlite-json']
      ? JSON.parse(fs.readFileSync(values['sqlite-json'], 'utf8'))
      : undefined,
  });
  console.log(table(report));
  const json = JSON.stringify(report);
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(json);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
