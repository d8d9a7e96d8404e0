/**
 * The execution core routes by venue: each order, its cancels and its resends go to its venue's port; an order for a
 * venue with no route is rejected at once (after OrderSubmitted, which risk waits for); live venues' reconciliation
 * and balances are published once per change and served to late joiners.
 */
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import { ExecutionEngine } from '../../../workers/execution/execution-engine.js';
import { venueRoutesOf } from '../../../workers/execution/venue-routes.js';
import { defaultEndpoints } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message } from '../../../workers/protocol/messages.js';

const T0 = 1_700_000_000_000_000;
let seq = 0;

function setup(routes: Record<string, string>) {
  const sent: Array<{ port: string; topic: string; message: Outgoing & Record<string, unknown> }> = [];
  const engine = new ExecutionEngine('execution', (port, topic, message) => sent.push({ port, topic, message: message as Outgoing & Record<string, unknown> }), routes);
  const input = (port: string, message: Record<string, unknown>, now = T0) => engine.onMessage(port, '', { v: SCHEMA_VERSION, seq: ++seq, ts: T0, rts: T0, strategyId: 'manual', ...message } as unknown as Message, now);
  const submit = (venue: string, symbol: string, clientOrderId: string) =>
    input('in', { type: 'SubmitOrder', venue, symbol, src: 'risk', clientOrderId, side: 'buy', orderType: 'limit', price: 100, qty: 1, tif: 'GTC', causeTs: 0 });
  return { engine, sent, input, submit };
}

describe('ExecutionEngine routing', () => {
  it('sends each order, its cancel and its resend to its own venue port', () => {
    const s = setup({ sim: 'venue', binance: 'venue-binance' });
    s.submit('sim', 'BTC-USD', 'a');
    s.submit('binance', 'BTCUSDT', 'b');
    s.input('in', { type: 'CancelOrder', venue: 'binance', symbol: 'BTCUSDT', src: 'risk', clientOrderId: 'b' });
    s.engine.onTimer(T0 + 1_500_000);
    const to = (port: string) => s.sent.filter((x) => x.port === port).map((x) => `${x.message.type} ${String(x.message.clientOrderId)}`);
    expect(to('venue')).toEqual(['SubmitOrder a', 'SubmitOrder a']);
    expect(to('venue-binance')).toEqual(['SubmitOrder b', 'CancelOrder b', 'SubmitOrder b']);
  });

  it('rejects an order for a venue it cannot reach, after OrderSubmitted', () => {
    const s = setup({ sim: 'venue' });
    s.submit('binance', 'BTCUSDT', 'x');
    expect(s.sent.filter((x) => x.port !== 'pub')).toEqual([]);
    expect(s.sent.map((x) => x.message.type)).toEqual(['OrderSubmitted', 'OrderRejected']);
    expect(s.sent[1]?.message).toMatchObject({ state: 'rejected', reason: 'no route to venue binance: it is not connected to execution' });
    expect(s.engine.counters()).toMatchObject({ unrouted: 1, working: 0 });
  });

  it('takes reports only from venue ports, and publishes an unknown status without changing the state', () => {
    const s = setup({ binance: 'venue-binance' });
    s.submit('binance', 'BTCUSDT', 'b');
    const unknown = { type: 'OrderStatusUnknown', venue: 'binance', symbol: 'BTCUSDT', clientOrderId: 'b', side: 'buy', state: 'pending_new', request: 'submit', reason: 'no answer' };
    s.input('venue', unknown); // not a venue port here: ignored
    s.input('venue-binance', unknown);
    expect(s.sent.filter((x) => x.port === 'pub').map((x) => `${x.topic} ${x.message.type} ${String(x.message.state)}`)).toEqual([
      'order.binance.BTCUSDT OrderSubmitted pending_new', 'order.binance.BTCUSDT OrderStatusUnknown pending_new',
    ]);
    s.engine.onTimer(T0 + 5_000_000);
    expect(s.sent.filter((x) => x.port === 'venue-binance')).toHaveLength(1); // no resend of an order whose fate is being found out
  });

  it('publishes reconciliation and balances when they change, and gives them to a late joiner', () => {
    const s = setup({ binance: 'venue-binance' });
    const report = { type: 'ReconcileReport', venue: 'binance', account: 'main', state: 'passed', reason: 'no differences', differences: [] };
    s.input('venue-binance', report, T0);
    s.input('venue-binance', report, T0 + 5_000_000); // the gateway's repeat
    s.input('venue-binance', { type: 'VenueAccount', venue: 'binance', account: 'main', source: 'rest', balances: [{ asset: 'USDT', free: '10', locked: '0' }], updateTime: 1 });
    expect(s.sent.map((x) => x.topic)).toEqual(['reconcile.binance.main', 'account.binance.main']);
    expect(s.engine.snapshot('reconcile.').map((x) => x.message.type)).toEqual(['ReconcileReport']);
  });

  it('adds the Binance DEALER only when Binance is configured', () => {
    const endpoints = defaultEndpoints('/tmp/run');
    expect(venueRoutesOf(endpoints, false).ports.map((p) => p.name)).toEqual(['venue']);
    const both = venueRoutesOf(endpoints, true);
    expect(both.ports).toEqual([{ name: 'venue', endpoint: endpoints.simOrders }, { name: 'venue-binance', endpoint: endpoints.binanceOrders }]);
    expect(both.routes).toMatchObject({ '*': 'venue', binance: 'venue-binance', binanceusdm: 'venue-binance' });
  });
});
