/** End to end through the engine: the built-in strategy files, unchanged, over fixture CSVs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBacktestCsv } from '../../../workers/backtest/bar-data.js';
import { runBacktest, syntheticTrades, type BacktestInput } from '../../../workers/backtest/backtest-engine.js';
import { buildReport } from '../../../workers/backtest/report.js';
import { computeStatistics } from '../../../workers/backtest/statistics.js';
import { parseDecimal } from '../../../workers/core/fixed-point.js';
import type { OrderEvent } from '../../../workers/protocol/messages.js';
import { defineStrategy, type StrategyDefinition } from '../../../workers/strategies/api.js';
import { defaultsOf, resolveParams, type ParamSchema, type ParamsOf } from '../../../workers/strategies/params.js';
import { strategyDefinition } from '../../../workers/strategies/registry.js';

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)), 'utf8');
const CROSS = fixture('backtest/cross-1m.csv');
const XRP = fixture('indicators/xrp-eth-1m.csv');

function setup(kind: string, given: Record<string, unknown>, csv: string, tick: string, feeBps = '0') {
  const definition = strategyDefinition(kind) as StrategyDefinition<ParamSchema>;
  const resolved = resolveParams(definition.params, given);
  if (!resolved.ok) throw new Error(resolved.reason);
  const series = parseBacktestCsv(csv, parseDecimal(tick), '1m');
  const input: BacktestInput = { definition, params: resolved.params, bars: series.bars, intervalUs: series.intervalUs, costs: { feeBps, slippageBps: '0' }, capital: (series.bars[0]?.open ?? 0) * 1 };
  return { input, series, params: resolved.params as Record<string, unknown> };
}

function reportJson(kind: string, given: Record<string, unknown>, csv: string, tick: string, feeBps = '0'): string {
  const { input, series, params } = setup(kind, given, csv, tick, feeBps);
  const run = runBacktest(input);
  const stats = computeStatistics(run, series.intervalUs);
  const setupInfo = { strategy: kind, params, dataFile: 'fixture.csv', intervalUs: series.intervalUs, tick: parseDecimal(tick), lot: parseDecimal('1'), feeBps, slippageBps: '0', capitalNote: 'test' };
  return JSON.stringify(buildReport(setupInfo, run, stats), null, 2);
}

describe('backtest engine', () => {
  it('runs sma-cross on the hand-made fixture: a decision on bar t fills at the open of bar t+1', () => {
    const { input } = setup('sma-cross', { fast: 2, slow: 3 }, CROSS, '0.01', '10');
    const run = runBacktest(input);
    const minute = 60_000_000;
    const t0 = 1_704_067_200_000_000;
    expect(run.fills.map((f) => [(f.time - t0) / minute, f.side, f.price, f.qty, f.fee])).toEqual([
      [4, 'buy', 1250, 1, 2],
      [7, 'sell', 950, 1, 1],
      [9, 'buy', 1020, 1, 2],
    ]);
    expect(run.equity.map((p) => p.position)).toEqual([0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1]);
    expect(run.equity.at(-1)?.equity).toBe(775);
    const report = JSON.parse(reportJson('sma-cross', { fast: 2, slow: 3 }, CROSS, '0.01', '10')) as { trades: unknown[]; statistics: Record<string, unknown> };
    expect(report.trades).toEqual([{ side: 'long', qty: '1', entryTime: '2024-01-01T00:04:00.000Z', entryPrice: '12.50', exitTime: '2024-01-01T00:07:00.000Z', exitPrice: '9.50', fees: '0.03', pnl: '-3.03' }]);
    expect(report.statistics).toMatchObject({ startEquity: '10.00', endEquity: '7.75', netProfit: '-2.25', fees: '0.05', trades: 1, endPosition: '1' });
  });

  it('fills every sma-cross order at the open of a bar on the XRP/ETH minutes, and gives byte-identical reports', () => {
    const { input, series } = setup('sma-cross', { fast: 5, slow: 20 }, XRP, '0.00000001');
    const run = runBacktest(input);
    const openAt = new Map(series.bars.map((bar) => [bar.start, bar.open]));
    expect(run.fills.length).toBeGreaterThan(20);
    for (const [i, fill] of run.fills.entries()) {
      expect(fill.price).toBe(openAt.get(fill.time));
      expect(fill.side).toBe(i % 2 === 0 ? 'buy' : 'sell');
    }
    const first = reportJson('sma-cross', { fast: 5, slow: 20 }, XRP, '0.00000001', '5');
    expect(reportJson('sma-cross', { fast: 5, slow: 20 }, XRP, '0.00000001', '5')).toBe(first);
  });

  it('runs breakout (reduce-only stops placed on the entry fill, amended bar by bar) and exits on its stop', () => {
    const { input, series } = setup('breakout', { period: 20, atrPeriod: 14, atrMultiple: 2 }, XRP, '0.00000001');
    const run = runBacktest(input);
    const byStart = new Map(series.bars.map((bar) => [bar.start, bar]));
    expect(run.fills.length).toBeGreaterThan(2);
    // Exits are stop fills: at the trigger or below it (a gap), never above the bar's open.
    const exits = run.fills.filter((fill) => fill.side === 'sell');
    expect(exits.length).toBeGreaterThan(0);
    for (const fill of exits) {
      const bar = byStart.get(fill.time);
      expect(fill.price).toBeLessThanOrEqual(bar?.open ?? 0);
      expect(fill.price).toBeGreaterThanOrEqual(bar?.low ?? Infinity);
    }
  });

  it('delivers protocol order events to onOrder as the live worker does: accepted, filled, legs, one-cancels-other', () => {
    const seen: OrderEvent[] = [];
    const probe = defineStrategy({
      kind: 'probe',
      title: 'probe',
      description: 'A bracket on the first bar.',
      params: {},
      create(context) {
        let sent = false;
        return {
          onBar(bar) {
            if (sent) return;
            sent = true;
            context.bracket('buy', 1, { takeProfit: bar.close + 300, stopLoss: bar.close - 100 });
            expect(context.orders()).toHaveLength(1);
          },
          onOrder(event) {
            seen.push(event);
          },
        };
      },
    }) as unknown as StrategyDefinition<ParamSchema>;
    const series = parseBacktestCsv(CROSS, parseDecimal('0.01'), '1m');
    runBacktest({ definition: probe, params: defaultsOf(probe.params) as ParamsOf<ParamSchema>, bars: series.bars, intervalUs: series.intervalUs, costs: { feeBps: '0', slippageBps: '0' }, capital: 1000 });
    const id = 'backtest-1';
    expect(seen.map((e) => [e.type, e.clientOrderId, e.state])).toEqual([
      ['OrderAccepted', id, 'accepted'],
      ['OrderFilled', id, 'filled'],
      ['OrderAccepted', `${id}-tp`, 'accepted'],
      ['OrderAccepted', `${id}-sl`, 'accepted'],
      // Bar 1 closes at 10.00: take-profit 13.00, stop-loss 9.00; bar 2 reaches 8.90: stopped out.
      ['OrderFilled', `${id}-sl`, 'filled'],
      ['OrderCanceled', `${id}-tp`, 'canceled'],
    ]);
    expect(seen[2]).toMatchObject({ parentId: id, orderType: 'limit', price: 1300, qty: 1 });
    expect(seen[4]).toMatchObject({ price: 900, qty: 1, filledQty: 1, leavesQty: 0, liquidity: 'taker', fee: 0 });
  });

  it('feeds trade-driven strategies four synthetic trades per bar along its likely path (support-resistance)', () => {
    const series = parseBacktestCsv(CROSS, parseDecimal('0.01'), '1m');
    const [up, , down] = [series.bars[3], series.bars[4], series.bars[6]];
    expect(syntheticTrades(up as never, 60_000_000).map((t) => t.price)).toEqual([900, 890, 1210, 1200]);
    expect(syntheticTrades(down as never, 60_000_000).map((t) => [t.price, t.ts - (down?.start ?? 0)])).toEqual([[1100, 0], [1110, 15_000_000], [890, 30_000_000], [900, 45_000_000]]);
    // Armed at 9.00 or below, buys on a turn of 1.00 up: bar 3 prints 8.90 then 12.10, so it buys at bar 4's open.
    const conditions = [{ side: 'buy', trigger: 900, turn: 100, qty: 2, takeProfit: 0, stopLoss: 0, trail: 0, repeat: false }];
    const { input } = setup('support-resistance', { conditions }, CROSS, '0.01');
    const run = runBacktest(input);
    expect(run.fills.map((f) => [f.side, f.price, f.qty])).toEqual([['buy', 1250, 2]]);
  });
  it("shows a strategy the newest 1,000 closed bars, however long the run (the history is trimmed as it goes)", () => {
    const minute = 60_000_000;
    const t0 = 1_704_067_200_000_000;
    const bars = Array.from({ length: 4_321 }, (_, i) => ({ v: 1 as const, seq: i, ts: t0 + i * minute, rts: t0 + i * minute, type: 'Bar' as const, venue: 'sim', symbol: 'T', tf: '1m' as const, start: t0 + i * minute, open: 100 + i, high: 100 + i, low: 100 + i, close: 100 + i, volume: 1, trades: 1, closed: true }));
    const seen: Array<{ count: number; first: number; last: number }> = [];
    const probe = defineStrategy({
      kind: 'history-probe',
      title: 'probe',
      description: 'reads its bars',
      params: {},
      create(context) {
        return {
          onBar() {
            const history = context.bars('1m');
            seen.push({ count: history.length, first: history[0]?.close ?? 0, last: history.at(-1)?.close ?? 0 });
          },
        };
      },
    }) as unknown as StrategyDefinition<ParamSchema>;
    runBacktest({ definition: probe, params: {} as ParamsOf<ParamSchema>, bars, intervalUs: minute, costs: { feeBps: '0', slippageBps: '0' }, capital: 0 });
    expect(seen).toHaveLength(bars.length);
    // Bar i's onBar sees bars max(0, i-999) … i, whether or not the store was just trimmed.
    for (const i of [0, 998, 999, 1_999, 2_000, 2_001, 3_000, 4_320]) {
      expect(seen[i], `bar ${i}`).toEqual({ count: Math.min(i + 1, 1_000), first: 100 + Math.max(0, i - 999), last: 100 + i });
    }
  });
});
