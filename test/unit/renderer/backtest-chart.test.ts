/** The Backtest panel's price chart model: the report's bars as candles, trades as markers on their bars. */
import { describe, expect, it } from 'vitest';
import { candleAt, chartCandles, shareChart, tradeMarkers, tradeRange } from '../../../src-renderer/src/model/backtest-chart.js';
import type { BacktestReport } from '../../../workers/protocol/channels.js';

const T0 = Date.parse('2024-01-01T00:00:00Z') / 1000;

/** The cross-1m fixture's report, bars merged by 3 (as `--chart-bars 4` prints it). */
function report(): BacktestReport {
  return {
    statistics: {},
    assumptions: { tick: '0.01' },
    trades: [
      { side: 'long', qty: '1', entryTime: '2024-01-01T00:04:00.000Z', entryPrice: '12.50', exitTime: '2024-01-01T00:07:00.000Z', exitPrice: '9.50', fees: '0.03', pnl: '-3.03' },
      { side: 'short', qty: '2', entryTime: '2024-01-01T00:09:00.000Z', entryPrice: '10.20', exitTime: '2024-01-01T00:10:00.000Z', exitPrice: '10.00', fees: '0.01', pnl: '0.39' },
    ],
    chart: {
      intervalSeconds: 180,
      rows: [
        ['2024-01-01T00:00:00.000Z', '10.00', '10.10', '8.90', '9.00'],
        ['2024-01-01T00:03:00.000Z', '9.00', '13.10', '8.90', '11.00'],
        ['2024-01-01T00:06:00.000Z', '11.00', '11.10', '8.90', '10.00'],
        ['2024-01-01T00:09:00.000Z', '10.20', '11.10', '10.10', '11.00'],
      ],
    },
  };
}

describe('backtest price chart', () => {
  it('reads the bars as candles in seconds, with the tick\'s precision, once per chart', () => {
    const r = report();
    const chart = chartCandles(r);
    expect(chart).toMatchObject({ intervalSeconds: 180, precision: 2, minMove: 0.01 });
    expect(chart?.candles[1]).toEqual({ time: T0 + 180, open: 9, high: 13.1, low: 8.9, close: 11 });
    expect(chartCandles(r)).toBe(chart);
    expect(chartCandles({ statistics: {} })).toBeUndefined();
  });

  it('marks each entry and exit on the bar holding it: buys below, sells above, P&L on the exit', () => {
    const r = report();
    const candles = chartCandles(r)?.candles ?? [];
    expect(tradeMarkers(r, candles)).toEqual([
      { time: T0 + 180, side: 'buy', position: 'belowBar', shape: 'arrowUp', text: 'buy 1', trade: 0, kind: 'entry' },
      { time: T0 + 360, side: 'sell', position: 'aboveBar', shape: 'arrowDown', text: 'P&L -3.03', trade: 0, kind: 'exit' },
      { time: T0 + 540, side: 'sell', position: 'aboveBar', shape: 'arrowDown', text: 'sell 2', trade: 1, kind: 'entry' },
      { time: T0 + 540, side: 'buy', position: 'belowBar', shape: 'arrowUp', text: 'P&L 0.39', trade: 1, kind: 'exit' },
    ]);
    expect(candleAt(candles, T0 - 60)).toBe(0);
    expect(candleAt(candles, T0 + 10_000)).toBe(3);
    expect(tradeRange(r, candles, 0, 1)).toEqual({ from: 0, to: 3 });
    expect(tradeRange(r, candles, 5)).toBeUndefined();
  });

  it('shares one chart between runs whose bars are the same', () => {
    const first = report();
    const second = shareChart(report(), [first]);
    expect(second.chart).toBe(first.chart);
    const other = report();
    (other.chart as { rows: string[][] }).rows[0]![4] = '9.01';
    expect(shareChart(other, [first, second]).chart).not.toBe(first.chart);
  });
});
