import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeBackoffDelay } from '../../src/policies/index.js';

describe('computeBackoffDelay', () => {
  it('doubles the ceiling from 500 ms up to 30 s without jitter', () => {
    const delays = Array.from({ length: 10 }, (_, attempt) => computeBackoffDelay(attempt, { jitter: 'none' }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('uses full jitter by default: uniform between 0 and the ceiling', () => {
    expect(computeBackoffDelay(3, {}, () => 0)).toBe(0);
    expect(computeBackoffDelay(3, {}, () => 0.5)).toBe(2000);
    expect(computeBackoffDelay(3, {}, () => 0.999999)).toBeCloseTo(4000, 1);
  });

  it('keeps equal jitter in the upper half of the ceiling', () => {
    expect(computeBackoffDelay(2, { jitter: 'equal' }, () => 0)).toBe(1000);
    expect(computeBackoffDelay(2, { jitter: 'equal' }, () => 0.999999)).toBeCloseTo(2000, 1);
  });

  it('honours custom min, max and factor', () => {
    const options = { minDelayMs: 100, maxDelayMs: 1000, factor: 3, jitter: 'none' as const };
    expect([0, 1, 2, 3].map((attempt) => computeBackoffDelay(attempt, options))).toEqual([100, 300, 900, 1000]);
  });

  it('never leaves [0, min(max, min * factor^attempt)] whatever the random source says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.constantFrom('full' as const, 'equal' as const, 'none' as const),
        (attempt, r, jitter) => {
          const delay = computeBackoffDelay(attempt, { jitter }, () => r);
          const ceiling = Math.min(30_000, 500 * 2 ** attempt);
          expect(delay).toBeGreaterThanOrEqual(jitter === 'full' ? 0 : jitter === 'equal' ? ceiling / 2 : ceiling);
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });

  it('spreads a crowd of clients across the whole window with full jitter', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = Array.from({ length: 1000 }, () => computeBackoffDelay(4, {}, random));
    const buckets = [0, 0, 0, 0];
    for (const delay of delays) buckets[Math.min(3, Math.floor(delay / 2000))]++;
    for (const bucket of buckets) expect(bucket).toBeGreaterThan(150);
  });
});
