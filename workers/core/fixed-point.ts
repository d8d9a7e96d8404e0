/**
 * Exact decimals at the edges. Inside the engine every price and quantity is an integer count of the instrument's
 * tick or lot; these helpers turn decimal strings into such counts and back without floating point.
 */

/** A decimal as an integer mantissa and a power-of-ten exponent: 0.025 = { mantissa: 25n, exponent: -3 }. */
export interface Decimal {
  mantissa: bigint;
  exponent: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal string ("0.01", "-12.5", "3"); throws on anything else (no exponents, no NaN). */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text.trim());
  if (match === null) throw new Error(`not a decimal number: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  const mantissa = BigInt(`${whole}${fraction}`) * (sign === '-' ? -1n : 1n);
  return { mantissa, exponent: -fraction.length };
}

/** Formats `count` units of size `unit` as a decimal string with exactly `decimals` places (rounding half away from zero if it must cut). */
export function formatUnits(count: number | bigint, unit: Decimal, decimals: number): string {
  const scaled = BigInt(count) * unit.mantissa; // value = scaled × 10^unit.exponent
  const shift = decimals + unit.exponent; // value × 10^decimals = scaled × 10^shift
  const atDecimals = shift >= 0 ? scaled * 10n ** BigInt(shift) : roundDiv(scaled, 10n ** BigInt(-shift));
  return placePoint(atDecimals, decimals);
}

/** The count of `unit`s in decimal `text`; throws if `text` is not a whole number of units. */
export function toUnits(text: string, unit: Decimal): number {
  const count = unitsOf(parseDecimal(text), unit);
  if (count === undefined) throw new Error(`${text} is not a multiple of ${formatDecimal(unit)}`);
  return count;
}

/** The count of `unit`s in `value`, or undefined if it is not a whole number of them. */
export function unitsOf(value: Decimal, unit: Decimal): number | undefined {
  const exponent = Math.min(value.exponent, unit.exponent);
  const a = value.mantissa * 10n ** BigInt(value.exponent - exponent);
  const b = unit.mantissa * 10n ** BigInt(unit.exponent - exponent);
  if (b === 0n || a % b !== 0n) return undefined;
  const count = a / b;
  if (count > BigInt(Number.MAX_SAFE_INTEGER) || count < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(count);
}

/** The decimal as a plain string, without trailing zeros after the point. */
export function formatDecimal(value: Decimal): string {
  const text = placePoint(value.mantissa, Math.max(0, -value.exponent));
  const padded = value.exponent > 0 ? `${text}${'0'.repeat(value.exponent)}` : text;
  return padded.includes('.') ? padded.replace(/0+$/, '').replace(/\.$/, '') : padded;
}

/** Multiplies two decimals exactly. */
export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { mantissa: a.mantissa * b.mantissa, exponent: a.exponent + b.exponent };
}

function placePoint(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

function roundDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (2n * (r < 0n ? -r : r) >= b) return q + (a < 0n ? -1n : 1n);
  return q;
}
