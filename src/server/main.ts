import 'dotenv/config';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { describeLinkBase } from './http/urls.js';

async function main() {
  const config = loadConfig();
  const app = await buildApp(config);
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
      fs.rmSync(pidFile, { force: true });
      process.exit(1);
    }, limit + 5000);
    giveUp.unref();
    try {
      await app.close();
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
    }
    clearTimeout(cut);
    fs.rmSync(pidFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // `kantine restore` reads this to refuse overwriting the database of a running instance.
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(pidFile, String(process.pid));
  app.log.info(await describeLinkBase(app.kantine));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
