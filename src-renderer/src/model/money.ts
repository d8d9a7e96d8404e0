/** Exact sums of the host's formatted money strings (P&L across instruments of one quote currency). */
import { parseDecimal } from '../../../workers/core/fixed-point.js';

/** The sum of decimal strings, at the most decimals any of them has; blank strings count as zero. */
export function sumDecimals(values: readonly string[]): string {
  let decimals = 0;
  const parsed = values
    .filter((value) => value.trim() !== '')
    .map((value) => {
      try {
        const decimal = parseDecimal(value.replace(/,/g, ''));
        decimals = Math.max(decimals, -decimal.exponent);
        return decimal;
      } catch {
        return undefined;
      }
    });
  let total = 0n;
  for (const decimal of parsed) {
    if (decimal === undefined) continue;
    total += decimal.mantissa * 10n ** BigInt(decimals + decimal.exponent);
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}
