/**
 * Contract tests of live USD-M futures routing against the fake Binance futures exchange (real HTTP and WebSocket on
 * 127.0.0.1): what the terminal hears back, and what exists at the exchange. The same rules as spot — an order whose
 * answer was lost is resolved by asking, never sent again — plus what futures has natively: reduce-only, post-only
 * (GTX), stop-market and take-profit triggers, amend in place, cancel-all, positions and margin from the venue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeInstrument } from '../../workers/core/instrument.js';
import type { Outgoing } from '../../workers/core/worker-core.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { SCHEMA_VERSION, type Message, type SubmitOrder } from '../../workers/protocol/messages.js';
import { BinanceLiveOrders } from '../../workers/venues/binance/trade/binance-live-orders.js';
import { FUTURES_DIALECT } from '../../workers/venues/binance/trade/futures-dialect.js';
import { FakeBinanceFutures } from '../fakes/binance/futures-server.js';

const KEY = { apiKey: 'futures-key-0123456789', secret: 'futures-secret-abcdef' };
const BTC = makeInstrument({ venue: 'binanceusdm', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', lotSize: '0.001', minNotional: '100', multiplier: 1 });
/** 60,000.0 USDT in ticks of 0.1. */
const P60K = 600_000;

type Report = Outgoing & Record<string, unknown>;

interface Rig {
  fake: FakeBinanceFutures;
  live: BinanceLiveOrders;
  reports: Report[];
  submit(id: string, fields?: Partial<SubmitOrder>): void;
  cancel(id: string): void;
  amend(id: string, price: number, qty: number): void;
  of(id: string): string[];
  venueId(id: string): string;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(options: { timeoutMs?: number; wallet?: string } = {}): Promise<Rig> {
  const fake = new FakeBinanceFutures({ ...KEY, wallet: options.wallet ?? '10000' });
  const { restUrl, wsUrl } = await fake.start();
  cleanups.push(() => fake.stop());
  const reports: Report[] = [];
  const live = new BinanceLiveOrders(
    {
      venue: 'binanceusdm', account: 'futures', instruments: [BTC], sessionTag: 'fut123', defaultPeer: 'terminal', reportsPort: 'orders',
      restUrl, wsUrl, credentials: KEY, timeoutMs: options.timeoutMs ?? 1000, dialect: FUTURES_DIALECT,
    },
    (_port, _peer, message) => reports.push(message as Report),
  );
  cleanups.push(() => live.stop());
  live.start();
  let seq = 0;
  const send = (message: Record<string, unknown>) => live.onCommand('terminal', { v: SCHEMA_VERSION, seq: ++seq, ts: nowMicros(), rts: nowMicros(), venue: 'binanceusdm', symbol: 'BTCUSDT', src: 'execution', strategyId: 'manual', ...message } as unknown as Message);
  const r: Rig = {
    fake, live, reports,
    submit: (id, fields = {}) => send({ type: 'SubmitOrder', clientOrderId: id, side: 'buy', orderType: 'limit', price: P60K, qty: 10, tif: 'GTC', causeTs: 0, ...fields }),
    cancel: (id) => send({ type: 'CancelOrder', clientOrderId: id }),
    amend: (id, price, qty) => send({ type: 'AmendOrder', clientOrderId: id, price, qty, stopPrice: 0 }),
    of: (id) => reports.filter((m) => m.clientOrderId === id).map((m) => String(m.type)),
    venueId: (id) => live.core.ids.toVenue(id),
  };
  await until(() => reconcileState(r) === 'passed', 'reconciliation');
  return r;
}

function reconcileState(r: Rig): string | undefined {
  return r.reports.filter((m) => m.type === 'ReconcileReport').at(-1)?.state as string | undefined;
}

function lastAccount(r: Rig): Report | undefined {
  return r.reports.filter((m) => m.type === 'VenueAccount').at(-1);
}

async function until(condition: () => boolean, what = 'condition', timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function atVenue(r: Rig, busId: string) {
  return [...r.fake.engine.orders.values()].filter((o) => o.clientOrderId === r.venueId(busId));
}

const posts = (r: Rig) => r.fake.requests.filter((q) => q === 'POST /fapi/v1/order').length;

describe('Binance USD-M futures live orders against the fake exchange', () => {
  it('reconciles at start with the margin account, places a limit order, and reports its maker fill and the position', async () => {
    const r = await rig();
    expect(lastAccount(r)).toMatchObject({ venue: 'binanceusdm', account: 'futures', balances: [], positions: [], margin: [expect.objectContaining({ asset: 'USDT', walletBalance: '10000.00000000' })] });
    r.submit('o1');
    await until(() => r.of('o1').includes('OrderAccepted'), 'acceptance');
    expect(atVenue(r, 'o1')).toHaveLength(1);
    expect(atVenue(r, 'o1')[0]).toMatchObject({ type: 'LIMIT', timeInForce: 'GTC', price: 6_000_000_000_000n, origQty: 1_000_000n });
    r.fake.engine.fill(r.venueId('o1'));
    await until(() => r.of('o1').includes('OrderFilled'), 'the fill');
    // 0.010 BTC at 60,000 = 600 USDT; maker 0.02 % = 0.12 USDT = 12,000,000 × 10^-8.
    expect(r.reports.find((m) => m.type === 'OrderFilled')).toMatchObject({ clientOrderId: 'o1', price: P60K, qty: 10, leavesQty: 0, state: 'filled', liquidity: 'maker', fee: 12_000_000 });
    await until(() => (lastAccount(r)?.positions as unknown[] | undefined)?.length === 1, 'the position from ACCOUNT_UPDATE');
    expect(lastAccount(r)).toMatchObject({ source: 'stream', positions: [{ symbol: 'BTCUSDT', qty: 10, entryPrice: '60000.00000000', marginType: 'cross' }] });
  });

  it('a market order fills once though the answer counts it and the stream carries it; a short position is negative', async () => {
    const r = await rig();
    r.submit('m1', { side: 'sell', orderType: 'market', price: 0 });
    await until(() => r.of('m1').includes('OrderFilled'), 'the fill');
    await until(() => (lastAccount(r)?.positions as Array<{ qty: number }> | undefined)?.[0]?.qty === -10, 'the short position');
    expect(r.of('m1')).toEqual(['OrderAccepted', 'OrderFilled']);
    expect(r.reports.find((m) => m.type === 'OrderFilled')).toMatchObject({ price: 650_000, liquidity: 'taker' });
  });

  it('cancels one order, then cancels all the others in one request', async () => {
    const r = await rig();
    for (const id of ['c1', 'c2', 'c3']) r.submit(id, { price: P60K - 10 * Number(id.slice(1)) });
    await until(() => ['c1', 'c2', 'c3'].every((id) => r.of(id).includes('OrderAccepted')), 'acceptance');
    r.cancel('c1');
    await until(() => r.of('c1').includes('OrderCanceled'), 'the cancel');
    r.live.cancelAll('BTCUSDT');
    await until(() => r.of('c2').includes('OrderCanceled') && r.of('c3').includes('OrderCanceled'), 'cancel-all');
    expect(r.fake.requests.filter((q) => q === 'DELETE /fapi/v1/allOpenOrders')).toHaveLength(1);
    expect(r.fake.engine.openOrders()).toHaveLength(0);
    expect(r.reports.filter((m) => m.type === 'OrderCanceled')).toHaveLength(3);
  });

  it('amends a limit order in place: the same order at the venue with the new price and quantity', async () => {
    const r = await rig();
    r.submit('a1');
    await until(() => r.of('a1').includes('OrderAccepted'));
    r.fake.engine.fill(r.venueId('a1'), '0.004'); // 4 of 10 lots
    await until(() => r.of('a1').includes('OrderFilled'), 'the first fill');
    r.amend('a1', P60K - 100, 20);
    await until(() => r.of('a1').includes('OrderAmended'), 'the amend');
    expect(r.reports.find((m) => m.type === 'OrderAmended')).toMatchObject({ price: P60K - 100, qty: 20, leavesQty: 16, state: 'partially_filled' });
    expect(r.fake.requests.filter((q) => q === 'PUT /fapi/v1/order')).toHaveLength(1);
    expect(atVenue(r, 'a1')).toHaveLength(1);
    expect(atVenue(r, 'a1')[0]).toMatchObject({ price: 5_999_000_000_000n, origQty: 2_000_000n, executedQty: 400_000n });
    r.fake.engine.fill(r.venueId('a1'));
    await until(() => r.reports.filter((m) => m.type === 'OrderFilled').length === 2, 'the last fill');
    expect(r.reports.filter((m) => m.type === 'OrderFilled').at(-1)).toMatchObject({ qty: 16, filledQty: 20, leavesQty: 0, state: 'filled' });
    expect(r.of('a1').filter((t) => t === 'OrderAmended')).toHaveLength(1); // the answer and the AMENDMENT event: one report
  });

  it('a lost reply makes the status unknown, resolved by query: exactly one order at the venue', async () => {
    const r = await rig({ timeoutMs: 300 });
    r.fake.faults.push({ kind: 'timeout', on: 'POST /fapi/v1/order', muteStream: true });
    r.submit('t1');
    await until(() => r.of('t1').includes('OrderStatusUnknown'), 'unknown status');
    await until(() => r.of('t1').includes('OrderAccepted'), 'resolution');
    expect(r.of('t1').slice(0, 2)).toEqual(['OrderStatusUnknown', 'OrderAccepted']);
    expect(posts(r)).toBe(1);
    expect(r.fake.requests).toContain('GET /fapi/v1/order');
    expect(atVenue(r, 't1')).toHaveLength(1);
  });

  it('a server error after a market order filled: unknown, then the fill found by query and userTrades, once', async () => {
    const r = await rig();
    r.fake.faults.push({ kind: 'error500', on: 'POST /fapi/v1/order', muteStream: true });
    r.submit('e1', { orderType: 'market', price: 0 });
    await until(() => r.of('e1').includes('OrderFilled'), 'the fill');
    expect(r.of('e1')[0]).toBe('OrderStatusUnknown');
    expect(r.fake.requests).toContain('GET /fapi/v1/userTrades');
    expect(atVenue(r, 'e1')).toHaveLength(1);
    expect(r.of('e1').filter((t) => t === 'OrderFilled')).toHaveLength(1);
  });

  it('refuses what the venue refuses, with its code: reduce-only without a position (-2022), too little margin (-2019)', async () => {
    const r = await rig({ wallet: '100' });
    r.submit('ro1', { side: 'sell', reduceOnly: true });
    r.submit('big1', { qty: 1000 }); // 1 BTC at 60,000 needs 3,000 USDT of margin at 20×
    await until(() => r.of('ro1').includes('OrderRejected') && r.of('big1').includes('OrderRejected'), 'the refusals');
    expect(r.reports.find((m) => m.clientOrderId === 'ro1' && m.type === 'OrderRejected')?.reason).toBe('Binance -2022: ReduceOnly Order is rejected.');
    expect(r.reports.find((m) => m.clientOrderId === 'big1' && m.type === 'OrderRejected')?.reason).toBe('Binance -2019: Margin is insufficient.');
    expect(r.fake.engine.openOrders()).toHaveLength(0);
  });

  it('reduce-only closes a position; post-only that would take is refused (-5022); stops and take-profits trigger on the price', async () => {
    const r = await rig();
    r.submit('l1', { orderType: 'market', price: 0 });
    await until(() => r.of('l1').includes('OrderFilled'));
    r.submit('gtx', { price: 660_000, postOnly: true }); // above the last price: would take
    r.submit('sl', { side: 'sell', orderType: 'stop', price: 0, stopPrice: 640_000, reduceOnly: true, qty: 5 });
    r.submit('tp', { side: 'sell', orderType: 'stop', price: 0, stopPrice: 660_000, reduceOnly: true, trigger: 'take_profit', qty: 5 });
    await until(() => r.of('gtx').includes('OrderRejected') && r.of('sl').includes('OrderAccepted') && r.of('tp').includes('OrderAccepted'));
    expect(r.reports.find((m) => m.clientOrderId === 'gtx' && m.type === 'OrderRejected')?.reason).toContain('-5022');
    expect(atVenue(r, 'sl')[0]).toMatchObject({ type: 'STOP_MARKET', reduceOnly: true });
    expect(atVenue(r, 'tp')[0]).toMatchObject({ type: 'TAKE_PROFIT_MARKET', reduceOnly: true });
    r.fake.engine.setPrice('BTCUSDT', '66000');
    await until(() => r.of('tp').includes('OrderFilled'), 'the take-profit');
    expect(r.of('sl')).not.toContain('OrderFilled');
    r.fake.engine.setPrice('BTCUSDT', '63900');
    await until(() => r.of('sl').includes('OrderFilled'), 'the stop');
    await until(() => (lastAccount(r)?.positions as unknown[] | undefined)?.length === 0, 'flat');
  });

  it('after the user stream drops, reconciles: shows the fill it missed and the moved position, publishes the fill once, then passes', async () => {
    const r = await rig();
    r.submit('d1');
    await until(() => r.of('d1').includes('OrderAccepted'));
    r.fake.dropUserStreams();
    await until(() => reconcileState(r) === 'checking', 'the gate closing');
    r.fake.engine.fill(r.venueId('d1')); // while nobody listens
    await until(() => r.of('d1').includes('OrderFilled'), 'the missed fill');
    await until(() => reconcileState(r) === 'passed', 'passing again');
    const shown = r.reports.find((m) => m.type === 'ReconcileReport' && m.state === 'differences') as Report | undefined;
    expect(shown?.differences).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'fill_missed', blocking: true }), expect.objectContaining({ kind: 'position', terminal: '0 lots', venue: '10 lots', blocking: false })]));
    expect(r.reports.indexOf(shown as Report)).toBeLessThan(r.reports.findIndex((m) => m.type === 'OrderFilled'));
    expect(r.of('d1').filter((t) => t === 'OrderFilled')).toHaveLength(1);
    expect(lastAccount(r)).toMatchObject({ source: 'rest', positions: [expect.objectContaining({ qty: 10, leverage: 20, markPrice: '60000.00000000' })] });
  });

  it('a listenKeyExpired event: a new key and stream, and a reconciliation before trading on', async () => {
    const r = await rig();
    const rounds = r.reports.filter((m) => m.type === 'ReconcileReport' && m.state === 'passed').length;
    r.fake.expireListenKeys();
    await until(() => r.reports.filter((m) => m.type === 'ReconcileReport' && m.state === 'passed').length > rounds, 'a new round');
    expect(r.fake.requests.filter((q) => q === 'POST /fapi/v1/listenKey').length).toBeGreaterThanOrEqual(2);
    r.submit('k1');
    await until(() => r.of('k1').includes('OrderAccepted'));
  });

  it('corrects its clock on -1021 and waits out a 429, placing each order once', async () => {
    const r = await rig();
    r.fake.skewMs = 30_000;
    r.submit('k2');
    await until(() => r.of('k2').includes('OrderAccepted'), 'acceptance after the clock fix');
    expect(r.live.core.counters(0).clock_corrections).toBe(1);
    r.fake.faults.push({ kind: 'limited', on: 'POST /fapi/v1/order', retryAfter: 1 });
    r.submit('k3');
    await until(() => r.of('k3').includes('OrderAccepted'), 'acceptance after the wait');
    expect(r.live.core.counters(0).limited).toBe(1);
    expect(atVenue(r, 'k2')).toHaveLength(1);
    expect(atVenue(r, 'k3')).toHaveLength(1);
  });
});
