import 'dotenv/config';
import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.js';
import { runPrimary } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';

async function main() {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config);
  const app = await buildApp(config);
  // In a worker the primary owns the pid file.
  const ownsPidFile = cluster.isPrimary;
  const pidFile = path.join(config.dataDir, 'kantine.pid');
  const shutdown = async (signal: string) => {
    app.log.info(`${signal} received, shutting down`);
    await app.close();
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
  if (!config.publicUrl && cluster.isPrimary) {
    app.log.warn(
      'KANTINE_PUBLIC_URL is not set: links in mails use the host each request came to. Set it in production.',
    );
  }
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
