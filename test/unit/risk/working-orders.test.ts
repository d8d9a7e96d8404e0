import { describe, it, expect } from 'vitest';
import { WorkingOrders } from '../../../workers/risk/working-orders.js';
import { SCHEMA_VERSION, type Side, type SubmitOrder } from '../../../workers/protocol/messages.js';

const T0 = 1_700_000_000_000_000;
const BTC = 'sim:BTC-USD';
const ETH = 'sim:ETH-USD';

let seq = 0;
function order(clientOrderId: string, side: Side, qty: number, symbol = 'BTC-USD'): SubmitOrder {
  seq += 1;
  return {
    v: SCHEMA_VERSION,
    seq,
    ts: T0,
    rts: T0,
    type: 'SubmitOrder',
    venue: 'sim',
    symbol,
    src: 'strategy',
    clientOrderId,
    strategyId: 'ping',
    side,
    orderType: 'market',
    price: 0,
    qty,
    tif: 'IOC',
    causeTs: 0,
  };
}

/** Exposure with −0 (a side with nothing open, negated for sells) read as 0. */
function exposure(working: WorkingOrders, key: string, side: Side): number {
  return working.exposure(key, side) + 0;
}

describe('WorkingOrders', () => {
  it('keeps each added order, unacknowledged, with its full quantity open', () => {
    const working = new WorkingOrders();
    const added = working.add(order('a', 'buy', 5), T0 + 7);
    expect(working.size).toBe(1);
    expect(working.get('a')).toBe(added);
    expect(added).toMatchObject({ acked: false, lastSent: T0 + 7, leaves: 5 });
    expect(added.command.clientOrderId).toBe('a');
    expect(working.get('unknown')).toBeUndefined();
    expect([...working.values()].map((o) => o.command.clientOrderId)).toEqual(['a']);
  });

  it('sums open quantity per instrument and side: buys positive, sells negative', () => {
    const working = new WorkingOrders();
    working.add(order('b1', 'buy', 3), T0);
    working.add(order('b2', 'buy', 4), T0);
    working.add(order('s1', 'sell', 2), T0);
    working.add(order('e1', 'buy', 9, 'ETH-USD'), T0);
    expect(exposure(working, BTC, 'buy')).toBe(7);
    expect(exposure(working, BTC, 'sell')).toBe(-2);
    expect(exposure(working, ETH, 'buy')).toBe(9);
    expect(exposure(working, ETH, 'sell')).toBe(0);
    expect(exposure(working, 'sim:SOL-USD', 'buy')).toBe(0);
  });

  it('counts only what is left open after a partial fill', () => {
    const working = new WorkingOrders();
    const a = working.add(order('a', 'buy', 10), T0);
    working.add(order('b', 'buy', 5), T0);
    working.setLeaves(a, 6);
    expect(a.leaves).toBe(6);
    expect(exposure(working, BTC, 'buy')).toBe(11);
    working.setLeaves(a, 1);
    expect(exposure(working, BTC, 'buy')).toBe(6);
  });

  it('frees a finished order\'s open quantity once, however often it is finished', () => {
    const working = new WorkingOrders();
    const a = working.add(order('a', 'sell', 10), T0);
    working.add(order('b', 'sell', 5), T0);
    working.setLeaves(a, 4);
    working.finish('a');
    expect(working.get('a')).toBeUndefined();
    expect(working.size).toBe(1);
    expect(exposure(working, BTC, 'sell')).toBe(-5);
    working.finish('a');
    working.finish('never-added');
    expect(exposure(working, BTC, 'sell')).toBe(-5);
    working.finish('b');
    expect(working.size).toBe(0);
    expect(exposure(working, BTC, 'sell')).toBe(0);
  });
});
