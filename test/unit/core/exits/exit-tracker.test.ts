/**
 * ExitTracker: the orders it asks for from a position, prices, bars and time — static stop and targets, exact split
 * quantities, break-even, trailing by amount, percent and ATR (only tightening, only after its start), time stops,
 * partial target fills, closes and flips, a plan waiting for its position, dragged stops and refused orders.
 */
import { describe, expect, it } from 'vitest';
import { ExitTracker, type ExitAction, type ExitOrderEvent } from '../../../../workers/core/exits/exit-tracker.js';
import type { ExitPlan } from '../../../../workers/core/exits/plan.js';
import { SCHEMA_VERSION, type OrderState, type Side } from '../../../../workers/protocol/messages.js';

const T0 = 1_700_000_000_000_000;
const SEC = 1_000_000;
let seq = 0;
let fills = 0;

function event(type: string, clientOrderId: string, side: Side, state: OrderState, fields: Record<string, unknown> = {}): ExitOrderEvent {
  return { v: SCHEMA_VERSION, seq: ++seq, ts: T0, rts: T0, venue: 'sim', symbol: 'BTC-USD', strategyId: 'exits:s', clientOrderId, side, state, type, ...fields } as unknown as ExitOrderEvent;
}

/** A tracker with a venue that answers every command as asked. */
function setup(plan: ExitPlan, qty = 10, price = 100) {
  const tracker = new ExitTracker('x-');
  const orders = new Map<string, { side: Side; price: number; stopPrice: number; qty: number; filled: number }>();
  let now = T0;
  let position = { qty: 0, cost: 0, openedAt: T0 };
  const log: ExitAction[] = [];
  /** Decides and lets the venue answer; returns what the tracker asked for. */
  const step = (answer = true): ExitAction[] => {
    const actions = tracker.decide(now);
    log.push(...actions);
    if (answer) for (const action of actions) respond(action);
    return actions;
  };
  const respond = (action: ExitAction) => {
    if (action.kind === 'place' || action.kind === 'close') {
      const price = action.kind === 'place' ? action.price : 0;
      const stopPrice = action.kind === 'place' ? action.stopPrice : 0;
      orders.set(action.clientOrderId, { side: action.side, price, stopPrice, qty: action.qty, filled: 0 });
      if (action.kind === 'place') tracker.onOrderEvent(event('OrderAccepted', action.clientOrderId, action.side, 'accepted', { venueOrderId: 'v' }), now);
    } else if (action.kind === 'amend') {
      const order = orders.get(action.clientOrderId)!;
      if (action.price > 0) order.price = action.price;
      if (action.qty > 0) order.qty = action.qty;
      if (action.stopPrice > 0) order.stopPrice = action.stopPrice;
      tracker.onOrderEvent(event('OrderAmended', action.clientOrderId, order.side, 'accepted', { ...order, leavesQty: order.qty - order.filled, reason: '' }), now);
    } else {
      const order = orders.get(action.clientOrderId)!;
      orders.delete(action.clientOrderId);
      tracker.onOrderEvent(event('OrderCanceled', action.clientOrderId, order.side, 'canceled', { canceledQty: order.qty - order.filled, reason: '' }), now);
    }
  };
  const setPosition = (signed: number, cost: number) => {
    if (position.qty === 0 && signed !== 0) position = { ...position, openedAt: now };
    position = { ...position, qty: signed, cost };
    tracker.onPosition(position, now);
  };
  /** A fill of one of the tracker's orders, and the position after it. */
  const fill = (clientOrderId: string, qty: number, price: number) => {
    const order = orders.get(clientOrderId)!;
    order.filled += qty;
    const state = order.filled === order.qty ? 'filled' : 'partially_filled';
    tracker.onOrderEvent(event('OrderFilled', clientOrderId, order.side, state, { venueOrderId: 'v', fillId: `f${++fills}`, price, qty, filledQty: order.filled, leavesQty: order.qty - order.filled, liquidity: 'maker' }), now);
    if (state === 'filled') orders.delete(clientOrderId);
    const signed = order.side === 'sell' ? -qty : qty;
    const remaining = position.qty + signed;
    // FIFO from one entry price: the cost of what is left is the entry price times the lots.
    setPosition(remaining, position.qty === 0 ? 0 : Math.round((position.cost / Math.abs(position.qty)) * Math.abs(remaining)));
  };
  const trade = (p: number) => {
    tracker.onPrice(p, now);
    return step();
  };
  const at = (t: number) => {
    now = t;
  };
  tracker.onPrice(price, now);
  setPosition(qty, Math.abs(qty) * price);
  tracker.setPlan(plan, now);
  return { tracker, orders, step, trade, fill, setPosition, at, log, respond, stop: () => [...orders.entries()].find(([, o]) => o.stopPrice > 0) };
}

const kinds = (actions: ExitAction[]) => actions.map((a) => a.kind);

describe('ExitTracker: static stop and targets', () => {
  it('places one reduce-side stop for the whole position and a limit per target, long and short', () => {
    const long = setup({ stopLoss: { distance: 20 }, targets: [{ distance: 10, share: 50 }, { distance: 20, share: 50 }] });
    expect(long.step()).toEqual([
      { kind: 'place', clientOrderId: 'x-1', role: 'stop', side: 'sell', orderType: 'stop', price: 0, stopPrice: 80, qty: 10 },
      { kind: 'place', clientOrderId: 'x-2', role: 'target', side: 'sell', orderType: 'limit', price: 110, stopPrice: 0, qty: 5 },
      { kind: 'place', clientOrderId: 'x-3', role: 'target', side: 'sell', orderType: 'limit', price: 120, stopPrice: 0, qty: 5 },
    ]);
    expect(long.step()).toEqual([]);
    expect(long.tracker.view()).toMatchObject({ phase: 'active', stopPrice: 80, stopQty: 10, targets: [[110, 5], [120, 5]], entryPrice: 100, position: 10 });

    const short = setup({ stopLoss: { distance: 20 }, targets: [{ distance: 10, share: 100 }] }, -4, 100);
    expect(short.step().map((a) => (a.kind === 'place' ? [a.side, a.orderType, a.price || a.stopPrice, a.qty] : a.kind))).toEqual([
      ['buy', 'stop', 120, 4],
      ['buy', 'limit', 90, 4],
    ]);
  });

  it('measures from the average entry rounded against the position, and takes an absolute stop price as given', () => {
    // Long 3 lots costing 301 ticks: average 100.33, reference 101 (a stop at the reference never loses).
    const long = setup({ stopLoss: { price: 95 }, targets: [{ distance: 5, share: 100 }] }, 3, 100);
    long.setPosition(3, 301);
    long.step();
    expect(long.tracker.view()).toMatchObject({ entryPrice: 101, stopPrice: 95, targets: [[106, 3]] });
    const short = setup({ stopLoss: { distance: 5 } }, -3, 100);
    short.setPosition(-3, 301);
    short.step();
    expect(short.tracker.view()).toMatchObject({ entryPrice: 100, stopPrice: 105 });
  });

  it('splits quantities exactly in lots: floor each share, the remainder to the last target', () => {
    const s = setup({ targets: [{ distance: 5, share: 33 }, { distance: 10, share: 33 }, { distance: 15, share: 34 }] }, 7);
    expect(s.step().map((a) => (a.kind === 'place' ? a.qty : 0))).toEqual([2, 2, 3]);
    // Shares of 75% in all: floor(10 × 75%) = 7 lots targeted, 2 + 5; the rest stays with the stop.
    const partial = setup({ stopLoss: { distance: 10 }, targets: [{ distance: 5, share: 25 }, { distance: 10, share: 50 }] }, 10);
    expect(partial.step().map((a) => (a.kind === 'place' ? [a.role, a.qty] : a.kind))).toEqual([['stop', 10], ['target', 2], ['target', 5]]);
  });
});

describe('ExitTracker: break-even and trailing', () => {
  it('moves the stop to break-even plus the offset once the gain is reached, once, and never back', () => {
    const s = setup({ stopLoss: { distance: 20 }, breakEven: { after: 15, offset: 1 } });
    s.step();
    expect(s.trade(114)).toEqual([]);
    expect(s.tracker.view().breakEvenDone).toBe(false);
    expect(s.trade(115)).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 101 }]);
    expect(s.tracker.view()).toMatchObject({ stopPrice: 101, breakEvenDone: true, reason: 'break-even' });
    expect(s.trade(104)).toEqual([]);
    expect(s.trade(120)).toEqual([]);
    expect(s.stop()?.[1].stopPrice).toBe(101);
  });

  it('trails by an amount only after its start gain, and only ever tightens', () => {
    const s = setup({ stopLoss: { distance: 20 }, trailing: { amount: 10, startAfter: 5 } });
    s.step();
    expect(s.trade(104)).toEqual([]);
    expect(s.tracker.view().trailingActive).toBe(false);
    expect(s.trade(105)).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 95 }]);
    expect(s.trade(112)).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 102 }]);
    expect(s.trade(108)).toEqual([]);
    expect(s.tracker.view()).toMatchObject({ stopPrice: 102, trailingActive: true, reason: 'trailing' });
  });

  it('trails a short by a percent of the best price, rounded up to a tick', () => {
    // 50 bps of 10 000 is 50 ticks; of 9 000, 45.
    const s = setup({ stopLoss: { distance: 200 }, trailing: { bps: 50 } }, -2, 10_000);
    expect(s.step()).toMatchObject([{ kind: 'place', side: 'buy', stopPrice: 10_050 }]);
    expect(s.trade(9_000)).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 9_045 }]);
    expect(s.trade(9_100)).toEqual([]);
    expect(s.trade(8_999)).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 9_044 }]);
  });

  it('trails by a multiple of ATR from closed bars of its timeframe, never loosening when ATR grows', () => {
    const bar = (high: number, low: number, close: number, tf: '1m' | '5m' = '1m', closed = true) => ({ tf, closed, high, low, close });
    const s = setup({ trailing: { atrMultiple: 2, atrPeriod: 3, tf: '1m' } });
    expect(s.step()).toEqual([]);
    expect(s.tracker.view()).toMatchObject({ trailingActive: true, stopPrice: 0 });
    // Four closed bars of range 4 make ATR(3) = 4: the stop goes 8 ticks under the best price (100).
    for (const b of [bar(102, 98, 100), bar(102, 98, 100), bar(102, 98, 100), bar(102, 98, 100, '5m'), bar(102, 98, 100, '1m', false)]) s.tracker.onBar(b, T0);
    expect(s.step()).toEqual([]);
    s.tracker.onBar(bar(102, 98, 100), T0);
    expect(s.step()).toEqual([{ kind: 'place', clientOrderId: 'x-1', role: 'stop', side: 'sell', orderType: 'stop', price: 0, stopPrice: 92, qty: 10 }]);
    // A wide bar lifts ATR to (4·2 + 16)/3 = 8: the level would be 84, looser, so the stop stays.
    s.tracker.onBar(bar(110, 94, 100), T0);
    expect(s.step()).toEqual([]);
    expect(s.trade(110)).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 94 }]);
  });
});

describe('ExitTracker: time stop, fills, closes and flips', () => {
  it('closes at market when the time stop is due: cancels the exits first, then closes what is left', () => {
    const s = setup({ stopLoss: { distance: 20 }, targets: [{ distance: 10, share: 100 }], timeStopUs: 60 * SEC });
    s.step();
    expect(s.tracker.view().timeStopAt).toBe(T0 + 60 * SEC);
    s.at(T0 + 59 * SEC);
    expect(s.step()).toEqual([]);
    s.at(T0 + 60 * SEC);
    const cancels = s.step(false);
    expect(cancels).toEqual([{ kind: 'cancel', clientOrderId: 'x-1' }, { kind: 'cancel', clientOrderId: 'x-2' }]);
    expect(s.tracker.view()).toMatchObject({ phase: 'closing', reason: 'time stop' });
    expect(s.step(false)).toEqual([]);
    for (const action of cancels) s.respond(action);
    expect(s.step()).toEqual([{ kind: 'close', clientOrderId: 'x-3', side: 'sell', qty: 10 }]);
    // Half of it fills; the rest expires; a second later the rest is closed again.
    s.fill('x-3', 6, 99);
    s.tracker.onOrderEvent(event('OrderExpired', 'x-3', 'sell', 'expired', { expiredQty: 4, reason: 'no more liquidity' }), T0);
    expect(s.step()).toEqual([]);
    s.at(T0 + 61 * SEC);
    expect(s.step()).toEqual([{ kind: 'close', clientOrderId: 'x-4', side: 'sell', qty: 4 }]);
    s.fill('x-4', 4, 99);
    expect(s.step()).toEqual([]);
    expect(s.tracker.view()).toMatchObject({ phase: 'done', reason: 'time stop: position closed' });
    expect(s.tracker.finished).toBe(true);
  });

  it('keeps the targets when one fills in part, and shrinks the stop to the open quantity', () => {
    const s = setup({ stopLoss: { distance: 20 }, targets: [{ distance: 10, share: 50 }, { distance: 20, share: 50 }] });
    s.step();
    s.fill('x-2', 3, 110);
    expect(s.step()).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 7, stopPrice: 0 }]);
    expect(s.tracker.view()).toMatchObject({ stopQty: 7, targets: [[110, 2], [120, 5]] });
    s.fill('x-2', 2, 110);
    expect(s.step()).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 5, stopPrice: 0 }]);
    expect(s.tracker.view().targets).toEqual([[120, 5]]);
  });

  it('re-splits the targets and tightens only when the position grows or is reduced by its owner', () => {
    const s = setup({ stopLoss: { distance: 20 }, targets: [{ distance: 10, share: 50 }, { distance: 20, share: 50 }] });
    s.step();
    // Adds 10 lots at 110: 20 lots costing 2100, reference 105; the stop would be 85, tighter than 80.
    s.setPosition(20, 2_100);
    expect(s.step()).toEqual([
      { kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 20, stopPrice: 85 },
      { kind: 'amend', clientOrderId: 'x-2', price: 115, qty: 10, stopPrice: 0 },
      { kind: 'amend', clientOrderId: 'x-3', price: 125, qty: 10, stopPrice: 0 },
    ]);
    // Averaging down to 90 would put the stop at 70: it stays at 85.
    s.setPosition(30, 2_700);
    s.step();
    expect(s.tracker.view()).toMatchObject({ entryPrice: 90, stopPrice: 85, stopQty: 30, targets: [[100, 15], [110, 15]] });
    // The owner sells 25 itself: the targets re-split over 5.
    s.setPosition(5, 450);
    s.step();
    expect(s.tracker.view()).toMatchObject({ stopQty: 5, targets: [[100, 2], [110, 3]] });
  });

  it('cancels everything when the position is closed or flips, and ends the plan', () => {
    for (const [qty, reason] of [[0, 'position closed'], [-3, 'position flipped']] as const) {
      const s = setup({ stopLoss: { distance: 20 }, targets: [{ distance: 10, share: 100 }] });
      s.step();
      s.setPosition(qty, Math.abs(qty) * 100);
      expect(s.step()).toEqual([{ kind: 'cancel', clientOrderId: 'x-1' }, { kind: 'cancel', clientOrderId: 'x-2' }]);
      expect(s.tracker.view()).toMatchObject({ phase: 'done', reason, stopPrice: 0, targets: [] });
      expect(s.tracker.finished).toBe(true);
      s.setPosition(5, 500);
      expect(s.step()).toEqual([]);
    }
  });

  it('a plan set while flat waits for a position, then applies to it from its fill price', () => {
    const tracker = new ExitTracker('x-');
    tracker.setPlan({ stopLoss: { distance: 10 }, targets: [{ distance: 10, share: 100 }] }, T0);
    expect(tracker.decide(T0)).toEqual([]);
    expect(tracker.view()).toMatchObject({ phase: 'armed', reason: 'waiting for a position' });
    tracker.onPosition({ qty: -2, cost: 2 * 250, openedAt: T0 }, T0);
    expect(tracker.decide(T0).map((a) => (a.kind === 'place' ? [a.side, a.price || a.stopPrice, a.qty] : a.kind))).toEqual([
      ['buy', 260, 2],
      ['buy', 240, 2],
    ]);
  });
});

describe('ExitTracker: dragged stops, refusals and crossed stops', () => {
  it('puts a dragged stop exactly where it was dropped; trailing moves it again only when its own level improves', () => {
    const plan: ExitPlan = { stopLoss: { distance: 20 }, breakEven: { after: 5 }, trailing: { amount: 10, startAfter: 15 } };
    const s = setup(plan);
    s.step();
    s.trade(105); // break-even: 100
    s.trade(120); // trailing: 110
    expect(s.stop()?.[1].stopPrice).toBe(110);
    s.tracker.setPlan({ ...plan, stopLoss: { price: 104 } }, T0);
    expect(s.step()).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 104 }]);
    expect(s.trade(119)).toEqual([]);
    expect(s.trade(121)).toEqual([{ kind: 'amend', clientOrderId: 'x-1', price: 0, qty: 0, stopPrice: 111 }]);
    // A plan with a distance again takes the tightest level the rules have reached.
    s.tracker.setPlan({ ...plan, stopLoss: { distance: 30 } }, T0);
    expect(s.step()).toEqual([]);
    expect(s.tracker.view().stopPrice).toBe(111);
  });

  it('does not ask again for an order that was refused until the position changes', () => {
    const s = setup({ stopLoss: { distance: 20 } });
    const [place] = s.step(false);
    s.tracker.onOrderEvent(event('OrderDenied', place!.clientOrderId, 'sell', 'rejected', { rule: 'reduce_only', reason: 'no room', limit: 0, value: 10 }), T0);
    expect(s.step()).toEqual([]);
    expect(s.tracker.view().reason).toBe('stop refused: reduce_only: no room');
    s.setPosition(8, 800);
    expect(s.step()).toMatchObject([{ kind: 'place', role: 'stop', qty: 8 }]);
  });

  it('closes at market when the price crosses the stop and no stop order works there', () => {
    const s = setup({ stopLoss: { distance: 20 } });
    const [place] = s.step(false);
    s.tracker.onOrderEvent(event('OrderRejected', place!.clientOrderId, 'sell', 'rejected', { reason: 'venue says no' }), T0);
    expect(s.trade(81)).toEqual([]);
    expect(s.trade(80)).toEqual([{ kind: 'close', clientOrderId: 'x-2', side: 'sell', qty: 10 }]);
    expect(s.tracker.view()).toMatchObject({ phase: 'closing', reason: 'stop price crossed with no stop order working at it' });
  });

  it('leaves a working stop that the price reached to the venue', () => {
    const s = setup({ stopLoss: { distance: 20 } });
    s.step();
    expect(s.trade(79)).toEqual([]);
    expect(s.tracker.view().phase).toBe('active');
  });

  it('clearing the plan cancels its orders and keeps the position', () => {
    const s = setup({ stopLoss: { distance: 20 }, targets: [{ distance: 5, share: 40 }] });
    s.step();
    s.tracker.clear();
    expect(kinds(s.step())).toEqual(['cancel', 'cancel']);
    expect(s.tracker.view()).toMatchObject({ phase: 'done', reason: 'cleared', position: 10 });
  });
});
