/**
 * The trading account: buying power holds orders to what the equity carries at the leverage (positions and working
 * orders counted as filled), a loss shrinks it and a closing order always passes; the account's money is published
 * exactly, to the 10^-8 of its currency, in `AccountStatus`.
 */
import { describe, expect, it } from 'vitest';
import { MarginAccount } from '../../../workers/core/margin-account.js';
import type { AccountStatus } from '../../../workers/protocol/messages.js';
import { riskHarness } from './risk-harness.js';

/** BTC-USD at 65,000 USD: 130,000 ticks of 0.5; one lot is 0.001 BTC = 65 USD. */
const BTC = 130_000;
const USD = 100_000_000;
const config = { maxOrderQty: { '*': 100_000 }, maxPosition: { '*': 100_000 }, maxOpenOrders: 100, account: { id: 'acct', currency: 'USD', balance: '10000', leverage: 2 } };

function lastAccount(sent: ReturnType<typeof riskHarness>['sent']): Omit<AccountStatus, 'v' | 'seq'> | undefined {
  const found = sent.filter((s) => s.message.type === 'AccountStatus').at(-1)?.message;
  return found as Omit<AccountStatus, 'v' | 'seq'> | undefined;
}

describe('buying power', () => {
  it('passes an order up to equity × leverage and denies one lot more, with the margin it would need', () => {
    const h = riskHarness(config);
    h.bar(BTC);
    // 20,000 USD of exposure: 307 lots (19,955 USD) fit, 308 (20,020 USD) do not.
    expect(h.submit('big', 'buy', 308)).toMatchObject({
      kind: 'denied',
      rule: 'buying_power',
      reason: "the account's positions and working orders would need 10010.00 USD of margin, more than its equity of 10000.00 USD (at 2× leverage)",
    });
    expect(h.submit('fits', 'buy', 307)).toEqual({ kind: 'forwarded' });
    // Working orders count as filled: nothing more on the long side, but a sell that only offsets it passes.
    expect(h.submit('more', 'buy', 1)).toMatchObject({ kind: 'denied', rule: 'buying_power' });
    expect(h.limit('offset', 'sell', 100, BTC + 10)).toEqual({ kind: 'forwarded' });
  });

  it('shrinks with a loss, and still lets the position be closed', () => {
    const h = riskHarness(config);
    h.bar(BTC);
    expect(h.submit('b1', 'buy', 300)).toEqual({ kind: 'forwarded' });
    h.fill('b1', 300, BTC);
    // Down 10 % (65 → 58.50 USD a lot): 1,950 USD lost; equity of 8,050 USD carries 16,100 USD, the long is 17,550.
    h.bar(117_000);
    expect(h.submit('b2', 'buy', 1)).toMatchObject({ kind: 'denied', rule: 'buying_power' });
    expect(h.submit('close', 'sell', 300)).toEqual({ kind: 'forwarded' });
  });

  it('publishes balance, equity, margin, available and buying power exactly', () => {
    const h = riskHarness(config);
    h.bar(BTC);
    expect(h.submit('b1', 'buy', 100)).toEqual({ kind: 'forwarded' });
    h.fill('b1', 100, BTC);
    h.bar(BTC + 2); // +1 USD a BTC: +0.1 USD on 0.1 BTC
    h.engine.onTimer(h.now);
    expect(lastAccount(h.sent)).toMatchObject({
      account: 'acct',
      currency: 'USD',
      leverage: 2,
      balance: 10_000 * USD,
      equity: 10_000 * USD + 0.1 * USD,
      // 100 lots at 65,001 USD a BTC = 6,500.10 USD of exposure, half of it margin.
      margin: 3_250.05 * USD,
      available: (10_000.1 - 3_250.05) * USD,
      buyingPower: (10_000.1 - 3_250.05) * 2 * USD,
    });
  });

  it('refuses a malformed account at start', () => {
    expect(() => new MarginAccount({ id: 'a', currency: 'USD', balance: '0', leverage: 1 })).toThrow('balance must be > 0');
    expect(() => new MarginAccount({ id: 'a', currency: 'USD', balance: '100', leverage: 0 })).toThrow('leverage must be an integer from 1 to 100');
    expect(() => new MarginAccount({ id: 'a', currency: 'USD', balance: '1.000000001', leverage: 1 })).toThrow();
  });
});
