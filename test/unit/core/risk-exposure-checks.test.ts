import { describe, it, expect } from 'vitest';
import { checkGrossExposure, checkPriceBand, checkReduceOnly, checkSideLimit } from '../../../workers/core/risk-exposure-checks.js';

describe('checkSideLimit', () => {
  it('passes a buy that lands exactly on the long limit and denies one lot more, counting working buys', () => {
    // Long 4 with 3 lots of buys working: potential 7; a buy of 3 makes 10.
    expect(checkSideLimit(7, 'buy', 3, 10)).toBeUndefined();
    expect(checkSideLimit(7, 'buy', 4, 10)).toEqual({
      rule: 'max_long',
      reason: 'long position after the fill, working orders included, would be 11 lots, beyond the maximum of 10 lots',
      limit: 10,
      value: 11,
    });
  });

  it('holds sells to the short limit on their own side', () => {
    expect(checkSideLimit(-2, 'sell', 3, 5)).toBeUndefined();
    expect(checkSideLimit(-2, 'sell', 4, 5)).toMatchObject({ rule: 'max_short', limit: 5, value: 6 });
  });

  it('always passes an order that reduces, even over a lowered limit, and a flip is held to the other side', () => {
    expect(checkSideLimit(25, 'sell', 5, 0)).toBeUndefined();
    expect(checkSideLimit(-25, 'buy', 25, 0)).toBeUndefined();
    expect(checkSideLimit(5, 'sell', 8, 3)).toBeUndefined(); // short 3: at the limit
    expect(checkSideLimit(5, 'sell', 9, 3)).toMatchObject({ rule: 'max_short', value: 4 });
  });

  it('a limit of 0 forbids that side entirely', () => {
    expect(checkSideLimit(0, 'sell', 1, 0)).toMatchObject({ rule: 'max_short', limit: 0, value: 1 });
    expect(checkSideLimit(0, 'buy', 1, 0)).toMatchObject({ rule: 'max_long', limit: 0, value: 1 });
  });
});

describe('checkReduceOnly', () => {
  it('passes a reduce-only order that closes at most the whole position', () => {
    expect(checkReduceOnly(5, 'sell', 5)).toBeUndefined();
    expect(checkReduceOnly(5, 'sell', 2)).toBeUndefined();
    expect(checkReduceOnly(-4, 'buy', 4)).toBeUndefined();
  });

  it('denies one larger than the position, with the position as the limit', () => {
    expect(checkReduceOnly(5, 'sell', 6)).toEqual({
      rule: 'reduce_only',
      reason: 'a reduce-only sell of 6 lots is more than the position (long 5 lots)',
      limit: 5,
      value: 6,
    });
    expect(checkReduceOnly(-4, 'buy', 5)).toMatchObject({ rule: 'reduce_only', limit: 4, value: 5 });
  });

  it('denies one that would grow the position or finds nothing to reduce', () => {
    expect(checkReduceOnly(5, 'buy', 1)?.reason).toBe('a reduce-only buy needs a short position to reduce; the position is long 5 lots');
    expect(checkReduceOnly(0, 'sell', 1)).toMatchObject({ rule: 'reduce_only', limit: 0, value: 1 });
  });
});

describe('checkGrossExposure', () => {
  it('passes exactly at the limit and denies one unit over', () => {
    expect(checkGrossExposure(900, 1_000, 1_000)).toBeUndefined();
    expect(checkGrossExposure(900, 1_001, 1_000)).toEqual({
      rule: 'max_gross_exposure',
      reason: 'gross exposure after the fill, working orders included, would be 1001 ticks×lots, beyond the maximum of 1000 ticks×lots',
      limit: 1_000,
      value: 1_001,
    });
  });

  it('passes an order that does not raise exposure, even over the limit', () => {
    expect(checkGrossExposure(5_000, 5_000, 1_000)).toBeUndefined();
    expect(checkGrossExposure(5_000, 4_000, 1_000)).toBeUndefined();
    expect(checkGrossExposure(5_000, 5_001, 1_000)).toMatchObject({ value: 5_001 });
  });
});

describe('checkPriceBand', () => {
  const last = { price: 10_000, name: 'last trade' };

  it('passes prices exactly on the band edges and denies a tick beyond, with the distance in bp', () => {
    expect(checkPriceBand(10_500, last, 500)).toBeUndefined();
    expect(checkPriceBand(9_500, last, 500)).toBeUndefined();
    expect(checkPriceBand(10_501, last, 500)).toEqual({
      rule: 'price_band',
      reason: 'price 10501 ticks is 501 bp from the last trade 10000 ticks, beyond the band of 500 bp',
      limit: 500,
      value: 501,
    });
    expect(checkPriceBand(9_499, last, 500)).toMatchObject({ value: 501 });
  });

  it('gives the distance to a hundredth of a bp in the reason and rounded up to a whole one as the value', () => {
    // Around 30,001 a 1 bp band is 3.0001 ticks wide: 3 ticks pass (0.99997 bp), 4 ticks are 1.3332… bp, shown as 1.34.
    expect(checkPriceBand(30_005, { price: 30_001, name: 'mid' }, 1)).toMatchObject({ limit: 1, value: 2, reason: expect.stringContaining(' 1.34 bp ') });
    expect(checkPriceBand(30_004, { price: 30_001, name: 'mid' }, 1)).toBeUndefined();
  });

  it('has no band without a reference, a band or a price, and names the reference and what is checked', () => {
    expect(checkPriceBand(1, { price: 0, name: 'last trade' }, 10)).toBeUndefined();
    expect(checkPriceBand(1, last, 0)).toBeUndefined();
    expect(checkPriceBand(0, last, 10)).toBeUndefined();
    const denial = checkPriceBand(12_000, { price: 10_000, name: 'mid' }, 100, 'stop price', (t) => `${t / 2} USD`);
    expect(denial?.reason).toBe('stop price 6000 USD is 2000 bp from the mid 5000 USD, beyond the band of 100 bp');
  });
});
