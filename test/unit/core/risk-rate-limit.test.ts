import { describe, it, expect } from 'vitest';
import { checkRate, TokenBucket } from '../../../workers/core/risk-rate-limit.js';
import { SeededRandom } from '../../../workers/core/random.js';

const T0 = 1_700_000_000_000_000;
const SECOND = 1_000_000;

describe('TokenBucket', () => {
  it('starts full: a burst of one second’s worth passes at once, the next is refused', () => {
    const bucket = new TokenBucket(100);
    for (let i = 0; i < 100; i++) expect(bucket.take(T0)).toBe(true);
    expect(bucket.take(T0)).toBe(false);
    expect(bucket.tokens(T0)).toBe(0);
  });

  it('refills continuously at the rate: one token every 10 ms at 100/s, exactly on time', () => {
    const bucket = new TokenBucket(100);
    for (let i = 0; i < 100; i++) bucket.take(T0);
    expect(bucket.waitUs(T0)).toBe(10_000);
    expect(bucket.take(T0 + 9_999)).toBe(false);
    expect(bucket.take(T0 + 10_000)).toBe(true);
    expect(bucket.take(T0 + 10_000)).toBe(false);
    // A long pause refills to the burst, never beyond it.
    expect(bucket.tokens(T0 + 60 * SECOND)).toBe(100);
  });

  it('refills nothing when the clock steps back, and is deterministic for the same inputs', () => {
    const run = () => {
      const bucket = new TokenBucket(3);
      const times = [T0, T0, T0, T0, T0 - 5, T0 + 333_333, T0 + 333_334, T0 + 700_000];
      return times.map((t) => bucket.take(t));
    };
    expect(run()).toEqual([true, true, true, false, false, false, true, true]);
    expect(run()).toEqual(run());
  });

  it('refuses a rate that is not a whole number ≥ 1', () => {
    expect(() => new TokenBucket(0)).toThrow(/whole number/);
    expect(() => new TokenBucket(2.5)).toThrow(/whole number/);
  });

  it('never lets more than rate × window + burst through in any window (seeded random arrivals)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new SeededRandom(seed);
      const rate = rng.int(1, 200);
      const bucket = new TokenBucket(rate);
      const passed: number[] = [];
      let now = T0;
      for (let i = 0; i < 20_000; i++) {
        // Bursts of simultaneous arrivals, then gaps from 0 to 50 ms.
        now += rng.chance(0.3) ? 0 : rng.int(0, 50_000);
        if (bucket.take(now)) passed.push(now);
      }
      // For every pair of passes i ≤ j (windows up to 3 s): j − i + 1 ≤ burst + rate × (t_j − t_i) / 1 s.
      const breaches: string[] = [];
      for (let i = 0; i < passed.length; i++) {
        for (let j = i; j < passed.length; j++) {
          const window = (passed[j] as number) - (passed[i] as number);
          if (window > 3 * SECOND) break;
          if (j - i + 1 > rate + Math.floor((rate * window) / SECOND)) breaches.push(`${j - i + 1} in ${window} µs at ${rate}/s`);
        }
      }
      expect(breaches).toEqual([]);
      expect(passed.length).toBeGreaterThan(rate);
    }
  });
});

describe('checkRate', () => {
  it('only looks: a pass takes no token; an empty bucket is denied with the rate as limit and the wait', () => {
    const bucket = new TokenBucket(2);
    expect(checkRate(bucket, T0, 'order')).toBeUndefined();
    expect(bucket.tokens(T0)).toBe(2);
    bucket.take(T0);
    bucket.take(T0);
    expect(checkRate(bucket, T0 + 100_000, 'cancel')).toEqual({
      rule: 'cancel_rate',
      reason: 'more than 2 cancels a second (a burst of 2 used up); the next is allowed in 400 ms',
      limit: 2,
      value: 3,
    });
    expect(checkRate(bucket, T0 + 500_000, 'order')).toBeUndefined();
  });
});
