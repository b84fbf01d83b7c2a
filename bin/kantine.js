#!/usr/bin/env node
// `npx kantine …`: runs the compiled command line, compiling the server first if it was never built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = new URL('../dist/server/cli.js', import.meta.url);
if (!existsSync(cli)) {
  const built = spawnSync('npm', ['run', 'build:server', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(cli.href);
