import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_MAX_ATTEMPTS, retryDelayMs } from './backoff.ts';

describe('retry backoff', () => {
  it('doubles from the base, capped, with half of each step jittered', () => {
    const options = { baseMs: 1000, capMs: 60_000 };
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, options, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, options, () => 0.999_999))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(7, options, () => 0)).toBe(30_000);
    expect(retryDelayMs(50, options, () => 0.5)).toBe(45_000);
    expect(retryDelayMs(10_000, options, () => 1 - Number.EPSILON)).toBeLessThanOrEqual(60_000);
  });

  it('spreads the retries of one attempt over [step/2, step)', () => {
    const delays = new Set(Array.from({ length: 200 }, () => retryDelayMs(3)));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(60_000);
      expect(delay).toBeLessThanOrEqual(120_000);
    }
    expect(delays.size).toBeGreaterThan(100);
  });

  it('is dead after the last attempt', () => {
    expect(DEFAULT_MAX_ATTEMPTS).toBe(8);
    expect(afterFailure(1, 8)).toBe('failed');
    expect(afterFailure(7, 8)).toBe('failed');
    expect(afterFailure(8, 8)).toBe('dead');
    expect(afterFailure(9, 8)).toBe('dead');
  });
});
