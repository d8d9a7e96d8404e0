/**
 * Live orders through ccxt in the real terminal (host, ccxt gateway, risk, execution and the rest as real
 * processes), offline: ccxt's own `binance` class with its public URLs at the fake market server (markets, books)
 * and its private URLs at the fake Binance trading API, the key handed over from a key store (a fake safeStorage:
 * Electron's cannot run here). Reconciliation at start, a limit order accepted and canceled, a market order filled
 * once although its fill comes both in the order's answer and in the polled trade list, a lost answer resolved by
 * asking — exactly one order at the venue — and a reconciliation after the poll recovers, with an order of another
 * program shown as a difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { decodeFrame } from '../../workers/protocol/codec.js';
import type { Message } from '../../workers/protocol/messages.js';
import { KeyStore, type SafeStorageLike } from '../../src-main/host/key-store.js';
import type { HostToRenderer, OrderRow, VenueAccountRow } from '../../workers/protocol/channels.js';
import { SPOT_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { FakeMarketServer } from '../fakes/binance/market-server.js';
import { FakeBinanceTrading } from '../fakes/binance/trading-server.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const KEY = { apiKey: 'TerminalCcxtKey000001', secret: 'TerminalCcxtSecret0001' };
const VENUE = 'ccxt-binance';
const SYMBOL = 'BTC-USDT';

/** XOR "encryption": enough to keep clear text off the disk in a test; the backend is a real one's name. */
const safeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((x) => x ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from(sealed.map((x) => x ^ 0x5a)).toString('utf8'),
};

let market: FakeMarketServer;
let trading: FakeBinanceTrading;
let terminal: TestTerminal;
let account: VenueAccountRow | undefined;
const accountHistory: VenueAccountRow[] = [];
const orders = new Map<string, OrderRow>();
/** Every version of every order row, in order: what the Orders panel showed. */
const history: OrderRow[] = [];
/** Execution's order events on the bus (`order.*`), as strategies and the log see them. */
const events: Message[] = [];
const sub = new zmq.Subscriber({ linger: 0 });

beforeAll(async () => {
  market = new FakeMarketServer({ market: 'spot', symbols: SPOT_SYMBOLS, seed: 5 });
  await market.start();
  market.run(50, 2, 1);
  trading = new FakeBinanceTrading({ ...KEY, balances: { USDT: '100000', BTC: '1' } });
  const urls = await trading.start();
  terminal = await startTestTerminal(
    {
      strategies: [],
      venues: {
        ccxt: [{
          exchange: 'binance', venue: VENUE,
          symbols: [{ symbol: 'BTC/USDT', mode: 'live' }],
          // Public calls (markets, books) at the market fake, signed ones at the trading fake; testnet = ccxt's sandbox, overridden here.
          urls: { api: { public: `${market.restUrl}/api/v3`, private: `${urls.restUrl}/api/v3`, ws: { spot: `${market.wsUrl}/ws` } } },
          options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false },
          depth: 50,
          trading: { account: 'cx', network: 'testnet', timeoutMs: 800, pollMs: 200 },
        }],
      } as never,
    },
    false,
    {
      defaults: { safeStorage },
      prepareState: (stateDir) => {
        const saved = new KeyStore(safeStorage, stateDir, () => undefined).save({ account: 'cx', venue: VENUE, network: 'testnet', ...KEY });
        if (!saved.ok) throw new Error(saved.reason);
      },
    },
  );
  const take = (message: HostToRenderer): void => {
    if (message.channel === 'state') {
      account = message.venueAccounts.find((a) => a.venue === VENUE && a.account === 'cx');
      if (account !== undefined && JSON.stringify(account) !== JSON.stringify(accountHistory.at(-1))) accountHistory.push(account);
    }
    if (message.channel === 'orders') {
      for (const row of message.orders) {
        orders.set(row.clientOrderId, row);
        history.push(row);
      }
    }
  };
  for (const message of terminal.host.api.current()) take(message);
  terminal.host.api.subscribe(take);
  const registry = new InstrumentRegistry(terminal.config.instruments);
  sub.connect(terminal.config.endpoints.exec);
  sub.subscribe('order.');
  void (async () => {
    for await (const [, payload] of sub) if (payload !== undefined) events.push(...decodeFrame(payload, registry).messages);
  })().catch(() => undefined);
}, 60_000);

afterAll(async () => {
  sub.close();
  await terminal?.stop();
  await trading?.stop();
  await market?.stop();
});

const ours = (): OrderRow[] => [...orders.values()].filter((o) => o.venue === VENUE);
const at = (price: number) => ours().find((o) => o.price === price);
const posts = () => trading.requests.filter((r) => r === 'POST /api/v3/order').length;
const counters = () => terminal.summary().workers.ccxt?.counters ?? {};

function submit(fields: { side: 'buy' | 'sell'; orderType: 'limit' | 'market'; price: number; qty: number; tif: 'GTC' | 'IOC' }): void {
  terminal.host.api.handle({ channel: 'submitOrder', venue: VENUE, symbol: SYMBOL, ...fields });
}

describe('live orders through ccxt (ccxt binance against the fake exchange)', () => {
  it('reconciles with the venue at start and shows the account', async () => {
    await terminal.waitFor('reconciliation', () => account?.reconcile === 'passed' && account.balances.length > 0);
    expect(account?.balances).toEqual(expect.arrayContaining([{ asset: 'USDT', free: '100000', locked: '0' }]));
  });

  it('places a limit order at the venue with our client order id, and cancels it', async () => {
    submit({ side: 'buy', orderType: 'limit', price: 6_400_000, qty: 100, tif: 'GTC' });
    await terminal.waitFor('the order accepted', () => at(6_400_000)?.state === 'accepted');
    const row = at(6_400_000)!;
    const open = trading.engine.openOrders('BTCUSDT');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ type: 'LIMIT', side: 'BUY', price: 6_400_000_000_000n, origQty: 100_000n });
    // Ours and unique: `tt`, the session's tag, then the bus id (or its hash where the venue's characters cannot carry it).
    expect(open[0]!.clientOrderId).toMatch(/^tt[a-z0-9]{6}[_h][A-Za-z0-9_-]+$/);
    terminal.host.api.handle({ channel: 'cancelOrder', clientOrderId: row.clientOrderId });
    await terminal.waitFor('the cancel', () => orders.get(row.clientOrderId)?.state === 'canceled');
    expect(trading.engine.openOrders('BTCUSDT')).toHaveLength(0);
  });

  it('fills a market order once, though the fill comes in the answer and again in the polled trades', async () => {
    const before = posts();
    submit({ side: 'buy', orderType: 'market', price: 0, qty: 100, tif: 'IOC' });
    await terminal.waitFor('the fill', () => ours().some((o) => o.orderType === 'market' && o.state === 'filled'));
    const row = ours().find((o) => o.orderType === 'market')!;
    expect(row).toMatchObject({ filledQty: 100, state: 'filled' });
    // The poll hands the same trade over again: recognised by its venue trade id and counted, not published.
    await terminal.waitFor('the duplicate recognised', () => (counters().live_duplicate_fills ?? 0) >= 1);
    expect(counters().live_fills).toBe(1);
    expect(posts()).toBe(before + 1);
    expect(history.filter((h) => h.clientOrderId === row.clientOrderId && h.state === 'filled').length).toBeGreaterThanOrEqual(1);
  });

  it('a lost answer makes the status unknown, resolved by query: exactly one order at the venue', async () => {
    const before = posts();
    // The fake carries the order out and never answers; ccxt times out after 800 ms.
    trading.faults.push({ kind: 'timeout', on: 'POST /api/v3/order' });
    submit({ side: 'buy', orderType: 'limit', price: 6_300_000, qty: 100, tif: 'GTC' });
    await terminal.waitFor('the order accepted after the timeout', () => at(6_300_000)?.state === 'accepted');
    const id = at(6_300_000)!.clientOrderId;
    const unknown = events.find((e) => e.type === 'OrderStatusUnknown' && e.clientOrderId === id);
    expect(unknown).toMatchObject({ request: 'submit', reason: expect.stringMatching(/RequestTimeout.*may or may not have reached binance \(ccxt\)/) });
    expect(trading.requests).toContain('GET /api/v3/order');
    expect(posts()).toBe(before + 1);
    expect(trading.engine.openOrders('BTCUSDT').filter((o) => o.price === 6_300_000_000_000n)).toHaveLength(1);
    expect(counters().live_unknown).toBeGreaterThanOrEqual(1);
  });

  it('reconciles again after the poll recovers, showing an order of another program as a difference', async () => {
    trading.engine.newOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.00100000', price: '60000.00', newClientOrderId: 'web-order-1' });
    const seen = accountHistory.length;
    trading.faults.push({ kind: 'error503', on: 'GET /api/v3/openOrders' });
    await terminal.waitFor('a reconciliation after the failed poll', () =>
      accountHistory.slice(seen).some((a) => a.reconcile === 'checking') && account?.reconcile === 'passed' && account.differences.some((d) => d.kind === 'order_foreign'));
    expect(account?.differences.find((d) => d.kind === 'order_foreign')).toMatchObject({ id: 'web-order-1', blocking: false });
  });
});
