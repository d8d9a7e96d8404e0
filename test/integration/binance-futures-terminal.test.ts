/**
 * The real terminal (host, Binance gateway, risk, execution and the rest as real processes) trading a `live` USD-M
 * futures instrument against the fake Binance: instruments and books from the fake market server, orders to the fake
 * futures trading API, the key handed over from a key store (a fake safeStorage: Electron's cannot run here). Orders
 * typed in the terminal reach the venue through risk and execution and come back; the venue's position and margin
 * reach the Risk panel's rows and risk's own view (an order the venue's margin cannot carry is denied by risk).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyStore, type SafeStorageLike } from '../../src-main/host/key-store.js';
import type { HostToRenderer, OrderRow } from '../../workers/protocol/channels.js';
import { FUTURES_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { FakeBinanceFutures } from '../fakes/binance/futures-server.js';
import { FakeMarketServer } from '../fakes/binance/market-server.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const KEY = { apiKey: 'TerminalFuturesKey0001', secret: 'TerminalFuturesSecret0001' };

/** XOR "encryption": enough to keep clear text off the disk in a test; the backend is a real one's name. */
const safeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((x) => x ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from(sealed.map((x) => x ^ 0x5a)).toString('utf8'),
};

let market: FakeMarketServer;
let trading: FakeBinanceFutures;
let terminal: TestTerminal;
let last: Extract<HostToRenderer, { channel: 'state' }> | undefined;
const orders = new Map<string, OrderRow>();

beforeAll(async () => {
  market = new FakeMarketServer({ market: 'usdm', symbols: FUTURES_SYMBOLS, seed: 5 });
  await market.start();
  market.run(50, 2, 1);
  trading = new FakeBinanceFutures({ ...KEY, wallet: '10000' });
  const urls = await trading.start();
  terminal = await startTestTerminal(
    {
      strategies: [],
      venues: {
        binance: {
          futuresRestUrl: market.restUrl, futuresWsUrl: market.wsUrl,
          symbols: [{ symbol: 'BTCUSDT', market: 'usdm', mode: 'live' }],
          accounts: [{ account: 'fut', network: 'testnet', futuresRestUrl: urls.restUrl, futuresWsUrl: urls.wsUrl }],
        } as never,
      },
    },
    false,
    {
      defaults: { safeStorage },
      prepareState: (stateDir) => {
        const saved = new KeyStore(safeStorage, stateDir, () => undefined).save({ account: 'fut', venue: 'binance', network: 'testnet', ...KEY });
        if (!saved.ok) throw new Error(saved.reason);
      },
    },
  );
  const take = (message: HostToRenderer): void => {
    if (message.channel === 'state') last = message;
    if (message.channel === 'orders') for (const row of message.orders) orders.set(row.clientOrderId, row);
  };
  for (const message of terminal.host.api.current()) take(message);
  terminal.host.api.subscribe(take);
}, 60_000);

afterAll(async () => {
  await terminal?.stop();
  await trading?.stop();
  await market?.stop();
});

const futuresAccount = () => last?.venueAccounts.find((a) => a.venue === 'binanceusdm' && a.account === 'fut');
const manual = (): OrderRow[] => [...orders.values()].filter((o) => o.venue === 'binanceusdm');

describe('a live futures instrument in the real terminal', () => {
  it('reconciles, places a limit order at the fake exchange, fills it and shows the venue position and margin', async () => {
    // The reconciliation report and the account's margin come in separate messages, in either order.
    await terminal.waitFor('reconciliation and margin', () => futuresAccount()?.reconcile === 'passed' && (futuresAccount()?.margin.length ?? 0) > 0);
    expect(futuresAccount()?.margin[0]).toMatchObject({ asset: 'USDT', walletBalance: '10000.00000000' });
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'binanceusdm', symbol: 'BTCUSDT', side: 'buy', orderType: 'limit', price: 640_000, qty: 10, tif: 'GTC' });
    await terminal.waitFor('the order at the venue', () => trading.engine.openOrders('BTCUSDT').length === 1 && manual().some((o) => o.state === 'accepted'));
    expect(trading.engine.openOrders('BTCUSDT')[0]).toMatchObject({ type: 'LIMIT', price: 6_400_000_000_000n, origQty: 1_000_000n });
    trading.engine.fill(trading.engine.openOrders('BTCUSDT')[0]!.clientOrderId);
    await terminal.waitFor('the fill', () => manual().some((o) => o.state === 'filled'));
    await terminal.waitFor('the venue position', () => futuresAccount()?.positions[0]?.qty === '0.010');
    expect(futuresAccount()?.positions[0]).toMatchObject({ symbol: 'BTCUSDT', entryPrice: '64000.00000000' });
    expect(trading.requests.filter((r) => r === 'POST /fapi/v1/order')).toHaveLength(1);
  });

  it('cancels a working order at the venue; a reduce-only order the venue refuses comes back with its code', async () => {
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'binanceusdm', symbol: 'BTCUSDT', side: 'buy', orderType: 'limit', price: 630_000, qty: 10, tif: 'GTC' });
    await terminal.waitFor('a working order', () => manual().some((o) => o.price === 630_000 && o.state === 'accepted'));
    const working = manual().find((o) => o.price === 630_000)!;
    terminal.host.api.handle({ channel: 'cancelOrder', clientOrderId: working.clientOrderId });
    await terminal.waitFor('the cancel', () => orders.get(working.clientOrderId)?.state === 'canceled');
    expect(trading.engine.openOrders('BTCUSDT')).toHaveLength(0);
    // Long 10 lots at the venue; risk (its own position from fills) lets a reduce-only sell of 10 through. The venue's
    // position is closed behind the terminal's back first, so the venue refuses it.
    trading.engine.setPrice('BTCUSDT', '65000');
    trading.engine.newOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.010', newClientOrderId: 'web-close' });
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'binanceusdm', symbol: 'BTCUSDT', side: 'sell', orderType: 'market', price: 0, qty: 10, tif: 'IOC', reduceOnly: true });
    await terminal.waitFor('the refusal', () => manual().some((o) => o.state === 'rejected'));
    expect(manual().find((o) => o.state === 'rejected')?.reason).toContain('-2022');
  });

  it("risk denies an order the venue account's margin cannot carry, before it reaches the venue", async () => {
    await terminal.waitFor('the flat venue position', () => futuresAccount()?.positions.length === 0);
    const posts = trading.requests.filter((r) => r === 'POST /fapi/v1/order').length;
    trading.engine.wallet = 0n; // the venue says so at its next account check
    trading.dropUserStreams(); // a reconnect reconciles, which fetches the account
    await terminal.waitFor('no margin available', () => futuresAccount()?.margin[0]?.availableBalance.startsWith('0.') === true && futuresAccount()?.reconcile === 'passed');
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'binanceusdm', symbol: 'BTCUSDT', side: 'buy', orderType: 'limit', price: 640_000, qty: 10, tif: 'GTC' });
    await terminal.waitFor('the denial', () => manual().some((o) => o.state === 'rejected' && (o.reason ?? '').includes('margin available')));
    expect(trading.requests.filter((r) => r === 'POST /fapi/v1/order')).toHaveLength(posts);
    // The gateway's heartbeat (its live counters included) was taken all along: never restarted.
    expect(last?.workers.find((w) => w.name === 'binance')).toMatchObject({ state: 'running', restarts: 0 });
  });
});
