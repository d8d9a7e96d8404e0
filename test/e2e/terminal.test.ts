/**
 * The terminal in a real browser, as a trader uses it: the headless host with its workers, the built UI in Debian's
 * Chromium. Each test asserts what the user sees; screenshots of the main screen land in test-results/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type BrowserTerminal } from './helpers/terminal-in-browser.js';

const SHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const PANELS = ['Chart', 'Order book', 'Trades', 'Order ticket', 'Positions', 'Orders', 'Fills', 'Workers', 'Risk', 'Log'];
const WAIT = { timeout: 30_000 };

describe('the terminal in a browser', () => {
  let terminal: BrowserTerminal;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    terminal = await openTerminal({
      strategies: [
        { id: 'ping', kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { qty: 1, every: 25 } },
        { id: 'sr-btc', kind: 'support-resistance', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { conditions: [] } },
      ],
    });
    page = terminal.page;
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  const panel = (name: string): Locator => page.getByRole('region', { name, exact: true });
  const workerState = (name: string): Locator => panel('Workers').getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).locator('.badge');
  const manualOrders = (): Locator => panel('Orders').getByRole('row').filter({ hasText: 'manual' });

  it('shows every panel and fills them with live data', async () => {
    for (const name of PANELS) await panel(name).waitFor({ state: 'visible', ...WAIT });
    for (const name of ['sim', 'execution', 'risk', 'feed', 'strategy', 'journal']) await expectText(workerState(name), 'running');
    await panel('Order book').getByRole('row').nth(10).waitFor(WAIT);
    await panel('Trades').getByRole('row').nth(3).waitFor(WAIT);
    await panel('Chart').locator('canvas').first().waitFor(WAIT);
    await page.screenshot({ path: `${SHOTS}main-screen.png` });
  });

  it('refuses a quantity off the lot with its reason, and sends nothing', async () => {
    await page.getByLabel('Quantity', { exact: true }).fill('0.0005');
    await expect.poll(() => panel('Order ticket').getByRole('alert').first().textContent(), WAIT).toMatch(/0\.001/);
    await page.getByLabel('Quantity', { exact: true }).press('Shift+B');
    // The next valid order is the first manual order the Orders panel shows: the refused one never left.
    await page.getByLabel('Quantity', { exact: true }).fill('0.002');
    await page.getByLabel('Quantity', { exact: true }).press('Shift+B');
    await expect.poll(() => manualOrders().count(), WAIT).toBe(1);
  });

  it('places an order with the keyboard and shows it in Orders, Fills and Positions', async () => {
    await page.getByLabel('Quantity', { exact: true }).fill('0.003');
    await page.getByLabel('Quantity', { exact: true }).press('Shift+B');
    await expect.poll(() => manualOrders().count(), WAIT).toBe(2);
    await expectText(manualOrders().first(), /filled/);
    await panel('Fills').getByRole('row').filter({ hasText: 'manual' }).first().waitFor(WAIT);
    await expectText(panel('Positions').getByRole('row').filter({ hasText: 'BTC-USD' }).first(), /0\.00\d/);
  });

  it('places a stop order from the ticket and shows it in Orders with its stop price', async () => {
    const ticket = panel('Order ticket');
    await ticket.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByLabel('Quantity', { exact: true }).fill('0.002');
    // A buy stop 100 above the best ask (Shift+↑ puts the ask in a stop ticket's stop price): it waits for the market.
    const stopField = page.getByLabel('Stop price', { exact: true });
    await stopField.press('Shift+ArrowUp');
    const stopPrice = await priceAway(stopField, 100);
    await stopField.fill(stopPrice);
    await ticket.getByText('at the stop price').waitFor(WAIT); // the notional is valued at the stop
    await page.getByLabel('Stop price', { exact: true }).press('B');
    const row = manualOrders().filter({ hasText: 'stop' }).filter({ hasText: stopPrice });
    await row.first().waitFor(WAIT);
    await expectText(row.first().locator('td.stop'), stopPrice);
    await expectText(row.first().locator('td.price'), 'market');
    await expectText(row.first(), /accepted/);
    await page.screenshot({ path: `${SHOTS}stop-order.png` });
    await row.first().getByRole('button', { name: /^Cancel/ }).click();
    await expectText(row.first(), /canceled/);
  });

  it('amends a working order from the keyboard: the same order at its new price', async () => {
    await panel('Order ticket').getByRole('button', { name: 'Limit', exact: true }).click();
    const priceField = page.getByLabel('Price', { exact: true });
    await priceField.press('Shift+ArrowDown'); // the best bid
    const price = await priceAway(priceField, -50);
    await priceField.fill(price);
    await priceField.press('B');
    const placed = manualOrders().filter({ hasText: 'limit' }).filter({ hasText: price }).filter({ hasText: 'accepted' });
    await placed.first().waitFor(WAIT);
    const id = await placed.first().getAttribute('data-order-id');
    expect(id).toMatch(/^manual\./);
    const row = panel('Orders').locator(`tr[data-order-id="${id}"]`);
    // Alt+↓ moves the newest working order one tick (0.5) down: an amend, so the row keeps its client order id.
    await priceField.press('Alt+ArrowDown');
    const lower = (Number(price) - 0.5).toFixed(1);
    await expectText(row.locator('td.price'), lower);
    // Edit from the row with the keyboard: the editor takes the focus, Enter amends what changed.
    await row.getByRole('button', { name: /^Edit/ }).focus();
    await page.keyboard.press('Enter');
    const editor = panel('Orders').getByRole('form', { name: `Edit order ${id}` });
    await editor.waitFor(WAIT);
    await page.keyboard.press('Control+A');
    const moved = (Number(price) - 5).toFixed(1);
    await page.keyboard.type(moved);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0.004');
    await page.keyboard.press('Enter');
    await expectText(row.locator('td.price'), moved);
    await expectText(row.locator('td.qty'), '0.004');
    await expectText(row, /amended/);
    expect(await panel('Orders').locator(`tr[data-order-id="${id}"]`).count()).toBe(1);
    await row.getByRole('button', { name: /^Cancel/ }).click();
    await expectText(row, /canceled/);
  });

  it('stops the strategy worker from its toggle and starts it again', async () => {
    await panel('Workers').getByRole('button', { name: 'Stop strategy', exact: true }).click();
    await expectText(workerState('strategy'), 'stopped');
    await expect.poll(() => terminal.workerPid('strategy'), WAIT).toBeUndefined();
    const before = await newestStrategyOrder(page);
    await panel('Workers').getByRole('button', { name: 'Start strategy', exact: true }).click();
    await expectText(workerState('strategy'), 'running');
    await expect.poll(() => newestStrategyOrder(page), WAIT).not.toBe(before);
  });

  it('shows a worker killed from outside as restarting, then running', async () => {
    const seen: string[] = [];
    await page.exposeFunction('recordFeedState', (text: string) => seen.push(text));
    await workerState('feed').evaluate((badge) => {
      // Runs in the page: the Node-side types have no DOM, so the page's globals are described here.
      const page = globalThis as unknown as {
        recordFeedState(text: string): void;
        MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
      };
      const record = page.recordFeedState;
      const cell = badge.closest('tr')!;
      new page.MutationObserver(() => record(cell.querySelector('.badge')?.textContent ?? '')).observe(cell, { subtree: true, childList: true, characterData: true });
    });
    process.kill(terminal.workerPid('feed')!, 'SIGKILL');
    await expect.poll(() => seen.includes('restarting'), WAIT).toBe(true);
    await expectText(workerState('feed'), 'running');
    const feedRow = panel('Workers').getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'feed', exact: true }) });
    await expectText(feedRow.getByRole('cell').nth(3), /^\s*1\s*$/); // State, PID, Uptime, Restarts
  });

  const strategyRow = (id: string): Locator => panel('Workers').getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });

  it("pauses and runs a strategy from its row, with the keyboard", async () => {
    const row = strategyRow('ping');
    await expectText(row.locator('.badge'), 'running');
    await row.getByRole('button', { name: 'Pause strategy ping', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expectText(row.locator('.badge'), 'paused');
    await row.getByRole('button', { name: 'Run strategy ping', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expectText(row.locator('.badge'), 'running');
  });

  it('creates a support-resistance condition that is saved, survives a reload, and trades', async () => {
    // The trigger: the best ask, which the market reaches at once; a turn of one tick (0.5) fires it soon after.
    await panel('Order ticket').getByRole('button', { name: 'Limit', exact: true }).click();
    const priceField = page.getByLabel('Price', { exact: true });
    await priceField.press('Shift+ArrowUp');
    const trigger = await priceAway(priceField, 0);

    await strategyRow('sr-btc').getByRole('button', { name: 'Parameters of sr-btc' }).click();
    const editor = panel('Workers').getByRole('form', { name: 'Parameters of sr-btc' });
    await editor.getByRole('button', { name: 'Add condition' }).click();
    // A turn off the tick is refused next to the field, and nothing can be applied.
    await editor.getByLabel('Turn of condition 1').fill('0.3');
    await expectText(editor.getByRole('alert').first(), 'Must be a multiple of 0.5');
    expect(await editor.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await editor.getByLabel('Trigger of condition 1').fill(trigger);
    await editor.getByLabel('Turn of condition 1').fill('0.5');
    await editor.getByLabel('Turn of condition 1').press('Enter');
    await expectText(editor.getByRole('status'), 'Applied and saved');
    await page.screenshot({ path: `${SHOTS}strategy-editor.png` });
    const saved = JSON.parse(readFileSync(join(terminal.stateDir, 'strategy-params.json'), 'utf8')) as { strategies: Record<string, { conditions: Array<{ turn: number }> }> };
    expect(saved.strategies['sr-btc']?.conditions).toMatchObject([{ side: 'buy', turn: 1 }]);

    await page.reload();
    await strategyRow('sr-btc').getByRole('button', { name: 'Parameters of sr-btc' }).click();
    await expect.poll(() => editor.getByLabel('Trigger of condition 1').inputValue(), WAIT).toBe(trigger);
    expect(await editor.getByLabel('Turn of condition 1').inputValue()).toBe('0.5');

    const orders = panel('Orders').getByRole('row').filter({ hasText: 'sr-btc' });
    await orders.first().waitFor(WAIT);
    await expectText(orders.first(), /Buy/);
  });
});

/** Waits until `locator`'s text matches. */
async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await expect.poll(async () => (await locator.first().textContent()) ?? '', WAIT).toMatch(text);
}

/** The price in `field` moved by `delta`, as text at one decimal (BTC's tick is 0.5). */
async function priceAway(field: Locator, delta: number): Promise<string> {
  await expect.poll(async () => Number(await field.inputValue()), WAIT).toBeGreaterThan(0);
  return (Number(await field.inputValue()) + delta).toFixed(1);
}

/** The newest order of the ping strategy the Orders panel shows (newest first), as its row's text. */
async function newestStrategyOrder(page: Page): Promise<string> {
  const rows = page.getByRole('region', { name: 'Orders', exact: true }).getByRole('row').filter({ hasText: 'ping' });
  return (await rows.count()) === 0 ? '' : ((await rows.first().textContent()) ?? '');
}
