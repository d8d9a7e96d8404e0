/**
 * The live-orders core with the ccxt dialect, driven by hand with ccxt's own errors and answers mapped as the ccxt
 * transport maps them (no sockets): a timeout on createOrder is `unknown`, looked up by our client order id and never
 * placed again; "no such order" twice, far apart, is lost; a venue refusal is a rejection; and the reconciliation
 * diff of ccxt-listed orders tells ours (adopted after being shown) from another program's (shown only).
 */
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import type { Outgoing } from '../../../../workers/core/worker-core.js';
import { SCHEMA_VERSION, type Message } from '../../../../workers/protocol/messages.js';
import { LiveOrdersCore } from '../../../../workers/venues/binance/trade/live-orders-core.js';
import type { IssuedRequest, TradeOutcome } from '../../../../workers/venues/binance/trade/trade-requests.js';
import { ccxtDialect } from '../../../../workers/venues/ccxt/ccxt-dialect.js';
import { venueAccountOf, venueOrderOf, type CcxtOrderLike } from '../../../../workers/venues/ccxt/ccxt-order-map.js';
import { outcomeOfError } from '../../../../workers/venues/ccxt/ccxt-outcomes.js';

const KRAKEN = makeInstrument({ venue: 'kraken', symbol: 'BTC-USD', base: 'BTC', quote: 'USD', tickSize: '0.1', lotSize: '0.0001', minNotional: '1', multiplier: 1 });
const T0 = 1_700_000_000_000_000;
const SEC = 1_000_000;

function setup() {
  const sent: IssuedRequest[] = [];
  const reports: Array<Outgoing & Record<string, unknown>> = [];
  const core = new LiveOrdersCore(
    { venue: 'kraken', account: 'kr', instruments: [KRAKEN], sessionTag: 's1', defaultPeer: 'terminal', reportsPort: 'orders', lostAfterUs: 10 * SEC, dialect: ccxtDialect({ name: 'kraken (ccxt)', stops: false }) },
    (_port, _peer, message) => reports.push(message as Outgoing & Record<string, unknown>),
    { send: (request) => sent.push(request) },
  );
  const answer = (kind: IssuedRequest['kind'], outcome: TradeOutcome, now: number) => {
    const request = sent.filter((r) => r.kind === kind).at(-1);
    if (request === undefined) throw new Error(`no ${kind} request`);
    sent.splice(sent.indexOf(request), 1);
    core.onOutcome(request.id, outcome, {}, now);
  };
  const fail = (kind: IssuedRequest['kind'], error: Error, now: number) => answer(kind, outcomeOfError(error, { kind }), now);
  const order = (fields: CcxtOrderLike): TradeOutcome => ({ kind: 'ok', body: venueOrderOf({ symbol: 'BTC/USD', type: 'limit', side: 'buy', price: 60000, amount: 0.001, filled: 0, ...fields }, 'BTC-USD') });
  const pass = (now: number, openOrders: CcxtOrderLike[] = []) => {
    core.onStreamState(true, now);
    answer('time', { kind: 'ok', body: {} }, now);
    answer('openOrders', { kind: 'ok', body: openOrders.map((o) => (order(o) as { body: unknown }).body) }, now);
    answer('myTrades', { kind: 'ok', body: [] }, now);
    answer('account', { kind: 'ok', body: venueAccountOf({ free: { USD: 1000 }, used: {} }, 1) }, now);
  };
  const submit = (id: string, now: number) => core.onCommand('terminal', {
    v: SCHEMA_VERSION, seq: 1, ts: now, rts: now, type: 'SubmitOrder', venue: 'kraken', symbol: 'BTC-USD', src: 'execution', clientOrderId: id, strategyId: 'manual',
    side: 'buy', orderType: 'limit', price: 600_000, qty: 10, tif: 'GTC', causeTs: 0,
  } as Message, now);
  const types = (id: string) => reports.filter((m) => m.clientOrderId === id).map((m) => m.type);
  return { core, sent, reports, answer, fail, order, pass, submit, types };
}

describe('the live-orders core with the ccxt dialect', () => {
  it('sends ccxt’s createOrder arguments, with our client order id', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1);
    expect(s.sent.find((r) => r.kind === 'place')).toMatchObject({ symbol: 'BTC-USD', clientId: 'tts1_a', params: { type: 'limit', side: 'buy', amount: '0.0010', price: '60000.0', timeInForce: 'GTC', clientOrderId: 'tts1_a' } });
  });

  it('a timeout on createOrder is unknown: looked up by client id a second later, resolved, never placed again', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1);
    s.fail('place', new ccxt.RequestTimeout('kraken POST https://api.kraken.com/0/private/AddOrder request timed out (10000 ms)'), T0 + 2);
    expect(s.types('a')).toEqual(['OrderStatusUnknown']);
    expect(s.reports.at(-1)).toMatchObject({ request: 'submit', reason: expect.stringMatching(/^RequestTimeout: .*may or may not have reached kraken \(ccxt\); checking by client order id$/) });
    s.core.onTimer(T0 + 2 + SEC / 2);
    expect(s.sent.filter((r) => r.kind === 'query')).toHaveLength(0);
    s.core.onTimer(T0 + 2 + SEC);
    expect(s.sent.find((r) => r.kind === 'query')).toMatchObject({ clientId: 'tts1_a' });
    s.answer('query', s.order({ id: 'OX-1', clientOrderId: 'tts1_a', status: 'open' }), T0 + 3 * SEC);
    expect(s.types('a')).toEqual(['OrderStatusUnknown', 'OrderAccepted']);
    expect(s.reports.at(-1)).toMatchObject({ venueOrderId: 'OX-1' });
    for (let t = 4; t < 30; t++) s.core.onTimer(T0 + t * SEC);
    expect(s.sent.filter((r) => r.kind === 'place')).toHaveLength(0);
  });

  it('"no such order" twice, ten seconds apart, is lost: rejected, not sent again', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1);
    s.fail('place', new ccxt.ExchangeNotAvailable('kraken 503'), T0 + 2);
    const notFound = new ccxt.OrderNotFound('kraken EOrder:Unknown order');
    s.core.onTimer(T0 + 2 * SEC);
    s.fail('query', notFound, T0 + 2 * SEC);
    s.core.onTimer(T0 + 13 * SEC);
    s.fail('query', notFound, T0 + 13 * SEC);
    expect(s.types('a')).toEqual(['OrderStatusUnknown', 'OrderRejected']);
    expect(s.reports.at(-1)?.reason).toMatch(/^never reached kraken \(ccxt\)/);
    expect(s.sent.filter((r) => r.kind === 'place')).toHaveLength(0);
  });

  it('a refusal is a rejection with ccxt’s reason, nothing looked up', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1);
    s.fail('place', new ccxt.InsufficientFunds('kraken EOrder:Insufficient funds'), T0 + 2);
    expect(s.reports.at(-1)).toMatchObject({ type: 'OrderRejected', reason: 'kraken (ccxt): InsufficientFunds: kraken EOrder:Insufficient funds' });
    s.core.onTimer(T0 + 5 * SEC);
    expect(s.sent.filter((r) => r.kind === 'query' || r.kind === 'place')).toHaveLength(0);
  });

  it('reconciliation shows an open order of ours it did not know and adopts it after; another program’s is shown only', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0, [{ id: 'OX-7', clientOrderId: 'tts1_old', status: 'open', filled: 0 }, { id: 'OX-8', clientOrderId: 'web-1', status: 'open' }]);
    const shown = s.reports.find((m) => m.type === 'ReconcileReport' && m.state === 'differences');
    expect(shown?.differences).toEqual([
      expect.objectContaining({ kind: 'order_unknown', id: 'old', blocking: true }),
      expect.objectContaining({ kind: 'order_foreign', id: 'web-1', blocking: false }),
    ]);
    expect(s.reports.indexOf(shown!)).toBeLessThan(s.reports.findIndex((m) => m.type === 'OrderAccepted' && m.clientOrderId === 'old'));
    expect(s.reports.find((m) => m.type === 'OrderAccepted' && m.clientOrderId === 'old')).toMatchObject({ venueOrderId: 'OX-7' });
  });
});
