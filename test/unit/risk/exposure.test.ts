import { describe, it, expect } from 'vitest';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import { SIM_INSTRUMENTS } from '../../../workers/protocol/config.js';
import { Book, EXPOSURE_CAP, exposureUnit, formatExposure, Holding, Market, unitsPerMoneyUnit } from '../../../workers/risk/exposure.js';

const registry = new InstrumentRegistry(SIM_INSTRUMENTS);
const btc = registry.get('sim', 'BTC-USD');

describe('exposure unit', () => {
  it("is the largest decimal dividing every instrument's tick×lot×multiplier", () => {
    // BTC 0.5 × 0.001 = 0.0005, ETH 0.01 × 0.01 = 0.0001, IDX 0.25 × 1 × 50 = 12.5 USD.
    const unit = exposureUnit(registry.all());
    expect(formatExposure(1, unit)).toBe('0.0001');
    expect(registry.all().map((i) => unitsPerMoneyUnit(i, unit))).toEqual([5, 1, 125_000]);
    expect(exposureUnit([btc])).toEqual(btc.moneyUnit);
  });
});

describe('Holding and Book', () => {
  function setup() {
    const book = new Book('account');
    const market = new Market(btc, 5);
    return { book, market, holding: new Holding(market, book) };
  }

  it('values the larger of the all-buys-filled and all-sells-filled positions at the market price', () => {
    const { book, market, holding } = setup();
    market.setLast(100);
    holding.fill(4);
    expect([holding.value, book.gross]).toEqual([4 * 100 * 5, 2_000]);
    holding.shiftWorking('buy', 3); // long 7 if the buys fill
    expect(holding.value).toBe(7 * 100 * 5);
    holding.shiftWorking('sell', 10); // short 6 if the sells fill: still 7 the larger
    expect(holding.value).toBe(3_500);
    expect(holding.valueWith(0, 6, 100)).toBe(12 * 100 * 5);
    // A sell that only closes the long does not raise it.
    expect(holding.valueWith(0, 0, 100)).toBe(holding.value);
  });

  it('moves the book by the difference on every change, and revalues on a new price', () => {
    const { book, market } = setup();
    const other = new Holding(market, book);
    market.setLast(100);
    other.fill(-2);
    const first = new Holding(new Market(btc, 5), book);
    first.fill(1); // no price yet: worth nothing
    expect(book.gross).toBe(1_000);
    market.setLast(200);
    expect(book.gross).toBe(2_000);
    other.fill(2);
    expect(book.gross).toBe(0);
  });

  it('counts open orders in the holding and its book', () => {
    const { book, holding } = setup();
    holding.count(1);
    holding.count(1);
    holding.count(-1);
    expect([holding.open, book.open]).toEqual([1, 1]);
  });

  it('clamps a value at the cap', () => {
    const { market, holding } = setup();
    market.setLast(Number.MAX_SAFE_INTEGER);
    holding.fill(1_000);
    expect(holding.value).toBe(EXPOSURE_CAP);
  });
});

describe('Market', () => {
  it('takes the last trade over the mid, the mid over the last fill or order price', () => {
    const market = new Market(btc, 5);
    market.setFallback(90);
    expect([market.valuation, market.reference.price]).toEqual([90, 0]);
    market.setMid(95);
    expect([market.valuation, market.reference]).toEqual([95, { price: 95, name: 'mid' }]);
    market.setLast(100);
    market.setMid(80);
    market.setFallback(70);
    expect([market.valuation, market.reference]).toEqual([100, { price: 100, name: 'last trade' }]);
  });
});
