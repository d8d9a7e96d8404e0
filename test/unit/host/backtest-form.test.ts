import { describe, expect, it } from 'vitest';
import { builtInSchema } from '../../../src-main/host/strategy-schema.js';
import { backtestCommand, backtestStrategies, equityLines, paramValue, runCount, type BacktestForm } from '../../../src-renderer/src/model/backtest-form.js';

const form: BacktestForm = { strategy: 'sma-cross', params: { fast: '5, 10', slow: '30,50', tf: '5m', qty: '' }, data: ' resources/data/xrp-eth-trades.csv ', mode: 'bar', tf: '5m', feeBps: '10', slippageBps: '', quantity: '100', rankBy: 'sharpe' };

describe('the Backtest panel form', () => {
  it('reads a comma-separated list as a sweep and blank text as the default', () => {
    expect(paramValue('5, 10,,20')).toEqual(['5', '10', '20']);
    expect(paramValue(' 7 ')).toBe('7');
    expect(paramValue('  ')).toBeUndefined();
    expect(runCount(form)).toBe(4);
  });

  it('builds the runBacktest command, leaving blank fields out', () => {
    expect(backtestCommand(form, 'r1')).toEqual({ channel: 'runBacktest', requestId: 'r1', strategy: 'sma-cross', params: { fast: ['5', '10'], slow: ['30', '50'], tf: '5m' }, data: 'resources/data/xrp-eth-trades.csv', mode: 'bar', tf: '5m', feeBps: '10', quantity: '100', rankBy: 'sharpe' });
  });

  it('offers each built-in strategy with its scalar parameters and defaults', () => {
    const kinds = ['sma-cross', 'rsi-reversion'].map((kind) => ({ kind, schema: builtInSchema(kind)! }));
    const sma = backtestStrategies(kinds).find((s) => s.kind === 'sma-cross');
    expect(sma?.fields.find((f) => f.name === 'fast')).toMatchObject({ defaultText: '10' });
  });

  it('draws equity and drawdown from the report\'s per-bar series', () => {
    const { equity, drawdown } = equityLines({
      statistics: { startEquity: '10.00' },
      trades: [{ exitTime: '2024-01-01T00:07:00.000Z', pnl: '-3.03' }],
      equityCurve: { columns: ['time', 'equity', 'drawdown'], rows: [['2024-01-01T00:00:00.000Z', '10.00', '0.00'], ['2024-01-01T00:04:00.000Z', '10.48', '0.00'], ['2024-01-01T00:06:00.000Z', '6.48', '4.00']] },
    });
    expect(equity).toEqual([[Date.parse('2024-01-01T00:00:00Z'), 10], [Date.parse('2024-01-01T00:04:00Z'), 10.48], [Date.parse('2024-01-01T00:06:00Z'), 6.48]]);
    // The peak is equity + drawdown: 4.00 / 10.48 below it.
    expect(drawdown.map(([, v]) => v)).toEqual([-0, -0, -4 / 10.48]);
  });

  it('draws equity after each trade and the drawdown from its peak for a report without a series', () => {
    const { equity, drawdown } = equityLines({
      statistics: { startEquity: '10' },
      data: { from: '2019-10-11T00:00:00.000Z' },
      trades: [{ exitTime: '2019-10-11T01:00:00.000Z', pnl: '2' }, { exitTime: '2019-10-11T02:00:00.000Z', pnl: '-3' }],
    });
    expect(equity.map(([, v]) => v)).toEqual([10, 12, 9]);
    expect(drawdown.map(([, v]) => v)).toEqual([0, 0, -0.25]);
  });
});
