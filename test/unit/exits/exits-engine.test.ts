/**
 * The exits worker's core driven by messages: plans from the control channel, fills and order events from execution
 * and risk, trades and bars from the feed; reduce-only commands out to risk under `exits:<owner>`, resent until an
 * event answers them, and `ExitStatus` out on the control channel. The owning strategy's state does not matter.
 */
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import { ExitsEngine } from '../../../workers/exits/exits-engine.js';
import { SCHEMA_VERSION, type Message } from '../../../workers/protocol/messages.js';

const T0 = 1_700_000_000_000_000;
const SEC = 1_000_000;
let seq = 0;
let fillSeq = 0;
const env = (ts = T0) => ({ v: SCHEMA_VERSION, seq: ++seq, ts, rts: ts });
const inst = { venue: 'sim', symbol: 'BTC-USD' };

type Sent = Outgoing & Record<string, unknown>;

function setup(priceTimeframe?: '1s') {
  const sent: Array<{ port: string; message: Sent }> = [];
  const engine = new ExitsEngine('exits', (port, _topic, message) => sent.push({ port, message: message as Sent }), priceTimeframe);
  let now = T0;
  const at = (t: number) => {
    now = t;
  };
  const feed = (port: string, message: Record<string, unknown>) => engine.onMessage(port, '', { ...env(now), ...inst, ...message } as Message, now);
  const ctl = (message: Record<string, unknown>) => feed('ctl', message);
  const fill = (clientOrderId: string, strategyId: string, side: 'buy' | 'sell', qty: number, price: number, filledQty = qty, leavesQty = 0) =>
    feed('exec', { type: 'OrderFilled', clientOrderId, strategyId, side, state: leavesQty === 0 ? 'filled' : 'partially_filled', venueOrderId: 'v', fillId: `f${++fillSeq}`, price, qty, filledQty, leavesQty, liquidity: 'taker' });
  const event = (type: string, clientOrderId: string, fields: Record<string, unknown> = {}) => feed('exec', { type, clientOrderId, strategyId: 'exits:manual', side: 'sell', state: 'accepted', ...fields });
  const trade = (price: number) => feed('md', { type: 'Trade', price, qty: 1, aggressor: 'buy', tradeId: ++seq });
  const timer = (t: number) => {
    at(t);
    engine.onTimer(t);
  };
  const orders = () => sent.filter((s) => s.port === 'orders').map((s) => s.message);
  const statuses = () => sent.filter((s) => s.port === 'ctl' && s.message.type === 'ExitStatus').map((s) => s.message);
  const clear = () => {
    sent.length = 0;
  };
  return { engine, sent, at, feed, ctl, fill, event, trade, timer, orders, statuses, clear };
}

const bracket = { type: 'SetExitPlan', owner: 'manual', attach: 'position', stopDistance: 20, targets: [[10, 100]] };

describe('ExitsEngine', () => {
  it('protects a manual position with reduce-only orders under exits:manual and reports the plan', () => {
    const s = setup();
    s.trade(100);
    s.fill('m1', 'manual', 'buy', 10, 100);
    s.ctl(bracket);
    expect(s.orders()).toEqual([
      expect.objectContaining({ type: 'SubmitOrder', src: 'exits', strategyId: 'exits:manual', side: 'sell', orderType: 'stop', price: 0, stopPrice: 80, qty: 10, tif: 'GTC', reduceOnly: true }),
      expect.objectContaining({ type: 'SubmitOrder', strategyId: 'exits:manual', side: 'sell', orderType: 'limit', price: 110, qty: 10, tif: 'GTC', reduceOnly: true }),
    ]);
    expect(s.orders()[1]).not.toHaveProperty('stopPrice');
    expect(s.statuses().at(-1)).toMatchObject({
      type: 'ExitStatus', worker: 'exits', owner: 'manual', venue: 'sim', symbol: 'BTC-USD', phase: 'active', attach: 'position',
      stopPrice: 80, stopQty: 10, targets: [[110, 10]], trailingActive: false, breakEvenDone: false, timeStopAt: 0, position: 10, entryPrice: 100,
      plan: { stopDistance: 20, targets: [[10, 100]] },
    });
  });

  it('resends each command every second until an event for its id answers it', () => {
    const s = setup();
    s.fill('m1', 'manual', 'buy', 10, 100);
    s.ctl(bracket);
    const [stop, target] = s.orders().map((o) => o.clientOrderId as string);
    s.clear();
    s.timer(T0 + SEC / 2);
    expect(s.orders()).toEqual([]);
    s.timer(T0 + SEC);
    expect(s.orders().map((o) => o.clientOrderId)).toEqual([stop, target]);
    s.event('OrderAccepted', stop!, { venueOrderId: 'v1' });
    s.feed('risk', { type: 'OrderDenied', clientOrderId: target, strategyId: 'exits:manual', side: 'sell', state: 'rejected', rule: 'reduce_only', reason: 'no room', limit: 0, value: 10 });
    expect(s.statuses().at(-1)).toMatchObject({ reason: 'target 1 refused: reduce_only: no room', stopPrice: 80, targets: [[110, 10]] });
    s.clear();
    s.timer(T0 + 3 * SEC);
    s.timer(T0 + 6 * SEC);
    expect(s.orders()).toEqual([]);
    // Unchanged, but due five seconds after the last: the periodic status.
    expect(s.statuses()).toHaveLength(1);
    expect(s.engine.counters()).toMatchObject({ resends: 2, acks: 2, denials: 1, pending: 0, active: 1 });
  });

  it('keeps acting whatever state the owning strategy is in, and when the worker is told to pause', () => {
    const s = setup();
    s.fill('sma-1', 'sma', 'buy', 4, 100);
    s.ctl({ type: 'SetExitPlan', owner: 'sma', attach: 'position', stopDistance: 10, trailAmount: 5 });
    const [stop] = s.orders();
    expect(stop).toMatchObject({ strategyId: 'exits:sma', stopPrice: 95, qty: 4 });
    s.event('OrderAccepted', stop!.clientOrderId as string, { strategyId: 'exits:sma', venueOrderId: 'v1' });
    s.ctl({ type: 'SetStrategyState', strategyId: 'sma', state: 'stopped' });
    s.ctl({ type: 'SetPaused', paused: true });
    s.clear();
    s.trade(110);
    expect(s.orders()).toEqual([expect.objectContaining({ type: 'AmendOrder', clientOrderId: stop!.clientOrderId, strategyId: 'exits:sma', price: 0, qty: 0, stopPrice: 105 })]);
    expect(s.statuses().at(-1)).toMatchObject({ owner: 'sma', stopPrice: 105, trailingActive: true, reason: 'trailing' });
  });

  it('follows the shortest bar as the price when it takes no trades: a 1s bar close moves the trailing stop', () => {
    const s = setup('1s');
    s.fill('sma-1', 'sma', 'buy', 4, 100);
    s.ctl({ type: 'SetExitPlan', owner: 'sma', attach: 'position', stopDistance: 10, trailAmount: 5 });
    const [stop] = s.orders();
    s.event('OrderAccepted', stop!.clientOrderId as string, { strategyId: 'exits:sma', venueOrderId: 'v1' });
    s.clear();
    const bar = (tf: string, close: number) => s.feed('md', { type: 'Bar', tf, start: T0, open: 100, high: Math.max(100, close), low: Math.min(100, close), close, volume: 1, trades: 1, closed: false });
    bar('1m', 120);
    expect(s.orders()).toEqual([]);
    bar('1s', 110);
    expect(s.orders()).toEqual([expect.objectContaining({ type: 'AmendOrder', clientOrderId: stop!.clientOrderId, stopPrice: 105 })]);
  });

  it('counts exit fills for the owner: the stop filling closes the position, ends the plan and cancels the targets', () => {
    const s = setup();
    s.fill('m1', 'manual', 'buy', 10, 100);
    s.ctl(bracket);
    const [stop, target] = s.orders().map((o) => o.clientOrderId as string);
    s.event('OrderAccepted', stop!, { venueOrderId: 'v1' });
    s.event('OrderAccepted', target!, { venueOrderId: 'v2' });
    s.clear();
    s.fill(stop!, 'exits:manual', 'sell', 10, 80);
    expect(s.orders()).toEqual([expect.objectContaining({ type: 'CancelOrder', clientOrderId: target, strategyId: 'exits:manual' })]);
    expect(s.statuses().at(-1)).toMatchObject({ phase: 'done', reason: 'position closed', position: 0, stopPrice: 0, targets: [] });
    s.event('OrderCanceled', target!, { state: 'canceled', canceledQty: 10, reason: '' });
    s.timer(T0 + SEC);
    expect(s.engine.counters()).toMatchObject({ active: 0, pending: 0 });
  });

  it('follows a partial target fill: the stop shrinks to what is open, the target keeps its rest', () => {
    const s = setup();
    s.fill('m1', 'manual', 'buy', 10, 100);
    s.ctl({ ...bracket, targets: [[10, 50], [20, 50]] });
    const ids = s.orders().map((o) => o.clientOrderId as string);
    for (const id of ids) s.event('OrderAccepted', id, { venueOrderId: id });
    s.clear();
    s.fill(ids[1]!, 'exits:manual', 'sell', 2, 110, 2, 3);
    expect(s.orders()).toEqual([expect.objectContaining({ type: 'AmendOrder', clientOrderId: ids[0], qty: 8, stopPrice: 0, price: 0 })]);
    expect(s.statuses().at(-1)).toMatchObject({ position: 8, stopQty: 8, targets: [[110, 3], [120, 5]] });
  });

  it('applies a plan attached to an order once its fill opens the position, growing with each fill', () => {
    const s = setup();
    s.ctl({ type: 'SetExitPlan', owner: 'manual', attach: 'fill', entryOrderId: 'e1', stopDistance: 5, targets: [[5, 50], [10, 50]] });
    expect(s.orders()).toEqual([]);
    expect(s.statuses().at(-1)).toMatchObject({ phase: 'armed', attach: 'fill', entryOrderId: 'e1', reason: 'waiting for order e1 to fill', stopPrice: 0, plan: { stopDistance: 5 } });
    // Another order of the same owner does not set it off.
    s.fill('other', 'manual', 'buy', 1, 99);
    expect(s.orders()).toEqual([]);
    s.clear();
    s.fill('e1', 'manual', 'buy', 3, 101, 3, 7);
    // Position 4 lots costing 402: reference 101.
    expect(s.orders().map((o) => [o.orderType, o.stopPrice ?? o.price, o.qty])).toEqual([
      ['stop', 96, 4],
      ['limit', 106, 2],
      ['limit', 111, 2],
    ]);
    expect(s.statuses().at(-1)).toMatchObject({ phase: 'active', attach: 'fill', entryOrderId: 'e1', position: 4 });
  });

  it('applies a fill plan that arrives after the fill, and drops one whose order ended without a position', () => {
    const s = setup();
    s.fill('e2', 'manual', 'sell', 2, 100);
    s.ctl({ type: 'SetExitPlan', owner: 'manual', attach: 'fill', entryOrderId: 'e2', stopDistance: 5 });
    expect(s.orders()).toEqual([expect.objectContaining({ side: 'buy', orderType: 'stop', stopPrice: 105, qty: 2 })]);
    s.ctl({ type: 'SetExitPlan', ...inst, owner: 'sma', attach: 'fill', entryOrderId: 'e3', stopDistance: 5 });
    s.feed('exec', { type: 'OrderCanceled', clientOrderId: 'e3', strategyId: 'sma', side: 'buy', state: 'canceled', canceledQty: 1, reason: 'by user' });
    expect(s.statuses().at(-1)).toMatchObject({ owner: 'sma', phase: 'done', entryOrderId: 'e3', reason: 'the order ended without opening a position' });
    expect(s.engine.counters()).toMatchObject({ armed: 0, active: 1 });
  });

  it('takes a dragged stop price and clears a plan on request, canceling its orders', () => {
    const s = setup();
    s.fill('m1', 'manual', 'buy', 10, 100);
    s.ctl(bracket);
    const [stop, target] = s.orders().map((o) => o.clientOrderId as string);
    s.event('OrderAccepted', stop!, { venueOrderId: 'v1' });
    s.event('OrderAccepted', target!, { venueOrderId: 'v2' });
    s.clear();
    s.ctl({ type: 'SetExitPlan', owner: 'manual', attach: 'position', stopPrice: 91, targets: [[10, 100]] });
    expect(s.orders()).toEqual([expect.objectContaining({ type: 'AmendOrder', clientOrderId: stop, stopPrice: 91, qty: 0, price: 0 })]);
    expect(s.statuses().at(-1)).toMatchObject({ stopPrice: 91, plan: { stopPrice: 91, targets: [[10, 100]] } });
    s.clear();
    s.ctl({ type: 'ClearExitPlan', owner: 'manual' });
    expect(s.orders().map((o) => [o.type, o.clientOrderId])).toEqual([
      ['CancelOrder', stop],
      ['CancelOrder', target],
    ]);
    expect(s.statuses().at(-1)).toMatchObject({ phase: 'done', reason: 'cleared', position: 10 });
  });

  it('closes on the time stop from the worker timer, after canceling its exits', () => {
    const s = setup();
    s.fill('m1', 'manual', 'buy', 10, 100);
    s.ctl({ type: 'SetExitPlan', owner: 'manual', attach: 'position', stopDistance: 20, timeStopUs: 30 * SEC });
    const [stop] = s.orders().map((o) => o.clientOrderId as string);
    s.event('OrderAccepted', stop!, { venueOrderId: 'v1' });
    expect(s.statuses().at(-1)).toMatchObject({ timeStopAt: T0 + 30 * SEC });
    s.clear();
    s.timer(T0 + 30 * SEC);
    expect(s.orders().map((o) => o.type)).toEqual(['CancelOrder']);
    s.event('OrderCanceled', stop!, { state: 'canceled', canceledQty: 10, reason: '' });
    expect(s.orders().at(-1)).toMatchObject({ type: 'SubmitOrder', orderType: 'market', tif: 'IOC', side: 'sell', qty: 10, reduceOnly: true, price: 0 });
    expect(s.statuses().at(-1)).toMatchObject({ phase: 'closing', reason: 'time stop' });
  });

  it('after a restart sends again what is unanswered and reports every plan', () => {
    const s = setup();
    s.fill('m1', 'manual', 'buy', 10, 100);
    s.ctl(bracket);
    s.clear();
    s.engine.onRecovered(T0 + 10);
    expect(s.orders()).toHaveLength(2);
    expect(s.statuses()).toHaveLength(1);
  });

  it('is deterministic: the same inputs give the same outputs', () => {
    const run = () => {
      seq = 0;
      fillSeq = 0;
      const s = setup();
      s.trade(100);
      s.fill('m1', 'manual', 'buy', 10, 100);
      s.ctl({ ...bracket, breakEvenAfter: 5, trailAmount: 8, trailStartAfter: 10 });
      for (const id of s.orders().map((o) => o.clientOrderId as string)) s.event('OrderAccepted', id, { venueOrderId: id });
      for (const p of [103, 106, 111, 115, 109]) s.trade(p);
      s.timer(T0 + 2 * SEC);
      return JSON.stringify(s.sent);
    };
    expect(run()).toBe(run());
  });
});
