import 'dotenv/config';
import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.js';
import { runPrimary } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';
import { describeLinkBase } from './http/urls.js';
import { limitHeapGrowth } from './lib/heap-growth.js';

async function main() {
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config);
  const app = await buildApp(config);
  // In a worker the primary owns the pid file.
  const ownsPidFile = cluster.isPrimary;
  const pidFile = path.join(config.dataDir, 'kantine.pid');
  let shuttingDown = false;
  /**
   * Stop accepting, let requests in flight finish until KANTINE_SHUTDOWN_SECONDS, then cut the
   * connections that are still open (a hung request, a trickling upload), close database, Redis
   * and timers, and exit. A last deadline exits even if closing itself hangs.
   */
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.health.shuttingDown = true;
    const limit = config.timeouts.shutdownMs;
    app.log.info(
      `${signal} received, shutting down (waiting up to ${limit / 1000} s for requests in flight)`,
    );
    const cut = setTimeout(() => {
      app.log.warn('shutdown deadline passed: closing the connections still open');
      app.server.closeAllConnections();
    }, limit);
    const giveUp = setTimeout(() => {
      app.log.error('shutdown did not complete; exiting anyway');
      if (ownsPidFile) fs.rmSync(pidFile, { force: true });
      process.exit(1);
    }, limit + 5000);
    giveUp.unref();
    try {
      await app.close();
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
    }
    clearTimeout(cut);
    if (ownsPidFile) fs.rmSync(pidFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A worker whose primary is gone has nobody to hand it connections: it ends too.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('disconnect'));
  await app.listen({ port: config.port, host: config.host });
  // `kantine restore` reads this to refuse overwriting the database of a running instance.
  if (ownsPidFile) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(pidFile, String(process.pid));
  }
  if (cluster.isPrimary || cluster.worker?.id === 1) app.log.info(await describeLinkBase(app.kantine));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
