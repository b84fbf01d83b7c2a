import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what was alive after a full collection, before it
 * collects again. V8 picks a factor of up to 4 by itself on a machine with plenty of memory: at full
 * scale Kantine keeps ~130 MB alive and peaked at ~460–570 MB resident under load, mostly garbage
 * waiting for the next collection. With 50 % the benchmark's peak fell to ~330 MB at the same
 * throughput (bench/README.md). V8 reads this flag whenever it sets the next limit, so it can be
 * set after the start — unlike `--max-old-space-size`, which also ends the process when the live
 * heap outgrows it.
 */
export function limitHeapGrowth(percent: number) {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}
