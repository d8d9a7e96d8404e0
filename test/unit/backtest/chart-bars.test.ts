/** The report's price-chart bars: all of them when few, merged by a whole number of bar lengths to fit otherwise. */
import { describe, expect, it } from 'vitest';
import { chartBars } from '../../../workers/backtest/chart-bars.js';

const MINUTE = 60_000_000;
const T0 = 1_704_067_200_000_000;

/** `n` one-minute bars from T0 (skipping the minutes in `gaps`), prices 100 + i with a range of ±2. */
function bars(n: number, gaps: ReadonlySet<number> = new Set()) {
  const index = Array.from({ length: n }, (_, i) => i).filter((i) => !gaps.has(i));
  return {
    time: Float64Array.from(index.map((i) => T0 + i * MINUTE)),
    open: Float64Array.from(index.map((i) => 100 + i)),
    high: Float64Array.from(index.map((i) => 102 + i)),
    low: Float64Array.from(index.map((i) => 98 + i)),
    close: Float64Array.from(index.map((i) => 101 + i)),
    length: index.length,
  };
}

describe('chart bars', () => {
  it('keeps every bar when they fit', () => {
    const chart = chartBars(bars(10), MINUTE, 10);
    expect(chart).toMatchObject({ intervalUs: MINUTE, merged: 1 });
    expect(chart.time).toHaveLength(10);
    expect(chart.close[9]).toBe(110);
  });

  it('merges consecutive bars into epoch-aligned bars of a whole number of lengths: first open, extremes, last close', () => {
    const chart = chartBars(bars(10), MINUTE, 4);
    // T0 is a whole number of 3-minute bars from the epoch: minutes 0-2, 3-5, 6-8, 9.
    expect(chart).toMatchObject({ intervalUs: 3 * MINUTE, merged: 3 });
    expect(chart.time.map((t) => (t - T0) / MINUTE)).toEqual([0, 3, 6, 9]);
    expect(chart.open).toEqual([100, 103, 106, 109]);
    expect(chart.high).toEqual([104, 107, 110, 111]);
    expect(chart.low).toEqual([98, 101, 104, 107]);
    expect(chart.close).toEqual([103, 106, 109, 110]);
  });

  it('stays within the bound on long and gappy data, and gives the same bars every time', () => {
    for (const [n, max] of [[100_000, 3000], [12_345, 1000], [5_001, 5_000]] as const) {
      const chart = chartBars(bars(n), MINUTE, max);
      expect(chart.time.length).toBeLessThanOrEqual(max);
      expect(chart.time.length).toBeGreaterThan(max / 2);
    }
    const gappy = bars(20_000, new Set(Array.from({ length: 15_000 }, (_, i) => i + 2_000)));
    const chart = chartBars(gappy, MINUTE, 1_000);
    expect(chart.time.length).toBeLessThanOrEqual(1_000);
    expect(chartBars(gappy, MINUTE, 1_000)).toEqual(chart);
  });
});
