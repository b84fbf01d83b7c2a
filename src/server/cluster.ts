import cluster, { type Worker } from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { relayLiveMessages } from './live/cluster-bus.js';

const RESTART_DELAY_MS = 1000;

/**
 * The primary process of `KANTINE_WORKERS` > 1: migrates the schema once, then forks one worker per
 * slot. Workers share the listening port (node:cluster hands out the connections), run the whole app
 * each, and exchange live messages through this process (or Redis when REDIS_URL is set). A worker
 * that dies is replaced. Periodic work (the article scheduler) runs in every worker and claims each
 * item with a conditional update, exactly as it does across several machines.
 */
export async function runPrimary(config: Config): Promise<void> {
  // One migration before any worker starts, so workers never race on the schema.
  const database = openDatabase(config.database);
  await database.migrate();
  await database.close();

  relayLiveMessages();
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) return;
    console.error(`kantine worker ${worker.id} exited (${signal ?? code}); starting a new one`);
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });
  for (let index = 0; index < config.workers; index++) fork();

  const pidFile = path.join(config.dataDir, 'kantine.pid');
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(pidFile, String(process.pid));
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    let alive = workers.length;
    const done = () => {
      fs.rmSync(pidFile, { force: true });
      process.exit(0);
    };
    if (alive === 0) return done();
    for (const worker of workers) {
      worker.once('exit', () => {
        alive--;
        if (alive === 0) done();
      });
      worker.process.kill('SIGTERM');
    }
    // A worker that hangs on shutdown must not keep the service from stopping.
    setTimeout(done, 10_000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
