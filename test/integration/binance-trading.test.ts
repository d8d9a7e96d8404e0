/**
 * Contract tests of live order routing against the fake Binance (real HTTP and WebSocket on 127.0.0.1): what the
 * terminal hears back for each order, and what exists at the exchange — an order whose answer was lost is resolved
 * by asking, never by sending it again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeInstrument } from '../../workers/core/instrument.js';
import type { Outgoing } from '../../workers/core/worker-core.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { SCHEMA_VERSION, type Message, type SubmitOrder } from '../../workers/protocol/messages.js';
import { GatewayCore, type LiveOrderRouter } from '../../workers/venues/binance/gateway-core.js';
import { BinanceLiveOrders } from '../../workers/venues/binance/trade/binance-live-orders.js';
import { FakeBinanceTrading } from '../fakes/binance/trading-server.js';

const KEY = { apiKey: 'test-key-0123456789', secret: 'test-secret-abcdef' };
const BTC = makeInstrument({ venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });

type Report = Outgoing & Record<string, unknown>;

interface Rig {
  fake: FakeBinanceTrading;
  live: BinanceLiveOrders;
  reports: Report[];
  submit(id: string, fields?: Partial<SubmitOrder>): void;
  cancel(id: string): void;
  amend(id: string, price: number, qty: number): void;
  of(id: string): string[];
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(options: { lostAfterUs?: number; timeoutMs?: number } = {}): Promise<Rig> {
  const fake = new FakeBinanceTrading({ ...KEY, balances: { USDT: '100000', BTC: '2' } });
  const { restUrl, wsUrl } = await fake.start();
  cleanups.push(() => fake.stop());
  const reports: Report[] = [];
  const live = new BinanceLiveOrders(
    {
      venue: 'binance', account: 'test', instruments: [BTC], sessionTag: 'abc123', defaultPeer: 'terminal', reportsPort: 'orders',
      restUrl, wsUrl, credentials: KEY, timeoutMs: options.timeoutMs ?? 1000, ...(options.lostAfterUs === undefined ? {} : { lostAfterUs: options.lostAfterUs }),
    },
    (_port, _peer, message) => reports.push(message as Report),
  );
  cleanups.push(() => live.stop());
  live.start();
  let seq = 0;
  const send = (message: Record<string, unknown>) => live.onCommand('terminal', { v: SCHEMA_VERSION, seq: ++seq, ts: nowMicros(), rts: nowMicros(), venue: 'binance', symbol: 'BTCUSDT', src: 'execution', strategyId: 'manual', ...message } as unknown as Message);
  const r: Rig = {
    fake, live, reports,
    submit: (id, fields = {}) => send({ type: 'SubmitOrder', clientOrderId: id, side: 'buy', orderType: 'limit', price: 6_000_000, qty: 100, tif: 'GTC', causeTs: 0, ...fields }),
    cancel: (id) => send({ type: 'CancelOrder', clientOrderId: id }),
    amend: (id, price, qty) => send({ type: 'AmendOrder', clientOrderId: id, price, qty, stopPrice: 0 }),
    of: (id) => reports.filter((m) => m.clientOrderId === id).map((m) => String(m.type)),
  };
  await until(() => reconcileState(r) === 'passed');
  return r;
}

function reconcileState(r: Rig): string | undefined {
  return r.reports.filter((m) => m.type === 'ReconcileReport').at(-1)?.state as string | undefined;
}

async function until(condition: () => boolean, what = 'condition', timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Orders at the exchange with the client id the gateway derives for `busId`. */
function atVenue(r: Rig, busId: string) {
  const venueId = r.live.core.ids.toVenue(busId);
  return [...r.fake.engine.orders.values()].filter((o) => o.clientOrderId === venueId);
}

describe('Binance live orders against the fake exchange', () => {
  it('reconciles at start, then places, fills from the user stream and reports the fee', async () => {
    const r = await rig();
    expect(r.reports.find((m) => m.type === 'VenueAccount')).toMatchObject({ venue: 'binance', account: 'test', balances: expect.arrayContaining([{ asset: 'USDT', free: '100000.00000000', locked: '0.00000000' }]) });
    r.submit('o1');
    await until(() => r.of('o1').includes('OrderAccepted'), 'acceptance');
    expect(atVenue(r, 'o1')).toHaveLength(1);
    expect(atVenue(r, 'o1')[0]).toMatchObject({ clientOrderId: 'ttabc123_o1', price: 6_000_000_000_000n, origQty: 100_000n });
    r.fake.engine.fill('ttabc123_o1');
    await until(() => r.of('o1').includes('OrderFilled'), 'the fill');
    const fill = r.reports.find((m) => m.type === 'OrderFilled');
    // 0.001 BTC at 60,000 as a maker; commission 0.1 % of the BTC received = 0.000001 BTC = 0.06 USDT = 6,000,000 × 10^-8.
    expect(fill).toMatchObject({ clientOrderId: 'o1', price: 6_000_000, qty: 100, filledQty: 100, leavesQty: 0, state: 'filled', liquidity: 'maker', fee: 6_000_000 });
  });

  it('publishes a fill once although the order response and the stream both carry it', async () => {
    const r = await rig();
    r.submit('m1', { price: 6_600_000 }); // above the last price 65,000: trades at once
    await until(() => r.of('m1').includes('OrderFilled'), 'the fill');
    await until(() => r.live.core.counters(0).duplicate_fills! >= 1, 'the second copy of the fill');
    expect(r.of('m1')).toEqual(['OrderAccepted', 'OrderFilled']);
  });

  it('cancels an order, and refuses to cancel one that is done', async () => {
    const r = await rig();
    r.submit('c1');
    await until(() => r.of('c1').includes('OrderAccepted'));
    r.cancel('c1');
    await until(() => r.of('c1').includes('OrderCanceled'), 'the cancel');
    expect(r.reports.find((m) => m.type === 'OrderCanceled')).toMatchObject({ clientOrderId: 'c1', canceledQty: 100, state: 'canceled' });
    r.cancel('c1');
    await until(() => r.of('c1').includes('RequestRejected'), 'the refusal');
    expect(r.of('c1').filter((t) => t === 'OrderCanceled')).toHaveLength(1);
    expect(atVenue(r, 'c1')[0]?.status).toBe('CANCELED');
  });

  it('a lost reply makes the status unknown, resolved by query: exactly one order at the venue', async () => {
    const r = await rig({ timeoutMs: 300 });
    // The stream stays silent about it, so the query must resolve it.
    r.fake.faults.push({ kind: 'timeout', on: 'POST /api/v3/order', muteStream: true });
    r.submit('t1');
    await until(() => r.of('t1').includes('OrderStatusUnknown'), 'unknown status');
    await until(() => r.of('t1').includes('OrderAccepted'), 'resolution');
    expect(r.of('t1').slice(0, 2)).toEqual(['OrderStatusUnknown', 'OrderAccepted']);
    expect(r.fake.requests.filter((q) => q === 'POST /api/v3/order')).toHaveLength(1);
    expect(r.fake.requests).toContain('GET /api/v3/order');
    expect(atVenue(r, 't1')).toHaveLength(1);
    // Execution's resend of the same command gets the last word again, not a second order.
    r.submit('t1');
    await until(() => r.of('t1').filter((t) => t === 'OrderAccepted').length === 2);
    expect(r.fake.requests.filter((q) => q === 'POST /api/v3/order')).toHaveLength(1);
  });

  it('a server error after the order was taken is unknown too, and resolved without a second order', async () => {
    const r = await rig();
    r.fake.faults.push({ kind: 'error500', on: 'POST /api/v3/order', muteStream: true });
    r.submit('e1', { price: 6_600_000 });
    await until(() => r.of('e1').includes('OrderFilled'), 'the fill');
    expect(r.of('e1')[0]).toBe('OrderStatusUnknown');
    expect(atVenue(r, 'e1')).toHaveLength(1);
    expect(r.of('e1').filter((t) => t === 'OrderFilled')).toHaveLength(1);
  });

  it('an order that never reached the venue is reported lost after two checks, not sent again', async () => {
    const r = await rig({ lostAfterUs: 1_500_000 });
    r.fake.faults.push({ kind: 'error503', on: 'POST /api/v3/order' });
    r.submit('n1');
    await until(() => r.of('n1').includes('OrderRejected'), 'the verdict');
    expect(r.of('n1')).toEqual(['OrderStatusUnknown', 'OrderRejected']);
    expect(String(r.reports.find((m) => m.type === 'OrderRejected')?.reason)).toContain('never reached Binance');
    expect(r.fake.requests.filter((q) => q === 'POST /api/v3/order')).toHaveLength(1);
    expect(r.fake.requests.filter((q) => q === 'GET /api/v3/order').length).toBeGreaterThanOrEqual(2);
  });

  it('corrects its clock on -1021 and places the order once', async () => {
    const r = await rig();
    r.fake.skewMs = 30_000; // the exchange's clock runs 30 s ahead of ours from now on
    r.submit('k1');
    await until(() => r.of('k1').includes('OrderAccepted'), 'acceptance');
    expect(r.live.core.counters(0).clock_corrections).toBe(1);
    expect(r.fake.requests.filter((q) => q === 'GET /api/v3/time').length).toBeGreaterThanOrEqual(2);
    expect(atVenue(r, 'k1')).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After and then places the order once', async () => {
    const r = await rig();
    r.fake.faults.push({ kind: 'limited', on: 'POST /api/v3/order', retryAfter: 1 });
    r.submit('r1');
    await until(() => r.of('r1').includes('OrderAccepted'), 'acceptance');
    expect(r.live.core.counters(0).limited).toBe(1);
    expect(r.fake.requests.filter((q) => q === 'POST /api/v3/order')).toHaveLength(2);
    expect(atVenue(r, 'r1')).toHaveLength(1);
  });

  it('after the user stream drops, reconciles: shows the fill it missed, publishes it, then passes', async () => {
    const r = await rig();
    r.submit('d1');
    await until(() => r.of('d1').includes('OrderAccepted'));
    r.fake.dropUserStreams();
    await until(() => reconcileState(r) === 'checking', 'the gate closing');
    r.fake.engine.fill('ttabc123_d1'); // while nobody listens
    await until(() => r.of('d1').includes('OrderFilled'), 'the missed fill');
    await until(() => reconcileState(r) === 'passed', 'passing again');
    const shown = r.reports.find((m) => m.type === 'ReconcileReport' && m.state === 'differences') as Report | undefined;
    expect(shown?.differences).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'fill_missed', blocking: true })]));
    // The difference was published before the fill it resolves.
    expect(r.reports.indexOf(shown as Report)).toBeLessThan(r.reports.findIndex((m) => m.type === 'OrderFilled'));
    expect(r.of('d1').filter((t) => t === 'OrderFilled')).toHaveLength(1);
  });

  it('holds new orders while reconciliation has not passed, then sends them', async () => {
    const r = await rig();
    r.fake.dropUserStreams();
    await until(() => reconcileState(r) === 'checking');
    r.submit('h1');
    expect(r.fake.requests.filter((q) => q === 'POST /api/v3/order')).toHaveLength(0);
    await until(() => r.of('h1').includes('OrderAccepted'), 'acceptance after reconciliation');
    expect(atVenue(r, 'h1')).toHaveLength(1);
  });

  it('amends as a cancel-replace: one open order with the new terms, fills counted on across both', async () => {
    const r = await rig();
    r.submit('a1');
    await until(() => r.of('a1').includes('OrderAccepted'));
    r.fake.engine.fill('ttabc123_a1', '0.00040'); // 40 of 100 lots
    await until(() => r.of('a1').includes('OrderFilled'), 'the first fill');
    r.amend('a1', 5_900_000, 200); // 59,000 (below the last trade: it rests) for 0.002 in all
    await until(() => r.of('a1').includes('OrderAmended'), 'the amend');
    expect(r.reports.find((m) => m.type === 'OrderAmended')).toMatchObject({ price: 5_900_000, qty: 200, leavesQty: 160, state: 'partially_filled' });
    const open = r.fake.engine.openOrders('BTCUSDT');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ price: 5_900_000_000_000n, origQty: 160_000n });
    expect(r.of('a1')).not.toContain('OrderCanceled');
    r.fake.engine.fill(open[0]!.clientOrderId);
    await until(() => r.of('a1').filter((t) => t === 'OrderFilled').length === 2, 'the last fill');
    expect(r.reports.filter((m) => m.type === 'OrderFilled').at(-1)).toMatchObject({ clientOrderId: 'a1', qty: 160, filledQty: 200, leavesQty: 0, state: 'filled' });
    r.amend('a1', 6_200_000, 0);
    await until(() => r.of('a1').includes('RequestRejected'), 'the refusal');
    expect(r.reports.find((m) => m.type === 'RequestRejected')?.reason).toBe('the order is done');
  });

  it('refuses what Binance spot cannot do, with the reason, sending nothing', async () => {
    const r = await rig();
    r.submit('x1', { reduceOnly: true });
    r.live.onCommand('terminal', { v: SCHEMA_VERSION, seq: 99, ts: nowMicros(), rts: nowMicros(), type: 'AmendOrder', venue: 'binance', symbol: 'BTCUSDT', src: 'execution', clientOrderId: 'x1', strategyId: 'manual', price: 1, qty: 0, stopPrice: 0 } as Message);
    await until(() => r.of('x1').length === 2);
    expect(r.reports.find((m) => m.type === 'OrderRejected')?.reason).toBe('reduce-only is not available on Binance spot');
    expect(r.reports.find((m) => m.type === 'RequestRejected')).toMatchObject({ request: 'amend' });
    expect(r.fake.requests.filter((q) => q === 'POST /api/v3/order')).toHaveLength(0);
  });

  it("plugs into the Binance gateway's core as its live order router", async () => {
    const fake = new FakeBinanceTrading({ ...KEY, balances: { USDT: '100000' } });
    const { restUrl, wsUrl } = await fake.start();
    cleanups.push(() => fake.stop());
    const out: Array<{ port: string; peer: string; message: Report }> = [];
    const emit = (port: string, peer: string, message: Outgoing) => out.push({ port, peer, message: message as Report });
    const live = new BinanceLiveOrders({ venue: 'binance', account: 'test', instruments: [BTC], sessionTag: 'gw1', defaultPeer: 'terminal', reportsPort: 'orders', restUrl, wsUrl, credentials: KEY }, emit);
    cleanups.push(() => live.stop());
    const router: LiveOrderRouter = live;
    const gateway = new GatewayCore({ instruments: [BTC], paper: new Set(), depth: 20 }, emit, router);
    const submit = { v: SCHEMA_VERSION, seq: 1, type: 'SubmitOrder', venue: 'binance', symbol: 'BTCUSDT', src: 'execution', clientOrderId: 'g1', strategyId: 'manual', side: 'buy', orderType: 'limit', price: 6_000_000, qty: 100, tif: 'GTC', causeTs: 0 };
    gateway.onMessage('orders', 'terminal', { ...submit, ts: nowMicros(), rts: nowMicros() } as Message, nowMicros()); // as in a journal replay: ignored
    expect(fake.requests.filter((q) => q === 'POST /api/v3/order')).toHaveLength(0);
    live.onRecovered(); // the gateway's onRecovered, at the end of its replay
    await until(() => out.some((o) => o.message.type === 'ReconcileReport' && o.message.state === 'passed'), 'reconciliation');
    gateway.onMessage('orders', 'terminal', { ...submit, ts: nowMicros(), rts: nowMicros() } as Message, nowMicros());
    await until(() => out.some((o) => o.message.type === 'OrderAccepted'), 'acceptance');
    expect(out.find((o) => o.message.type === 'OrderAccepted')).toMatchObject({ port: 'orders', peer: 'terminal', message: { clientOrderId: 'g1' } });
    expect(gateway.counters()).toMatchObject({ live_orders: 1 });
  });
});
