/**
 * ccxt hands prices and amounts over as JavaScript numbers, parsed from the venue's decimal strings. The shortest
 * string that reads back as the same double (what `String(x)` gives) is the venue's own decimal whenever that had at
 * most 15 significant digits, so going through it puts a value on our integer grid exactly, with no float arithmetic.
 * A value it cannot place is off the grid (-1), and the caller counts it.
 */
import { gridStep, toGridUnits, type GridStep } from '../binance/decimal-units.js';
import { parseDecimal } from '../../core/fixed-point.js';

/** `x` as a plain decimal string, without exponent notation: 1e-7 → "0.0000001", 1.5e21 → "1500000000000000000000". */
export function numberToDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  const text = String(x);
  const e = text.search(/e/i);
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const at = (point < 0 ? mantissa.length : point) + exponent;
  let out: string;
  if (at <= 0) out = `0.${'0'.repeat(-at)}${digits}`;
  else if (at >= digits.length) out = digits + '0'.repeat(at - digits.length);
  else out = `${digits.slice(0, at)}.${digits.slice(at)}`;
  return negative ? `-${out}` : out;
}

/** A grid step (tick or lot) from a decimal string, for {@link unitsOfNumber}. */
export function gridOf(step: string): GridStep {
  return gridStep(parseDecimal(step));
}

/** The count of `grid` steps in `x`, or -1 when `x` is negative, not finite or off the grid. */
export function unitsOfNumber(x: unknown, grid: GridStep): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) return -1;
  return toGridUnits(numberToDecimal(x), grid);
}
