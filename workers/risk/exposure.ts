/**
 * What the account and each strategy hold, kept so that every pre-trade check reads it in O(1): per instrument a
 * `Holding` (position from fills, working orders per side, its exposure), per owner a
 * `Book` (gross exposure and open orders over its instruments), per instrument a `Market` (its prices). Every change —
 * a fill, an order added, filled or finished, a new mark — updates the few numbers it touches.
 *
 * Exposure is money as an integer count of one unit shared by all instruments (the largest unit that divides every
 * instrument's tick×lot×multiplier), so sums over instruments and comparisons with limits are exact.
 */
import { formatUnits, type Decimal } from '../core/fixed-point.js';
import type { Instrument } from '../core/instrument.js';
import type { PriceReference } from '../core/risk-exposure-checks.js';
import type { Side } from '../protocol/messages.js';

/**
 * Exposure of one holding is clamped to this many units, and exposure limits to just below it: a clamped value is
 * above every limit, and sums of up to 32 clamped values stay exact integers. With the built-in instruments' unit
 * (0.0001 USD) it is about 28 billion USD per instrument.
 */
export const EXPOSURE_CAP = 2 ** 48;

/** An owner's totals over its instruments: the account, or one strategy. */
export class Book {
  /** Sum of its holdings' exposure, units. */
  gross = 0;
  /** Working orders. */
  open = 0;

  constructor(readonly name: string) {}
}

/** Prices of one instrument, as risk knows them. */
export class Market {
  /** Last trade price (bar close or trade), ticks; 0 until one arrives. */
  private last = 0;
  private mid = 0;
  /** Last fill or forwarded order price: what exposure is valued at before the market has said anything. */
  private fallback = 0;
  /** The band's reference, updated in place so a check allocates nothing. */
  readonly reference: PriceReference = { price: 0, name: 'last trade' };
  /** The price exposure is valued at, ticks; 0 while nothing is known. */
  valuation = 0;
  readonly holdings: Holding[] = [];

  /** `factor`: exposure units per tick×lot of the instrument. */
  constructor(
    readonly instrument: Instrument,
    readonly factor: number,
  ) {}

  setLast(price: number): void {
    this.last = price;
    this.update();
  }

  /** Mid of the best bid and ask (rounded down to a tick), used while there is no trade. */
  setMid(price: number): void {
    this.mid = price;
    this.update();
  }

  setFallback(price: number): void {
    if (price <= 0) return;
    this.fallback = price;
    this.update();
  }

  private update(): void {
    const reference = this.last > 0 ? this.last : this.mid;
    this.reference.price = reference;
    this.reference.name = this.last > 0 ? 'last trade' : 'mid';
    const valuation = reference > 0 ? reference : this.fallback;
    if (valuation === this.valuation) return;
    this.valuation = valuation;
    for (const holding of this.holdings) holding.refresh();
  }
}

/** One owner's stake in one instrument. */
export class Holding {
  /** Signed position from fills, lots. */
  position = 0;
  /** Open quantity of working buys and sells, lots (each ≥ 0). */
  buys = 0;
  sells = 0;
  /** Working orders on the instrument. */
  open = 0;
  /** Exposure, units: see {@link Holding.valueWith}. */
  value = 0;

  constructor(
    readonly market: Market,
    readonly book: Book,
  ) {
    market.holdings.push(this);
  }

  /** Position plus the working orders on `side`, signed: what the position becomes if they all fill. */
  potential(side: Side): number {
    return side === 'buy' ? this.position + this.buys : this.position - this.sells;
  }

  /**
   * Exposure with `buy` / `sell` more lots working, valued at `price` ticks: the larger of the position if every
   * working buy fills and if every working sell fills, × price × units per tick×lot. A sell against a long does not
   * raise it (the long case is unchanged, the short case smaller), so exits are never held back by an exposure limit.
   */
  valueWith(buy: number, sell: number, price: number): number {
    const long = Math.abs(this.position + this.buys + buy);
    const short = Math.abs(this.position - this.sells - sell);
    const value = (long > short ? long : short) * price * this.market.factor;
    return value < EXPOSURE_CAP ? value : EXPOSURE_CAP;
  }

  /** Recomputes the exposure at the market's valuation and moves the book's total by the difference. */
  refresh(): void {
    const value = this.valueWith(0, 0, this.market.valuation);
    this.book.gross += value - this.value;
    this.value = value;
  }

  /** Working quantity on `side` changed by `delta` lots. */
  shiftWorking(side: Side, delta: number): void {
    if (side === 'buy') this.buys += delta;
    else this.sells += delta;
    this.refresh();
  }

  /** A fill moved the position by `signedQty` lots. */
  fill(signedQty: number): void {
    this.position += signedQty;
    this.refresh();
  }

  /** One more (+1) or one fewer (−1) working order. */
  count(delta: number): void {
    this.open += delta;
    this.book.open += delta;
  }
}

/** The exposure unit for a set of instruments: the largest decimal dividing every one's money unit. */
export function exposureUnit(instruments: readonly Instrument[]): Decimal {
  if (instruments.length === 0) return { mantissa: 1n, exponent: 0 };
  const exponent = Math.min(...instruments.map((i) => i.moneyUnit.exponent));
  let divisor = 0n;
  for (const instrument of instruments) divisor = gcd(divisor, scaled(instrument.moneyUnit, exponent));
  return { mantissa: divisor, exponent };
}

/** Exposure units per tick×lot of `instrument`. */
export function unitsPerMoneyUnit(instrument: Instrument, unit: Decimal): number {
  return Number(scaled(instrument.moneyUnit, unit.exponent) / unit.mantissa);
}

/** Formats exposure units as a decimal with every place the unit needs. */
export function formatExposure(units: number, unit: Decimal): string {
  return formatUnits(units, unit, Math.max(0, -unit.exponent));
}

function scaled(value: Decimal, exponent: number): bigint {
  return value.mantissa * 10n ** BigInt(value.exponent - exponent);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
