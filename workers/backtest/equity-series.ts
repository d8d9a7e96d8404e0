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
import { equityColumns, type EquitySeries } from './equity-curve.js';

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
  const columns = equityColumns(curve);
  const points: EquitySample[] = [];
  if (n <= maxPoints) {
    let peak = capital;
    for (let i = 0; i < n; i++) {
      const value = columns.equity(i);
      if (value > peak) peak = value;
      points.push({ time: columns.time(i), equity: value, drawdown: peak - value });
    }
    return { bars: n, bucketBars: 1, points };
  }
  const size = Math.ceil(n / Math.floor((maxPoints - 2) / 3));
  // One pass with nothing allocated per bar: each bucket's three candidates are kept as (index, drawdown), and only
  // the chosen ones become points. A candidate's equity is read again from the curve.
  const candidates = new Float64Array(6);
  let peak = capital;
  let highValue = 0;
  let lowValue = 0;
  let deepest = 0;
  let lastKept = -1;
  const keep = (i: number, drawdown: number): void => {
    if (i === lastKept) return;
    points.push({ time: columns.time(i), equity: columns.equity(i), drawdown });
    lastKept = i;
  };
  for (let i = 0; i < n; i++) {
    const value = columns.equity(i);
    if (value > peak) peak = value;
    const drawdown = peak - value;
    const fall = depth(value, drawdown);
    if (i % size === 0) {
      if (i === 0) keep(0, drawdown);
      candidates.fill(i, 0, 3);
      candidates.fill(drawdown, 3, 6);
      highValue = lowValue = value;
      deepest = fall;
    } else {
      // The first of equals: only a strictly better value replaces a candidate.
      if (value > highValue) (candidates[0] = i), (candidates[3] = drawdown), (highValue = value);
      if (value < lowValue) (candidates[1] = i), (candidates[4] = drawdown), (lowValue = value);
      if (fall > deepest) (candidates[2] = i), (candidates[5] = drawdown), (deepest = fall);
    }
    if (i % size === size - 1 || i === n - 1) keepInOrder(candidates, keep);
  }
  keep(n - 1, peak - columns.equity(n - 1));
  return { bars: n, bucketBars: size, points };
}

/** A bucket's three candidates (indices, then their drawdowns) kept in time order, each index once. */
function keepInOrder(candidates: Float64Array, keep: (index: number, drawdown: number) => void): void {
  const order = [0, 1, 2].sort((a, b) => (candidates[a] as number) - (candidates[b] as number));
  for (const k of order) keep(candidates[k] as number, candidates[k + 3] as number);
}

/**
 * The fall as a fraction of its peak (equity + drawdown), as the statistics measure it: each bucket keeps its
 * deepest by this measure, so the statistics' maximum drawdown is always a point of the series.
 */
function depth(equity: number, drawdown: number): number {
  const peak = equity + drawdown;
  return peak > 0 ? drawdown / peak : 0;
}
