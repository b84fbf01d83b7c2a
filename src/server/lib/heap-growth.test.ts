import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

const modulePath = fileURLToPath(new URL('./heap-growth.ts', import.meta.url));

/**
 * A fresh process that keeps ~40 MB alive and churns through objects that live long enough to
 * reach the old generation (as a busy server's requests do); prints the largest heap it saw, in MB.
 */
function peakHeapMb(percent: number): number {
  const script = `
    import { limitHeapGrowth } from ${JSON.stringify(modulePath)};
    limitHeapGrowth(Number(process.argv[1]));
    const live = [];
    for (let i = 0; i < 300000; i++) live.push({ i, text: 'x'.repeat(64) + i });
    const ring = new Array(50000);
    let peak = 0;
    for (let i = 0; i < 3000000; i++) {
      ring[i % ring.length] = { i, text: 'y'.repeat(80) + i, list: [i, i + 1] };
      if (i % 10000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
    }
    console.log(live.length && Math.round(peak / 1048576));
  `;
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, String(percent)],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return Number(output.trim());
}

describe('limitHeapGrowth', () => {
  // Both set explicitly: V8's own factor depends on the machine's memory (up to 4 with ≥ ~4 GB).
  it('sets how far the heap outgrows what is alive', () => {
    const loose = peakHeapMb(300);
    const tight = peakHeapMb(20);
    expect(tight).toBeGreaterThan(0);
    expect(tight).toBeLessThan(loose * 0.6);
  }, 60_000);

  it('is a setting: 50 % unless KANTINE_HEAP_GROWTH_PERCENT says otherwise, never negative', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(50);
    expect(loadConfig({ KANTINE_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ KANTINE_HEAP_GROWTH_PERCENT: '120' }).heapGrowthPercent).toBe(120);
    expect(() => loadConfig({ KANTINE_HEAP_GROWTH_PERCENT: '-5' })).toThrow(ConfigError);
    expect(() => loadConfig({ KANTINE_HEAP_GROWTH_PERCENT: 'viel' })).toThrow(ConfigError);
  });
});
