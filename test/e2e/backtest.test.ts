/**
 * The Backtest panel in a real browser: a sweep of two runs of sma-cross on the shipped sample, started from the
 * panel, shows its progress, the ranked runs and the selected run's statistics, equity and drawdown lines, and a
 * price chart of the run's bars with its trades marked; choosing a trade scrolls the chart to it; clicking the other
 * run shows its own.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type BrowserTerminal } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };
const SHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

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

    await panel.getByRole('img', { name: 'Equity' }).waitFor(WAIT);
    await panel.getByRole('img', { name: 'Drawdown' }).waitFor(WAIT);

    // The price chart of the run's own bars: its canvas drawn, one marker per entry and per exit.
    const chart = panel.getByRole('figure', { name: 'Price chart' });
    await chart.waitFor(WAIT);
    await chart.locator('canvas').first().waitFor({ state: 'visible', ...WAIT });
    expect(Number(await chart.getAttribute('data-bars'))).toBeGreaterThan(100);
    expect(Number(await chart.getAttribute('data-markers'))).toBe(2 * trades);
    await expect.poll(() => chart.getAttribute('data-visible-to'), WAIT).not.toBeNull();
    const span = async (): Promise<[number, number]> => [Number(await chart.getAttribute('data-visible-from')), Number(await chart.getAttribute('data-visible-to'))];
    const [allFrom, allTo] = await span();

    // Choosing a trade scrolls the chart to it: its entry in view, fewer bars than the whole run around it.
    const show = panel.getByRole('button', { name: 'Show trade 1 on the chart' });
    const entry = Date.parse(String(await show.textContent())) / 1000;
    await show.click();
    await expect.poll(() => show.getAttribute('aria-pressed'), WAIT).toBe('true');
    await expect.poll(async () => {
      const [from, to] = await span();
      return from <= entry && entry <= to && to - from < allTo - allFrom;
    }, WAIT).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    await chart.scrollIntoViewIfNeeded(WAIT);
    await chart.screenshot({ path: `${SHOTS}backtest-price-chart.png` });

    // The price chart follows the theme, as the main chart does: its background changes with it, and back.
    type Canvas = { getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
    const background = () => chart.locator('canvas').first().evaluate((canvas) => Array.from((canvas as unknown as Canvas).getContext('2d').getImageData(1, 1, 1, 1).data).join(','));
    const dark = await background();
    await page.locator('body').focus();
    await page.keyboard.press('Alt+Shift+L');
    await expect.poll(background, WAIT).not.toBe(dark);
    await page.keyboard.press('Alt+Shift+L');
    await expect.poll(background, WAIT).toBe(dark);

    const runButtons = panel.getByRole('button', { name: /fast=\d+ slow=30 tf=5m/ });
    await expect.poll(() => runButtons.count(), WAIT).toBe(2);
    // The first is the best; selecting the second shows that run's own figures.
    expect(await runButtons.nth(0).getAttribute('aria-pressed')).toBe('true');
    await runButtons.nth(1).click();
    await expect.poll(() => runButtons.nth(1).getAttribute('aria-pressed'), WAIT).toBe('true');
  }, 60_000);
});
