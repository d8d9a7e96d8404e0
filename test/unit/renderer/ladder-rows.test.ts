import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../../../workers/protocol/channels.js';
import type { Level } from '../../../workers/protocol/messages.js';
import { buildLadder, centreOf, centreToShow, needsRecentre, rowOf, touch, visibleRange } from '../../../src-renderer/src/ladder/ladder-rows.js';
import { orderRow } from '../../fixtures/order-row.js';

const bids: Level[] = [
  [99, 5],
  [98, 10],
  [96, 20],
];
const asks: Level[] = [
  [101, 4],
  [102, 0],
  [103, 8],
];

function order(over: Partial<OrderRow>): OrderRow {
  return orderRow({ price: 98, qty: 3, filledQty: 1, ...over });
}

describe('ladder rows', () => {
  it('finds the touch and centres on the mid', () => {
    expect(touch(bids, asks)).toEqual({ bid: 99, ask: 101 });
    expect(centreOf(bids, asks)).toBe(100);
    expect(centreOf([], asks)).toBe(101);
    expect(centreOf([], [], 7)).toBe(7);
    expect(centreOf([], [])).toBeUndefined();
  });

  it('builds one row per tick, highest first, centred', () => {
    const rows = buildLadder({ bids, asks, centre: 100, rows: 9, orders: [] });
    expect(rows.map((row) => row.price)).toEqual([104, 103, 102, 101, 100, 99, 98, 97, 96]);
    expect(visibleRange(100, 9)).toEqual({ top: 104, bottom: 96 });
  });

  it('puts sizes at their levels with depth relative to the largest visible size', () => {
    const rows = buildLadder({ bids, asks, centre: 100, rows: 9, orders: [] });
    const at = (price: number) => rows.find((row) => row.price === price);
    expect(at(96)).toMatchObject({ bidQty: 20, bidDepth: 1 });
    expect(at(98)).toMatchObject({ bidQty: 10, bidDepth: 0.5 });
    expect(at(102)).toMatchObject({ askQty: 0, askDepth: 0 });
    expect(at(101)).toMatchObject({ askQty: 4, bestAsk: true });
    expect(at(99)).toMatchObject({ bestBid: true });
    expect(at(100)).toMatchObject({ inSpread: true, bidQty: 0, askQty: 0 });
  });

  it('only counts visible levels for the depth scale', () => {
    const rows = buildLadder({ bids, asks, centre: 101, rows: 5, orders: [] });
    expect(rows.map((row) => row.price)).toEqual([103, 102, 101, 100, 99]);
    expect(rows.find((row) => row.price === 103)?.askDepth).toBe(1);
  });

  it('shows own working limit orders at their levels with their open quantity', () => {
    const orders = [
      order({}),
      order({ clientOrderId: 'o2', price: 98, qty: 2, filledQty: 0 }),
      order({ clientOrderId: 'o3', side: 'sell', price: 103, qty: 5, filledQty: 0 }),
      order({ clientOrderId: 'far', price: 50 }),
      order({ clientOrderId: 'mkt', orderType: 'market', price: 0 }),
    ];
    const rows = buildLadder({ bids, asks, centre: 100, rows: 9, orders });
    const at = (price: number) => rows.find((row) => row.price === price);
    expect(at(98)?.myBids.map((o) => o.clientOrderId)).toEqual(['o1', 'o2']);
    expect(at(98)?.myBidQty).toBe(4);
    expect(at(103)?.myAsks.map((o) => o.clientOrderId)).toEqual(['o3']);
    expect(rows.flatMap((row) => [...row.myBids, ...row.myAsks]).map((o) => o.clientOrderId)).not.toContain('far');
  });

  it('shows a waiting stop at its stop price and a triggered stop-limit at its limit price', () => {
    const orders = [
      order({ clientOrderId: 'stop', orderType: 'stop', price: 0, stopPrice: 103, filledQty: 0 }),
      order({ clientOrderId: 'sl', orderType: 'stop_limit', side: 'sell', price: 96, stopPrice: 97, filledQty: 0 }),
      order({ clientOrderId: 'sl-live', orderType: 'stop_limit', side: 'sell', price: 102, stopPrice: 97, triggered: true, filledQty: 0 }),
      order({ clientOrderId: 'trail', orderType: 'trailing_stop', side: 'sell', price: 0, stopPrice: 99, trailAmount: 2, filledQty: 0 }),
      order({ clientOrderId: 'fired', orderType: 'stop', price: 0, stopPrice: 101, triggered: true }),
      order({ clientOrderId: 'trail-new', orderType: 'trailing_stop', price: 0, stopPrice: 0, trailBps: 10 }),
    ];
    const rows = buildLadder({ bids, asks, centre: 100, rows: 9, orders });
    const at = (price: number) => rows.find((row) => row.price === price);
    expect(at(103)?.myBids.map((o) => o.clientOrderId)).toEqual(['stop']);
    expect(at(103)?.myBidQty).toBe(3);
    expect(at(97)?.myAsks.map((o) => o.clientOrderId)).toEqual(['sl']);
    expect(at(102)?.myAsks.map((o) => o.clientOrderId)).toEqual(['sl-live']);
    expect(at(99)?.myAsks.map((o) => o.clientOrderId)).toEqual(['trail']);
    const shown = rows.flatMap((row) => [...row.myBids, ...row.myAsks]).map((o) => o.clientOrderId);
    expect(shown).not.toContain('fired');
    expect(shown).not.toContain('trail-new');
  });

  it('asks to recentre only when the touch leaves the window', () => {
    expect(needsRecentre(undefined, 9, bids, asks)).toBe(true);
    expect(needsRecentre(100, 9, bids, asks)).toBe(false);
    expect(needsRecentre(110, 9, bids, asks)).toBe(true);
    expect(needsRecentre(undefined, 9, [], [])).toBe(false);
  });
});

describe('centreToShow', () => {
  it('scrolls as little as brings the price into view with a margin', () => {
    // rows 9 around 100: 104..96
    expect(centreToShow(100, 9, 100)).toBe(100);
    expect(centreToShow(100, 9, 103)).toBe(101);
    expect(centreToShow(100, 9, 90)).toBe(92);
    const { top, bottom } = visibleRange(centreToShow(100, 9, 50), 9);
    expect(50).toBeGreaterThanOrEqual(bottom + 2);
    expect(50).toBeLessThanOrEqual(top);
  });
});

describe('needsRecentre near the edges', () => {
  it('recentres before the touch reaches the edge of a tall ladder', () => {
    // 30 rows around 100: 114..85, margin 5 rows.
    expect(needsRecentre(100, 30, [[105, 1]], [[107, 1]])).toBe(false);
    expect(needsRecentre(100, 30, [[108, 1]], [[110, 1]])).toBe(true);
    expect(needsRecentre(100, 30, [[88, 1]], [[91, 1]])).toBe(true);
  });
});

describe('grouped ladder', () => {
  it('sums bids down and asks up into rows of the step, never sharing a row', () => {
    const rows = buildLadder({ bids: [[99, 5], [98, 10], [96, 20]], asks: [[101, 4], [103, 8]], centre: 100, rows: 5, step: 5, orders: [] });
    expect(rows.map((row) => row.price)).toEqual([110, 105, 100, 95, 90]);
    const at = (price: number) => rows.find((row) => row.price === price);
    expect(at(95)).toMatchObject({ bidQty: 35, bestBid: true, askQty: 0 });
    expect(at(105)).toMatchObject({ askQty: 12, bestAsk: true, bidQty: 0 });
    expect(at(100)).toMatchObject({ inSpread: true, bidQty: 0, askQty: 0 });
    expect(rowOf(101, 'ask', 5)).toBe(105);
    expect(rowOf(101, 'bid', 5)).toBe(100);
  });

  it('puts own orders in the row their side rounds to', () => {
    const rows = buildLadder({ bids, asks, centre: 100, rows: 5, step: 5, orders: [order({ price: 97 }), order({ clientOrderId: 's', side: 'sell', price: 102 })] });
    expect(rows.find((row) => row.price === 95)?.myBids).toHaveLength(1);
    expect(rows.find((row) => row.price === 105)?.myAsks).toHaveLength(1);
  });
});
