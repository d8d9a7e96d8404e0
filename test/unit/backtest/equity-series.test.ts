/**
 * The report's per-bar equity series: marked to market at each bar's close (bar mode) or at each bar end of the
 * timeframe from the prints (trade mode), against hand calculations on tiny fixtures; downsampling bounded, keeping
 * the first and last points, the peak, the trough and the deepest drawdown; the same run gives the same points.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBacktestCsv } from '../../../workers/backtest/bar-data.js';
import { runBacktest } from '../../../workers/backtest/backtest-engine.js';
import { EquityCurve } from '../../../workers/backtest/equity-curve.js';
import { boundedEquity, MAX_EQUITY_POINTS } from '../../../workers/backtest/equity-series.js';
import { maxDrawdown } from '../../../workers/backtest/statistics.js';
import { runTradeBacktest } from '../../../workers/backtest/trade/trade-backtest.js';
import { parseDecimal } from '../../../workers/core/fixed-point.js';
import { SeededRandom } from '../../../workers/core/random.js';
import { defineStrategy, type StrategyDefinition } from '../../../workers/strategies/api.js';
import type { ParamSchema, ParamsOf } from '../../../workers/strategies/params.js';
import { resolveParams } from '../../../workers/strategies/params.js';
import { strategyDefinition } from '../../../workers/strategies/registry.js';

const MINUTE = 60_000_000;
const SECOND = 1_000_000;
const T0 = 1_704_067_200 * SECOND;
const CROSS = readFileSync(fileURLToPath(new URL('../../fixtures/backtest/cross-1m.csv', import.meta.url)), 'utf8');

/** A random walk of `n` equity values around 1,000,000 with steps of up to ±1,000. */
function walk(n: number, seed: number): EquityCurve {
  const random = new SeededRandom(seed);
  const curve = new EquityCurve(n);
  let value = 1_000_000;
  for (let i = 0; i < n; i++) {
    value += Math.round((random.next() - 0.5) * 2_000);
    curve.push(T0 + i * MINUTE, value, 0, 0);
  }
  return curve;
}

describe('equity series, marked to market', () => {
  it('bar mode: cash + position x close of every bar, drawdown from the running peak (cross-1m fixture, 10 bps)', () => {
    const definition = strategyDefinition('sma-cross') as StrategyDefinition<ParamSchema>;
    const resolved = resolveParams(definition.params, { fast: 2, slow: 3 });
    if (!resolved.ok) throw new Error(resolved.reason);
    const { bars, intervalUs } = parseBacktestCsv(CROSS, parseDecimal('0.01'), '1m');
    const run = runBacktest({ definition, params: resolved.params, bars, intervalUs, costs: { feeBps: '10', slippageBps: '0' }, capital: 1000 });
    const series = boundedEquity(run.capital, run.equity);
    // Capital 10.00 (1,000 ticks). Buy 1 at bar 4's open 12.50, fee 0.0125 up to 0.02: cash 10.00 − 12.50 − 0.02
    // = −2.52; closes 13.00, 11.00, 9.00 mark 10.48, 8.48, 6.48. Sell at bar 7's open 9.50, fee 0.01: cash 6.97,
    // flat for bars 7 and 8. Buy at bar 9's open 10.20, fee 0.02: cash −3.25; closes 10.50, 11.00 mark 7.25, 7.75.
    expect(series.points.map((p) => p.equity)).toEqual([1000, 1000, 1000, 1000, 1048, 848, 648, 697, 697, 725, 775]);
    // The peak is 10.48 from bar 4 on.
    expect(series.points.map((p) => p.drawdown)).toEqual([0, 0, 0, 0, 0, 200, 400, 351, 351, 323, 273]);
    expect(series.points.map((p) => p.time)).toEqual(bars.map((bar) => bar.start));
    expect(series).toMatchObject({ bars: 11, bucketBars: 1 });
  });

  it('trade mode: sampled at each bar end of the timeframe, at the last print, with the fills so far', () => {
    const definition = defineStrategy({
      kind: 'buy-once',
      title: 'buy once',
      description: 'test',
      params: {},
      create(context) {
        let bars = 0;
        return { onBar: () => void (++bars === 1 && context.market('buy', 2)) };
      },
    }) as unknown as StrategyDefinition<ParamSchema>;
    // One print a second, 2 s bars: [100 101] [102 103] [104 105] [105 105] [106 104]; then a print 10 s later.
    const prices = [100, 101, 102, 103, 104, 105, 105, 105, 106, 104, 110];
    const times = prices.map((_, i) => T0 + (i < 10 ? i : 20) * SECOND);
    const tape = { kind: 'trades' as const, time: Float64Array.from(times), price: Float64Array.from(prices), qty: Float64Array.from(prices.map(() => 5)), side: Uint8Array.from(prices.map((_, i) => (i % 2 === 0 ? 1 : 0))), length: prices.length };
    const run = runTradeBacktest({ definition, params: {} as ParamsOf<ParamSchema>, tape, barUs: 2 * SECOND, tf: '1s', tick: parseDecimal('1'), lot: parseDecimal('1'), feeBps: '10', slippageBps: '0', latencyUs: 0, queueAhead: { kind: 'fixed', lots: 3 }, capital: 1000 });
    const series = boundedEquity(run.capital, run.equity);
    // The buy sent at the first bar's end takes the next print, a buyer's at 102: 204 and a fee of 0.204 rounded up
    // to 1, cash 795. Marks: 795 + 2 × 103, 105, 105, 104, then 110 at the bar of the last print (the bars between
    // had no print, so they have no point: without a print nothing can change the equity).
    expect(run.fills).toMatchObject([{ side: 'buy', price: 102, qty: 2, fee: 1 }]);
    expect(series.points.map((p) => p.equity)).toEqual([1000, 1001, 1005, 1005, 1003, 1015]);
    expect(series.points.map((p) => p.drawdown)).toEqual([0, 0, 0, 0, 2, 0]);
    expect(series.points.map((p) => (p.time - T0) / SECOND)).toEqual([0, 2, 4, 6, 8, 20]);
  });
});

describe('equity series, bounded', () => {
  it('keeps every point of a short run and at most MAX_EQUITY_POINTS of a long one', () => {
    expect(boundedEquity(1_000_000, walk(MAX_EQUITY_POINTS, 1)).points).toHaveLength(MAX_EQUITY_POINTS);
    for (const n of [MAX_EQUITY_POINTS + 1, 10_007, 250_000]) {
      const series = boundedEquity(1_000_000, walk(n, n));
      expect(series.bars).toBe(n);
      expect(series.points.length).toBeLessThanOrEqual(MAX_EQUITY_POINTS);
      expect(series.points.length).toBeGreaterThan(MAX_EQUITY_POINTS / 2);
    }
    const tiny = boundedEquity(1_000_000, walk(1_000, 3), 5);
    expect(tiny.points.length).toBeLessThanOrEqual(5);
    expect(() => boundedEquity(0, walk(10, 1), 4)).toThrow(RangeError);
  });

  it('keeps the first and last points, the peak, the trough and the deepest drawdown, in time order', () => {
    const curve = walk(100_000, 42);
    const series = boundedEquity(1_000_000, curve);
    const all = boundedEquity(1_000_000, curve, 1_000_000).points;
    const kept = series.points;
    expect(kept[0]).toEqual(all[0]);
    expect(kept.at(-1)).toEqual(all.at(-1));
    const times = kept.map((p) => p.time);
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] as number))).toBe(true);
    const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), -Infinity);
    const min = (values: number[]) => values.reduce((a, b) => Math.min(a, b), Infinity);
    expect(max(kept.map((p) => p.equity))).toBe(max(all.map((p) => p.equity)));
    expect(min(kept.map((p) => p.equity))).toBe(min(all.map((p) => p.equity)));
    // Every kept point is the full series' point at that time: values are exact, never averaged.
    const byTime = new Map(all.map((p) => [p.time, p]));
    for (const point of kept) expect(point).toEqual(byTime.get(point.time));
    // The statistics' maximum drawdown (a fraction of the peak), its peak and its trough read the same from the kept
    // points; here the deepest fall in money comes later than the deepest as a fraction, on a higher peak.
    expect(maxDrawdown(1_000_000, { length: kept.length, at: (i) => kept[i] })).toEqual(maxDrawdown(1_000_000, curve));
  });

  it('keeps the deepest fall as a fraction of the peak when a larger fall in money follows on a higher peak', () => {
    // 1,000 → 500 is a fall of half; then a peak of 10,000 and a fall of 1,000 (a tenth) is larger in money. With 5
    // points at most there is one bucket, holding all eight values.
    const curve = new EquityCurve();
    [1000, 500, 700, 10_000, 9_000, 9_500, 9_600, 9_700].forEach((value, i) => curve.push(T0 + i * MINUTE, value, 0, 0));
    const kept = boundedEquity(1000, curve, 5).points;
    expect(kept.map((p) => p.equity)).toEqual([1000, 500, 10_000, 9_700]);
    expect(maxDrawdown(1000, { length: kept.length, at: (i) => kept[i] })).toEqual(maxDrawdown(1000, curve));
  });

  it('gives the same points for the same run', () => {
    const a = boundedEquity(1_000_000, walk(77_777, 9));
    const b = boundedEquity(1_000_000, walk(77_777, 9));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
