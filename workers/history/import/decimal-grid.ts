/**
 * Decimal strings to integer units of a grid (ticks, lots), exactly, without BigInt on the common path. A grid step
 * is mantissa × 10^-places; a value on it is scaled to `places` decimals, then divided by the mantissa.
 */
import type { Decimal } from '../../core/fixed-point.js';

const PLAIN = /^\d+(\.\d*)?$|^\.\d+$/;

/** Decimal places of a plain decimal string as written ("1.50" has 2), or -1 if it is not one. */
export function placesOf(text: string): number {
  if (!PLAIN.test(text)) return -1;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The grid 10^-places, the step the finest decimals seen imply. */
export function gridOf(places: number): Decimal {
  return { mantissa: 1n, exponent: -places };
}

/** Converts decimal strings to units of one grid step. */
export class DecimalGrid {
  private readonly places: number;
  private readonly mantissa: number;

  constructor(readonly step: Decimal) {
    if (step.mantissa <= 0n) throw new Error('a grid step must be > 0');
    this.places = Math.max(0, -step.exponent);
    // Steps like 5 or 100 (positive exponent) scale the mantissa instead.
    this.mantissa = Number(step.mantissa * 10n ** BigInt(Math.max(0, step.exponent)));
  }

  /** Units of `text`; undefined if it is not a non-negative decimal or not a whole number of steps. */
  units(text: string): number | undefined {
    if (!PLAIN.test(text)) return undefined;
    const dot = text.indexOf('.');
    const whole = dot < 0 ? text : text.slice(0, dot);
    let fraction = dot < 0 ? '' : text.slice(dot + 1);
    if (fraction.length > this.places) {
      // Digits finer than the grid are allowed only as trailing zeros.
      for (let i = this.places; i < fraction.length; i++) if (fraction.charCodeAt(i) !== 48) return undefined;
      fraction = fraction.slice(0, this.places);
    }
    const digits = whole + fraction.padEnd(this.places, '0');
    if (digits.length <= 15) {
      const scaled = Number(digits);
      if (scaled % this.mantissa !== 0) return undefined;
      return scaled / this.mantissa;
    }
    const scaled = BigInt(digits);
    const mantissa = BigInt(this.mantissa);
    if (scaled % mantissa !== 0n) return undefined;
    const units = scaled / mantissa;
    return units > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(units);
  }
}
