/**
 * Contract tests of live order routing through ccxt (ccxt's own `binance` class, real HTTP on 127.0.0.1): the ccxt
 * gateway's router against the fake Binance — public calls at the fake market server, signed ones at the fake
 * trading API. What the terminal hears back for each order, and what exists at the exchange: an order whose answer
 * was lost is resolved by asking, never by sending it again; a restarted router shows what it finds before adopting it.
 */
import type { Exchange } from 'ccxt';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { makeInstrument } from '../../workers/core/instrument.js';
import type { Outgoing } from '../../workers/core/worker-core.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { SCHEMA_VERSION, type Message, type SubmitOrder } from '../../workers/protocol/messages.js';
import { openTradingExchange } from '../../workers/venues/ccxt/ccxt-exchange.js';
import { CcxtLiveOrders } from '../../workers/venues/ccxt/ccxt-live-orders.js';
import { SPOT_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { FakeMarketServer } from '../fakes/binance/market-server.js';
import { FakeBinanceTrading } from '../fakes/binance/trading-server.js';

const KEY = { apiKey: 'test-key-0123456789', secret: 'test-secret-abcdef' };
const VENUE = 'ccxt-binance';
const BTC = makeInstrument({ venue: VENUE, symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });

type Report = Outgoing & Record<string, unknown>;

interface Rig {
  fake: FakeBinanceTrading;
  exchange: Exchange;
  restUrl: string;
  live: CcxtLiveOrders;
  reports: Report[];
  submit(id: string, fields?: Partial<SubmitOrder>): void;
  send(message: Record<string, unknown>): void;
  of(id: string): string[];
  stop(): void;
}

let market: FakeMarketServer;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  market = new FakeMarketServer({ market: 'spot', symbols: SPOT_SYMBOLS, seed: 5 });
  await market.start();
});
afterAll(async () => {
  await market?.stop();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The fake trading API and its REST base. */
async function fakeExchange(): Promise<{ fake: FakeBinanceTrading; restUrl: string }> {
  const fake = new FakeBinanceTrading({ ...KEY, balances: { USDT: '100000', BTC: '2' } });
  const { restUrl } = await fake.start();
  cleanups.push(() => fake.stop());
  return { fake, restUrl };
}

async function rig(options: { venue?: { fake: FakeBinanceTrading; restUrl: string }; lostAfterUs?: number; sessionTag?: string } = {}): Promise<Rig> {
  const { fake, restUrl } = options.venue ?? (await fakeExchange());
  const exchange = openTradingExchange({
    exchange: 'binance',
    urls: { api: { public: `${market.restUrl}/api/v3`, private: `${restUrl}/api/v3` } },
    // With a key on the live network ccxt also loads margin pairs (sapi), which the fake does not serve.
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  }, KEY, 'live', 800);
  if (typeof exchange === 'string') throw new Error(exchange);
  const reports: Report[] = [];
  const live = new CcxtLiveOrders({
    venue: VENUE, account: 'cx', instruments: [BTC], sessionTag: options.sessionTag ?? 'abc123', defaultPeer: 'terminal', reportsPort: 'orders',
    exchange, symbols: new Map([['BTC-USDT', 'BTC/USDT']]), pollMs: 100, ...(options.lostAfterUs === undefined ? {} : { lostAfterUs: options.lostAfterUs }),
  }, (_port, _peer, message) => reports.push(message as Report));
  // The gateway ticks its router every 50 ms.
  const timer = setInterval(() => live.onTimer(nowMicros()), 50);
  const stop = () => {
    clearInterval(timer);
    live.stop();
  };
  cleanups.push(stop);
  live.start();
  let seq = 0;
  const send = (message: Record<string, unknown>) => live.onCommand('terminal', { v: SCHEMA_VERSION, seq: ++seq, ts: nowMicros(), rts: nowMicros(), venue: VENUE, symbol: 'BTC-USDT', src: 'execution', strategyId: 'manual', ...message } as unknown as Message);
  const r: Rig = {
    fake, exchange, restUrl, live, reports, send, stop,
    submit: (id, fields = {}) => send({ type: 'SubmitOrder', clientOrderId: id, side: 'buy', orderType: 'limit', price: 6_000_000, qty: 100, tif: 'GTC', causeTs: 0, ...fields }),
    of: (id) => reports.filter((m) => m.clientOrderId === id).map((m) => String(m.type)),
  };
  await until(() => reconcileState(r) === 'passed', 'reconciliation', 20_000, () => JSON.stringify(r.reports.filter((m) => m.type === 'ReconcileReport').at(-1)));
  return r;
}

function reconcileState(r: Rig): string | undefined {
  return r.reports.filter((m) => m.type === 'ReconcileReport').at(-1)?.state as string | undefined;
}

async function until(condition: () => boolean, what = 'condition', timeoutMs = 20_000, detail = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} ${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function atVenue(r: Rig, busId: string) {
  const venueId = r.live.core.ids.toVenue(busId);
  return [...r.fake.engine.orders.values()].filter((o) => o.clientOrderId === venueId);
}

const posts = (r: Rig) => r.fake.requests.filter((q) => q === 'POST /api/v3/order').length;

describe('live orders through ccxt against the fake Binance', () => {
  it('fills a resting order found by the poll, once, as a maker with its fee', async () => {
    const r = await rig();
    expect(r.reports.find((m) => m.type === 'VenueAccount')).toMatchObject({ venue: VENUE, account: 'cx', balances: expect.arrayContaining([{ asset: 'USDT', free: '100000', locked: '0' }]) });
    r.submit('o1');
    await until(() => r.of('o1').includes('OrderAccepted'), 'acceptance');
    expect(atVenue(r, 'o1')[0]).toMatchObject({ clientOrderId: 'ttabc123_o1', type: 'LIMIT', price: 6_000_000_000_000n, origQty: 100_000n });
    r.fake.engine.fill('ttabc123_o1');
    await until(() => r.of('o1').includes('OrderFilled'), 'the fill');
    // 0.001 BTC at 60,000 as a maker; commission 0.1 % of the BTC received = 0.000001 BTC = 0.06 USDT.
    expect(r.reports.find((m) => m.type === 'OrderFilled')).toMatchObject({ clientOrderId: 'o1', price: 6_000_000, qty: 100, filledQty: 100, leavesQty: 0, state: 'filled', liquidity: 'maker', fee: 6_000_000 });
    await until(() => (r.live.counters().live_poll_queries ?? 0) >= 1 && (r.live.counters().live_poll_trades ?? 0) >= 1, 'the poll');
    expect(r.of('o1').filter((t) => t === 'OrderFilled')).toHaveLength(1);
  });

  it('sends a stop-limit as the exchange’s own stop-loss-limit order; a stop type the market does not list is refused before sending', async () => {
    const r = await rig();
    r.submit('s1', { side: 'sell', orderType: 'stop_limit', price: 5_990_000, stopPrice: 6_000_000 });
    await until(() => r.of('s1').includes('OrderAccepted'), 'acceptance');
    expect(atVenue(r, 's1')[0]).toMatchObject({ type: 'STOP_LOSS_LIMIT', price: 5_990_000_000_000n, stopPrice: 6_000_000_000_000n });
    // The fake's exchangeInfo lists no STOP_LOSS for BTCUSDT: ccxt refuses a stop-market order itself.
    r.submit('s2', { side: 'sell', orderType: 'stop', price: 0, stopPrice: 6_000_000 });
    await until(() => r.of('s2').includes('OrderRejected'), 'the refusal');
    expect(r.reports.find((m) => m.type === 'OrderRejected')?.reason).toBe('binance (ccxt): InvalidOrder: binance triggerPrice parameter is not allowed for BTC/USDT market orders');
    expect(posts(r)).toBe(1);
  });

  it('a server error after the order was taken is unknown, resolved by query: one order, one fill', async () => {
    const r = await rig();
    r.fake.faults.push({ kind: 'error500', on: 'POST /api/v3/order' });
    r.submit('e1', { price: 6_600_000 }); // above the last price: trades at once
    await until(() => r.of('e1').includes('OrderFilled'), 'the fill');
    expect(r.of('e1')[0]).toBe('OrderStatusUnknown');
    expect(r.reports.find((m) => m.type === 'OrderStatusUnknown')).toMatchObject({ request: 'submit', reason: expect.stringMatching(/^OperationFailed: .*checking by client order id/) });
    expect(posts(r)).toBe(1);
    expect(r.fake.requests).toContain('GET /api/v3/order');
    expect(atVenue(r, 'e1')).toHaveLength(1);
    expect(r.of('e1').filter((t) => t === 'OrderFilled')).toHaveLength(1);
  });

  it('an order that never reached the venue is reported lost after two checks, not sent again', async () => {
    const r = await rig({ lostAfterUs: 1_500_000 });
    r.fake.faults.push({ kind: 'error503', on: 'POST /api/v3/order' });
    r.submit('n1');
    await until(() => r.of('n1').includes('OrderRejected'), 'the verdict');
    expect(r.of('n1')).toEqual(['OrderStatusUnknown', 'OrderRejected']);
    expect(String(r.reports.find((m) => m.type === 'OrderRejected')?.reason)).toContain('never reached binance (ccxt)');
    expect(posts(r)).toBe(1);
  });

  it('corrects its clock on a timestamp error (-1021) and places the order once', async () => {
    const r = await rig();
    // ccxt asks the time of its public API: here the trading fake's, whose clock is about to run ahead (markets are loaded).
    r.exchange.urls.api = { ...(r.exchange.urls.api as Record<string, unknown>), public: `${r.restUrl}/api/v3` } as typeof r.exchange.urls.api;
    r.fake.skewMs = 30_000;
    r.submit('k1');
    await until(() => r.of('k1').includes('OrderAccepted'), 'acceptance');
    expect(r.live.core.counters(0).clock_corrections).toBe(1);
    expect(r.fake.requests).toContain('GET /api/v3/time');
    expect(atVenue(r, 'k1')).toHaveLength(1);
  });

  it('waits out a 429 the venue sent anyway, then places the order once', async () => {
    const r = await rig();
    r.fake.faults.push({ kind: 'limited', on: 'POST /api/v3/order', retryAfter: 1 });
    r.submit('l1');
    await until(() => r.of('l1').includes('OrderAccepted'), 'acceptance');
    expect(r.live.core.counters(0).limited).toBe(1);
    // The 429 did nothing at the venue: the second send is the only order.
    expect(posts(r)).toBe(2);
    expect(atVenue(r, 'l1')).toHaveLength(1);
  });

  it('the venue’s refusal comes back with its reason; what ccxt routing cannot do is refused before sending', async () => {
    const r = await rig();
    r.submit('big', { qty: 1_000_000_000 }); // 10,000 BTC: more than the account holds
    r.submit('tr', { orderType: 'trailing_stop', trailBps: 50 });
    await until(() => r.of('big').includes('OrderRejected') && r.of('tr').includes('OrderRejected'), 'the refusals');
    expect(r.reports.find((m) => m.type === 'OrderRejected' && m.clientOrderId === 'big')?.reason).toBe('binance (ccxt): InsufficientFunds: binance Account has insufficient balance for requested action.');
    expect(r.reports.find((m) => m.type === 'OrderRejected' && m.clientOrderId === 'tr')?.reason).toMatch(/trailing stops are not sent through ccxt/);
    expect(posts(r)).toBe(1);
    r.submit('a1');
    await until(() => r.of('a1').includes('OrderAccepted'));
    r.send({ type: 'AmendOrder', clientOrderId: 'a1', price: 5_900_000, qty: 100, stopPrice: 0 });
    await until(() => r.of('a1').includes('RequestRejected'));
    expect(r.reports.find((m) => m.type === 'RequestRejected')?.reason).toMatch(/amends through ccxt are not built/);
    expect(r.fake.requests).not.toContain('POST /api/v3/order/cancelReplace');
  });

  it('cancels one order, refuses to cancel it again, and cancels all in one request', async () => {
    const r = await rig();
    for (const id of ['c1', 'c2', 'c3']) r.submit(id);
    await until(() => ['c1', 'c2', 'c3'].every((id) => r.of(id).includes('OrderAccepted')), 'acceptance');
    r.send({ type: 'CancelOrder', clientOrderId: 'c1' });
    await until(() => r.of('c1').includes('OrderCanceled'), 'the cancel');
    expect(r.reports.find((m) => m.type === 'OrderCanceled')).toMatchObject({ clientOrderId: 'c1', canceledQty: 100, state: 'canceled' });
    r.send({ type: 'CancelOrder', clientOrderId: 'c1' });
    await until(() => r.of('c1').includes('RequestRejected'), 'the refusal');
    r.live.cancelAll('BTC-USDT');
    await until(() => r.of('c2').includes('OrderCanceled') && r.of('c3').includes('OrderCanceled'), 'cancel-all');
    expect(r.fake.requests.filter((q) => q === 'DELETE /api/v3/openOrders')).toHaveLength(1);
    expect(r.fake.engine.openOrders('BTCUSDT')).toHaveLength(0);
  });

  it('a restarted router shows the open order it finds before adopting it, then trades on', async () => {
    const venue = await fakeExchange();
    const { fake } = venue;
    const first = await rig({ venue, sessionTag: 'ses001' });
    first.submit('r1');
    await until(() => first.of('r1').includes('OrderAccepted'));
    first.stop();
    fake.engine.fill('ttses001_r1', '0.00040'); // 40 lots while no router runs
    const second = await rig({ venue, sessionTag: 'ses001' });
    const shown = second.reports.find((m) => m.type === 'ReconcileReport' && m.state === 'differences');
    expect(shown?.differences).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'order_unknown', id: 'r1', blocking: true }),
      expect.objectContaining({ kind: 'fill_missed', blocking: true }),
    ]));
    // Shown before it was acted on: the adoption and the missed fill come after the report.
    expect(second.reports.indexOf(shown!)).toBeLessThan(second.reports.findIndex((m) => m.clientOrderId === 'r1'));
    await until(() => second.of('r1').includes('OrderFilled'), 'the missed fill');
    expect(second.reports.find((m) => m.type === 'OrderFilled')).toMatchObject({ clientOrderId: 'r1', qty: 40, filledQty: 40 });
    second.send({ type: 'CancelOrder', clientOrderId: 'r1' });
    await until(() => second.of('r1').includes('OrderCanceled'), 'the cancel of the adopted order');
    expect(posts(second)).toBe(1);
  });
});
