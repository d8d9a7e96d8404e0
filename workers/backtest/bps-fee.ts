/**
 * A fee of a fixed rate of notional, exact and rounded up to a whole unit (ticks×lots), as {@link FeeSchedule} does
 * for one rate — but in plain integer arithmetic while the product fits in 2^53, which is every realistic fill: a
 * backtest pays it on every fill, and BigInt costs more than the rest of the fill.
 */
import { FeeSchedule } from '../core/fees.js';
import { parseDecimal } from '../core/fixed-point.js';

export class BpsFee {
  private readonly numerator: number;
  private readonly denominator: number;
  private readonly exact: FeeSchedule;

  /** `rate` is a decimal fraction of notional ("0.0005"), not negative. */
  constructor(rate: string) {
    const decimal = parseDecimal(rate);
    const scale = 10n ** BigInt(Math.max(0, -decimal.exponent));
    const numerator = decimal.mantissa * 10n ** BigInt(Math.max(0, decimal.exponent));
    // Beyond 2^53 the fast path is off and every fee goes the exact BigInt way.
    this.numerator = numerator <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(numerator) : Number.NaN;
    this.denominator = scale <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(scale) : Number.NaN;
    this.exact = new FeeSchedule({ maker: rate, taker: rate });
  }

  /** Fee of `qty` lots at `price` ticks, rounded up. */
  fee(price: number, qty: number): number {
    if (this.numerator === 0) return 0;
    const scaled = price * qty * this.numerator;
    if (!Number.isSafeInteger(scaled) || !Number.isSafeInteger(this.denominator)) return this.exact.fee(price, qty, 'taker');
    const quotient = Math.floor(scaled / this.denominator);
    return scaled - quotient * this.denominator > 0 ? quotient + 1 : quotient;
  }
}
