/**
 * The circuit breaker in a real browser: a losing round trip by keyboard trips the daily-loss rule, the Risk panel
 * says so with the rule and reason and trading turns reduce-only; only the user's Re-arm makes trading active again.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type BrowserTerminal } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };
const RISK = { maxOrderQty: { '*': 1000 }, maxPosition: { '*': 5000 }, maxOpenOrders: 200, breaker: { dailyLoss: { limit: '0.01', action: 'reducing' as const } } };

describe('circuit breaker from the terminal', () => {
  let terminal: BrowserTerminal;
  let page: Page;

  beforeAll(async () => {
    terminal = await openTerminal({ strategies: [], risk: RISK });
    page = terminal.page;
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  const panel = (name: string): Locator => page.getByRole('region', { name, exact: true });

  it('trips on a losing round trip, says why, and trades again only after Re-arm', async () => {
    const risk = panel('Risk');
    await panel('Order book').getByRole('row').nth(5).waitFor(WAIT);
    await expect.poll(() => risk.getByText('active', { exact: true }).count(), WAIT).toBeGreaterThan(0);
    const quantity = page.getByLabel('Quantity', { exact: true });
    await quantity.fill('0.005');
    await quantity.press('Shift+B');
    await panel('Fills').getByRole('row').filter({ hasText: 'buy' }).first().waitFor(WAIT);
    // Selling back at market loses the spread and the fees.
    await quantity.press('Shift+S');
    const trip = risk.getByRole('alert').filter({ hasText: 'Circuit breaker tripped (daily loss)' });
    await trip.waitFor(WAIT);
    expect(await trip.textContent()).toMatch(/loss today \d+\.\d\d reached the limit 0\.01/);
    await expect.poll(() => risk.getByText('reducing', { exact: true }).count(), WAIT).toBeGreaterThan(0);

    await risk.getByRole('button', { name: 'Re-arm' }).click();
    await expect.poll(() => trip.count(), WAIT).toBe(0);
    await expect.poll(() => risk.getByText('active', { exact: true }).count(), WAIT).toBeGreaterThan(0);
  });
});
