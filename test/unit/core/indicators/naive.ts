/**
 * Batch references for the property tests: each computes an indicator's output at bar `i` from scratch over bars
 * 0..i, straight from its definition (TA-Lib's conventions, as documented in each indicator's file), with loops and
 * no state carried between calls. Slow on purpose — O(i) or worse per output — so they share no trick with the
 * incremental code.
 */
import type { BarInput } from '../../../../workers/core/indicators/types.js';

export type Output = number[] | undefined;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const closes = (bars: readonly BarInput[], i: number): number[] => bars.slice(0, i + 1).map((b) => b.close);

/** Simple average of the last n closes. */
export function sma(bars: readonly BarInput[], i: number, n: number): Output {
  return i < n - 1 ? undefined : [mean(closes(bars, i).slice(i - n + 1))];
}

/** Weights 1..n, newest heaviest. */
export function wma(bars: readonly BarInput[], i: number, n: number): Output {
  if (i < n - 1) return undefined;
  const window = closes(bars, i).slice(i - n + 1);
  return [window.reduce((acc, x, j) => acc + (j + 1) * x, 0) / ((n * (n + 1)) / 2)];
}

/** EMA of a series, seeded with the mean of its first n values; all values from index n−1. */
function emaSeries(xs: readonly number[], n: number): number[] {
  if (xs.length < n) return [];
  const k = 2 / (n + 1);
  let e = mean(xs.slice(0, n));
  const out = [e];
  for (let j = n; j < xs.length; j++) {
    e = (xs[j] as number) * k + e * (1 - k);
    out.push(e);
  }
  return out;
}

export function ema(bars: readonly BarInput[], i: number, n: number): Output {
  const series = emaSeries(closes(bars, i), n);
  return series.length === 0 ? undefined : [series[series.length - 1] as number];
}

/** Wilder RSI: averages of the first n changes, then (avg·(n−1) + change)/n; 0 when there is no movement. */
export function rsi(bars: readonly BarInput[], i: number, n: number): Output {
  if (i < n) return undefined;
  const xs = closes(bars, i);
  const change = (j: number): number => (xs[j] as number) - (xs[j - 1] as number);
  let gain = 0;
  let loss = 0;
  for (let j = 1; j <= n; j++) {
    gain += Math.max(change(j), 0) / n;
    loss += Math.max(-change(j), 0) / n;
  }
  for (let j = n + 1; j <= i; j++) {
    gain = (gain * (n - 1) + Math.max(change(j), 0)) / n;
    loss = (loss * (n - 1) + Math.max(-change(j), 0)) / n;
  }
  return gain + loss === 0 ? [0] : [100 - 100 / (1 + gain / loss)];
}

/** MACD with TA-Lib's alignment: the fast EMA seeded on bar slow−1 from the fast closes ending there. */
export function macd(bars: readonly BarInput[], i: number, fast: number, slow: number, signal: number): Output {
  if (i < slow - 1 + signal - 1) return undefined;
  const xs = closes(bars, i);
  const fastEma = emaSeries(xs.slice(slow - fast), fast);
  const slowEma = emaSeries(xs, slow);
  const line = slowEma.map((s, j) => (fastEma[j] as number) - s);
  const signals = emaSeries(line, signal);
  const m = line[line.length - 1] as number;
  const s = signals[signals.length - 1] as number;
  return [m, s, m - s];
}

/** Mean ± d·(population standard deviation), two-pass. */
export function bbands(bars: readonly BarInput[], i: number, n: number, d: number): Output {
  if (i < n - 1) return undefined;
  const window = closes(bars, i).slice(i - n + 1);
  const m = mean(window);
  const sigma = Math.sqrt(mean(window.map((x) => (x - m) ** 2)));
  return [m + d * sigma, m, m - d * sigma];
}

/** Wilder ATR: true ranges from bar 1, seeded with the mean of the first n. */
export function atr(bars: readonly BarInput[], i: number, n: number): Output {
  if (i < n) return undefined;
  const tr = (j: number): number => {
    const b = bars[j] as BarInput;
    const c = (bars[j - 1] as BarInput).close;
    return Math.max(b.high, c) - Math.min(b.low, c);
  };
  let a = 0;
  for (let j = 1; j <= n; j++) a += tr(j);
  a /= n;
  for (let j = n + 1; j <= i; j++) a = (a * (n - 1) + tr(j)) / n;
  return [a];
}

/** Slow stochastic by scanning every window. */
export function stoch(bars: readonly BarInput[], i: number, fastK: number, slowK: number, slowD: number): Output {
  if (i < fastK - 1 + slowK - 1 + slowD - 1) return undefined;
  const fast = (j: number): number => {
    const window = bars.slice(j - fastK + 1, j + 1);
    const hi = Math.max(...window.map((b) => b.high));
    const lo = Math.min(...window.map((b) => b.low));
    return hi > lo ? (100 * ((bars[j] as BarInput).close - lo)) / (hi - lo) : 0;
  };
  const k = (j: number): number => mean(Array.from({ length: slowK }, (_, t) => fast(j - t)));
  const d = mean(Array.from({ length: slowD }, (_, t) => k(i - t)));
  return [k(i), d];
}

/** Σ typical·volume / Σ volume over bars 0..i. */
export function vwap(bars: readonly BarInput[], i: number): Output {
  let pv = 0;
  let v = 0;
  for (const b of bars.slice(0, i + 1)) {
    pv += ((b.high + b.low + b.close) / 3) * b.volume;
    v += b.volume;
  }
  return v > 0 ? [pv / v] : undefined;
}

/** Highest high, middle, lowest low of the last n bars. */
export function donchian(bars: readonly BarInput[], i: number, n: number): Output {
  if (i < n - 1) return undefined;
  const window = bars.slice(i - n + 1, i + 1);
  const hi = Math.max(...window.map((b) => b.high));
  const lo = Math.min(...window.map((b) => b.low));
  return [hi, (hi + lo) / 2, lo];
}

/** Floor pivots from the previous block of `period` bars. */
export function pivots(bars: readonly BarInput[], i: number, period: number): Output {
  const block = Math.floor(i / period);
  if (block === 0) return undefined;
  const previous = bars.slice((block - 1) * period, block * period);
  const h = Math.max(...previous.map((b) => b.high));
  const l = Math.min(...previous.map((b) => b.low));
  const c = (previous[previous.length - 1] as BarInput).close;
  const p = (h + l + c) / 3;
  return [p, 2 * p - l, p + (h - l), 2 * p - h, p - (h - l)];
}
