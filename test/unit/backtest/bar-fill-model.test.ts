/** The bar-level fill rules: next-open market fills, limits and stops in range or gapped through, costs, brackets. */
import { describe, expect, it } from 'vitest';
import { BarFillModel, type BarPrices, type ModelEvent } from '../../../workers/backtest/bar-fill-model.js';

const bar = (open: number, high: number, low: number, close: number): BarPrices => ({ open, high, low, close });
const free = () => new BarFillModel({ feeBps: '0', slippageBps: '0' });
const fills = (events: ModelEvent[]) => events.filter((e) => e.kind === 'filled').map((e) => (e.kind === 'filled' ? [e.order.id, e.order.side, e.price, e.qty, e.fee] : []));
const kinds = (events: ModelEvent[]) => events.map((e) => `${e.kind}:${e.order.id}`);

describe('bar fill model', () => {
  it('fills a market order at the next bar open, whatever the range does', () => {
    const model = free();
    expect(model.submit('m', { side: 'buy', orderType: 'market', price: 0, qty: 3 }, 100).kind).toBe('accepted');
    expect(fills(model.processBar(bar(105, 120, 90, 110), 0))).toEqual([['m', 'buy', 105, 3, 0]]);
    expect(model.working()).toEqual([]);
  });

  it('fills a limit at its price when the range touches it, and at the open when the open gapped through it', () => {
    const model = free();
    model.submit('buy', { side: 'buy', orderType: 'limit', price: 95, qty: 1 }, 100);
    model.submit('sell', { side: 'sell', orderType: 'limit', price: 104, qty: 1 }, 100);
    expect(fills(model.processBar(bar(100, 103, 96, 100), 0))).toEqual([]);
    // Low touches 95 exactly: filled at 95. The sell limit at 104 is below the next open of 106: filled at 106.
    expect(fills(model.processBar(bar(100, 101, 95, 99), 0))).toEqual([['buy', 'buy', 95, 1, 0]]);
    expect(fills(model.processBar(bar(106, 107, 105, 106), 1))).toEqual([['sell', 'sell', 106, 1, 0]]);
  });

  it('fills a stop at its trigger inside the range, at the open on a gap, with slippage against the trader', () => {
    const model = new BarFillModel({ feeBps: '0', slippageBps: '100' }); // 1 %
    model.submit('sl', { side: 'sell', orderType: 'stop', price: 0, stopPrice: 900, qty: 1 }, 1000);
    model.submit('bs', { side: 'buy', orderType: 'stop', price: 0, stopPrice: 1100, qty: 1 }, 1000);
    expect(fills(model.processBar(bar(1000, 1050, 950, 1000), 0))).toEqual([]);
    // The sell stop triggers at 900 in the range: 900 − 1 % = 891. The buy stop gapped through at 1200: 1200 + 12.
    expect(fills(model.processBar(bar(1000, 1000, 880, 890), 0))).toEqual([['sl', 'sell', 891, 1, 0]]);
    expect(fills(model.processBar(bar(1200, 1250, 1190, 1210), -1))).toEqual([['bs', 'buy', 1212, 1, 0]]);
  });

  it('rounds slippage to a whole tick against the trader, and fees (bps of notional) up', () => {
    const model = new BarFillModel({ feeBps: '7.5', slippageBps: '3' });
    model.submit('b', { side: 'buy', orderType: 'market', price: 0, qty: 2 }, 1000);
    model.submit('s', { side: 'sell', orderType: 'market', price: 0, qty: 2 }, 1000);
    // 1001 × 3 bps = 0.3003 ticks → 1 tick. Fee: 1002 × 2 × 7.5 bps = 1.503 → 2; 1000 × 2 × 7.5 bps = 1.5 → 2.
    expect(fills(model.processBar(bar(1001, 1001, 1001, 1001), 0))).toEqual([
      ['b', 'buy', 1002, 2, 2],
      ['s', 'sell', 1000, 2, 2],
    ]);
  });

  it('places bracket legs when the entry fills; with both legs in range the stop-loss fills first and cancels the take-profit', () => {
    const model = free();
    model.submit('e', { side: 'buy', orderType: 'market', price: 0, qty: 2, takeProfit: 110, stopLoss: 95 }, 100);
    const first = model.processBar(bar(100, 105, 98, 104), 0);
    expect(kinds(first)).toEqual(['filled:e', 'accepted:e-tp', 'accepted:e-sl']);
    expect(model.working().map((o) => [o.id, o.side, o.orderType, o.qty, o.reduceOnly])).toEqual([
      ['e-tp', 'sell', 'limit', 2, true],
      ['e-sl', 'sell', 'stop', 2, true],
    ]);
    const second = model.processBar(bar(100, 112, 94, 100), 2);
    expect(fills(second)).toEqual([['e-sl', 'sell', 95, 2, 0]]);
    expect(kinds(second)).toEqual(['filled:e-sl', 'canceled:e-tp']);
    expect(model.working()).toEqual([]);
  });

  it('checks the legs of an entry filled at the open against the rest of that bar', () => {
    const model = free();
    model.submit('e', { side: 'sell', orderType: 'market', price: 0, qty: 1, takeProfit: 90 }, 100);
    expect(fills(model.processBar(bar(100, 101, 89, 95), 0))).toEqual([['e', 'sell', 100, 1, 0], ['e-tp', 'buy', 90, 1, 0]]);
  });

  it('caps reduce-only orders at the position and cancels them when there is nothing to reduce', () => {
    const model = free();
    model.submit('r', { side: 'sell', orderType: 'market', price: 0, qty: 5, reduceOnly: true }, 100);
    const events = model.processBar(bar(100, 100, 100, 100), 3);
    expect(kinds(events)).toEqual(['amended:r', 'filled:r']);
    expect(fills(events)).toEqual([['r', 'sell', 100, 3, 0]]);
    model.submit('x', { side: 'sell', orderType: 'market', price: 0, qty: 1, reduceOnly: true }, 100);
    expect(kinds(model.processBar(bar(100, 100, 100, 100), 0))).toEqual(['canceled:x']);
  });

  it('triggers a stop-limit and fills it at the better of trigger and limit, or leaves it resting as a limit', () => {
    const model = free();
    model.submit('a', { side: 'buy', orderType: 'stop_limit', price: 105, stopPrice: 103, qty: 1 }, 100);
    expect(fills(model.processBar(bar(100, 104, 99, 104), 0))).toEqual([['a', 'buy', 103, 1, 0]]);
    model.submit('b', { side: 'buy', orderType: 'stop_limit', price: 108, stopPrice: 110, qty: 1 }, 104);
    expect(fills(model.processBar(bar(112, 115, 109, 114), 1))).toEqual([]); // gapped above both: rests as a limit at 108
    expect(model.working()[0]?.triggered).toBe(true);
    expect(fills(model.processBar(bar(110, 111, 107, 109), 1))).toEqual([['b', 'buy', 108, 1, 0]]);
  });

  it('moves a trailing stop after each bar on completed extremes, never back, and triggers it on a later bar', () => {
    const model = free();
    model.submit('t', { side: 'sell', orderType: 'trailing_stop', price: 0, qty: 1, trailAmount: 5 }, 100);
    expect(model.working()[0]?.stopPrice).toBe(95);
    // This bar's high of 110 moves the stop to 105 only after the bar: its low of 96 does not trigger the old stop.
    expect(kinds(model.processBar(bar(100, 110, 96, 108), 1))).toEqual(['amended:t']);
    expect(model.working()[0]?.stopPrice).toBe(105);
    expect(kinds(model.processBar(bar(107, 108, 106, 107), 1))).toEqual([]);
    expect(fills(model.processBar(bar(106, 107, 100, 101), 1))).toEqual([['t', 'sell', 105, 1, 0]]);
  });

  it('cancels and amends working orders and rejects malformed ones', () => {
    const model = free();
    model.submit('l', { side: 'buy', orderType: 'limit', price: 90, qty: 1 }, 100);
    expect(model.amend('l', { price: 95, qty: 2, stopPrice: 0 })?.kind).toBe('amended');
    expect(model.working()[0]).toMatchObject({ price: 95, qty: 2 });
    expect(model.cancel('l')?.kind).toBe('canceled');
    expect(model.cancel('l')).toBeUndefined();
    expect(model.submit('z', { side: 'buy', orderType: 'limit', price: 0, qty: 1 }, 100).kind).toBe('rejected');
    expect(model.submit('q', { side: 'buy', orderType: 'market', price: 0, qty: 0 }, 100).kind).toBe('rejected');
    expect(model.working()).toEqual([]);
  });
});
