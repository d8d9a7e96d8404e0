/**
 * Exits in a real browser, as a trader sets them up: a bracket template saved in the Risk panel, picked in the ticket,
 * protects a keyboard buy as soon as it fills (Positions shows the stop and target, the chart draws the stop with a
 * drag handle); Clear drops the plan and the position stays. (Moving the stop is tested through the host in
 * test/integration/exits.test.ts: a drag on the chart was not reliable in a browser on a loaded two-core machine.)
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { terminalPerSuite } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };

describe('exits from the terminal', () => {
  const suite = terminalPerSuite({ strategies: [] });
  const { panel } = suite;
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
    await suite.page.getByLabel('Exits', { exact: true }).selectOption('Guard');
    await suite.page.getByLabel('Quantity', { exact: true }).fill('0.005');
    await suite.page.getByLabel('Quantity', { exact: true }).press('Shift+B');
    await expect.poll(() => exitsCell().textContent(), WAIT).toMatch(/^SL [\d.]+ · TP [\d.]+$/);
    await panel('Chart').getByRole('button', { name: /^Move the stop-loss of the position at / }).waitFor(WAIT);
  });

  it('clears the plan and keeps the position', async () => {
    await panel('Positions').getByRole('button', { name: 'Clear exits of BTC-USD' }).click();
    await expect.poll(() => exitsCell().count(), WAIT).toBe(0);
    await expect(panel('Positions').getByRole('row').filter({ hasText: 'BTC-USD' }).locator('td').first().textContent()).resolves.toBe('0.005');
  });
});
