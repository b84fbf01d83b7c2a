import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './outbox.worker.js';

describe('outbox retry schedule', () => {
  it('retries within 10 s, makes four attempts within 90 s, then slows down to about a day', () => {
    const delays = Array.from({ length: 10 }, (_, index) => retryDelayMs(index + 1, 1));
    expect(delays[0]).toBeLessThanOrEqual(10_000);
    expect(delays[0] + delays[1] + delays[2]).toBeLessThanOrEqual(90_000);
    for (let index = 1; index < delays.length; index++)
      expect(delays[index]).toBeGreaterThan(delays[index - 1]);
    const total = delays.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThan(20 * 3600_000);
    expect(total).toBeLessThanOrEqual(26 * 3600_000);
    expect(retryDelayMs(50, 1)).toBe(86_400_000);
    expect(retryDelayMs(1, 0.01)).toBe(50);
  });
});
