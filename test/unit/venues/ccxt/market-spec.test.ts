/**
 * ccxt markets to our instruments: each precision mode, contract sizes, the symbol mapping, and the refusals that
 * name their fix.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import { numberToDecimal, gridOf, unitsOfNumber } from '../../../../workers/venues/ccxt/ccxt-numbers.js';
import { instrumentSpecOf, ourSymbol, PRECISION_MODES, venueGrid, type CcxtMarketLike } from '../../../../workers/venues/ccxt/market-spec.js';

const spot: CcxtMarketLike = {
  id: 'XBTUSDT', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', type: 'spot', spot: true,
  precision: { price: 0.1, amount: 1e-8 }, limits: { cost: { min: 5 } }, maker: 0.0016, taker: 0.0026,
};

describe('ccxt numbers', () => {
  it('writes doubles as plain decimals, the venue’s own digits', () => {
    expect(numberToDecimal(1e-8)).toBe('0.00000001');
    expect(numberToDecimal(65000.01)).toBe('65000.01');
    expect(numberToDecimal(1.5e21)).toBe('1500000000000000000000');
    expect(numberToDecimal(-2.5e-7)).toBe('-0.00000025');
    expect(numberToDecimal(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('puts values on the grid exactly, refusing what is off it', () => {
    const tick = gridOf('0.01');
    expect(unitsOfNumber(65000.01, tick)).toBe(6_500_001);
    expect(unitsOfNumber(0.07, tick)).toBe(7);
    expect(unitsOfNumber(65000.015, tick)).toBe(-1);
    // 0.1 + 0.2 is not the venue's 0.3: refused rather than rounded.
    expect(unitsOfNumber(0.1 + 0.2, gridOf('0.1'))).toBe(-1);
    expect(unitsOfNumber(3e-8, gridOf('0.00000001'))).toBe(3);
    expect(unitsOfNumber(-1, tick)).toBe(-1);
    expect(unitsOfNumber(Number.NaN, tick)).toBe(-1);
    expect(unitsOfNumber('1', tick)).toBe(-1);
  });
});

describe('ccxt markets to instruments', () => {
  it('reads TICK_SIZE precision as the steps themselves', () => {
    const spec = instrumentSpecOf('kraken', spot, PRECISION_MODES.TICK_SIZE);
    expect(spec).toEqual({
      venue: 'kraken', symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', lotSize: '0.00000001', minNotional: '5',
      multiplier: 1, kind: 'spot', makerFee: '0.0016', takerFee: '0.0026',
    });
    expect(() => makeInstrument(spec)).not.toThrow();
  });

  it('reads DECIMAL_PLACES precision as powers of ten, negative places included', () => {
    const market = { ...spot, precision: { price: 2, amount: 0 } };
    expect(instrumentSpecOf('x', market, PRECISION_MODES.DECIMAL_PLACES)).toMatchObject({ tickSize: '0.01', lotSize: '1' });
    expect(venueGrid({ ...spot, precision: { price: -1, amount: 5 } }, PRECISION_MODES.DECIMAL_PLACES)).toEqual({ tickSize: '10', amountStep: '0.00001', contractSize: '1' });
  });

  it('refuses SIGNIFICANT_DIGITS unless the configuration gives the grid', () => {
    const market = { ...spot, precision: { price: 5, amount: 8 } };
    expect(() => instrumentSpecOf('bitfinex', market, PRECISION_MODES.SIGNIFICANT_DIGITS)).toThrow(/significant digits.*set tickSize/);
    const spec = instrumentSpecOf('bitfinex', market, PRECISION_MODES.SIGNIFICANT_DIGITS, { tickSize: '0.5', lotSize: '0.0001' });
    expect(spec).toMatchObject({ tickSize: '0.5', lotSize: '0.0001' });
  });

  it('makes a linear contract’s lot one amount step in base units', () => {
    const swap: CcxtMarketLike = {
      ...spot, symbol: 'BTC/USDT:USDT', type: 'swap', spot: false, contract: true, linear: true, contractSize: 0.001,
      precision: { price: 0.1, amount: 1 }, limits: { cost: { min: 5 } },
    };
    const spec = instrumentSpecOf('okx', swap, PRECISION_MODES.TICK_SIZE);
    expect(spec).toMatchObject({ symbol: 'BTC-USDT-USDT', tickSize: '0.1', lotSize: '0.001', kind: 'future', multiplier: 1 });
    // ccxt amounts (contracts) stay on their own step: 1 contract is one lot.
    expect(venueGrid(swap, PRECISION_MODES.TICK_SIZE)).toEqual({ tickSize: '0.1', amountStep: '1', contractSize: '0.001' });
    // A lot override in base units is converted back to contracts.
    expect(venueGrid(swap, PRECISION_MODES.TICK_SIZE, { lotSize: '0.01' }).amountStep).toBe('10');
  });

  it('refuses inverse contracts and options, and symbols that cannot be topics', () => {
    expect(() => instrumentSpecOf('x', { ...spot, contract: true, inverse: true }, PRECISION_MODES.TICK_SIZE)).toThrow(/inverse/);
    expect(() => instrumentSpecOf('x', { ...spot, option: true }, PRECISION_MODES.TICK_SIZE)).toThrow(/options/);
    expect(() => instrumentSpecOf('x', { ...spot, precision: { amount: 1 } }, PRECISION_MODES.TICK_SIZE)).toThrow(/no price precision/);
    expect(ourSymbol('BTC/USD:BTC-240329')).toBe('BTC-USD-BTC-240329');
    expect(() => ourSymbol('BTC.USD')).toThrow();
  });
});
