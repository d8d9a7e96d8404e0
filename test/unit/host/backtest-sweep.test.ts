import { describe, expect, it } from 'vitest';
import { checkRequest, cliArgs, expandGrid, rankRuns, sweepParamsProblem, BacktestRequestError, type BacktestRequest, type FinishedRun } from '../../../src-main/host/backtest-sweep.js';

const request: BacktestRequest = { strategy: 'sma-cross', params: { fast: [5, 10, 20], slow: [30, 50], tf: '5m' }, data: 'resources/data/xrp-eth-trades.csv', mode: 'bar' };

const run = (index: number, statistics: Record<string, unknown>): FinishedRun => ({ index, params: { i: String(index) }, report: { statistics } });

describe('sweep grid', () => {
  it('makes every combination of the listed values, single values in all of them', () => {
    const grid = expandGrid(request.params);
    expect(grid).toHaveLength(6);
    expect(grid[0]).toEqual({ fast: '5', slow: '30', tf: '5m' });
    expect(grid[5]).toEqual({ fast: '20', slow: '50', tf: '5m' });
    expect(new Set(grid.map((g) => `${g.fast}/${g.slow}`)).size).toBe(6);
  });

  it('is one run with no parameters', () => {
    expect(expandGrid({})).toEqual([{}]);
  });
});

describe('command arguments', () => {
  it('passes strategy, data, mode, each parameter, the costs and --json', () => {
    const args = cliArgs({ ...request, tf: '5m', feeBps: '10', slippageBps: '2', quantity: '100' }, { fast: '5', slow: '30' });
    expect(args).toEqual(['--strategy', 'sma-cross', '--data', 'resources/data/xrp-eth-trades.csv', '--mode', 'bar', '--param', 'fast=5', '--param', 'slow=30', '--tf', '5m', '--fee-bps', '10', '--slippage-bps', '2', '--quantity', '100', '--chart-bars', '3000', '--json']);
  });
});

describe('ranking', () => {
  it('puts the highest Sharpe first by default and runs without one last', () => {
    const ranked = rankRuns([run(0, { sharpe: 1 }), run(1, { sharpe: null }), run(2, { sharpe: 3 }), run(3, { sharpe: -2 })]);
    expect(ranked.map((r) => r.index)).toEqual([2, 0, 3, 1]);
  });

  it('ranks by a cash figure given as text, and the smallest drawdown first', () => {
    expect(rankRuns([run(0, { netProfit: '0.5' }), run(1, { netProfit: '1.25' })], 'netProfit').map((r) => r.index)).toEqual([1, 0]);
    expect(rankRuns([run(0, { maxDrawdown: 0.2 }), run(1, { maxDrawdown: 0.05 })], 'maxDrawdown').map((r) => r.index)).toEqual([1, 0]);
  });

  it('keeps the grid order on ties', () => {
    expect(rankRuns([run(1, { sharpe: 2 }), run(0, { sharpe: 2 })]).map((r) => r.index)).toEqual([0, 1]);
  });
});

describe('refusals', () => {
  it('refuses an unknown strategy, naming the known ones', () => {
    expect(() => checkRequest({ ...request, strategy: 'nope' })).toThrow(/unknown strategy nope \(one of .*sma-cross/);
  });

  it('refuses a parameter the strategy does not have', () => {
    expect(() => checkRequest({ ...request, params: { fats: 5 } })).toThrow(BacktestRequestError);
    expect(() => checkRequest({ ...request, params: { fats: 5 } })).toThrow(/no parameter fats/);
  });

  it('refuses an unknown ranking statistic and an empty list', () => {
    expect(() => checkRequest({ ...request, rankBy: 'luck' })).toThrow(/rank by luck/);
    expect(() => checkRequest({ ...request, params: { fast: [] } })).toThrow(/fast: no values/);
  });

  it('returns the grid of a good request', () => {
    expect(checkRequest(request)).toHaveLength(6);
  });

  it('bridge check: refuses bad names, objects and empty lists, accepts values and lists', () => {
    expect(sweepParamsProblem({ fast: [5, 10], slow: 30, tf: '5m', allowShort: true })).toBeUndefined();
    expect(sweepParamsProblem({ __proto__x: 1 })).toMatch(/bad parameter name/);
    expect(sweepParamsProblem({ fast: { a: 1 } })).toMatch(/fast must be/);
    expect(sweepParamsProblem({ fast: [] })).toMatch(/1\.\.100 values/);
    expect(sweepParamsProblem([1])).toMatch(/map/);
  });
});
