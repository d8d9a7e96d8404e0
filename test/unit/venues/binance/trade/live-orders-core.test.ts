/**
 * The live-orders core driven by hand (a scripted transport, no sockets): unknown statuses resolved by query or by
 * the stream and never by a second order; a gateway that restarted looks an order up before it places it; nothing is
 * sent before the start (a journal replay); a resent command repeats the last answer.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../../workers/core/instrument.js';
import type { Outgoing } from '../../../../../workers/core/worker-core.js';
import { SCHEMA_VERSION, type Message } from '../../../../../workers/protocol/messages.js';
import { LiveOrdersCore } from '../../../../../workers/venues/binance/trade/live-orders-core.js';
import type { IssuedRequest, TradeOutcome } from '../../../../../workers/venues/binance/trade/trade-requests.js';

const BTC = makeInstrument({ venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });
const T0 = 1_700_000_000_000_000;
const SEC = 1_000_000;

function setup() {
  const sent: IssuedRequest[] = [];
  const reports: Array<Outgoing & Record<string, unknown>> = [];
  const core = new LiveOrdersCore(
    { venue: 'binance', account: 'main', instruments: [BTC], sessionTag: 's1', defaultPeer: 'terminal', reportsPort: 'orders', lostAfterUs: 10 * SEC },
    (_port, _peer, message) => reports.push(message as Outgoing & Record<string, unknown>),
    { send: (request) => sent.push(request) },
  );
  const answer = (kind: IssuedRequest['kind'], outcome: TradeOutcome, now: number) => {
    const request = sent.filter((r) => r.kind === kind).at(-1);
    if (request === undefined) throw new Error(`no ${kind} request`);
    sent.splice(sent.indexOf(request), 1);
    core.onOutcome(request.id, outcome, {}, now);
  };
  const pass = (now: number) => {
    core.onStreamState(true, now);
    answer('time', { kind: 'ok', body: { serverTime: now / 1000 } }, now);
    answer('openOrders', { kind: 'ok', body: [] }, now);
    answer('myTrades', { kind: 'ok', body: [] }, now);
    answer('account', { kind: 'ok', body: { updateTime: 1, canTrade: true, balances: [] } }, now);
  };
  const submit = (id: string, ts: number, now: number) => core.onCommand('terminal', {
    v: SCHEMA_VERSION, seq: 1, ts, rts: ts, type: 'SubmitOrder', venue: 'binance', symbol: 'BTCUSDT', src: 'execution', clientOrderId: id, strategyId: 'manual',
    side: 'buy', orderType: 'limit', price: 6_000_000, qty: 100, tif: 'GTC', causeTs: 0,
  } as Message, now);
  const types = (id: string) => reports.filter((m) => m.clientOrderId === id).map((m) => m.type);
  return { core, sent, reports, answer, pass, submit, types };
}

const listed = (id: string, status: string, executedQty = '0.00000000') => ({
  symbol: 'BTCUSDT', orderId: 77, clientOrderId: id, price: '60000.00000000', origQty: '0.00100000', executedQty, cummulativeQuoteQty: '0', status, timeInForce: 'GTC', type: 'LIMIT', side: 'BUY',
});

describe('LiveOrdersCore', () => {
  it('sends nothing before it is started: commands replayed from a journal are ignored', () => {
    const s = setup();
    s.submit('a', T0, T0);
    expect(s.sent).toEqual([]);
    expect(s.reports).toEqual([]);
  });

  it('holds orders until reconciliation has passed', () => {
    const s = setup();
    s.core.start(T0);
    s.submit('a', T0 + 1, T0 + 1);
    expect(s.sent.map((r) => r.kind)).not.toContain('place');
    s.pass(T0 + 2);
    expect(s.sent.filter((r) => r.kind === 'place')).toHaveLength(1);
    expect(s.sent.find((r) => r.kind === 'place')).toMatchObject({ params: { newClientOrderId: 'tts1_a', price: '60000.00', quantity: '0.00100', type: 'LIMIT', timeInForce: 'GTC' } });
  });

  it('an unknown outcome is queried after a second, resolved by the answer, and never placed again', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1, T0 + 1);
    s.answer('place', { kind: 'unknown', reason: 'no answer in time' }, T0 + 2);
    expect(s.types('a')).toEqual(['OrderStatusUnknown']);
    s.submit('a', T0 + 1, T0 + 3); // execution resends: the same answer, no new request
    expect(s.types('a')).toEqual(['OrderStatusUnknown', 'OrderStatusUnknown']);
    s.core.onTimer(T0 + SEC / 2);
    expect(s.sent.filter((r) => r.kind === 'query')).toHaveLength(0);
    s.core.onTimer(T0 + 2 + SEC);
    expect(s.sent.find((r) => r.kind === 'query')).toMatchObject({ clientId: 'tts1_a' });
    s.answer('query', { kind: 'ok', body: listed('tts1_a', 'NEW') }, T0 + 2 * SEC);
    expect(s.types('a')).toEqual(['OrderStatusUnknown', 'OrderStatusUnknown', 'OrderAccepted']);
    expect(s.reports.at(-1)).toMatchObject({ venueOrderId: '77', state: 'accepted' });
    expect(s.sent.filter((r) => r.kind === 'place')).toHaveLength(0);
    expect(s.core.counters(T0)).toMatchObject({ unknown: 1, resolved: 1, unknown_now: 0 });
  });

  it('the user stream can resolve an unknown order first', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1, T0 + 1);
    s.answer('place', { kind: 'unknown', reason: 'HTTP 502' }, T0 + 2);
    s.core.onUserEvent({
      e: 'executionReport', E: 1, s: 'BTCUSDT', c: 'tts1_a', S: 'BUY', o: 'LIMIT', f: 'GTC', q: '0.00100000', p: '60000.00000000', P: '0', C: '', x: 'TRADE', X: 'FILLED',
      r: 'NONE', i: 77, l: '0.00100000', z: '0.00100000', L: '60000.00000000', n: '0.06000000', N: 'USDT', T: 1, t: 9001, m: true,
    }, T0 + 3);
    expect(s.types('a')).toEqual(['OrderStatusUnknown', 'OrderAccepted', 'OrderFilled']);
    expect(s.reports.at(-1)).toMatchObject({ fillId: '9001', fee: 6_000_000, liquidity: 'maker', state: 'filled' });
    s.core.onTimer(T0 + 5 * SEC);
    expect(s.sent.filter((r) => r.kind === 'query' || r.kind === 'place')).toHaveLength(0);
  });

  it('a command from before a restart is looked up first: found, it is adopted, not placed', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('old', T0 - 5 * SEC, T0 + 1); // stamped before this gateway started
    expect(s.sent.map((r) => r.kind)).toEqual(['query']);
    s.answer('query', { kind: 'ok', body: listed('tts1_old', 'NEW') }, T0 + 2);
    expect(s.types('old')).toEqual(['OrderAccepted']);
    expect(s.sent.filter((r) => r.kind === 'place')).toHaveLength(0);
  });

  it('a command from before a restart that the venue does not have is placed', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('old', T0 - 5 * SEC, T0 + 1);
    s.answer('query', { kind: 'refused', httpStatus: 400, code: -2013, msg: 'Order does not exist.' }, T0 + 2);
    expect(s.sent.map((r) => r.kind)).toEqual(['place']);
  });

  it('an amend whose answer was lost is resolved by querying the new id, never sent twice', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1, T0 + 1);
    s.answer('place', { kind: 'ok', body: listed('tts1_a', 'NEW') }, T0 + 2);
    const amend = (price: number, now: number) => s.core.onCommand('terminal', { v: SCHEMA_VERSION, seq: 2, ts: now, rts: now, type: 'AmendOrder', venue: 'binance', symbol: 'BTCUSDT', src: 'execution', clientOrderId: 'a', strategyId: 'manual', price, qty: 0, stopPrice: 0 } as Message, now);
    amend(5_900_000, T0 + 3);
    const replace = s.sent.find((r) => r.kind === 'replace');
    expect(replace).toMatchObject({ params: { cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrigClientOrderId: 'tts1_a', price: '59000.00', quantity: '0.00100' } });
    const newId = replace?.kind === 'replace' ? replace.clientId : '';
    s.answer('replace', { kind: 'unknown', reason: 'HTTP 504' }, T0 + 4);
    expect(s.reports.at(-1)).toMatchObject({ type: 'OrderStatusUnknown', request: 'amend' });
    amend(5_800_000, T0 + 5);
    expect(s.reports.at(-1)).toMatchObject({ type: 'RequestRejected', reason: 'the order is not confirmed by Binance yet: try again in a moment' });
    s.core.onTimer(T0 + 2 * SEC);
    expect(s.sent.find((r) => r.kind === 'query')).toMatchObject({ clientId: newId });
    s.answer('query', { kind: 'ok', body: { ...listed(newId, 'NEW'), orderId: 78, price: '59000.00000000' } }, T0 + 2 * SEC);
    expect(s.reports.at(-1)).toMatchObject({ type: 'OrderAmended', price: 5_900_000, qty: 100, state: 'accepted' });
    expect(s.sent.filter((r) => r.kind === 'replace')).toHaveLength(0);
    // The old order's cancel on the stream is the replace's, not the order's end.
    s.core.onUserEvent({
      e: 'executionReport', E: 1, s: 'BTCUSDT', c: 'x', S: 'BUY', o: 'LIMIT', f: 'GTC', q: '0.00100000', p: '60000.00000000', P: '0', C: 'tts1_a', x: 'CANCELED', X: 'CANCELED',
      r: 'NONE', i: 77, l: '0', z: '0', L: '0', n: '0', N: null, T: 1, t: -1, m: false,
    }, T0 + 2 * SEC + 1);
    expect(s.types('a')).not.toContain('OrderCanceled');
  });

  it('an amend Binance canceled but could not replace ends the order; one it refused leaves it as it was', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    for (const id of ['a', 'b']) {
      s.submit(id, T0 + 1, T0 + 1);
      s.answer('place', { kind: 'ok', body: listed(`tts1_${id}`, 'NEW') }, T0 + 2);
      s.core.onCommand('terminal', { v: SCHEMA_VERSION, seq: 2, ts: T0, rts: T0, type: 'AmendOrder', venue: 'binance', symbol: 'BTCUSDT', src: 'execution', clientOrderId: id, strategyId: 'manual', price: 5_900_000, qty: 0, stopPrice: 0 } as Message, T0 + 3);
    }
    s.answer('replace', { kind: 'refused', httpStatus: 400, code: -2022, msg: 'Order cancel-replace failed.' }, T0 + 4);
    s.answer('replace', { kind: 'refused', httpStatus: 409, code: -2021, msg: 'Order cancel-replace partially failed.' }, T0 + 4);
    expect(s.types('b')).toEqual(['OrderAccepted', 'RequestRejected']);
    expect(s.types('a')).toEqual(['OrderAccepted', 'OrderCanceled']);
  });

  it('refusals of the venue are rejections with its code; -1021 is retried once the clock is corrected', () => {
    const s = setup();
    s.core.start(T0);
    s.pass(T0);
    s.submit('a', T0 + 1, T0 + 1);
    s.answer('place', { kind: 'refused', httpStatus: 400, code: -2010, msg: 'Account has insufficient balance for requested action.' }, T0 + 2);
    expect(s.reports.at(-1)).toMatchObject({ type: 'OrderRejected', reason: 'Binance -2010: Account has insufficient balance for requested action.' });
    s.submit('b', T0 + 3, T0 + 3);
    s.answer('place', { kind: 'refused', httpStatus: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' }, T0 + 4);
    expect(s.sent.map((r) => r.kind)).toEqual(['time']); // the order waits for the server's time
    s.answer('time', { kind: 'ok', body: { serverTime: (T0 + 4) / 1000 + 7_000 } }, T0 + 4);
    expect(s.sent).toEqual([expect.objectContaining({ kind: 'place', offsetMs: 7_000 })]);
  });
});
