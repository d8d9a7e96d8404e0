/**
 * Time travel in a real browser: a session recorded while the user trades by keyboard is opened from the session
 * picker, and every panel shows what was known at the moment on the scrubber — nothing before the first order, one
 * fill between the two orders, both at the end — while nothing can be sent to the live session; played at full
 * speed it reaches the end; Back to live brings the live session back, where orders go out again.
 */
import { basename } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { terminalPerSuite } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };

/** Milliseconds of the day from a clock shown as HH:MM:SS.mmm. */
function msOfDay(text: string): number {
  const match = /(\d\d):(\d\d):(\d\d)\.(\d\d\d)/.exec(text);
  if (match === null) throw new Error(`not a clock: ${text}`);
  const [, h, m, s, ms] = match.map(Number) as [number, number, number, number, number];
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

describe('time travel through a recorded session', () => {
  const suite = terminalPerSuite({ strategies: [] });
  const { panel } = suite;
  const fills = (): Locator => panel('Fills').getByRole('row').filter({ hasText: 'manual' });
  /**
   * The quantity the manual fills add up to, in thousandths (the lot): a market order can fill in one row or in
   * several, as the book's best level holds, so the tests count quantity rather than rows.
   */
  const filled = async (): Promise<number> => {
    const cells = await fills().evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[3]?.textContent ?? ''));
    return cells.reduce((sum, text) => sum + Math.round(Number(text) * 1000), 0);
  };
  const manualOrders = (): Locator => panel('Orders').getByRole('row').filter({ hasText: 'manual' });
  /** The quantity cell of the BTC-USD position. */
  const position = (): Locator => panel('Positions').getByRole('row').filter({ hasText: 'BTC-USD' }).first().locator('td').first();
  const quantity = (): Locator => suite.page.getByLabel('Quantity', { exact: true });
  const playback = (): Locator => suite.page.getByRole('region', { name: 'Playback' });
  const scrubber = (): Locator => playback().getByRole('slider', { name: 'Moment shown' });

  it('shows each panel as it was at the moment scrubbed to', async () => {
    await panel('Order book').getByRole('row').nth(5).waitFor(WAIT);
    await quantity().fill('0.002');
    await quantity().press('Shift+B');
    await expect.poll(filled, WAIT).toBe(2);
    const firstFill = msOfDay((await fills().first().locator('td').first().textContent()) ?? '');
    // The second order goes at least two seconds later (by the tape's own clock), so a moment between them exists.
    await expect.poll(async () => msOfDay((await panel('Trades').getByRole('row').nth(1).textContent()) ?? '') - firstFill, WAIT).toBeGreaterThan(2_000);
    await quantity().fill('0.003');
    await quantity().press('Shift+B');
    await expect.poll(filled, WAIT).toBe(5);

    await suite.page.locator('body').press('Shift+R');
    const picker = suite.page.getByRole('dialog', { name: 'Recorded sessions' });
    await picker.getByRole('button', { name: `Open ${basename(suite.terminal.runDir)}` }).click(WAIT);
    await playback().waitFor(WAIT);

    // The start of the recording: nothing traded yet.
    await scrubber().press('Home');
    await expect.poll(() => fills().count(), WAIT).toBe(0);
    await expect.poll(() => manualOrders().count(), WAIT).toBe(0);
    await panel('Order book').getByRole('row').nth(5).waitFor(WAIT);
    const start = msOfDay((await playback().getByTestId('playback-time').textContent()) ?? '');

    // A second after the first fill: the first order and its fill, the position of 0.002, not the second order.
    const between = Math.ceil((firstFill + 1_000 - start) / 100) * 100;
    await scrubber().fill(String(between));
    await expect.poll(filled, WAIT).toBe(2);
    await expect.poll(() => manualOrders().count(), WAIT).toBe(1);
    await expect.poll(() => position().textContent(), WAIT).toBe('0.002');
    await expect.poll(() => panel('Workers').getByRole('row').filter({ hasText: 'risk' }).first().textContent(), WAIT).toMatch(/running/);

    // The end: both.
    await scrubber().press('End');
    await expect.poll(filled, WAIT).toBe(5);
    await expect.poll(() => position().textContent(), WAIT).toBe('0.005');

    // Nothing reaches the live session while a recording is shown.
    await quantity().fill('0.004');
    await quantity().press('Shift+B');
    await expect.poll(() => panel('Log').textContent(), WAIT).toMatch(/submitOrder not sent: a recorded session is shown/);
  });

  it('plays from the start at full speed to the end', async () => {
    await scrubber().press('Home');
    await expect.poll(() => fills().count(), WAIT).toBe(0);
    await playback().getByRole('button', { name: 'Max' }).click();
    await playback().getByRole('button', { name: 'Play' }).click();
    await expect.poll(filled, WAIT).toBe(5);
    await playback().getByRole('button', { name: 'Play' }).waitFor(WAIT); // paused again at the end
  });

  it('goes back to the live session, where orders go out again', async () => {
    await suite.page.locator('body').press('L');
    await playback().waitFor({ state: 'detached', ...WAIT });
    await expect.poll(filled, WAIT).toBe(5);
    await quantity().fill('0.001');
    await quantity().press('Shift+B');
    await expect.poll(filled, WAIT).toBe(6);
  });
});
