import { describe, it, expect } from 'vitest';
import { Sma } from '../../../../workers/core/indicators/sma.js';
import { Crossover, type Cross } from '../../../../workers/core/indicators/crossover.js';

describe('Sma', () => {
  it('is undefined for the first period−1 values, then averages the last period values', () => {
    const sma = new Sma(3);
    expect(sma.update(10)).toBeUndefined();
    expect(sma.update(20)).toBeUndefined();
    expect(sma.value).toBeUndefined();
    expect(sma.ready).toBe(false);
    expect(sma.update(30)).toBe(20); // (10+20+30)/3
    expect(sma.update(40)).toBe(30); // (20+30+40)/3
    expect(sma.update(5)).toBeCloseTo(25, 12); // (30+40+5)/3
    expect(sma.update(7)).toBeCloseTo(52 / 3, 12); // (40+5+7)/3
    expect(sma.value).toBeCloseTo(52 / 3, 12);
    expect(sma.ready).toBe(true);
  });

  it('with period 1 returns each value', () => {
    const sma = new Sma(1);
    expect(sma.update(7)).toBe(7);
    expect(sma.update(-3)).toBe(-3);
  });

  it('matches a direct average over a long run of integers', () => {
    const period = 5;
    const sma = new Sma(period);
    const values: number[] = [];
    let x = 12345;
    for (let i = 0; i < 1000; i += 1) {
      x = (x * 1103 + 17) % 10007; // deterministic pseudo-prices
      values.push(x);
      const got = sma.update(x);
      if (i < period - 1) {
        expect(got).toBeUndefined();
      } else {
        const window = values.slice(i - period + 1, i + 1);
        expect(got).toBe(window.reduce((a, b) => a + b, 0) / period);
      }
    }
  });

  it('starts over after reset', () => {
    const sma = new Sma(2);
    sma.update(100);
    sma.update(200);
    sma.reset();
    expect(sma.update(1)).toBeUndefined();
    expect(sma.update(3)).toBe(2);
  });

  it('refuses a period that is not a positive integer', () => {
    expect(() => new Sma(0)).toThrow(RangeError);
    expect(() => new Sma(2.5)).toThrow(RangeError);
  });
});

function feed(pairs: Array<[number | undefined, number | undefined]>): Array<Cross | undefined> {
  const crossover = new Crossover();
  return pairs.map(([fast, slow]) => crossover.update(fast, slow));
}

describe('Crossover', () => {
  it('does not signal on the first comparable pair', () => {
    expect(feed([[10, 5]])).toEqual([undefined]);
    expect(feed([[undefined, 5], [1, 5]])).toEqual([undefined, undefined]);
  });

  it('signals up when fast goes above slow and down when it goes below', () => {
    expect(feed([[1, 5], [2, 5], [6, 5], [7, 5], [4, 5]])).toEqual([undefined, undefined, 'up', undefined, 'down']);
  });

  it('does not signal on equality, and counts a cross through it from the last non-zero sign', () => {
    expect(feed([[1, 5], [5, 5], [6, 5]])).toEqual([undefined, undefined, 'up']);
  });

  it('does not signal when fast touches slow and returns to the same side', () => {
    expect(feed([[6, 5], [5, 5], [7, 5]])).toEqual([undefined, undefined, undefined]);
  });

  it('skips pairs with a side still warming up', () => {
    expect(feed([[1, 5], [undefined, 5], [9, undefined], [9, 5]])).toEqual([undefined, undefined, undefined, 'up']);
  });

  it('works on fractional averages', () => {
    expect(feed([[10.5, 10.6], [10.7, 10.6]])).toEqual([undefined, 'up']);
  });

  it('forgets the side after reset', () => {
    const crossover = new Crossover();
    crossover.update(1, 5);
    crossover.reset();
    expect(crossover.side).toBe(0);
    expect(crossover.update(9, 5)).toBeUndefined();
  });

  it('drives a fast/slow SMA pair', () => {
    const fast = new Sma(2);
    const slow = new Sma(4);
    const crossover = new Crossover();
    const prices = [10, 10, 10, 10, 8, 6, 6, 9, 12, 14];
    const signals = prices.map((p) => crossover.update(fast.update(p), slow.update(p)));
    // slow ready at index 3 (fast=slow=10: no side yet); index 4: fast 9 < slow 9.5 sets the side;
    // index 7: fast (6+9)/2 = 7.5 > slow (8+6+6+9)/4 = 7.25 is the first cross up.
    expect(signals.indexOf('up')).toBe(7);
    expect(signals.filter((s) => s !== undefined)).toEqual(['up']);
  });
});
