/**
 * Maker and taker fees of one instrument, exact. Rates are decimal strings (`"0.0002"` = 2 bp; negative = rebate);
 * a fee is counted in the instrument's money unit (tick × lot × multiplier) and rounded the way exchanges round:
 * a fee paid up, a rebate down, so the venue never pays out a fraction it does not have.
 */
import type { Liquidity } from '../protocol/messages.js';
import { parseDecimal } from './fixed-point.js';

/** Fee rates of one instrument, as decimal fractions of notional. */
export interface FeeRates {
  maker: string;
  taker: string;
}

/** A rate as an exact fraction numerator / 10^scale. */
interface Rate {
  numerator: bigint;
  denominator: bigint;
}

function rateOf(text: string): Rate {
  const decimal = parseDecimal(text);
  if (decimal.exponent >= 0) return { numerator: decimal.mantissa * 10n ** BigInt(decimal.exponent), denominator: 1n };
  return { numerator: decimal.mantissa, denominator: 10n ** BigInt(-decimal.exponent) };
}

/** Fees of one instrument. */
export class FeeSchedule {
  private readonly maker: Rate;
  private readonly taker: Rate;

  constructor(readonly rates: FeeRates = { maker: '0', taker: '0' }) {
    this.maker = rateOf(rates.maker);
    this.taker = rateOf(rates.taker);
  }

  /** Fee of a fill of `qty` lots at `price` ticks, in money units: > 0 paid, < 0 earned. */
  fee(price: number, qty: number, liquidity: Liquidity): number {
    const rate = liquidity === 'maker' ? this.maker : this.taker;
    if (rate.numerator === 0n) return 0;
    const scaled = BigInt(price) * BigInt(qty) * rate.numerator;
    // Paid fees round up, rebates toward zero: both are a ceiling of the signed amount.
    const quotient = scaled / rate.denominator;
    const rest = scaled % rate.denominator;
    return Number(rest > 0n ? quotient + 1n : quotient);
  }
}
