import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../../workers/core/fixed-point.js';
import { gridStep, toGridUnits } from '../../../../workers/venues/binance/decimal-units.js';

describe('decimal strings straight to grid units', () => {
  const cent = gridStep(parseDecimal('0.01000000'));
  const tenth = gridStep(parseDecimal('0.10'));
  const five = gridStep(parseDecimal('0.05'));

  it('counts ticks exactly, trailing zeros or not', () => {
    expect(toGridUnits('65000.12000000', cent)).toBe(6_500_012);
    expect(toGridUnits('65000.12', cent)).toBe(6_500_012);
    expect(toGridUnits('65000', cent)).toBe(6_500_000);
    expect(toGridUnits('0.00000000', cent)).toBe(0);
    expect(toGridUnits('0.15', five)).toBe(3);
    expect(toGridUnits('43123.4', tenth)).toBe(431_234);
  });

  it('refuses values off the grid and anything that is not a plain decimal', () => {
    expect(toGridUnits('65000.125', cent)).toBe(-1);
    expect(toGridUnits('0.12', five)).toBe(-1);
    expect(toGridUnits('1e5', cent)).toBe(-1);
    expect(toGridUnits('-1.00', cent)).toBe(-1);
    expect(toGridUnits('', cent)).toBe(-1);
    expect(toGridUnits('1.2.3', cent)).toBe(-1);
  });

  it('stays exact beyond a double’s digits', () => {
    const satoshi = gridStep(parseDecimal('0.00000001'));
    expect(toGridUnits('12345678.12345678', satoshi)).toBe(1_234_567_812_345_678);
    expect(toGridUnits('123456789.123456789', satoshi)).toBe(-1);
  });
});
