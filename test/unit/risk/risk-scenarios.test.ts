/**
 * Scenarios through the RiskEngine core: orders, fills, marks and cancels in; forwarded, or `OrderDenied` /
 * `RequestRejected` with the rule and the numbers out — for each kind of limit and each scope it can be set at.
 * BTC-USD: a tick is 0.5 USD, a lot 0.001 BTC, money is counted in 0.0005 USD; 130,000 ticks = 65,000 USD, so one lot
 * there is worth 65 USD = 130,000 units. ETH-USD: 0.01 USD ticks, 0.01 ETH lots; 320,000 ticks = 3,200 USD, a lot 32 USD.
 */
import { describe, expect, it } from 'vitest';
import type { RiskConfig, ScopedLimits } from '../../../workers/protocol/config.js';
import { riskHarness, T0, type Outcome, type RiskHarness } from './risk-harness.js';

const FLAT: RiskConfig = { maxOrderQty: { '*': 1_000 }, maxPosition: { '*': 1_000 }, maxOpenOrders: 100 };
const BTC = 130_000;
const ETH = 320_000;
const eth = { symbol: 'ETH-USD' };

interface Scenario {
  name: string;
  limits: ScopedLimits;
  flat?: Partial<RiskConfig>;
  /** Runs the inputs; returns what risk did with the last command. */
  run: (h: RiskHarness) => Outcome;
  expected: 'forwarded' | { rule: string; limit?: number; value?: number; reason?: string | RegExp } | { refused: string | RegExp };
}

/** Forwards every order in `run` before the last, or throws. */
function ok(outcome: Outcome): void {
  if (outcome.kind !== 'forwarded') throw new Error(`expected forwarded, got ${JSON.stringify(outcome)}`);
}

const SCENARIOS: Scenario[] = [
  // ---------------------------------------------------------------- order value
  {
    name: 'order value exactly at the account maximum passes',
    limits: { account: { maxOrderNotional: '650' } },
    run: (h) => h.limit('o1', 'buy', 10, BTC),
    expected: 'forwarded',
  },
  {
    name: 'order value one lot over the account maximum is denied, in ticks×lots and in USD',
    limits: { account: { maxOrderNotional: '650' } },
    run: (h) => h.limit('o1', 'buy', 11, BTC),
    expected: { rule: 'max_order_notional', limit: 1_300_000, value: 1_430_000, reason: 'order value 715.0000 USD exceeds the maximum of 650.0000 USD (account)' },
  },
  {
    name: "a strategy's order value limit names the strategy",
    limits: { strategies: { 'sma-btc': { maxOrderNotional: '100' } } },
    run: (h) => h.limit('o1', 'buy', 2, BTC, { strategyId: 'sma-btc' }),
    expected: { rule: 'max_order_notional', value: 260_000, reason: /\(strategy sma-btc\)$/ },
  },
  {
    name: "another strategy's order is not held to it",
    limits: { strategies: { 'sma-btc': { maxOrderNotional: '100' } } },
    run: (h) => h.limit('o1', 'buy', 2, BTC, { strategyId: 'other' }),
    expected: 'forwarded',
  },
  {
    name: 'a market order is valued at the last trade',
    limits: { account: { maxOrderNotional: '650' } },
    run: (h) => {
      h.bar(BTC);
      return h.submit('m1', 'buy', 11);
    },
    expected: { rule: 'max_order_notional', value: 1_430_000 },
  },
  {
    name: 'a stop is valued at its trigger price',
    limits: { instruments: { 'BTC-USD': { maxOrderNotional: '650' } } },
    run: (h) => h.submit('s1', 'buy', 10, { orderType: 'stop', stopPrice: BTC + 2, tif: 'GTC' }),
    expected: { rule: 'max_order_notional', limit: 1_300_000, value: 1_300_020, reason: /\(instrument BTC-USD\)$/ },
  },
  // ---------------------------------------------------------------- order quantity
  {
    name: 'order quantity: the tightest scope that applies denies, naming it',
    limits: { account: { maxOrderQty: 50 }, instruments: { 'sim:BTC-USD': { maxOrderQty: 30 } }, strategies: { a: { maxOrderQty: 40 } } },
    run: (h) => h.submit('o1', 'buy', 31),
    expected: { rule: 'max_order_qty', limit: 30, value: 31, reason: 'quantity 31 lots exceeds the maximum of 30 lots (instrument sim:BTC-USD)' },
  },
  // ---------------------------------------------------------------- positions
  {
    name: "a strategy's long limit counts its working orders",
    limits: { strategies: { a: { maxLong: 5 } } },
    run: (h) => {
      ok(h.submit('b1', 'buy', 3));
      ok(h.submit('b2', 'buy', 2));
      return h.submit('b3', 'buy', 1);
    },
    expected: { rule: 'max_long', limit: 5, value: 6, reason: /\(strategy a\)$/ },
  },
  {
    name: "a strategy's long limit does not count another strategy's orders",
    limits: { strategies: { a: { maxLong: 5 } } },
    run: (h) => {
      ok(h.submit('b1', 'buy', 5));
      return h.submit('b2', 'buy', 6, { strategyId: 'b' });
    },
    expected: 'forwarded',
  },
  {
    name: "a strategy's position comes from its own fills, not the account's net",
    limits: { strategies: { a: { maxLong: 5 } } },
    run: (h) => {
      ok(h.submit('b1', 'buy', 5));
      h.fill('b1', 5, BTC);
      ok(h.submit('s1', 'sell', 2, { strategyId: 'b' }));
      h.fill('s1', 2, BTC);
      return h.submit('b2', 'buy', 1);
    },
    expected: { rule: 'max_long', limit: 5, value: 6 },
  },
  {
    name: 'an instrument short limit counts every strategy on the account',
    limits: { instruments: { 'sim:BTC-USD': { maxShort: 4 } } },
    run: (h) => {
      ok(h.submit('s1', 'sell', 3));
      h.fill('s1', 3, BTC);
      ok(h.submit('s2', 'sell', 1, { strategyId: 'b' }));
      return h.submit('s3', 'sell', 1, { strategyId: 'c' });
    },
    expected: { rule: 'max_short', limit: 4, value: 5, reason: /short position .* 5 lots, beyond the maximum of 4 lots \(instrument sim:BTC-USD\)$/ },
  },
  {
    name: 'an order that reduces a position over its limit passes',
    limits: { account: { maxLong: 2 } },
    flat: { maxPosition: { '*': 1_000 } },
    run: (h) => {
      ok(h.submit('b1', 'buy', 2));
      h.fill('b1', 2, BTC);
      return h.submit('s1', 'sell', 2);
    },
    expected: 'forwarded',
  },
  {
    name: 'the flat ± position limit still applies, with its own rule',
    limits: { account: { maxLong: 100 } },
    flat: { maxPosition: { '*': 10 } },
    run: (h) => h.submit('b1', 'buy', 11),
    expected: { rule: 'max_position', limit: 10, value: 11, reason: 'position after the fill would be long 11 lots, beyond the limit of ±10 lots' },
  },
  // ---------------------------------------------------------------- gross exposure
  {
    name: 'account gross exposure over instruments: exactly at the limit passes',
    limits: { account: { maxGrossExposure: '1322' } },
    run: (h) => {
      h.bar(BTC);
      h.bar(ETH, 'ETH-USD');
      ok(h.submit('b1', 'buy', 10)); // 650 USD
      h.fill('b1', 10, BTC);
      ok(h.submit('e1', 'buy', 20, eth)); // 640 USD working
      return h.submit('e2', 'sell', 21, eth); // short 21 if the sells fill: 672 → 1,322 USD
    },
    expected: 'forwarded',
  },
  {
    name: 'account gross exposure one lot over is denied, in units of 0.0001 USD',
    limits: { account: { maxGrossExposure: '1300' } },
    run: (h) => {
      h.bar(BTC);
      h.bar(ETH, 'ETH-USD');
      ok(h.submit('b1', 'buy', 10));
      h.fill('b1', 10, BTC);
      ok(h.submit('e1', 'buy', 20, eth));
      return h.submit('e2', 'buy', 1, eth);
    },
    expected: { rule: 'max_gross_exposure', limit: 13_000_000, value: 13_220_000, reason: /would be 1322\.0000 USD, beyond the maximum of 1300\.0000 USD \(account\)$/ },
  },
  {
    name: 'a sell that closes a long passes a gross exposure limit the account is over',
    limits: { account: { maxGrossExposure: '100' } },
    run: (h) => {
      h.bar(BTC);
      ok(h.submit('b1', 'buy', 1));
      h.fill('b1', 1, BTC);
      h.bar(BTC * 2); // the long is now worth 130 USD, over the limit
      return h.submit('s1', 'sell', 1);
    },
    expected: 'forwarded',
  },
  {
    name: "a strategy's gross exposure counts only its own holdings",
    limits: { strategies: { a: { maxGrossExposure: '650' } } },
    run: (h) => {
      h.bar(BTC);
      ok(h.submit('x1', 'buy', 50, { strategyId: 'b' }));
      ok(h.submit('b1', 'buy', 9));
      return h.submit('b2', 'buy', 2);
    },
    expected: { rule: 'max_gross_exposure', limit: 6_500_000, value: 7_150_000, reason: /\(strategy a\)$/ },
  },
  {
    name: 'before any market price, exposure is valued at the order’s own price',
    limits: { account: { maxGrossExposure: '650' } },
    run: (h) => {
      ok(h.limit('b1', 'buy', 10, BTC));
      return h.limit('b2', 'buy', 1, BTC);
    },
    expected: { rule: 'max_gross_exposure', value: 7_150_000 },
  },
  // ---------------------------------------------------------------- price band
  {
    name: 'a limit price exactly 100 bp from the last trade passes',
    limits: { account: { priceBandBps: 100 } },
    run: (h) => {
      h.bar(BTC);
      return h.limit('o1', 'buy', 1, BTC + 1_300);
    },
    expected: 'forwarded',
  },
  {
    name: 'a limit price a tick beyond the band is denied with its distance in bp',
    limits: { account: { priceBandBps: 100 } },
    run: (h) => {
      h.bar(BTC);
      return h.limit('o1', 'sell', 1, BTC - 1_301);
    },
    expected: { rule: 'price_band', limit: 100, value: 101, reason: 'price 64349.5 is 100.08 bp from the last trade 65000.0, beyond the band of 100 bp (account)' },
  },
  {
    name: 'a stop price beyond the band is denied (53.85 bp, reported as 54)',
    limits: { strategies: { a: { priceBandBps: 50 } } },
    run: (h) => {
      h.bar(BTC);
      return h.submit('s1', 'sell', 1, { orderType: 'stop', stopPrice: BTC - 700, tif: 'GTC' });
    },
    expected: { rule: 'price_band', limit: 50, value: 54, reason: /^stop price 64650\.0 .* \(strategy a\)$/ },
  },
  {
    name: 'before any trade the band is measured from the mid',
    limits: { account: { priceBandBps: 10 } },
    run: (h) => {
      h.book(BTC - 10, BTC + 10);
      return h.limit('o1', 'buy', 1, BTC + 200);
    },
    expected: { rule: 'price_band', reason: /from the mid 65000\.0/ },
  },
  {
    name: 'with no trade and no book there is no band',
    limits: { account: { priceBandBps: 10 } },
    run: (h) => h.limit('o1', 'buy', 1, BTC * 3),
    expected: 'forwarded',
  },
  // ---------------------------------------------------------------- reduce-only
  {
    name: 'reduce-only sells each up to the position pass, together covering it more than once (a stop and its targets)',
    limits: {},
    run: (h) => {
      ok(h.submit('b1', 'buy', 5));
      h.fill('b1', 5, BTC);
      ok(h.submit('s1', 'sell', 5, { orderType: 'stop', stopPrice: BTC - 100, reduceOnly: true }));
      ok(h.limit('r1', 'sell', 3, BTC + 100, { reduceOnly: true }));
      return h.limit('r2', 'sell', 2, BTC + 200, { reduceOnly: true });
    },
    expected: 'forwarded',
  },
  {
    name: 'a reduce-only sell that would flip the position is denied',
    limits: {},
    run: (h) => {
      ok(h.submit('b1', 'buy', 5));
      h.fill('b1', 5, BTC);
      return h.limit('r1', 'sell', 6, BTC + 200, { reduceOnly: true });
    },
    expected: { rule: 'reduce_only', limit: 5, value: 6, reason: 'a reduce-only sell of 6 lots is more than the position (long 5 lots)' },
  },
  {
    name: 'a reduce-only buy with no short is denied',
    limits: {},
    run: (h) => h.submit('r1', 'buy', 1, { reduceOnly: true }),
    expected: { rule: 'reduce_only', limit: 0, value: 1, reason: 'a reduce-only buy needs a short position to reduce; the position is flat' },
  },
  // ---------------------------------------------------------------- open orders
  {
    name: "a strategy's open orders limit counts its own working orders",
    limits: { strategies: { a: { maxOpenOrders: 2 } } },
    run: (h) => {
      ok(h.submit('o1', 'buy', 1));
      ok(h.submit('x1', 'buy', 1, { strategyId: 'b' }));
      ok(h.submit('o2', 'buy', 1));
      return h.submit('o3', 'buy', 1);
    },
    expected: { rule: 'max_open_orders', limit: 2, value: 3, reason: /\(strategy a\)$/ },
  },
  {
    name: 'an instrument open orders limit counts every strategy there, and a finished order frees its place',
    limits: { instruments: { 'BTC-USD': { maxOpenOrders: 2 } } },
    run: (h) => {
      ok(h.submit('o1', 'buy', 1));
      ok(h.submit('x1', 'buy', 1, { strategyId: 'b' }));
      ok(h.submit('e1', 'buy', 1, eth));
      if (h.submit('o2', 'buy', 1).kind !== 'denied') throw new Error('expected a denial');
      h.canceled('o1');
      return h.submit('o3', 'buy', 1);
    },
    expected: 'forwarded',
  },
  // ---------------------------------------------------------------- rate limits
  {
    name: "a strategy's order rate: a burst of one second's worth, then denied",
    limits: { strategies: { a: { ordersPerSecond: 2 } } },
    run: (h) => {
      ok(h.submit('o1', 'buy', 1, {}, T0));
      ok(h.submit('x1', 'buy', 1, { strategyId: 'b' }, T0));
      ok(h.submit('o2', 'buy', 1, {}, T0 + 1));
      return h.submit('o3', 'buy', 1, {}, T0 + 2);
    },
    expected: { rule: 'order_rate', limit: 2, value: 3, reason: 'more than 2 orders a second (a burst of 2 used up); the next is allowed in 500 ms (strategy a)' },
  },
  {
    name: 'the rate refills: half a second later at 2/s, one more passes',
    limits: { strategies: { a: { ordersPerSecond: 2 } } },
    run: (h) => {
      ok(h.submit('o1', 'buy', 1, {}, T0));
      ok(h.submit('o2', 'buy', 1, {}, T0));
      return h.submit('o3', 'buy', 1, {}, T0 + 500_000);
    },
    expected: 'forwarded',
  },
  {
    name: 'a denied order takes no token',
    limits: { account: { ordersPerSecond: 1, maxOrderQty: 5 } },
    run: (h) => {
      if (h.submit('big', 'buy', 6, {}, T0).kind !== 'denied') throw new Error('expected a denial');
      return h.submit('o1', 'buy', 5, {}, T0);
    },
    expected: 'forwarded',
  },
  {
    name: 'cancels over the cancel rate are refused with the rule and reason',
    limits: { account: { cancelsPerSecond: 1 } },
    run: (h) => {
      ok(h.limit('o1', 'buy', 1, BTC));
      ok(h.limit('o2', 'buy', 1, BTC));
      ok(h.cancel('o1', T0));
      return h.cancel('o2', T0 + 10);
    },
    expected: { refused: /^cancel_rate: more than 1 cancels a second .* \(account\)$/ },
  },
  {
    name: 'cancels are not throttled while trading is reduce-only (the kill switch cancels everything)',
    limits: { account: { cancelsPerSecond: 1 } },
    run: (h) => {
      ok(h.limit('o1', 'buy', 1, BTC));
      ok(h.limit('o2', 'buy', 1, BTC));
      h.state('reducing');
      ok(h.cancel('o1', T0));
      return h.cancel('o2', T0);
    },
    expected: 'forwarded',
  },
  // ---------------------------------------------------------------- validity, order of checks
  {
    name: 'a quantity off the lot grid is denied (lot_size)',
    limits: {},
    run: (h) => h.submit('o1', 'buy', 1.5, {}, h.now, false),
    expected: { rule: 'lot_size', limit: 1, value: 1 },
  },
  {
    name: 'the trading state comes first, before the rate limit',
    limits: { account: { ordersPerSecond: 1 } },
    run: (h) => {
      ok(h.submit('o1', 'buy', 1));
      h.state('halted');
      return h.submit('o2', 'buy', 1);
    },
    expected: { rule: 'trading_state' },
  },
  {
    name: 'the rate limit comes before validity',
    limits: { account: { ordersPerSecond: 1 } },
    run: (h) => {
      ok(h.submit('o1', 'buy', 1));
      return h.submit('o2', 'buy', 0.5, {}, h.now, false);
    },
    expected: { rule: 'order_rate' },
  },
  {
    name: 'order quantity before order value before band before position',
    limits: { account: { maxOrderQty: 10, maxOrderNotional: '1', priceBandBps: 1, maxLong: 1 } },
    run: (h) => {
      h.bar(BTC);
      return h.limit('o1', 'buy', 11, BTC * 2);
    },
    expected: { rule: 'max_order_qty' },
  },
  {
    name: 'position before gross exposure before open orders before minimum value',
    limits: { account: { maxLong: 1, maxGrossExposure: '1', maxOpenOrders: 0 } },
    run: (h) => {
      h.bar(BTC);
      return h.submit('o1', 'buy', 2);
    },
    expected: { rule: 'max_long' },
  },
  {
    name: 'the minimum value comes last',
    limits: {},
    run: (h) => h.limit('o1', 'buy', 1, 2), // 1 USD, below the 5 USD minimum
    expected: { rule: 'min_notional', limit: 10_000, value: 2 },
  },
  // ---------------------------------------------------------------- amends
  {
    name: 'an amend to a price beyond the band is refused',
    limits: { account: { priceBandBps: 100 } },
    run: (h) => {
      h.bar(BTC);
      ok(h.limit('o1', 'buy', 1, BTC));
      return h.amend('o1', { price: BTC + 1_400 });
    },
    expected: { refused: /^price_band: price 65700\.0 is 107\.7 bp/ },
  },
  {
    name: "an amend raising the quantity beyond the strategy's long limit is refused",
    limits: { strategies: { a: { maxLong: 5 } } },
    run: (h) => {
      ok(h.limit('o1', 'buy', 3, BTC));
      ok(h.limit('o2', 'buy', 1, BTC));
      return h.amend('o1', { qty: 5 });
    },
    expected: { refused: /^max_long: .* 6 lots, beyond the maximum of 5 lots \(strategy a\)$/ },
  },
  {
    name: 'an amend raising the order value beyond the maximum is refused; a lower one passes',
    limits: { account: { maxOrderNotional: '650' } },
    run: (h) => {
      ok(h.limit('o1', 'buy', 10, BTC - 2));
      ok(h.amend('o1', { price: BTC - 4 }));
      return h.amend('o1', { price: BTC + 2 });
    },
    expected: { refused: /^max_order_notional:/ },
  },
  {
    name: 'the extra lots of a forwarded amend count at once, before the venue confirms it',
    limits: { strategies: { a: { maxLong: 5 } } },
    run: (h) => {
      ok(h.limit('o1', 'buy', 2, BTC));
      ok(h.amend('o1', { qty: 4 }));
      return h.limit('o2', 'buy', 2, BTC);
    },
    expected: { rule: 'max_long', value: 6 },
  },
  {
    name: 'a second amend raising the quantity waits for the first to be confirmed',
    limits: {},
    run: (h) => {
      ok(h.limit('o1', 'buy', 2, BTC));
      ok(h.amend('o1', { qty: 4 }));
      return h.amend('o1', { qty: 6 });
    },
    expected: { refused: /^amend_pending:/ },
  },
  {
    name: 'once the venue confirms (or refuses) an amend, the quantity may be raised again',
    limits: {},
    run: (h) => {
      ok(h.limit('o1', 'buy', 2, BTC));
      ok(h.amend('o1', { qty: 4 }));
      h.amended('o1', { price: BTC, qty: 4 });
      ok(h.amend('o1', { qty: 6 }));
      h.amendRefused('o1');
      return h.amend('o1', { qty: 7 });
    },
    expected: 'forwarded',
  },
  {
    name: 'amends take order-rate tokens',
    limits: { account: { ordersPerSecond: 2 } },
    run: (h) => {
      ok(h.limit('o1', 'buy', 2, BTC, {}, T0));
      ok(h.amend('o1', { price: BTC - 2 }, T0));
      return h.amend('o1', { price: BTC - 4 }, T0);
    },
    expected: { refused: /^order_rate:/ },
  },
];

describe('RiskEngine scenarios', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      const h = riskHarness({ ...FLAT, ...scenario.flat, limits: scenario.limits });
      const outcome = scenario.run(h);
      const { expected } = scenario;
      if (expected === 'forwarded') {
        expect(outcome).toEqual({ kind: 'forwarded' });
      } else if ('refused' in expected) {
        expect(outcome.kind).toBe('refused');
        expect((outcome as { reason: string }).reason).toMatch(expected.refused);
      } else {
        expect(outcome.kind).toBe('denied');
        const { reason, ...numbers } = expected;
        expect(outcome).toMatchObject(numbers);
        if (reason !== undefined) expect((outcome as { reason: string }).reason).toMatch(reason);
      }
    });
  }
});
