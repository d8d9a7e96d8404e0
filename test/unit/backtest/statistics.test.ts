/** Statistics against values computed by hand on tiny series. */
import { describe, expect, it } from 'vitest';
import type { BacktestRun } from '../../../workers/backtest/backtest-engine.js';
import { computeStatistics, maxDrawdown, roundTrips } from '../../../workers/backtest/statistics.js';

const DAY = 86_400_000_000;

describe('backtest statistics', () => {
  it('matches FIFO round trips out of fills, splitting fees pro rata, through a flip from long to short', () => {
    const trips = roundTrips([
      { time: 0, orderId: 'a', side: 'buy', price: 100, qty: 2, fee: 3 },
      { time: 1, orderId: 'b', side: 'sell', price: 110, qty: 1, fee: 1 },
      { time: 2, orderId: 'c', side: 'sell', price: 90, qty: 2, fee: 2 },
      { time: 3, orderId: 'd', side: 'buy', price: 80, qty: 1, fee: 1 },
    ]);
    expect(trips).toEqual([
      // Entry fee 3 over 2 lots: floor(1.5) = 1 to the first exit, the rest (2) to the second: the total stays exact.
      { side: 'long', qty: 1, entryTime: 0, entryPrice: 100, exitTime: 1, exitPrice: 110, fees: 2, pnl: 8 },
      { side: 'long', qty: 1, entryTime: 0, entryPrice: 100, exitTime: 2, exitPrice: 90, fees: 3, pnl: -13 },
      { side: 'short', qty: 1, entryTime: 2, entryPrice: 90, exitTime: 3, exitPrice: 80, fees: 2, pnl: 8 },
    ]);
  });

  it('computes returns, Sharpe, Sortino, CAGR, Calmar, drawdown, exposure and trade ratios of a three-bar run', () => {
    const run: BacktestRun = {
      capital: 100,
      fills: [
        { time: 0, orderId: 'a', side: 'buy', price: 100, qty: 2, fee: 3 },
        { time: DAY, orderId: 'b', side: 'sell', price: 110, qty: 1, fee: 1 },
        { time: DAY, orderId: 'c', side: 'sell', price: 90, qty: 2, fee: 2 },
        { time: 2 * DAY, orderId: 'd', side: 'buy', price: 80, qty: 1, fee: 1 },
      ],
      equity: [
        { time: 0, equity: 110, position: 1, close: 110 },
        { time: DAY, equity: 99, position: 0, close: 99 },
        { time: 2 * DAY, equity: 121, position: 1, close: 121 },
      ],
      openOrders: 0,
      logs: [],
    };
    const stats = computeStatistics(run, DAY);
    // Returns 0.1, −0.1, 22/99: mean 0.074074, sample stdev 0.162669; × √365.25.
    expect(stats.sharpe).toBeCloseTo(8.70279982, 6);
    // Downside deviation √(0.01 / 3).
    expect(stats.sortino).toBeCloseTo(24.52008499, 6);
    expect(stats.totalReturn).toBeCloseTo(0.21, 12);
    // Three days of data: 1.21^(365.25 / 3) − 1.
    expect((stats.cagr as number) / 11998275670.32402).toBeCloseTo(1, 9);
    expect(stats.maxDrawdown).toBeCloseTo(0.1, 12);
    expect([stats.maxDrawdownPeak, stats.maxDrawdownTrough]).toEqual([0, DAY]);
    expect((stats.calmar as number) / 119982756703.2402).toBeCloseTo(1, 9);
    expect(stats.exposure).toBeCloseTo(2 / 3, 12);
    expect(stats).toMatchObject({ bars: 3, startEquity: 100, endEquity: 121, netProfit: 21, trades: 3, expectancy: 1, fees: 7 });
    expect(stats.winRate).toBeCloseTo(2 / 3, 12);
    expect(stats.profitFactor).toBeCloseTo(16 / 13, 12);
  });

  it('dates a drawdown from the starting capital at the first bar, and has none on a rising curve', () => {
    expect(maxDrawdown(100, [{ time: 5, equity: 80 }, { time: 6, equity: 90 }])).toEqual({ depth: 0.2, peak: 5, trough: 5 });
    expect(maxDrawdown(100, [{ time: 5, equity: 101 }, { time: 6, equity: 102 }])).toEqual({ depth: 0, peak: null, trough: null });
  });

  it('leaves undefined ratios null: no trades, a flat curve', () => {
    const stats = computeStatistics({ capital: 100, fills: [], equity: [{ time: 0, equity: 100, position: 0, close: 1 }, { time: DAY, equity: 100, position: 0, close: 1 }], openOrders: 0, logs: [] }, DAY);
    expect(stats).toMatchObject({ sharpe: null, sortino: null, calmar: null, winRate: null, profitFactor: null, expectancy: null, trades: 0, exposure: 0, totalReturn: 0, cagr: 0 });
  });
});
