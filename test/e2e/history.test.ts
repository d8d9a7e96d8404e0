/**
 * The History panel in a real browser: an order placed with the keyboard fills, the panel filtered by instrument
 * lists the fill with the same price the Fills panel shows, and Export CSV downloads the result.
 */
import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { terminalPerSuite } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };

describe('the History panel', () => {
  const suite = terminalPerSuite({ strategies: [] });
  const { panel } = suite;
  /** The text of each cell of `row` by its column's header. */
  async function cellsOf(table: Locator, row: Locator): Promise<Record<string, string>> {
    const headers = await table.getByRole('columnheader').allTextContents();
    const cells = await row.locator('th, td').allTextContents();
    return Object.fromEntries(headers.map((header, index) => [header.trim(), (cells[index] ?? '').trim()]));
  }

  it('lists a fill filtered by instrument, at the price the Fills panel shows, and exports it as CSV', async () => {
    const history = panel('History');
    await history.waitFor({ state: 'visible', ...WAIT });
    await panel('Order book').getByRole('row').nth(5).waitFor(WAIT);

    await suite.page.getByLabel('Quantity', { exact: true }).fill('0.004');
    await suite.page.getByLabel('Quantity', { exact: true }).press('Shift+B');
    const fillRow = panel('Fills').getByRole('row').filter({ hasText: 'manual' }).first();
    await fillRow.waitFor(WAIT);
    const fill = await cellsOf(panel('Fills'), fillRow);

    await history.getByLabel('What').selectOption('fills');
    await history.getByLabel('Instrument').selectOption({ label: 'BTC-USD' });
    const historyRow = history.getByRole('row').filter({ hasText: 'manual' }).first();
    // The worker writes in batches: refresh until the fill is in the store.
    await expect
      .poll(async () => {
        if ((await historyRow.count()) === 0) await history.getByRole('button', { name: 'Refresh' }).click();
        return historyRow.count();
      }, WAIT)
      .toBeGreaterThan(0);
    const stored = await cellsOf(history, historyRow);
    expect(stored).toMatchObject({ Symbol: 'BTC-USD', Side: 'buy', Price: fill.Price, Qty: '0.004', Strategy: 'manual' });

    // Another instrument's filter does not show it.
    await history.getByLabel('Instrument').selectOption({ label: 'ETH-USD' });
    await expect.poll(() => history.getByRole('row').filter({ hasText: 'manual' }).count(), WAIT).toBe(0);
    await history.getByLabel('Instrument').selectOption({ label: 'BTC-USD' });
    await historyRow.waitFor(WAIT);

    const [download] = await Promise.all([suite.page.waitForEvent('download', WAIT), history.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('history-fills-sim-BTC-USD.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...records] = csv.split('\r\n');
    expect(header).toBe('Time,Venue,Symbol,Side,Price,Qty,Liquidity,Fee,Fill,Order,Venue order,Strategy,Session');
    expect(records.some((line) => line.includes(`,BTC-USD,buy,${fill.Price},0.004,`) && line.includes(',manual,'))).toBe(true);
  });
});
