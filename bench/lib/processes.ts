import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitForOk(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    if (child.exitCode !== null) throw new Error(`process for ${url} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Peak resident memory (VmHWM) of a process, in MB; null where /proc is not available. */
export function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/VmHWM:\s+(\d+) kB/);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** A process and all its descendants (cluster workers). */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    try {
      const children = fs.readFileSync(`/proc/${pids[index]}/task/${pids[index]}/children`, 'utf8');
      pids.push(...children.split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // gone, or no /proc
    }
  }
  return pids;
}

/** Peak resident memory of a process and all its descendants (cluster workers), in MB. */
export function treePeakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  const sizes = processTree(pid)
    .map(peakRssMb)
    .filter((size): size is number => size !== null);
  return sizes.length ? sizes.reduce((sum, size) => sum + size, 0) : null;
}

const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, all threads) a process and its descendants have used so far, in ms.
 * Per request it is a measure of work that other load on a shared machine barely disturbs.
 */
export function treeCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  let ticks = 0;
  for (const one of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${one}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}
