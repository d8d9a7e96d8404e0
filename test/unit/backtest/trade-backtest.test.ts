/**
 * The trade-level backtest end to end in one process: a strategy's orders go through the risk core (a denial comes
 * back to the strategy and nothing trades) into the tape market; fills land where the tape says, after the latency;
 * the same inputs give the same run.
 */
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../workers/core/fixed-point.js';
import type { TradeColumns } from '../../../workers/history/import/import-types.js';
import type { OrderEvent } from '../../../workers/protocol/messages.js';
import { runTradeBacktest, type TradeBacktestInput } from '../../../workers/backtest/trade/trade-backtest.js';
import { defineStrategy, type StrategyDefinition } from '../../../workers/strategies/api.js';
import type { ParamSchema, ParamsOf } from '../../../workers/strategies/params.js';
import { syntheticTape } from '../../bench/backtest-bench.js';
import { smaCross } from '../../../workers/strategies/sma-cross.js';

const SECOND = 1_000_000;
const T0 = 1_704_067_200 * SECOND;

/** One print per second: price `prices[i]`, 5 lots, buyer or seller alternately. */
function tape(prices: readonly number[]): TradeColumns {
  return {
    kind: 'trades',
    time: Float64Array.from(prices.map((_, i) => T0 + i * SECOND)),
    price: Float64Array.from(prices),
    qty: Float64Array.from(prices.map(() => 5)),
    side: Uint8Array.from(prices.map((_, i) => (i % 2 === 0 ? 1 : 0))),
    length: prices.length,
  };
}

/** Buys `qty` at market on its first bar, then rests a sell limit at `exit`; records its events. */
function scripted(seen: OrderEvent[]) {
  return defineStrategy({
    kind: 'scripted',
    title: 'scripted',
    description: 'test',
    params: { qty: { kind: 'int', default: 2, min: 1, description: 'lots' }, exit: { kind: 'int', default: 105, min: 1, description: 'ticks' } },
    create(context, params) {
      let bars = 0;
      return {
        onBar() {
          if (++bars === 1) context.market('buy', params.qty);
        },
        onOrder(event) {
          seen.push(event);
          if (event.type === 'OrderFilled' && event.side === 'buy' && event.leavesQty === 0) context.limit('sell', params.qty, params.exit);
        },
      };
    },
  }) as unknown as StrategyDefinition<ParamSchema>;
}

function input(definition: StrategyDefinition<ParamSchema>, prices: readonly number[], extra: Partial<TradeBacktestInput> = {}): TradeBacktestInput {
  return {
    definition,
    params: { qty: 2, exit: 105 } as unknown as ParamsOf<ParamSchema>,
    tape: tape(prices),
    barUs: 2 * SECOND,
    tf: '1s',
    tick: parseDecimal('1'),
    lot: parseDecimal('1'),
    feeBps: '0',
    slippageBps: '0',
    latencyUs: 0,
    queueAhead: { kind: 'fixed', lots: 3 },
    capital: 1_000,
    ...extra,
  };
}

describe('runTradeBacktest', () => {
  // Bars of 2 s: [100, 101] [102, 103] [104, 105] [105, 105] [106, 104]
  const PRICES = [100, 101, 102, 103, 104, 105, 105, 105, 106, 104];

  it('takes the touch after the latency and fills a resting exit once the displayed size ahead has traded', () => {
    const seen: OrderEvent[] = [];
    const run = runTradeBacktest(input(scripted(seen), PRICES, { latencyUs: 1_500_000 }));
    // The first bar closes at 2 s; the market buy arrives 1.5 s later. Prints alternate buyer, seller: the last
    // buyer paid 102 (at 2 s), but a seller got 103 at 3 s, so the ask stands above that, at 104: the buy pays 104.
    expect(run.fills[0]).toMatchObject({ time: T0 + 3_500_000, side: 'buy', price: 104, qty: 2, fee: 0 });
    // The exit (sent at 3.5 s, arriving at 5 s) rests at 105 behind 3 displayed lots: the print at 5 s (5 lots at 105)
    // takes the 3 ahead and 2 of ours: filled at once, as maker.
    expect(run.fills[1]).toMatchObject({ time: T0 + 5 * SECOND, side: 'sell', price: 105, qty: 2 });
    expect(run.fills).toHaveLength(2);
    expect(run.equity.at(-1)).toMatchObject({ position: 0, equity: 1_000 + (105 - 104) * 2 });
    expect(seen.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled', 'OrderAccepted', 'OrderFilled']);
  });

  it('lets the risk core deny an order: the strategy hears OrderDenied and nothing trades', () => {
    const seen: OrderEvent[] = [];
    const risk = { maxOrderQty: { '*': 1 }, maxPosition: { '*': 100 }, maxOpenOrders: 10 };
    const run = runTradeBacktest(input(scripted(seen), PRICES, { risk }));
    expect(run.fills).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'OrderDenied', rule: 'max_order_qty' });
  });

  it('gives the same run for the same inputs', () => {
    const random = syntheticTape(50_000, 3);
    const go = () =>
      runTradeBacktest({
        ...input(smaCross as unknown as StrategyDefinition<ParamSchema>, []),
        params: { fast: 5, slow: 20, tf: '1s', qty: 3, allowShort: true } as unknown as ParamsOf<ParamSchema>,
        tape: random,
        barUs: SECOND,
        feeBps: '5',
        latencyUs: 20_000,
        queueAhead: { kind: 'traded', lookbackUs: 60 * SECOND },
        capital: 10_000_000,
      });
    const a = go();
    const b = go();
    expect(a.fills.length).toBeGreaterThan(10);
    expect(b.fills).toEqual(a.fills);
    expect(b.equity.map((p) => p.equity)).toEqual(a.equity.map((p) => p.equity));
  });
});
