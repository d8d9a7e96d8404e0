/**
 * Several venue accounts side by side, in a real browser: two Binance futures accounts (`main` and `sub`, each its
 * own key and its own fake exchange) trade the same live instrument. The ticket shows the venue account for a live
 * instrument only; A / Shift+A (listed in the help overlay) and the select pick it; the order goes through risk and
 * execution to that account's gateway route and reaches that account's exchange only. The Risk panel shows each
 * account with its margin. The host runs in this process (so that it can be given a fake safeStorage: Electron's
 * cannot run here) with its real workers and its real UI server, exactly as the headless host serves it.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiServer } from '../../src-main/bridge/ws-bridge.js';
import { KeyStore, type SafeStorageLike } from '../../src-main/host/key-store.js';
import { FUTURES_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { FakeBinanceFutures } from '../fakes/binance/futures-server.js';
import { FakeMarketServer } from '../fakes/binance/market-server.js';
import { startTestTerminal, type TestTerminal } from '../integration/helpers/host-harness.js';

const WAIT = { timeout: 30_000 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STATIC = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const KEYS = { main: { apiKey: 'MainAccountKey000001', secret: 'MainAccountSecret0001' }, sub: { apiKey: 'SubAccountKey0000002', secret: 'SubAccountSecret00002' } };

const safeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((x) => x ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from(sealed.map((x) => x ^ 0x5a)).toString('utf8'),
};

let market: FakeMarketServer;
const exchanges: Record<'main' | 'sub', FakeBinanceFutures> = { main: new FakeBinanceFutures({ ...KEYS.main }), sub: new FakeBinanceFutures({ ...KEYS.sub }) };
let terminal: TestTerminal;
let server: UiServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  market = new FakeMarketServer({ market: 'usdm', symbols: FUTURES_SYMBOLS, seed: 9 });
  await market.start();
  market.run(100, 2, 1);
  const main = await exchanges.main.start();
  const sub = await exchanges.sub.start();
  terminal = await startTestTerminal(
    {
      strategies: [],
      venues: {
        binance: {
          futuresRestUrl: market.restUrl, futuresWsUrl: market.wsUrl,
          symbols: [{ symbol: 'BTCUSDT', market: 'usdm', mode: 'live' }],
          accounts: [
            { account: 'main', network: 'testnet', futuresRestUrl: main.restUrl, futuresWsUrl: main.wsUrl },
            { account: 'sub', network: 'testnet', futuresRestUrl: sub.restUrl, futuresWsUrl: sub.wsUrl },
          ],
        } as never,
      },
    },
    false,
    {
      defaults: { safeStorage },
      prepareState: (stateDir) => {
        const store = new KeyStore(safeStorage, stateDir, () => undefined);
        for (const account of ['main', 'sub'] as const) {
          const saved = store.save({ account, venue: 'binance', network: 'testnet', ...KEYS[account] });
          if (!saved.ok) throw new Error(saved.reason);
        }
      },
    },
  );
  const { startUiServer } = (await import(new URL('src-main/bridge/ws-bridge.js', new URL('../../dist/', import.meta.url)).href)) as typeof import('../../src-main/bridge/ws-bridge.js');
  server = await startUiServer(terminal.host.api, { port: 0, staticDir: STATIC });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(server.url);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await terminal?.stop();
  for (const exchange of Object.values(exchanges)) await exchange.stop();
  await market?.stop();
});

const panel = (name: string): Locator => page.getByRole('region', { name, exact: true });

describe('venue accounts picked in the ticket', () => {
  it('shows both accounts in the Risk panel, picks one by key and by select, and routes the order to it only', async () => {
    const risk = panel('Risk');
    for (const account of ['main', 'sub']) {
      await risk.getByLabel(`binanceusdm account ${account}`).getByText('reconciliation passed').waitFor(WAIT);
      await risk.getByRole('table', { name: `Margin of binanceusdm account ${account}` }).waitFor(WAIT);
    }
    const ticket = panel('Order ticket');
    const venueAccount = ticket.getByLabel('Venue account');
    // A sim instrument has no venue account to pick.
    expect(await venueAccount.count()).toBe(0);
    await ticket.getByLabel('Instrument').selectOption('binanceusdm:BTCUSDT');
    await venueAccount.waitFor(WAIT);
    expect(await venueAccount.inputValue()).toBe('main');

    const quantity = ticket.getByLabel('Quantity', { exact: true });
    await quantity.click();
    await quantity.press('A');
    await expect.poll(() => venueAccount.inputValue(), WAIT).toBe('sub');
    await quantity.press('Shift+A');
    await expect.poll(() => venueAccount.inputValue(), WAIT).toBe('main');
    await venueAccount.selectOption('sub');
    expect(await venueAccount.inputValue()).toBe('sub');

    await quantity.fill('0.010');
    await expect.poll(() => ticket.getByLabel('Price', { exact: true }).inputValue(), WAIT).not.toBe('');
    await quantity.press('B');
    // The order reaches the picked account's exchange only (it may rest or fill there: the fake's last price is its own).
    await expect.poll(() => exchanges.sub.engine.orders.size, WAIT).toBe(1);
    expect([...exchanges.sub.engine.orders.values()][0]).toMatchObject({ side: 'BUY', type: 'LIMIT', origQty: 1_000_000n });
    expect(exchanges.main.engine.orders.size).toBe(0);
    expect(exchanges.main.requests.filter((r) => r === 'POST /fapi/v1/order')).toHaveLength(0);
    // The Orders panel names the account the order went to.
    await panel('Orders').getByRole('row').filter({ hasText: 'BTCUSDT · sub' }).first().waitFor(WAIT);
    await page.screenshot({ path: 'test-results/venue-accounts.png' });
  });

  it('lists the account keys in the help overlay', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog');
    await help.getByText('Next venue account for a live instrument (several configured side by side)').waitFor(WAIT);
    await help.getByText('Previous venue account').waitFor(WAIT);
    await page.keyboard.press('Escape');
  });
});
