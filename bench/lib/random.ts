/** A small deterministic PRNG (mulberry32): the same seed gives the same company. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Index in [0, n) with a long tail: small indexes are much more likely (a Zipf-like skew). */
  skewed(n: number, power = 2.5): number {
    return Math.min(n - 1, Math.floor(n * this.next() ** power));
  }
}
