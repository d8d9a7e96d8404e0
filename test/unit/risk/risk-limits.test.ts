import { describe, it, expect } from 'vitest';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import { SIM_INSTRUMENTS, type RiskConfig } from '../../../workers/protocol/config.js';
import { RiskLimits } from '../../../workers/risk/risk-limits.js';

const registry = new InstrumentRegistry(SIM_INSTRUMENTS);
const FLAT: RiskConfig = { maxOrderQty: { 'BTC-USD': 20, '*': 100 }, maxPosition: { '*': 10 }, maxOpenOrders: 50 };

describe('RiskLimits', () => {
  it('resolves the flat defaults per symbol with the * default', () => {
    const limits = new RiskLimits(registry, FLAT);
    const btc = limits.route('sim', 'BTC-USD', 's');
    const eth = limits.route('sim', 'ETH-USD', 's');
    expect(btc.orderQty).toEqual([{ limit: 20, scope: '' }]);
    expect(eth.orderQty).toEqual([{ limit: 100, scope: '' }]);
    expect(btc.long).toEqual([{ limit: 10, scope: '', target: 'account', symmetric: true }]);
    expect(btc.openOrders).toEqual([{ limit: 50, scope: '', target: 'account' }]);
    expect([btc.orderNotional, btc.gross, btc.bandBps, btc.orderBuckets]).toEqual([[], [], [], []]);
  });

  it('builds a route once per (instrument, strategy) and shares holdings, books and buckets where scopes are shared', () => {
    const limits = new RiskLimits(registry, { ...FLAT, limits: { account: { ordersPerSecond: 5 }, strategies: { a: { ordersPerSecond: 2 } } } });
    const a1 = limits.route('sim', 'BTC-USD', 'a');
    expect(limits.route('sim', 'BTC-USD', 'a')).toBe(a1);
    const a2 = limits.route('sim', 'ETH-USD', 'a');
    const b1 = limits.route('sim', 'BTC-USD', 'b');
    expect(b1.account).toBe(a1.account);
    expect(b1.strategy).not.toBe(a1.strategy);
    expect(a2.strategy.book).toBe(a1.strategy.book);
    expect(a2.orderBuckets[1]?.bucket).toBe(a1.orderBuckets[1]?.bucket);
    expect(b1.orderBuckets.map((b) => b.scope)).toEqual(['account']);
    expect(b1.orderBuckets[0]?.bucket).toBe(a1.orderBuckets[0]?.bucket);
  });

  it('orders scopes defaults, account, instrument, strategy and names each', () => {
    const limits = new RiskLimits(registry, {
      ...FLAT,
      limits: { account: { maxOrderQty: 15 }, instruments: { 'BTC-USD': { maxOrderQty: 12 } }, strategies: { 'sma-btc': { maxOrderQty: 8, maxLong: 3 } } },
    });
    const route = limits.route('sim', 'BTC-USD', 'sma-btc');
    expect(route.orderQty).toEqual([
      { limit: 20, scope: '' },
      { limit: 15, scope: 'account' },
      { limit: 12, scope: 'instrument BTC-USD' },
      { limit: 8, scope: 'strategy sma-btc' },
    ]);
    expect(route.long.at(-1)).toEqual({ limit: 3, scope: 'strategy sma-btc', target: 'strategy', symmetric: false });
  });

  it("prefers an instrument's venue:symbol key over its symbol", () => {
    const limits = new RiskLimits(registry, { ...FLAT, limits: { instruments: { 'BTC-USD': { maxOrderQty: 12 }, 'sim:BTC-USD': { maxOrderQty: 11 } } } });
    expect(limits.route('sim', 'BTC-USD', 's').orderQty.at(-1)).toEqual({ limit: 11, scope: 'instrument sim:BTC-USD' });
  });

  it('converts money limits to integer units once, rounding down so the comparison is exact', () => {
    const limits = new RiskLimits(registry, { ...FLAT, limits: { account: { maxOrderNotional: '1000.0009', maxGrossExposure: '2.00019' } } });
    const btc = limits.route('sim', 'BTC-USD', 's');
    // BTC money unit 0.0005 USD: 1000.0009 / 0.0005 = 2,000,001.8 → 2,000,001. Exposure unit 0.0001: 20,001.
    expect(btc.orderNotional).toEqual([{ limit: 2_000_001, scope: 'account' }]);
    expect(btc.gross).toEqual([{ limit: 20_001, scope: 'account', target: 'account' }]);
    expect(btc.money(2_000_001)).toBe('1000.0005 USD');
    expect(btc.exposureMoney(20_001)).toBe('2.0001 USD');
    // IDX-FUT money unit 12.5 USD: 1000.0009 / 12.5 = 80.00007 → 80.
    expect(limits.route('sim', 'IDX-FUT', 's').orderNotional[0]?.limit).toBe(80);
  });

  it('fails fast on a malformed limit or an unknown instrument', () => {
    const bad = (limits: RiskConfig['limits']) => () => new RiskLimits(registry, { ...FLAT, limits });
    expect(bad({ account: { maxOrderQty: -1 } })).toThrow(/account.*maxOrderQty/);
    expect(bad({ account: { ordersPerSecond: 0.5 } })).toThrow(/ordersPerSecond/);
    expect(bad({ strategies: { s: { maxOrderNotional: '1e6' } } })).toThrow(/strategy s.*decimal/);
    expect(bad({ account: { maxGrossExposure: '-5' } })).toThrow(/≥ 0/);
    expect(bad({ instruments: { 'DOGE-USD': { maxLong: 1 } } })).toThrow(/no instrument DOGE-USD/);
  });
});
