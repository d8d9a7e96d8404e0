/**
 * The run's own bars for the report's price chart, bounded: every bar when they are few, otherwise bars merged by a
 * whole number of bar lengths (epoch-aligned, so the merged bars have regular starts) until at most `maxBars` are
 * left. Merging keeps the whole run on the chart, so every trade can be marked on it. Pure and exact: prices stay
 * integer ticks; the merge factor depends only on the data.
 */
import { bucketStart } from '../history/import/aggregate-trades.js';
import type { BarColumns } from '../history/import/import-types.js';

/** The most bars the terminal asks for (`--chart-bars`). */
export const DEFAULT_CHART_BARS = 3000;

/** Bars in ticks, µs starts. */
export interface ChartBars {
  /** Length of one chart bar, µs (the run's bar length × `merged`). */
  intervalUs: number;
  /** Run bars per chart bar. */
  merged: number;
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
}

/** At most `maxBars` bars of `bars` (bar length `barUs`). */
export function chartBars(bars: Pick<BarColumns, 'time' | 'open' | 'high' | 'low' | 'close' | 'length'>, barUs: number, maxBars: number): ChartBars {
  if (!(Number.isSafeInteger(maxBars) && maxBars >= 1)) throw new RangeError(`maxBars must be a whole number >= 1, got ${maxBars}`);
  const n = bars.length;
  let merged = 1;
  if (n > maxBars) {
    // A chart bar holds at most `merged` run bars, so fewer than n / maxBars cannot fit: start there and take the
    // next factor until the buckets fit (once or twice on dense data; gaps in the data only leave fewer buckets).
    merged = Math.max(2, Math.ceil(n / maxBars));
    while (countBuckets(bars.time, n, barUs * merged) > maxBars) merged++;
  }
  const intervalUs = barUs * merged;
  const out: ChartBars = { intervalUs, merged, time: [], open: [], high: [], low: [], close: [] };
  let last = Number.NaN;
  for (let i = 0; i < n; i++) {
    const start = merged === 1 ? (bars.time[i] as number) : bucketStart(bars.time[i] as number, intervalUs);
    const high = bars.high[i] as number;
    const low = bars.low[i] as number;
    if (start !== last) {
      last = start;
      out.time.push(start);
      out.open.push(bars.open[i] as number);
      out.high.push(high);
      out.low.push(low);
      out.close.push(bars.close[i] as number);
      continue;
    }
    const k = out.time.length - 1;
    if (high > (out.high[k] as number)) out.high[k] = high;
    if (low < (out.low[k] as number)) out.low[k] = low;
    out.close[k] = bars.close[i] as number;
  }
  return out;
}

function countBuckets(time: ArrayLike<number>, n: number, lengthUs: number): number {
  let count = 0;
  let last = Number.NaN;
  for (let i = 0; i < n; i++) {
    const start = bucketStart(time[i] as number, lengthUs);
    if (start !== last) {
      count++;
      last = start;
    }
  }
  return count;
}
