/**
 * The cases the random series rarely reach: flat markets, zero volume, sessions, the pivot formulas on worked
 * numbers, monotonic runs through the deques, and constructor checks.
 */
import { describe, expect, it } from 'vitest';
import { Atr, trueRange } from '../../../../workers/core/indicators/atr.js';
import { BollingerBands } from '../../../../workers/core/indicators/bollinger.js';
import { Donchian } from '../../../../workers/core/indicators/donchian.js';
import { Ema } from '../../../../workers/core/indicators/ema.js';
import { Macd } from '../../../../workers/core/indicators/macd.js';
import { levels, PivotPoints } from '../../../../workers/core/indicators/pivots.js';
import { rollingMax, rollingMin } from '../../../../workers/core/indicators/rolling-extremum.js';
import { Rsi } from '../../../../workers/core/indicators/rsi.js';
import { Stochastic } from '../../../../workers/core/indicators/stochastic.js';
import { Vwap } from '../../../../workers/core/indicators/vwap.js';
import { Wma } from '../../../../workers/core/indicators/wma.js';

const bar = (high: number, low: number, close: number, volume = 1) => ({ open: close, high, low, close, volume });

describe('flat markets', () => {
  it('RSI is 0 with no movement at all (TA-Lib), 100 with only gains, 0 with only losses', () => {
    const flat = new Rsi(3);
    expect([5, 5, 5, 5, 5].map((x) => flat.update(x))).toEqual([undefined, undefined, undefined, 0, 0]);
    const up = new Rsi(3);
    expect([1, 2, 3, 4, 5].map((x) => up.update(x)).slice(3)).toEqual([100, 100]);
    const down = new Rsi(3);
    expect([5, 4, 3, 2, 1].map((x) => down.update(x)).slice(3)).toEqual([0, 0]);
  });

  it('the stochastic is 0 when the window has no range (TA-Lib), and 100 on a close at the top', () => {
    const flat = new Stochastic(3, 1, 1);
    for (let i = 0; i < 5; i++) flat.update(bar(10, 10, 10));
    expect(flat.value).toEqual({ k: 0, d: 0 });
    const top = new Stochastic(3, 1, 1);
    for (const b of [bar(10, 8, 9), bar(11, 9, 10), bar(12, 9, 12)]) top.update(b);
    expect(top.value).toEqual({ k: 100, d: 100 });
  });

  it('Bollinger bands sit on the average when prices do not move', () => {
    const bands = new BollingerBands(4, 2);
    for (let i = 0; i < 10; i++) bands.update(101.37);
    expect(bands.value).toEqual({ upper: 101.37, middle: 101.37, lower: 101.37 });
  });
});

describe('ATR', () => {
  it('takes the true range from the previous close when it is outside the bar (gaps)', () => {
    expect(trueRange(12, 11, 10)).toBe(2); // gap up: previous close 10 below the low
    expect(trueRange(9, 8, 10)).toBe(2); // gap down
    expect(trueRange(12, 8, 10)).toBe(4); // inside: high − low
    const atr = new Atr(2);
    expect(atr.update(bar(10, 8, 9))).toBeUndefined(); // no previous close: no true range
    expect(atr.update(bar(12, 11, 11.5))).toBeUndefined(); // TR max(1, |9 − 12|, |9 − 11|) = 3
    expect(atr.update(bar(11, 10, 10))).toBe(2.25); // TR max(1, 0.5, 1.5) = 1.5; seed (3 + 1.5) / 2
    expect(atr.update(bar(14, 10, 12))).toBe(3.125); // TR 4; Wilder (2.25 · 1 + 4) / 2
  });
});

describe('VWAP (typical price weighted by volume, cumulative; StockCharts ChartSchool definition)', () => {
  it('averages typical prices by volume, worked by hand', () => {
    const vwap = new Vwap();
    expect(vwap.update(bar(10, 8, 9, 100))).toBe(9); // typical 9
    expect(vwap.update(bar(11, 9, 10, 150))).toBeCloseTo((9 * 100 + 10 * 150) / 250, 12); // 9.6
    expect(vwap.update(bar(12, 10, 11, 250))).toBeCloseTo((900 + 1500 + 11 * 250) / 500, 12); // 10.3
  });

  it('has no value while the session has no volume, and starts over on a new session', () => {
    const vwap = new Vwap();
    expect(vwap.update(bar(10, 10, 10, 0))).toBeUndefined();
    expect(vwap.ready).toBe(false);
    expect(vwap.update(bar(12, 12, 12, 5))).toBe(12);
    expect(vwap.update(bar(20, 20, 20, 5), true)).toBe(20);
    expect(vwap.update(bar(30, 30, 30, 5))).toBe(25);
  });
});

describe('floor pivots (P = (H + L + C) / 3, R1 = 2P − L, S1 = 2P − H, R2 = P + (H − L), S2 = P − (H − L))', () => {
  it('computes the standard levels, worked by hand', () => {
    expect(levels(110, 100, 105)).toEqual({ p: 105, r1: 110, r2: 115, s1: 100, s2: 95 });
    const l = levels(1.2550, 1.2450, 1.2530);
    expect(l.p).toBeCloseTo(1.251, 12);
    expect(l.r1).toBeCloseTo(1.257, 12);
    expect(l.s1).toBeCloseTo(1.247, 12);
    expect(l.r2).toBeCloseTo(1.261, 12);
    expect(l.s2).toBeCloseTo(1.241, 12);
  });

  it('uses the previous block of bars only, never the current one', () => {
    const pivots = new PivotPoints(2);
    expect(pivots.update(bar(110, 104, 106))).toBeUndefined();
    expect(pivots.update(bar(108, 100, 105))).toBeUndefined(); // block 1: H 110, L 100, C 105
    expect(pivots.update(bar(999, 1, 500))).toEqual(levels(110, 100, 105));
    expect(pivots.update(bar(120, 90, 100))).toEqual(levels(110, 100, 105));
    expect(pivots.update(bar(101, 99, 100))).toEqual(levels(999, 1, 100));
  });

  it('lets the caller mark where periods start (sessions of uneven length)', () => {
    const pivots = new PivotPoints();
    pivots.update(bar(110, 104, 106), false);
    pivots.update(bar(108, 100, 105), false);
    pivots.update(bar(109, 101, 107), false);
    expect(pivots.update(bar(200, 150, 160), true)).toEqual(levels(110, 100, 107));
    expect(pivots.update(bar(210, 140, 170), false)).toEqual(levels(110, 100, 107));
  });
});

describe('rolling extremes (monotonic deque)', () => {
  it('follows long rising, falling and repeating runs', () => {
    const n = 7;
    const series = [
      ...Array.from({ length: 100 }, (_, i) => i),
      ...Array.from({ length: 100 }, (_, i) => 100 - i),
      ...Array.from({ length: 30 }, () => 42),
      ...Array.from({ length: 60 }, (_, i) => (i % 5) - (i % 3)),
    ];
    const max = rollingMax(n);
    const min = rollingMin(n);
    series.forEach((x, i) => {
      const window = series.slice(Math.max(0, i - n + 1), i + 1);
      expect(max.push(x)).toBe(Math.max(...window));
      expect(min.push(x)).toBe(Math.min(...window));
    });
  });

  it('Donchian over a falling market keeps the oldest high until it leaves the window', () => {
    const channel = new Donchian(3);
    const out = [10, 9, 8, 7, 6].map((x) => channel.update({ high: x + 1, low: x - 1 }));
    expect(out).toEqual([undefined, undefined, { upper: 11, middle: 9, lower: 7 }, { upper: 10, middle: 8, lower: 6 }, { upper: 9, middle: 7, lower: 5 }]);
  });
});

describe('construction', () => {
  it('refuses periods that are not integers ≥ 1, and MACD with fast ≥ slow', () => {
    expect(() => new Ema(0)).toThrow(RangeError);
    expect(() => new Wma(1.5)).toThrow(RangeError);
    expect(() => new Rsi(-1)).toThrow(RangeError);
    expect(() => new Macd(26, 12, 9)).toThrow(/fast period \(26\) must be less than the slow period \(12\)/);
    expect(() => new Macd(12, 12, 9)).toThrow(RangeError);
    expect(() => new BollingerBands(20, 0)).toThrow(RangeError);
    expect(() => new Stochastic(14, 0, 3)).toThrow(RangeError);
    expect(() => new PivotPoints(0)).toThrow(RangeError);
  });

  it('EMA of period 1 is the input; a seeded EMA carries on from the seed', () => {
    const one = new Ema(1);
    expect([3, 7, 5].map((x) => one.update(x))).toEqual([3, 7, 5]);
    const seeded = new Ema(3);
    seeded.seed(10);
    expect(seeded.ready).toBe(true);
    expect(seeded.update(14)).toBe(12); // k = 0.5
  });
});
