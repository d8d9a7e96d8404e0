/**
 * Why an order was refused, in a real browser: a keyboard order over the configured maximum is denied, and Why on its
 * row in Orders shows the command, the rule and the configured limit against the order's own quantity.
 */
import { describe, expect, it } from 'vitest';
import { terminalPerSuite } from './helpers/terminal-in-browser.js';

const WAIT = { timeout: 30_000 };

describe('the cause chain of a refused order', () => {
  const suite = terminalPerSuite({ strategies: [], risk: { maxOrderQty: { '*': 5 }, maxPosition: { '*': 5000 }, maxOpenOrders: 200 } });
  const { panel } = suite;

  it('shows the command, the rule and the limit against the order', async () => {
    await panel('Order book').getByRole('row').nth(5).waitFor(WAIT);
    const quantity = suite.page.getByLabel('Quantity', { exact: true });
    await quantity.fill('0.010');
    await quantity.press('Shift+B');
    const orders = panel('Orders');
    await orders.getByRole('checkbox', { name: 'Finished' }).check();
    const why = orders.getByRole('button', { name: 'Why was buy BTC-USD refused' }).first();
    await why.waitFor(WAIT);
    await why.click();
    const chain = orders.getByRole('definition');
    await expect.poll(() => chain.allTextContents(), WAIT).toEqual([
      'Buy 0.010 BTC-USD at market (market, GTC)',
      'you (manual)',
      'risk, rule max_order_qty',
      'configured 0.005; this order 0.010',
      'quantity 10 lots exceeds the maximum of 5 lots (max_order_qty)',
    ]);
  });
});
