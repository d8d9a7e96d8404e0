/**
 * Properties of every indicator on random series: fed one bar at a time it gives, at every bar, what a batch
 * recomputation from scratch gives (naive.ts); its warm-up is exactly TA-Lib's lookback for its parameters; and after
 * `reset()` it repeats itself. Series mix integer ticks and decimals, with flat stretches and repeated highs and lows,
 * which is where monotonic deques and zero-range guards go wrong.
 */
import { describe, expect, it } from 'vitest';
import { Atr } from '../../../../workers/core/indicators/atr.js';
import { BollingerBands } from '../../../../workers/core/indicators/bollinger.js';
import { Donchian } from '../../../../workers/core/indicators/donchian.js';
import { Ema } from '../../../../workers/core/indicators/ema.js';
import { Macd } from '../../../../workers/core/indicators/macd.js';
import { PivotPoints } from '../../../../workers/core/indicators/pivots.js';
import { Rsi } from '../../../../workers/core/indicators/rsi.js';
import { Sma } from '../../../../workers/core/indicators/sma.js';
import { Stochastic } from '../../../../workers/core/indicators/stochastic.js';
import type { BarInput } from '../../../../workers/core/indicators/types.js';
import { Vwap } from '../../../../workers/core/indicators/vwap.js';
import { Wma } from '../../../../workers/core/indicators/wma.js';
import { SeededRandom } from '../../../../workers/core/random.js';
import * as naive from './naive.js';

/** One indicator under test: a fresh stepper for random parameters, its batch reference and TA-Lib's lookback. */
interface Subject {
  name: string;
  params(rng: SeededRandom): number[];
  make(params: number[]): { step(bar: BarInput): number[] | undefined; lookback: number; reset(): void };
  reference(bars: readonly BarInput[], i: number, params: number[]): number[] | undefined;
  /** TA-Lib's lookback for these parameters; for pivots (not in TA-Lib) the documented one; VWAP has none (0). */
  taLibLookback(params: number[]): number;
}

const period = (rng: SeededRandom, max = 12): number => rng.int(1, max);

function priceIndicator(name: string, Make: new (n: number) => { update(x: number): number | undefined; lookback: number; reset(): void }): Subject {
  const lookbacks: Record<string, (n: number) => number> = { sma: (n) => n - 1, ema: (n) => n - 1, wma: (n) => n - 1, rsi: (n) => n };
  const refs: Record<string, (bars: readonly BarInput[], i: number, n: number) => naive.Output> = naive as never;
  return {
    name,
    params: (rng) => [period(rng)],
    make: ([n]) => {
      const ind = new Make(n as number);
      return { step: (bar) => wrap(ind.update(bar.close)), lookback: ind.lookback, reset: () => ind.reset() };
    },
    reference: (bars, i, [n]) => (refs[name] as (b: readonly BarInput[], i: number, n: number) => naive.Output)(bars, i, n as number),
    taLibLookback: ([n]) => (lookbacks[name] as (n: number) => number)(n as number),
  };
}

const SUBJECTS: Subject[] = [
  priceIndicator('sma', Sma),
  priceIndicator('ema', Ema),
  priceIndicator('wma', Wma),
  priceIndicator('rsi', Rsi),
  {
    name: 'macd',
    params: (rng) => {
      const fast = period(rng, 8);
      return [fast, fast + period(rng, 10), period(rng, 6)];
    },
    make: ([f, s, g]) => {
      const m = new Macd(f, s, g);
      return { step: (bar) => values(m.update(bar.close), ['macd', 'signal', 'histogram']), lookback: m.lookback, reset: () => m.reset() };
    },
    reference: (bars, i, [f, s, g]) => naive.macd(bars, i, f as number, s as number, g as number),
    taLibLookback: ([, s, g]) => (s as number) - 1 + (g as number) - 1,
  },
  {
    name: 'bbands',
    params: (rng) => [period(rng), rng.int(1, 6) / 2],
    make: ([n, d]) => {
      const b = new BollingerBands(n, d);
      return { step: (bar) => values(b.update(bar.close), ['upper', 'middle', 'lower']), lookback: b.lookback, reset: () => b.reset() };
    },
    reference: (bars, i, [n, d]) => naive.bbands(bars, i, n as number, d as number),
    taLibLookback: ([n]) => (n as number) - 1,
  },
  {
    name: 'atr',
    params: (rng) => [period(rng)],
    make: ([n]) => {
      const a = new Atr(n);
      return { step: (bar) => wrap(a.update(bar)), lookback: a.lookback, reset: () => a.reset() };
    },
    reference: (bars, i, [n]) => naive.atr(bars, i, n as number),
    taLibLookback: ([n]) => n as number,
  },
  {
    name: 'stoch',
    params: (rng) => [period(rng, 10), period(rng, 4), period(rng, 4)],
    make: ([k, sk, sd]) => {
      const s = new Stochastic(k, sk, sd);
      return { step: (bar) => values(s.update(bar), ['k', 'd']), lookback: s.lookback, reset: () => s.reset() };
    },
    reference: (bars, i, [k, sk, sd]) => naive.stoch(bars, i, k as number, sk as number, sd as number),
    taLibLookback: ([k, sk, sd]) => (k as number) - 1 + (sk as number) - 1 + (sd as number) - 1,
  },
  {
    name: 'vwap',
    params: () => [],
    make: () => {
      const v = new Vwap();
      return { step: (bar) => wrap(v.update(bar)), lookback: v.lookback, reset: () => v.reset() };
    },
    reference: (bars, i) => naive.vwap(bars, i),
    taLibLookback: () => 0,
  },
  {
    name: 'donchian',
    params: (rng) => [period(rng)],
    make: ([n]) => {
      const d = new Donchian(n);
      return { step: (bar) => values(d.update(bar), ['upper', 'middle', 'lower']), lookback: d.lookback, reset: () => d.reset() };
    },
    reference: (bars, i, [n]) => naive.donchian(bars, i, n as number),
    taLibLookback: ([n]) => (n as number) - 1,
  },
  {
    name: 'pivots',
    params: (rng) => [period(rng, 6)],
    make: ([n]) => {
      const p = new PivotPoints(n);
      return { step: (bar) => values(p.update(bar), ['p', 'r1', 'r2', 's1', 's2']), lookback: p.lookback, reset: () => p.reset() };
    },
    reference: (bars, i, [n]) => naive.pivots(bars, i, n as number),
    taLibLookback: ([n]) => n as number,
  },
];

function wrap(value: number | undefined): number[] | undefined {
  return value === undefined ? undefined : [value];
}

function values<T extends object>(value: T | undefined, keys: (keyof T)[]): number[] | undefined {
  return value === undefined ? undefined : keys.map((key) => value[key] as number);
}

/** A random bar series: integer ticks or decimals, with runs of unchanged prices and some zero volumes. */
function randomBars(rng: SeededRandom, length: number): BarInput[] {
  const decimals = rng.chance(0.5);
  const scale = decimals ? 0.01 * rng.int(1, 1000) : 1;
  let price = rng.int(50, 5000);
  const bars: BarInput[] = [];
  for (let i = 0; i < length; i++) {
    const flat = rng.chance(0.2);
    const open = price;
    const close = flat ? price : Math.max(1, price + rng.int(-8, 8));
    const high = Math.max(open, close) + (flat ? 0 : rng.int(0, 4));
    const low = Math.max(1, Math.min(open, close) - (flat ? 0 : rng.int(0, 4)));
    const volume = rng.chance(0.1) ? 0 : rng.int(1, 1000);
    bars.push({ open: open * scale, high: high * scale, low: low * scale, close: close * scale, volume });
    price = close;
  }
  return bars;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('indicators on random series', () => {
  for (const subject of SUBJECTS) {
    it(`${subject.name}: incremental equals a batch recomputation from scratch at every bar`, () => {
      const rng = new SeededRandom(0x1d1ca7 + subject.name.length);
      for (let trial = 0; trial < 25; trial++) {
        const params = subject.params(rng);
        const bars = randomBars(rng, rng.int(1, 90));
        const indicator = subject.make(params);
        bars.forEach((bar, i) => {
          const got = indicator.step(bar);
          const want = subject.reference(bars, i, params);
          const where = `${subject.name}(${params.join(', ')}) bar ${i}`;
          expect(got === undefined, `${where}: warm-up`).toBe(want === undefined);
          if (got === undefined || want === undefined) return;
          got.forEach((value, j) => expect(close(value, want[j] as number), `${where} output ${j}: ${value} vs ${want[j]}`).toBe(true));
        });
      }
    });

    it(`${subject.name}: warm-up lasts TA-Lib's lookback, and reset starts over`, () => {
      const rng = new SeededRandom(0x100c + subject.name.length);
      for (let trial = 0; trial < 10; trial++) {
        const params = subject.params(rng);
        const bars = randomBars(rng, 60).map((bar) => ({ ...bar, volume: bar.volume + 1 }));
        const indicator = subject.make(params);
        const first = bars.map((bar) => indicator.step(bar));
        const expected = subject.taLibLookback(params);
        expect(indicator.lookback, `${subject.name}(${params.join(', ')}) lookback`).toBe(expected);
        expect(first.findIndex((v) => v !== undefined)).toBe(expected < bars.length ? expected : -1);
        indicator.reset();
        expect(bars.map((bar) => indicator.step(bar))).toEqual(first);
      }
    });
  }
});

describe('numerical steadiness over long runs', () => {
  it('SMA, WMA and Bollinger on decimals stay on a fresh computation after a million updates', () => {
    const rng = new SeededRandom(7);
    const sma = new Sma(20);
    const wma = new Wma(20);
    const bands = new BollingerBands(20, 2);
    const window: number[] = [];
    let price = 1.2345;
    for (let i = 0; i < 1_000_000; i++) {
      price = Math.max(0.0001, price + rng.normal() * 0.0003);
      sma.update(price);
      wma.update(price);
      bands.update(price);
      if (i >= 1_000_000 - 20) window.push(price);
    }
    const bars = window.map((close) => ({ open: close, high: close, low: close, close, volume: 1 }));
    expect(close(sma.value as number, (naive.sma(bars, 19, 20) as number[])[0] as number)).toBe(true);
    expect(close(wma.value as number, (naive.wma(bars, 19, 20) as number[])[0] as number)).toBe(true);
    const ref = naive.bbands(bars, 19, 20, 2) as number[];
    expect(Math.abs((bands.value?.upper as number) - (ref[0] as number))).toBeLessThan(1e-12);
  });
});
