import { describe, it, expect } from 'vitest';
import {
  MatchingEngine,
  type EngineFilled,
  type EngineOrderEvent,
  type EngineTrade,
  type OrderRequest,
} from '../../../workers/core/matching-engine.js';

/** An engine with a listener that records what happened, in order. */
function setup() {
  const events: Array<{ kind: string; owner: string; id: string; state: string } & Record<string, unknown>> = [];
  const trades: EngineTrade[] = [];
  const engine = new MatchingEngine(
    { symbol: 'BTC-USD' },
    {
      onOrder: (event: EngineOrderEvent) => {
        const { order, ...rest } = event;
        events.push({ ...rest, owner: order.owner, id: order.clientOrderId, venueOrderId: order.venueOrderId, tag: order.tag });
      },
      onTrade: (trade) => trades.push(trade),
    },
  );
  let t = 0;
  const limit = (owner: string, id: string, side: 'buy' | 'sell', price: number, qty: number, tif: OrderRequest['tif'] = 'GTC') =>
    engine.submit({ owner, clientOrderId: id, side, type: 'limit', price, qty, tif }, ++t);
  const market = (owner: string, id: string, side: 'buy' | 'sell', qty: number) =>
    engine.submit({ owner, clientOrderId: id, side, type: 'market', price: 0, qty, tif: 'IOC' }, ++t);
  const fills = (id: string) => events.filter((e) => e.kind === 'filled' && e.id === id) as unknown as EngineFilled[];
  const kinds = (id: string) => events.filter((e) => e.id === id).map((e) => e.kind);
  return { engine, events, trades, limit, market, fills, kinds };
}

describe('MatchingEngine', () => {
  it('accepts a limit order and rests it on the book', () => {
    const s = setup();
    expect(s.limit('a', 'b1', 'buy', 100, 5)).toBe(true);
    expect(s.kinds('b1')).toEqual(['accepted']);
    expect(s.engine.bestBid()).toBe(100);
    expect(s.engine.bestAsk()).toBeUndefined();
    expect(s.engine.order('a', 'b1')?.venueOrderId).toBe('BTC-USD-1');
    expect(s.engine.checkInvariants()).toBeUndefined();
  });

  it('fills two orders at the same price in arrival order (price-time priority)', () => {
    const s = setup();
    s.limit('m1', 'first', 'sell', 101, 3);
    s.limit('m2', 'second', 'sell', 101, 3);
    s.limit('m3', 'better', 'sell', 100, 1);
    s.market('t', 'taker', 'buy', 5);
    const makerFills = s.events.filter((e) => e.kind === 'filled' && e.liquidity === 'maker').map((e) => [e.id, e.qty]);
    expect(makerFills).toEqual([
      ['better', 1],
      ['first', 3],
      ['second', 1],
    ]);
    expect(s.engine.depth(5).asks).toEqual([[101, 2]]);
    expect(s.engine.order('m2', 'second')?.leavesQty).toBe(2);
  });

  it('walks several levels with a market order and prints one trade per fill', () => {
    const s = setup();
    s.limit('m', 'a1', 'sell', 100, 2);
    s.limit('m', 'a2', 'sell', 101, 2);
    s.limit('m', 'a3', 'sell', 103, 2);
    s.market('t', 'buy', 'buy', 5);
    expect(s.trades.map((t) => [t.tradeId, t.price, t.qty, t.aggressor])).toEqual([
      [1, 100, 2, 'buy'],
      [2, 101, 2, 'buy'],
      [3, 103, 1, 'buy'],
    ]);
    const takerFills = s.fills('buy');
    expect(takerFills.map((f) => [f.fillId, f.filledQty, f.leavesQty, f.state, f.liquidity])).toEqual([
      ['1-t', 2, 3, 'partially_filled', 'taker'],
      ['2-t', 4, 1, 'partially_filled', 'taker'],
      ['3-t', 5, 0, 'filled', 'taker'],
    ]);
    expect(s.fills('a3').map((f) => [f.fillId, f.leavesQty, f.state])).toEqual([['3-m', 1, 'partially_filled']]);
    expect(s.engine.depth(5).asks).toEqual([[103, 1]]);
    expect(s.kinds('buy')).toEqual(['accepted', 'filled', 'filled', 'filled']);
  });

  it('cancels the rest of a market order the book cannot fill', () => {
    const s = setup();
    s.limit('m', 'a1', 'sell', 100, 2);
    s.market('t', 'big', 'buy', 5);
    expect(s.kinds('big')).toEqual(['accepted', 'filled', 'expired']);
    expect(s.events.at(-1)).toMatchObject({ kind: 'expired', expiredQty: 3, state: 'expired' });
    expect(s.engine.bestAsk()).toBeUndefined();
    expect(s.engine.bestBid()).toBeUndefined(); // a market order never rests
  });

  it('rejects a market order into an empty side, with a reason', () => {
    const s = setup();
    s.limit('m', 'b1', 'buy', 99, 2);
    s.market('t', 'mkt', 'buy', 1);
    expect(s.kinds('mkt')).toEqual(['rejected']);
    expect(String(s.events.at(-1)?.reason)).toMatch(/liquidity/);
    expect(s.trades).toHaveLength(0);
  });

  it('rejects a non-positive quantity or limit price with a reason', () => {
    const s = setup();
    s.limit('t', 'q0', 'buy', 100, 0);
    s.limit('t', 'p0', 'buy', 0, 1);
    s.limit('t', 'pneg', 'sell', -5, 1);
    for (const id of ['q0', 'p0', 'pneg']) {
      expect(s.kinds(id)).toEqual(['rejected']);
      expect(String(s.events.find((e) => e.id === id)?.reason).length).toBeGreaterThan(0);
    }
    expect(s.engine.depth(5)).toEqual({ bids: [], asks: [] });
  });

  it('leaves no residue from an IOC limit', () => {
    const s = setup();
    s.limit('m', 'a1', 'sell', 100, 2);
    s.limit('m', 'a2', 'sell', 102, 2);
    s.limit('t', 'ioc', 'buy', 101, 5, 'IOC');
    expect(s.kinds('ioc')).toEqual(['accepted', 'filled', 'expired']);
    expect(s.events.at(-1)).toMatchObject({ expiredQty: 3 });
    expect(s.engine.bestBid()).toBeUndefined();
    expect(s.engine.bestAsk()).toBe(102);
    expect(s.engine.order('t', 'ioc')).toBeUndefined();
  });

  it('fills a FOK completely or not at all', () => {
    const s = setup();
    s.limit('m', 'a1', 'sell', 100, 2);
    s.limit('m', 'a2', 'sell', 101, 2);
    s.limit('t', 'fok-miss', 'buy', 101, 5, 'FOK');
    expect(s.kinds('fok-miss')).toEqual(['accepted', 'expired']);
    expect(s.events.at(-1)).toMatchObject({ expiredQty: 5 });
    expect(s.trades).toHaveLength(0);
    expect(s.engine.depth(5).asks).toEqual([
      [100, 2],
      [101, 2],
    ]);
    s.limit('t', 'fok-hit', 'buy', 101, 4, 'FOK');
    expect(s.kinds('fok-hit')).toEqual(['accepted', 'filled', 'filled']);
    expect(s.engine.bestAsk()).toBeUndefined();
  });

  it('rests the rest of a partially filled GTC limit', () => {
    const s = setup();
    s.limit('m', 'a1', 'sell', 100, 2);
    s.limit('t', 'gtc', 'buy', 100, 5);
    expect(s.fills('gtc').map((f) => [f.filledQty, f.leavesQty, f.state])).toEqual([[2, 3, 'partially_filled']]);
    expect(s.engine.depth(1)).toEqual({ bids: [[100, 3]], asks: [] });
    expect(s.engine.order('t', 'gtc')).toMatchObject({ filledQty: 2, leavesQty: 3 });
  });

  it('cancels a working order once', () => {
    const s = setup();
    s.limit('a', 'x', 'buy', 100, 4);
    s.limit('a', 'y', 'buy', 100, 1);
    expect(s.engine.cancel('a', 'x', 10)).toBe(true);
    expect(s.events.at(-1)).toMatchObject({ kind: 'canceled', id: 'x', canceledQty: 4 });
    expect(s.engine.depth(1).bids).toEqual([[100, 1]]);
    const before = s.events.length;
    expect(s.engine.cancel('a', 'x', 11)).toBe(false);
    expect(s.engine.cancel('a', 'nope', 11)).toBe(false);
    expect(s.engine.cancel('other-owner', 'y', 11)).toBe(false);
    expect(s.events.length).toBe(before);
    expect(s.engine.checkInvariants()).toBeUndefined();
  });

  it('never makes a second order from a repeated (owner, clientOrderId)', () => {
    const s = setup();
    expect(s.limit('a', 'dup', 'buy', 100, 1)).toBe(true);
    expect(s.limit('a', 'dup', 'buy', 100, 1)).toBe(false);
    expect(s.limit('a', 'dup', 'sell', 200, 9)).toBe(false);
    expect(s.kinds('dup')).toEqual(['accepted']);
    expect(s.engine.depth(5)).toEqual({ bids: [[100, 1]], asks: [] });
    // Still a no-op after the order is finished, and the same id from another owner is a different order.
    s.engine.cancel('a', 'dup', 5);
    expect(s.limit('a', 'dup', 'buy', 100, 1)).toBe(false);
    expect(s.limit('b', 'dup', 'buy', 100, 1)).toBe(true);
    expect(s.engine.depth(5).bids).toEqual([[100, 1]]);
  });

  it('never trades an owner with itself: the resting order expires by default', () => {
    const s = setup();
    s.limit('a', 's', 'sell', 100, 1);
    s.limit('a', 'b', 'buy', 100, 1);
    expect(s.trades).toHaveLength(0);
    expect(s.kinds('s')).toEqual(['accepted', 'expired']);
    expect(s.engine.depth(5)).toEqual({ bids: [[100, 1]], asks: [] });
  });

  it('drains only the levels changed since the last drain, with absolute sizes', () => {
    const s = setup();
    s.limit('m', 'b1', 'buy', 99, 2);
    s.limit('m', 'b2', 'buy', 98, 2);
    s.limit('m', 'a1', 'sell', 101, 3);
    s.limit('m', 'a2', 'sell', 102, 3);
    expect(s.engine.drainBookChanges()).toEqual({
      bids: [
        [99, 2],
        [98, 2],
      ],
      asks: [
        [101, 3],
        [102, 3],
      ],
    });
    expect(s.engine.drainBookChanges()).toEqual({ bids: [], asks: [] });
    s.market('t', 'm1', 'buy', 4);
    s.limit('m', 'b3', 'buy', 98, 5);
    expect(s.engine.drainBookChanges()).toEqual({
      bids: [[98, 7]],
      asks: [
        [101, 0],
        [102, 2],
      ],
    });
  });

  it('carries the tag and gives each order its own venue order id', () => {
    const s = setup();
    s.engine.submit({ owner: 'a', clientOrderId: 'x', side: 'buy', type: 'limit', price: 5, qty: 1, tif: 'GTC', tag: 'strat-1' }, 1);
    s.limit('a', 'y', 'buy', 5, 1);
    expect(s.events.map((e) => [e.id, e.tag, e.venueOrderId])).toEqual([
      ['x', 'strat-1', 'BTC-USD-1'],
      ['y', '', 'BTC-USD-2'],
    ]);
  });

  it('forgets finished orders of transient owners but still matches them', () => {
    const engine = new MatchingEngine({ symbol: 'X', transientOwners: ['flow'] }, { onOrder: () => {}, onTrade: () => {} });
    engine.submit({ owner: 'flow', clientOrderId: '1', side: 'sell', type: 'limit', price: 10, qty: 1, tif: 'GTC' }, 1);
    expect(engine.order('flow', '1')).toBeDefined();
    engine.submit({ owner: 'c', clientOrderId: '1', side: 'buy', type: 'market', price: 0, qty: 1, tif: 'IOC' }, 2);
    expect(engine.order('flow', '1')).toBeUndefined();
    expect(engine.submit({ owner: 'c', clientOrderId: '1', side: 'buy', type: 'limit', price: 9, qty: 1, tif: 'GTC' }, 3)).toBe(false);
  });
});
