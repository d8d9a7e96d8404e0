/**
 * Binance sends prices and quantities as decimal strings ("65000.01000000"). This turns one straight into an integer
 * count of a grid step (tick or lot) without a float in between: exact, and fast enough for the diff-depth hot path
 * (one pass over the characters, BigInt only for numbers too long for a double's 53 bits).
 */
import { parseDecimal, unitsOf, type Decimal } from '../../core/fixed-point.js';

/** A grid step prepared for fast parsing: units = digits × 10^(step decimals − fraction digits) / step mantissa. */
export interface GridStep {
  readonly step: Decimal;
  /** Decimal places of the step (≥ 0). */
  readonly decimals: number;
  /** The step as an integer at `decimals` places, e.g. 0.05 → 5. */
  readonly mantissa: number;
}

/** Powers of ten a double holds exactly, by exponent. */
export const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Prepares `step` (e.g. the instrument's tick) for {@link toGridUnits}. */
export function gridStep(step: Decimal): GridStep {
  const decimals = Math.max(0, -step.exponent);
  const mantissa = Number(step.mantissa * 10n ** BigInt(step.exponent + decimals));
  return { step, decimals, mantissa };
}

/**
 * The count of `grid` steps in `text`, or -1 if `text` is not a plain non-negative decimal or is off the grid
 * (the caller counts it and refuses the frame). "0", "0.000" and "" with digits give 0.
 */
export function toGridUnits(text: string, grid: GridStep): number {
  return toGridUnitsAt(text, 0, text.length, grid);
}

/** {@link toGridUnits} of `text.slice(start, end)`, without making the slice (the frame scanner's hot path). */
export function toGridUnitsAt(text: string, start: number, end: number, grid: GridStep): number {
  let digits = 0;
  let fraction = -1; // digits after the point, -1 before it
  let significant = 0;
  let excessNonZero = false;
  let seen = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (fraction >= 0) return -1;
      fraction = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return -1;
    seen++;
    if (fraction >= 0) {
      fraction++;
      // Digits beyond the grid's places must be zeros, else the value is off the grid.
      if (fraction > grid.decimals) {
        if (d !== 0) excessNonZero = true;
        continue;
      }
    }
    if (digits !== 0 || d !== 0) significant++;
    digits = digits * 10 + d;
  }
  if (excessNonZero || seen === 0) return -1;
  const kept = fraction < 0 ? 0 : Math.min(fraction, grid.decimals);
  const shift = grid.decimals - kept;
  if (significant + shift > 15) return slowUnits(text.slice(start, end), grid);
  const scaled = digits * (POW10[shift] as number);
  const units = scaled / grid.mantissa;
  return Number.isInteger(units) ? units : -1;
}

function slowUnits(text: string, grid: GridStep): number {
  try {
    const units = unitsOf(parseDecimal(text), grid.step);
    return units === undefined || !Number.isSafeInteger(units) || units < 0 ? -1 : units;
  } catch {
    return -1;
  }
}
