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
  const shutdown = async (signal: string) => {
    app.log.info(`${signal} received, shutting down`);
    await app.close();
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
