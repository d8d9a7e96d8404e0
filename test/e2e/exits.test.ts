/**
 * Exits in a real browser, as a trader sets them up: a bracket template saved in the Risk panel, picked in the ticket,
 * protects a keyboard buy as soon as it fills (Positions shows the stop and target, the chart draws the stop with a
 * drag handle); dragging the stop's handle moves the stop; Clear drops the plan and the position stays.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type BrowserTerminal } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };

describe('exits from the terminal', () => {
  let terminal: BrowserTerminal;
  let page: Page;

  beforeAll(async () => {
    terminal = await openTerminal({ strategies: [] });
    page = terminal.page;
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  const panel = (name: string): Locator => page.getByRole('region', { name, exact: true });
  const exitsCell = (): Locator => panel('Positions').getByRole('row').filter({ hasText: 'BTC-USD' }).locator('td.exits .plan');

  it('saves a bracket template in the Risk panel', async () => {
    const form = panel('Risk').getByRole('form', { name: 'Save a bracket template' });
    await form.getByLabel('Name').fill('Guard');
    await form.getByLabel('Stop (ticks)').fill('2000');
    await form.getByLabel('Targets').fill('3000:100');
    await form.getByRole('button', { name: 'Save bracket' }).click();
    await panel('Risk').getByText('SL 2000 · TP 3000 (100%)').waitFor(WAIT);
  });

  it('protects a keyboard buy with the bracket picked in the ticket', async () => {
    await panel('Order book').getByRole('row').nth(5).waitFor(WAIT);
    await page.getByLabel('Exits', { exact: true }).selectOption('Guard');
    await page.getByLabel('Quantity', { exact: true }).fill('0.005');
    await page.getByLabel('Quantity', { exact: true }).press('Shift+B');
    await expect.poll(() => exitsCell().textContent(), WAIT).toMatch(/^SL [\d.]+ · TP [\d.]+$/);
    await panel('Chart').getByRole('button', { name: /^Move the stop-loss of the position at / }).waitFor(WAIT);
  });

  it('moves the stop when its handle is dragged on the chart', async () => {
    const before = await exitsCell().textContent();
    // The chart spans a few ticks once prints come at a few prices.
    await expect
      .poll(async () => new Set((await panel('Trades').getByRole('row').allTextContents()).map((row) => /\d+\.\d+/.exec(row)?.[0])).size, WAIT)
      .toBeGreaterThan(3);
    const handle = panel('Chart').getByRole('button', { name: /^Move the stop-loss of the position at / });
    // Far below the candles, the handle waits pinned to the chart's bottom edge. Dropped in the volume area (the
    // bottom quarter of the chart, below every candle, so below the market), the stop comes up to that price.
    // On a busy machine the chart can lag the market, and a drop the venue finds above the market is refused (the
    // plan keeps its stop): drag again until the stop has moved.
    const drag = async (): Promise<void> => {
      const box = (await handle.boundingBox())!;
      const chart = (await panel('Chart').locator('.overlay').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, chart.y + chart.height * 0.88, { steps: 5 });
      await page.mouse.up();
    };
    await expect
      .poll(async () => {
        const now = await exitsCell().textContent();
        if (now === before) await drag();
        return now;
      }, { timeout: 30_000, interval: 2_000 })
      .not.toBe(before);
    const stop = (text: string | null): number => Number(/^SL ([\d.]+)/.exec(text ?? '')?.[1]);
    expect(stop(await exitsCell().textContent())).toBeGreaterThan(stop(before));
  });

  it('clears the plan and keeps the position', async () => {
    await panel('Positions').getByRole('button', { name: 'Clear exits of BTC-USD' }).click();
    await expect.poll(() => exitsCell().count(), WAIT).toBe(0);
    await expect(panel('Positions').getByRole('row').filter({ hasText: 'BTC-USD' }).locator('td').first().textContent()).resolves.toBe('0.005');
  });
});
