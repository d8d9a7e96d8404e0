/**
 * The report's per-bar equity and drawdown, bounded: the run's equity curve (one point per bar, marked to market at
 * the bar's close) cut down to at most a few thousand points so the JSON stays small, without losing what a reader
 * looks for. Pure and exact: money stays integers of ticks×lots, and the points kept depend only on the values, so
 * the same run always keeps the same points.
 *
 * How points are kept when there are too many: the bars are cut into equal runs of consecutive bars (buckets), and
 * each bucket keeps its highest equity, its lowest equity and its deepest drawdown as a fraction of the peak (the
 * first of equals, in time order); the first and last bars are always kept. So the curve's peak, its trough, its end and the maximum drawdown
 * of the statistics are all in the series, whatever the length of the run.
 */
import type { EquitySeries } from './equity-curve.js';

/** The most points a report's series holds (the first, the last, and three per bucket). */
export const MAX_EQUITY_POINTS = 2000;

/** One kept point. */
export interface EquitySample {
  /** Start of the bar, µs (its close is the mark). */
  time: number;
  /** Cash + position × close, ticks×lots. */
  equity: number;
  /** Running peak of equity (from the starting capital) minus equity, ticks×lots, ≥ 0. */
  drawdown: number;
}

/** The bounded series, and how it was made. */
export interface BoundedEquity {
  /** Bars of the run (points before downsampling). */
  bars: number;
  /** Consecutive bars per bucket; 1 when every point is kept. */
  bucketBars: number;
  points: EquitySample[];
}

/**
 * Equity and drawdown of `curve`, at most `maxPoints` points (at least 5). `capital` is the starting peak, as the
 * statistics' maximum drawdown counts it.
 */
export function boundedEquity(capital: number, curve: EquitySeries, maxPoints = MAX_EQUITY_POINTS): BoundedEquity {
  if (!(Number.isSafeInteger(maxPoints) && maxPoints >= 5)) throw new RangeError(`maxPoints must be a whole number >= 5, got ${maxPoints}`);
  const n = curve.length;
  const equity = new Array<number>(n);
  const drawdown = new Array<number>(n);
  // The fall as a fraction of the peak, as the statistics measure it: the bucket's deepest by this measure is kept,
  // so the statistics' maximum drawdown is always a point of the series.
  const depth = new Array<number>(n);
  let peak = capital;
  for (let i = 0; i < n; i++) {
    const value = (curve.at(i) as { equity: number }).equity;
    if (value > peak) peak = value;
    equity[i] = value;
    drawdown[i] = peak - value;
    depth[i] = peak > 0 ? (peak - value) / peak : 0;
  }
  const sample = (i: number): EquitySample => ({ time: (curve.at(i) as { time: number }).time, equity: equity[i] as number, drawdown: drawdown[i] as number });
  if (n <= maxPoints) return { bars: n, bucketBars: 1, points: Array.from({ length: n }, (_, i) => sample(i)) };
  const buckets = Math.floor((maxPoints - 2) / 3);
  const size = Math.ceil(n / buckets);
  const kept: number[] = [0];
  for (let from = 0; from < n; from += size) {
    const to = Math.min(n, from + size);
    let high = from;
    let low = from;
    let deep = from;
    for (let i = from + 1; i < to; i++) {
      if ((equity[i] as number) > (equity[high] as number)) high = i;
      if ((equity[i] as number) < (equity[low] as number)) low = i;
      if ((depth[i] as number) > (depth[deep] as number)) deep = i;
    }
    // In time order, each index once; the first bucket may repeat bar 0.
    for (const i of [high, low, deep].sort((a, b) => a - b)) if (i !== kept[kept.length - 1]) kept.push(i);
  }
  if (kept[kept.length - 1] !== n - 1) kept.push(n - 1);
  return { bars: n, bucketBars: size, points: kept.map(sample) };
}
