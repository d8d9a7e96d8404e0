/**
 * Instruments: what a venue trades and the grid its prices and quantities live on. Created from decimal strings once
 * (config or venue metadata); afterwards the engine only sees integers of ticks and lots.
 */
import { formatUnits, multiplyDecimals, parseDecimal, unitsOf, type Decimal } from './fixed-point.js';

/** An instrument as written in config or received from a venue: decimals as strings. */
export interface InstrumentSpec {
  venue: string;
  symbol: string;
  base: string;
  quote: string;
  tickSize: string;
  lotSize: string;
  /** Smallest order value, in quote currency. */
  minNotional: string;
  /** Quote value of one unit of price × quantity; 1 for spot, the contract size for a future. */
  multiplier: number;
  /** `spot` (default) or `future` (a contract with a multiplier, settled in the quote currency). */
  kind?: 'spot' | 'future';
  /** Fee rates as decimal fractions of notional (`"0.0002"` = 2 bp; negative = rebate). Default 0. */
  makerFee?: string;
  takerFee?: string;
  /** Orders priced further than this from the last trade, in basis points, are refused (0 or absent = no band). */
  priceBandBps?: number;
}

/** An instrument ready for the engine. */
export interface Instrument extends InstrumentSpec {
  key: string;
  tick: Decimal;
  lot: Decimal;
  priceDecimals: number;
  qtyDecimals: number;
  /** Smallest order value in ticks×lots (price × qty as the engine counts them), rounded up. */
  minNotionalUnits: number;
  /** Quote value of one tick×lot, for formatting money. */
  moneyUnit: Decimal;
}

/** The key instruments are looked up by: `venue:symbol`. */
export function instrumentKey(venue: string, symbol: string): string {
  return `${venue}:${symbol}`;
}

/** Builds an instrument from its spec, checking that its grid is usable. */
export function makeInstrument(spec: InstrumentSpec): Instrument {
  const tick = parseDecimal(spec.tickSize);
  const lot = parseDecimal(spec.lotSize);
  if (tick.mantissa <= 0n || lot.mantissa <= 0n) throw new Error(`${spec.symbol}: tick and lot sizes must be > 0`);
  if (!Number.isSafeInteger(spec.multiplier) || spec.multiplier <= 0) throw new Error(`${spec.symbol}: multiplier must be an integer > 0`);
  const moneyUnit = multiplyDecimals(multiplyDecimals(tick, lot), { mantissa: BigInt(spec.multiplier), exponent: 0 });
  const minNotional = parseDecimal(spec.minNotional);
  return {
    ...spec,
    key: instrumentKey(spec.venue, spec.symbol),
    tick,
    lot,
    priceDecimals: Math.max(0, -tick.exponent),
    qtyDecimals: Math.max(0, -lot.exponent),
    minNotionalUnits: ceilUnits(minNotional, moneyUnit),
    moneyUnit,
  };
}

/** Price in ticks as a decimal string at the instrument's decimals. */
export function formatPrice(instrument: Instrument, ticks: number): string {
  return formatUnits(ticks, instrument.tick, instrument.priceDecimals);
}

/** Quantity in lots as a decimal string at the instrument's decimals. */
export function formatQty(instrument: Instrument, lots: number): string {
  return formatUnits(lots, instrument.lot, instrument.qtyDecimals);
}

/** Money in ticks×lots (P&L, notional) as quote currency; by default with every decimal one tick×lot needs (exact). */
export function formatMoney(instrument: Instrument, units: number, decimals = Math.max(0, -instrument.moneyUnit.exponent)): string {
  return formatUnits(units, instrument.moneyUnit, decimals);
}

/** Decimal price to ticks, or undefined if it is off the tick grid. */
export function priceToTicks(instrument: Instrument, price: string): number | undefined {
  return unitsOrUndefined(price, instrument.tick);
}

/** Decimal quantity to lots, or undefined if it is off the lot grid. */
export function qtyToLots(instrument: Instrument, qty: string): number | undefined {
  return unitsOrUndefined(qty, instrument.lot);
}

function unitsOrUndefined(text: string, unit: Decimal): number | undefined {
  try {
    return unitsOf(parseDecimal(text), unit);
  } catch {
    return undefined;
  }
}

function ceilUnits(value: Decimal, unit: Decimal): number {
  const exponent = Math.min(value.exponent, unit.exponent);
  const a = value.mantissa * 10n ** BigInt(value.exponent - exponent);
  const b = unit.mantissa * 10n ** BigInt(unit.exponent - exponent);
  return Number((a + b - 1n) / b);
}

/** Instruments by key, for validation and lookups. */
export class InstrumentRegistry {
  private readonly byKey = new Map<string, Instrument>();

  constructor(specs: readonly InstrumentSpec[]) {
    for (const spec of specs) {
      const instrument = makeInstrument(spec);
      this.byKey.set(instrument.key, instrument);
    }
  }

  /** The instrument, or undefined if unknown. */
  find(venue: string, symbol: string): Instrument | undefined {
    return this.byKey.get(instrumentKey(venue, symbol));
  }

  /** The instrument; throws if unknown (for code paths that validated already). */
  get(venue: string, symbol: string): Instrument {
    const instrument = this.find(venue, symbol);
    if (instrument === undefined) throw new Error(`unknown instrument ${venue}:${symbol}`);
    return instrument;
  }

  isKnownInstrument(venue: string, symbol: string): boolean {
    return this.byKey.has(instrumentKey(venue, symbol));
  }

  all(): Instrument[] {
    return [...this.byKey.values()];
  }
}
