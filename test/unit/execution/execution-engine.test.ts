/**
 * The execution worker's core with the venue's newer reports: amends and triggers change an order's terms but not
 * its state, expiries end it, refused cancels and amends are passed on, and bracket legs the venue places are adopted
 * and tracked like orders execution sent itself.
 */
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import { ExecutionEngine } from '../../../workers/execution/execution-engine.js';
import { SCHEMA_VERSION, type Message, type SubmitOrder } from '../../../workers/protocol/messages.js';

const T0 = 1_700_000_000_000_000;
let seq = 0;
const env = () => ({ v: SCHEMA_VERSION, seq: ++seq, ts: T0, rts: T0 });
const ids = { venue: 'sim', symbol: 'BTC-USD', strategyId: 'manual' };

function setup() {
  const sent: Array<{ port: string; message: Outgoing }> = [];
  const engine = new ExecutionEngine('execution', (port, _topic, message) => sent.push({ port, message }));
  const input = (port: string, message: Record<string, unknown>) => engine.onMessage(port, '', { ...env(), ...ids, ...message } as unknown as Message, T0);
  const published = () => sent.filter((s) => s.port === 'pub').map((s) => s.message as Outgoing & Record<string, unknown>);
  return { engine, sent, input, published };
}

const order: Partial<SubmitOrder> = {
  type: 'SubmitOrder', src: 'risk', clientOrderId: 'e', side: 'buy', orderType: 'limit', price: 100, qty: 4, tif: 'GTC', causeTs: 0, takeProfit: 110, stopLoss: 90,
};

describe('ExecutionEngine, venue reports', () => {
  it('passes an amend to the venue and publishes the amended terms, keeping the state', () => {
    const s = setup();
    s.input('in', order);
    s.input('venue', { type: 'OrderAccepted', clientOrderId: 'e', side: 'buy', state: 'accepted', venueOrderId: 'v1' });
    s.input('in', { type: 'AmendOrder', src: 'risk', clientOrderId: 'e', price: 101, qty: 0, stopPrice: 0 });
    expect(s.sent.filter((x) => x.port === 'venue').map((x) => x.message.type)).toEqual(['SubmitOrder', 'AmendOrder']);
    s.input('venue', { type: 'OrderAmended', clientOrderId: 'e', side: 'buy', state: 'accepted', price: 101, qty: 4, stopPrice: 0, leavesQty: 4, reason: 'amended' });
    expect(s.published().at(-1)).toMatchObject({ type: 'OrderAmended', price: 101, state: 'accepted' });
    expect(s.engine.counters()).toMatchObject({ amended: 1 });
  });

  it('passes on a refused amend, and ends an order the venue expired', () => {
    const s = setup();
    s.input('in', { ...order, tif: 'IOC', takeProfit: 0, stopLoss: 0 });
    s.input('venue', { type: 'OrderAccepted', clientOrderId: 'e', side: 'buy', state: 'accepted', venueOrderId: 'v1' });
    s.input('venue', { type: 'RequestRejected', clientOrderId: 'e', request: 'amend', reason: 'nothing to change' });
    s.input('venue', { type: 'OrderExpired', clientOrderId: 'e', side: 'buy', state: 'expired', expiredQty: 4, reason: 'IOC: rest expired' });
    expect(s.published().map((m) => m.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'RequestRejected', 'OrderExpired']);
    expect(s.engine.counters()).toMatchObject({ working: 0, expired: 1, refused_requests: 1 });
  });

  it('adopts the bracket legs the venue placed for its order, and tracks their fills', () => {
    const s = setup();
    s.input('in', order);
    s.input('venue', { type: 'OrderAccepted', clientOrderId: 'e', side: 'buy', state: 'accepted', venueOrderId: 'v1' });
    s.input('venue', { type: 'OrderFilled', clientOrderId: 'e', side: 'buy', state: 'filled', venueOrderId: 'v1', fillId: '1-t', price: 100, qty: 4, filledQty: 4, leavesQty: 0, liquidity: 'taker', fee: 20 });
    s.input('venue', { type: 'OrderAccepted', clientOrderId: 'e:tp', side: 'sell', state: 'accepted', venueOrderId: 'v2', parentId: 'e', orderType: 'limit', price: 110, qty: 4, tif: 'GTC', stopPrice: 0 });
    s.input('venue', { type: 'OrderAccepted', clientOrderId: 'e:sl', side: 'sell', state: 'accepted', venueOrderId: 'v3', parentId: 'e', orderType: 'stop', price: 0, qty: 4, tif: 'GTC', stopPrice: 90 });
    s.input('venue', { type: 'OrderAccepted', clientOrderId: 'stranger', side: 'sell', state: 'accepted', venueOrderId: 'v4', parentId: 'nobody', orderType: 'limit', price: 1, qty: 1, tif: 'GTC' });
    s.input('venue', { type: 'OrderFilled', clientOrderId: 'e:tp', side: 'sell', state: 'filled', venueOrderId: 'v2', fillId: '2-m', price: 110, qty: 4, filledQty: 4, leavesQty: 0, liquidity: 'maker', fee: -4 });
    s.input('venue', { type: 'OrderCanceled', clientOrderId: 'e:sl', side: 'sell', state: 'canceled', canceledQty: 4, reason: 'bracket: the position is closed' });
    expect(s.published().map((m) => `${String(m.clientOrderId)} ${m.type}`)).toEqual([
      'e OrderSubmitted', 'e OrderAccepted', 'e OrderFilled', 'e:tp OrderAccepted', 'e:sl OrderAccepted', 'e:tp OrderFilled', 'e:sl OrderCanceled',
    ]);
    expect(s.engine.counters()).toMatchObject({ legs: 2, working: 0 });
  });
});
