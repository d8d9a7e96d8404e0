/**
 * The Backtest panel in a real browser: a sweep of two runs of sma-cross on the shipped sample, started from the
 * panel, shows its progress, the ranked runs and the selected run's statistics; clicking the other run shows its own.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type BrowserTerminal } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };

describe('the Backtest panel', () => {
  let terminal: BrowserTerminal;
  let page: Page;

  beforeAll(async () => {
    terminal = await openTerminal({ strategies: [] });
    page = terminal.page;
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  it('runs a backtest sweep from the panel and shows the ranked runs and their statistics', async () => {
    const panel: Locator = page.getByRole('region', { name: 'Backtest', exact: true });
    await panel.scrollIntoViewIfNeeded(WAIT);
    await panel.getByLabel('Strategy', { exact: true }).selectOption('sma-cross');
    await panel.getByLabel('fast', { exact: true }).fill('5, 10');
    await panel.getByLabel('slow', { exact: true }).fill('30');
    await panel.getByLabel('tf', { exact: true }).fill('5m');
    await panel.getByLabel('Bars (tf)', { exact: true }).fill('5m');
    await panel.getByLabel('Trade qty', { exact: true }).fill('100');
    await panel.getByRole('button', { name: 'Run 2 runs' }).press('Enter');

    await expect.poll(() => panel.getByRole('status').textContent(), WAIT).toContain('2 of 2 runs done');
    const stats = panel.getByRole('table', { name: 'Statistics' });
    await stats.waitFor(WAIT);
    const trades = Number(await stats.getByRole('row').filter({ hasText: /^trades/ }).locator('td').textContent());
    expect(trades).toBeGreaterThan(0);
    const sharpe = await stats.getByRole('row').filter({ hasText: 'sharpe' }).locator('td').textContent();
    expect(Number(sharpe)).not.toBeNaN();

    const runButtons = panel.getByRole('button', { name: /fast=\d+ slow=30 tf=5m/ });
    await expect.poll(() => runButtons.count(), WAIT).toBe(2);
    // The first is the best; selecting the second shows that run's own figures.
    expect(await runButtons.nth(0).getAttribute('aria-pressed')).toBe('true');
    await runButtons.nth(1).click();
    await expect.poll(() => runButtons.nth(1).getAttribute('aria-pressed'), WAIT).toBe('true');
  }, 60_000);
});
