import fs from 'node:fs';
import { build } from 'vite';
import { chromiumPath } from './browser.js';

/** Browser tests run against the real built web app: build it once before they start. */
export default async function setup() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
