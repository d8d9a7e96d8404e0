/**
 * Maker and taker fees of one instrument, exact. Rates are decimal strings (`"0.0002"` = 2 bp; negative = rebate).
 * Fees are counted in {@link FEE_DECIMALS}-decimal units of the quote currency (the precision exchanges keep
 * commissions at), rounded the way they round: a fee paid up, a rebate toward zero, so the venue never pays out a
 * fraction it does not have. A tick × lot can be coarse (a $50 index future moves in $12.50), so fees get their own
 * unit rather than the instrument's money unit.
 */
import type { Liquidity } from '../protocol/messages.js';
import { formatUnits, parseDecimal, type Decimal } from './fixed-point.js';

/** Fees are integers of 10^-FEE_DECIMALS of the quote currency. */
export const FEE_DECIMALS = 8;
const FEE_UNIT: Decimal = { mantissa: 1n, exponent: -FEE_DECIMALS };

/** A fee (integer 10^-8 of the quote currency) as an exact decimal with at least two places: "0.0325", "-0.01". */
export function formatFee(fee: number): string {
  return formatUnits(fee, FEE_UNIT, FEE_DECIMALS).replace(/(\.\d\d\d*?)0+$/, '$1');
}

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

function times(a: Rate, b: Rate): Rate {
  return { numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator };
}

function rateOf(text: string): Rate {
  return rateOfDecimal(parseDecimal(text));
}

function rateOfDecimal(decimal: Decimal): Rate {
  if (decimal.exponent >= 0) return { numerator: decimal.mantissa * 10n ** BigInt(decimal.exponent), denominator: 1n };
  return { numerator: decimal.mantissa, denominator: 10n ** BigInt(-decimal.exponent) };
}

/** Fees of one instrument. */
export class FeeSchedule {
  private readonly maker: Rate;
  private readonly taker: Rate;

  /**
   * `moneyUnit` is the quote value of one tick × lot (the instrument's `moneyUnit`): fees then come out in fee units
   * ({@link FEE_DECIMALS}). Without it, fees are in ticks × lots, for tests of the engine alone.
   */
  constructor(
    readonly rates: FeeRates = { maker: '0', taker: '0' },
    moneyUnit?: Decimal,
  ) {
    const scale: Rate = moneyUnit === undefined ? { numerator: 1n, denominator: 1n } : rateOfDecimal({ mantissa: moneyUnit.mantissa, exponent: moneyUnit.exponent + FEE_DECIMALS });
    this.maker = times(rateOf(rates.maker), scale);
    this.taker = times(rateOf(rates.taker), scale);
  }

  /** Fee of a fill of `qty` lots at `price` ticks: > 0 paid, < 0 earned. */
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
