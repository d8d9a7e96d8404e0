import { describe, it, expect } from 'vitest';
import {
  ORDER_STATES,
  OrderTracker,
  isTerminal,
  isWorking,
  transition,
  type NewOrder,
  type OrderStateEvent,
} from '../../../workers/core/order-state.js';

describe('transition', () => {
  it('follows the happy path', () => {
    expect(transition(undefined, 'submitted')).toBe('pending_new');
    expect(transition('pending_new', 'accepted')).toBe('accepted');
    expect(transition('accepted', 'partially_filled')).toBe('partially_filled');
    expect(transition('partially_filled', 'partially_filled')).toBe('partially_filled');
    expect(transition('partially_filled', 'filled')).toBe('filled');
  });

  it('needs a submission before anything else', () => {
    const others: OrderStateEvent[] = ['accepted', 'rejected', 'partially_filled', 'filled', 'canceled', 'expired'];
    for (const event of others) expect(transition(undefined, event)).toBeUndefined();
  });

  it('takes a fill before the acknowledgement as an implied acceptance', () => {
    expect(transition('pending_new', 'partially_filled')).toBe('partially_filled');
    expect(transition('pending_new', 'filled')).toBe('filled');
    expect(transition('partially_filled', 'accepted')).toBeUndefined();
  });

  it('ends in rejected, canceled or expired', () => {
    expect(transition('pending_new', 'rejected')).toBe('rejected');
    expect(transition('accepted', 'canceled')).toBe('canceled');
    expect(transition('partially_filled', 'canceled')).toBe('canceled');
    expect(transition('accepted', 'expired')).toBe('expired');
  });

  it('refuses every event after a terminal state', () => {
    const events: OrderStateEvent[] = ['submitted', 'accepted', 'rejected', 'partially_filled', 'filled', 'canceled', 'expired'];
    for (const state of ['filled', 'canceled', 'rejected', 'expired'] as const) {
      for (const event of events) expect(transition(state, event)).toBeUndefined();
    }
  });

  it('refuses duplicates and going backwards', () => {
    expect(transition('pending_new', 'submitted')).toBeUndefined();
    expect(transition('accepted', 'accepted')).toBeUndefined();
    expect(transition('accepted', 'rejected')).toBeUndefined();
  });
});

describe('isTerminal / isWorking', () => {
  it('splits the states in two', () => {
    const terminal = ORDER_STATES.filter(isTerminal);
    expect(terminal).toEqual(['filled', 'canceled', 'rejected', 'expired']);
    expect(ORDER_STATES.filter(isWorking)).toEqual(['pending_new', 'accepted', 'partially_filled']);
  });
});

function order(clientOrderId: string, qty = 10): NewOrder {
  return {
    clientOrderId,
    strategyId: 'sma-1',
    venue: 'sim',
    symbol: 'BTC-USD',
    side: 'buy',
    orderType: 'limit',
    price: 100,
    qty,
    tif: 'GTC',
  };
}

describe('OrderTracker', () => {
  it('adds an order in pending_new and refuses a duplicate id', () => {
    const tracker = new OrderTracker();
    expect(tracker.add(order('a'))).toBe(true);
    expect(tracker.add({ ...order('a'), qty: 99 })).toBe(false);
    expect(tracker.get('a')).toMatchObject({ state: 'pending_new', filledQty: 0, qty: 10 });
    expect(tracker.get('b')).toBeUndefined();
  });

  it('records the venue order id and fills up to filled', () => {
    const tracker = new OrderTracker();
    tracker.add(order('a'));
    expect(tracker.apply('a', 'accepted', { venueOrderId: 'v1' })).toBe('accepted');
    expect(tracker.apply('a', 'partially_filled', { fillId: 'f1', qty: 4 })).toBe('partially_filled');
    expect(tracker.apply('a', 'partially_filled', { fillId: 'f2', qty: 6 })).toBe('filled');
    const a = tracker.get('a');
    expect(a).toMatchObject({ state: 'filled', filledQty: 10, venueOrderId: 'v1' });
    expect([...(a?.fillIds ?? [])]).toEqual(['f1', 'f2']);
  });

  it('counts a fill once per fill id', () => {
    const tracker = new OrderTracker();
    tracker.add(order('a'));
    tracker.apply('a', 'accepted');
    expect(tracker.apply('a', 'partially_filled', { fillId: 'f1', qty: 4 })).toBe('partially_filled');
    expect(tracker.apply('a', 'partially_filled', { fillId: 'f1', qty: 4 })).toBeUndefined();
    expect(tracker.get('a')?.filledQty).toBe(4);
  });

  it('refuses a fill without an id or quantity, or one that overfills', () => {
    const tracker = new OrderTracker();
    tracker.add(order('a'));
    expect(tracker.apply('a', 'partially_filled')).toBeUndefined();
    expect(tracker.apply('a', 'partially_filled', { fillId: 'f1' })).toBeUndefined();
    expect(tracker.apply('a', 'filled', { fillId: 'f1', qty: 11 })).toBeUndefined();
    expect(tracker.get('a')).toMatchObject({ state: 'pending_new', filledQty: 0 });
    expect(tracker.get('a')?.fillIds.size).toBe(0);
  });

  it('takes a fill before the ack, and ignores the late ack', () => {
    const tracker = new OrderTracker();
    tracker.add(order('a'));
    expect(tracker.apply('a', 'partially_filled', { fillId: 'f1', qty: 3, venueOrderId: 'v9' })).toBe('partially_filled');
    expect(tracker.apply('a', 'accepted', { venueOrderId: 'other' })).toBeUndefined();
    expect(tracker.get('a')?.venueOrderId).toBe('v9');
  });

  it('keeps an order partially filled when a report says filled but quantity remains', () => {
    const tracker = new OrderTracker();
    tracker.add(order('a'));
    expect(tracker.apply('a', 'filled', { fillId: 'f1', qty: 3 })).toBe('partially_filled');
  });

  it('refuses a cancel of a filled order and a fill after filled, recording nothing', () => {
    const tracker = new OrderTracker();
    tracker.add(order('a', 5));
    tracker.apply('a', 'filled', { fillId: 'f1', qty: 5 });
    expect(tracker.apply('a', 'canceled')).toBeUndefined();
    expect(tracker.apply('a', 'partially_filled', { fillId: 'f2', qty: 1 })).toBeUndefined();
    expect(tracker.get('a')).toMatchObject({ state: 'filled', filledQty: 5 });
    expect(tracker.get('a')?.fillIds.has('f2')).toBe(false);
  });

  it('returns undefined for an unknown order', () => {
    expect(new OrderTracker().apply('nope', 'accepted')).toBeUndefined();
  });

  it('lists working orders and counts every state', () => {
    const tracker = new OrderTracker();
    for (const id of ['a', 'b', 'c', 'd']) tracker.add(order(id));
    tracker.apply('a', 'accepted');
    tracker.apply('b', 'rejected');
    tracker.apply('c', 'accepted');
    tracker.apply('c', 'canceled');
    expect(tracker.working().map((o) => o.clientOrderId)).toEqual(['a', 'd']);
    expect(tracker.counts()).toEqual({
      pending_new: 1,
      accepted: 1,
      partially_filled: 0,
      filled: 0,
      canceled: 1,
      rejected: 1,
      expired: 0,
    });
  });

  it('hands out counts that do not alias its own', () => {
    const tracker = new OrderTracker();
    tracker.add(order('a'));
    const counts = tracker.counts();
    counts.pending_new = 99;
    expect(tracker.counts().pending_new).toBe(1);
  });
});
