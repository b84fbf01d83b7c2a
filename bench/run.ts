/**
 * `npm run bench -- --db FILE_OR_URL [--json FILE] [--duration 10] [--connections 64] [--ws-clients 2000]`
 * Starts Kantine on a seeded database and measures it against a Fastify hello-world baseline run on
 * the same machine in the same run. The last line printed is the result as one line of JSON.
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
import { freePort, peakRssMb, start, waitForOk } from './lib/processes.js';
import { Random } from './lib/random.js';
import { type Crowd, runScenario, type ScenarioResult, scenarios } from './lib/scenarios.js';
import { germanWords } from './lib/words.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CROWD = 400;

export interface BenchOptions {
  db: string;
  duration: number;
  connections: number;
  wsClients: number;
  /** 'dist' runs the built server (what production runs); 'source' runs it through tsx (tests). */
  server: 'dist' | 'source';
}

interface Target {
  name: string;
  value: number | null;
  goal: string;
  met: boolean;
}

async function createSessions(db: string, userIds: number[]): Promise<string[]> {
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

async function crowdData(db: string, userIds: number[]) {
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

async function removeBenchSessions(db: string) {
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
  const helloPort = await freePort();
  const hello = start(process.execPath, ['--import', 'tsx', path.join(root, 'bench/hello.ts')], {
    PORT: String(helloPort),
  });
  const kantinePort = await freePort();
  const serverArgs =
    options.server === 'dist'
      ? [path.join(root, 'dist/server/main.js')]
      : ['--import', 'tsx', path.join(root, 'src/server/main.ts')];
  const startedAt = performance.now();
  const kantine = start(process.execPath, serverArgs, {
    PORT: String(kantinePort),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    KANTINE_DATA_DIR: dataDir,
    KANTINE_LOG_LEVEL: 'error',
  });
  const baseUrl = `http://127.0.0.1:${kantinePort}`;
  try {
    await waitForOk(`${baseUrl}/api/health`, kantine);
    const startMs = Math.round(performance.now() - startedAt);
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
    const results: Record<string, ScenarioResult & { ratio?: number }> = {};
    results.baseline = await runScenario(`http://127.0.0.1:${helloPort}`, null, null, random, settings);
    for (const scenario of scenarios(crowd, random)) {
      const result = await runScenario(baseUrl, scenario, crowd, random, settings);
      results[scenario.name] = {
        ...result,
        ratio: Math.round((result.rps / Math.max(1, results.baseline.rps)) * 1000) / 1000,
      };
    }
    const wsIds = Array.from({ length: Math.min(options.wsClients, userCount) }, (_, i) => i + 1);
    const live = await measureLiveFanOut(baseUrl, await createSessions(options.db, wsIds), crowd.cookies[0]);
    const rss = peakRssMb(kantine.pid);
    const js = initialJsKb();
    const targets: Target[] = [
      {
        name: 'home feed p99 (ms)',
        value: results.homeFeed.p99,
        goal: '≤ 20',
        met: results.homeFeed.p99 <= 20,
      },
      {
        name: 'home feed req/s ÷ baseline',
        value: results.homeFeed.ratio ?? null,
        goal: '≥ 0.25',
        met: (results.homeFeed.ratio ?? 0) >= 0.25,
      },
      {
        name: `new post to ${live.clients} WebSockets p99 (ms)`,
        value: live.p99,
        goal: '≤ 200',
        met: live.p99 <= 200 && live.missed === 0,
      },
      {
        name: 'search p97.5 (ms; stricter than the p95 goal)',
        value: results.search.p975,
        goal: '≤ 50',
        met: results.search.p975 <= 50,
      },
      { name: 'start to first answer (ms)', value: startMs, goal: '≤ 1500', met: startMs <= 1500 },
      { name: 'initial page JS (KB gzip)', value: js, goal: '≤ 200', met: js !== null && js <= 200 },
    ];
    return {
      scale: data.counts,
      database: options.db.startsWith('postgres') ? 'postgresql' : 'sqlite',
      settings: {
        connections: options.connections,
        duration: options.duration,
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
    hello.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await removeBenchSessions(options.db).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(report: Awaited<ReturnType<typeof runBench>>) {
  const lines = [`Kantine benchmark on ${report.database}: ${JSON.stringify(report.scale)}`, ''];
  lines.push(
    `${'scenario'.padEnd(16)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'ratio'.padStart(8)}${'errors'.padStart(8)}`,
  );
  for (const [name, result] of Object.entries(report.scenarios)) {
    lines.push(
      `${name.padEnd(16)}${String(result.rps).padStart(9)}${String(result.p50).padStart(9)}${String(result.p99).padStart(9)}${String(result.ratio ?? '').padStart(8)}${String(result.errors + result.non2xx).padStart(8)}`,
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
      `${target.met ? 'met    ' : 'NOT MET'}  ${target.name}: ${target.value} (goal ${target.goal})`,
    );
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      json: { type: 'string' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '64' },
      'ws-clients': { type: 'string', default: '2000' },
      server: { type: 'string', default: 'dist' },
    },
  });
  if (!values.db) throw new Error('--db FILE_OR_URL is required (seed one with npm run bench:seed)');
  const report = await runBench({
    db: values.db,
    duration: Number(values.duration),
    connections: Number(values.connections),
    wsClients: Number(values['ws-clients']),
    server: values.server === 'source' ? 'source' : 'dist',
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
