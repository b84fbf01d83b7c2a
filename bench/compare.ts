/**
 * `npx tsx bench/compare.ts --db FILE --server before=/tmp/before --server after=. [--env after:KEY=VALUE]
 *  [--scenarios homeFeed,spaceFeed] [--rounds 3] [--duration 5] [--connections 64] [--cpu-prof DIR]
 *  [--copies]`
 *
 * Before and after a change in one run: starts one built Kantine per `--server name=dir` (each
 * folder holds dist/server) on the same database, and measures the read scenarios of the benchmark
 * against them in turn, round after round, so that both see the same machine load. Reports req/s
 * and p99 latency (median of the rounds), the server's CPU time per answered request (robust on a busy machine),
 * their ratios to the first server, and each server's peak RSS. `--cpu-prof DIR` starts the servers
 * with Node's `--cpu-prof` and writes one profile per server into DIR when they stop. `--baselines`
 * also measures, in the same rounds, the benchmark's hello-world route and its same-bytes route (a
 * home feed captured from the first server, served from memory) and prints each scenario's ratios
 * to them (÷hello, ÷same), as `npm run bench` does.
 * Only GET scenarios: both servers share the database, and writes would change what the next reads —
 * unless `--copies` (SQLite): then each server runs on its own copy of the database, made after the
 * benchmark's sessions were written into it, and the write scenarios (createPost, addReaction) can
 * be compared too. The copies are removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, start, treeCpuMs, treePeakRssMb, waitForOk } from './lib/processes.js';
import { Random } from './lib/random.js';
import { type Crowd, runScenario, scenarios } from './lib/scenarios.js';
import { germanWords } from './lib/words.js';
import { captureHomeFeed, createSessions, crowdData, removeBenchSessions } from './run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CROWD = 400;

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    server: { type: 'string', multiple: true, default: [`current=${root}`] },
    env: { type: 'string', multiple: true, default: [] },
    scenarios: { type: 'string', default: 'homeFeed,spaceFeed,hashtagFeed,postDetail' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    'cpu-prof': { type: 'string' },
    baselines: { type: 'boolean', default: false },
    copies: { type: 'boolean', default: false },
  },
});
if (!values.db) throw new Error('--db FILE|postgres://… is required (seed one with npm run bench:seed)');
const db = values.db;
const servers = values.server.map((spec) => {
  const [name, dir] = spec.includes('=') ? spec.split('=', 2) : [spec, spec];
  const env: Record<string, string> = {};
  for (const entry of values.env) {
    // Split at the first ':' and '=' only: a value may hold either (NODE_OPTIONS=--max-old-space-size=192).
    const who = entry.slice(0, entry.indexOf(':'));
    const assignment = entry.slice(entry.indexOf(':') + 1);
    if (who !== name) continue;
    const key = assignment.slice(0, assignment.indexOf('='));
    const value = assignment.slice(assignment.indexOf('=') + 1);
    env[key] = value;
  }
  return { name, dir: path.resolve(dir), env };
});

if (values.copies && db.startsWith('postgres')) throw new Error('--copies works with SQLite files only');
const random = new Random(7);
const dataDirs: string[] = [];
/** Servers started so far: stopped, and their sessions and copies removed, however the run ends. */
const running: Array<(typeof servers)[number] & { child: ReturnType<typeof start>; baseUrl: string }> = [];
const baselines: Array<{ name: string; baseUrl: string; child: ReturnType<typeof start> }> = [];
try {
  const probe = await crowdData(db, [1]);
  const userCount = probe.counts.users;
  const crowdIds = Array.from(
    { length: Math.min(CROWD, userCount) },
    (_, i) => 1 + Math.floor((i * userCount) / Math.min(CROWD, userCount)),
  );
  const data = await crowdData(db, crowdIds);
  const crowd: Crowd = {
    cookies: await createSessions(db, crowdIds),
    spacesOf: data.spacesOf.map((spaces) => (spaces.length ? spaces : [1])),
    recentPostIds: data.recentPostIds,
    tags: data.tags.length ? data.tags : ['bench'],
    words: germanWords,
    prefixes: germanWords.map((word) => word.slice(0, 3)),
  };
  /** With --copies: each server's own database file, holding the sessions written above. */
  const copyOf = (name: string) => {
    if (!values.copies) return path.resolve(db);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-compare-db-'));
    dataDirs.push(dir);
    const file = path.join(dir, `${name}.db`);
    fs.copyFileSync(path.resolve(db), file);
    if (fs.existsSync(`${path.resolve(db)}-wal`)) fs.copyFileSync(`${path.resolve(db)}-wal`, `${file}-wal`);
    return file;
  };
  running.push(
    ...(await Promise.all(
      servers.map(async (server) => {
        const port = await freePort();
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-compare-'));
        dataDirs.push(dataDir);
        const profile = values['cpu-prof']
          ? [
              '--cpu-prof',
              '--cpu-prof-dir',
              path.resolve(values['cpu-prof']),
              '--cpu-prof-name',
              `${server.name}.cpuprofile`,
            ]
          : [];
        const child = start(process.execPath, [...profile, path.join(server.dir, 'dist/server/main.js')], {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: db.startsWith('postgres') ? db : `sqlite:${copyOf(server.name)}`,
          KANTINE_DATA_DIR: dataDir,
          KANTINE_LOG_LEVEL: 'error',
          KANTINE_WORKERS: '1',
          ...server.env,
        });
        const baseUrl = `http://127.0.0.1:${port}`;
        await waitForOk(`${baseUrl}/api/health`, child, 180_000);
        return { ...server, child, baseUrl };
      }),
    )),
  );

  if (values.baselines) {
    const helloPort = await freePort();
    const hello = start(process.execPath, ['--import', 'tsx', path.join(root, 'bench/hello.ts')], {
      PORT: String(helloPort),
    });
    const captured = path.join(dataDirs[0], 'home-feed.json');
    await captureHomeFeed(running[0].baseUrl, crowd.cookies[0], captured);
    const samePort = await freePort();
    const same = start(process.execPath, ['--import', 'tsx', path.join(root, 'bench/same-bytes.ts')], {
      PORT: String(samePort),
      CAPTURED_FILE: captured,
    });
    baselines.push(
      { name: 'hello', baseUrl: `http://127.0.0.1:${helloPort}`, child: hello },
      { name: 'same', baseUrl: `http://127.0.0.1:${samePort}`, child: same },
    );
    await waitForOk(`${baselines[0].baseUrl}/hello`, hello);
    await waitForOk(`${baselines[1].baseUrl}/api/v1/feed`, same);
  }
  const baselineRps: Record<string, number[]> = { hello: [], same: [] };
  const wanted = values.scenarios.split(',');
  const chosen = scenarios(crowd, random).filter((scenario) => wanted.includes(scenario.name));
  if (!values.copies && chosen.some((scenario) => scenario.steps.some((step) => step.method !== 'GET')))
    throw new Error('only GET scenarios when the servers share one database (or --copies)');
  const connections = Number(values.connections);
  const duration = Number(values.duration);
  type Tally = { rps: number[]; p99: number[]; cpuMs: number; requests: number; errors: number };
  const tallies = new Map<string, Tally>();
  for (const scenario of chosen) {
    // A short warm-up per server fills its caches (items, memberships, sessions, statements).
    for (const server of running)
      await runScenario(server.baseUrl, scenario, crowd, random, { connections, duration: 2 });
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const baseline of baselines) {
        // hello answers its own route; same-bytes the home feed's requests (cookies, path).
        const homeFeed = scenarios(crowd, random).find((candidate) => candidate.name === 'homeFeed');
        const result = await runScenario(
          baseline.baseUrl,
          baseline.name === 'hello' ? null : (homeFeed ?? null),
          baseline.name === 'hello' ? null : crowd,
          random,
          { connections, duration },
        );
        baselineRps[baseline.name].push(result.rps);
      }
      for (const server of round % 2 ? [...running].reverse() : running) {
        const before = treeCpuMs(server.child.pid) ?? 0;
        const result = await runScenario(server.baseUrl, scenario, crowd, random, { connections, duration });
        const cpu = (treeCpuMs(server.child.pid) ?? 0) - before;
        const key = `${scenario.name}\t${server.name}`;
        const tally = tallies.get(key) ?? { rps: [], p99: [], cpuMs: 0, requests: 0, errors: 0 };
        tally.rps.push(result.rps);
        tally.p99.push(result.p99);
        tally.cpuMs += cpu;
        tally.requests += result.rps * duration;
        tally.errors += result.errors + result.non2xx;
        tallies.set(key, tally);
      }
    }
  }
  const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
  const hello = baselines.length ? median(baselineRps.hello) : 0;
  const same = baselines.length ? median(baselineRps.same) : 0;
  if (baselines.length) console.log(`baselines (median req/s): hello ${hello}, same-bytes ${same}`);
  console.log(
    `${'scenario'.padEnd(14)}${'server'.padEnd(12)}${'req/s'.padStart(8)}${'p99'.padStart(6)}${'cpu ms'.padStart(9)}${'÷rps'.padStart(7)}${'÷cpu'.padStart(7)}${'errors'.padStart(8)}${baselines.length ? `${'÷hello'.padStart(8)}${'÷same'.padStart(8)}` : ''}`,
  );
  for (const scenario of chosen) {
    const first = tallies.get(`${scenario.name}\t${running[0].name}`) as Tally;
    for (const server of running) {
      const tally = tallies.get(`${scenario.name}\t${server.name}`) as Tally;
      const cpu = tally.cpuMs / Math.max(1, tally.requests);
      const firstCpu = first.cpuMs / Math.max(1, first.requests);
      console.log(
        `${scenario.name.padEnd(14)}${server.name.padEnd(12)}${String(median(tally.rps)).padStart(8)}${String(median(tally.p99)).padStart(6)}${cpu.toFixed(3).padStart(9)}${(median(tally.rps) / median(first.rps)).toFixed(2).padStart(7)}${(cpu / firstCpu).toFixed(2).padStart(7)}${String(tally.errors).padStart(8)}${baselines.length ? `${(median(tally.rps) / hello).toFixed(3).padStart(8)}${(median(tally.rps) / same).toFixed(3).padStart(8)}` : ''}`,
      );
    }
  }
  for (const server of running) console.log(`peak RSS ${server.name}: ${treePeakRssMb(server.child.pid)} MB`);
} finally {
  for (const baseline of baselines) baseline.child.kill('SIGTERM');
  for (const server of running) server.child.kill('SIGTERM');
  // Profiles are written on exit.
  await Promise.all(
    running.map(
      (server) =>
        new Promise((resolve) => {
          if (server.child.exitCode !== null) resolve(null);
          else server.child.once('exit', resolve);
        }),
    ),
  );
  await removeBenchSessions(db).catch(() => undefined);
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
}
