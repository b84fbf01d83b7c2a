import { type ChildProcess, spawn } from 'node:child_process';
import type { TestDatabase } from './database.js';
import { freePort } from './faults.js';

export interface NodeProcess {
  url: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr. */
  output: string[];
  exited: Promise<number | null>;
}

/** One Kantine node as its own operating-system process, as an operator runs it. */
export async function startNode(
  database: TestDatabase,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<NodeProcess> {
  const port = await freePort();
  const databaseUrl =
    database.target.kind === 'postgres' ? database.target.url : `sqlite:${database.target.file}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KANTINE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      REDIS_URL: '',
      KANTINE_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a loaded machine starting tsx alone has taken 20 s.
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health/live`)).ok) return { url, process: child, output, exited };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`node on port ${port} did not start:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until `check` holds, or fails after `timeoutMs`; returns how long it took. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
