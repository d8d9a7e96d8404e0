/**
 * Instruments from ccxt's unified market structure (`loadMarkets()`), pure. ccxt states precision one of three ways
 * (`exchange.precisionMode`): TICK_SIZE (the step itself, 0.01), DECIMAL_PLACES (2 → 0.01) or SIGNIFICANT_DIGITS (a
 * step that depends on the price: no fixed grid, so the configuration must give `tickSize`/`lotSize`). Contracts are
 * counted by ccxt in contracts of `contractSize` base units; our lot is the smallest amount step in base units, so
 * one lot of ours is always one ccxt amount step and no size is ever rescaled by a float.
 */
import { formatDecimal, multiplyDecimals, parseDecimal } from '../../core/fixed-point.js';
import type { InstrumentSpec } from '../../core/instrument.js';
import { isTopicSegment } from '../../protocol/topics.js';
import { numberToDecimal } from './ccxt-numbers.js';

/** ccxt's precision modes (ccxt's own constants: `ccxt.DECIMAL_PLACES` …). */
export const PRECISION_MODES = { DECIMAL_PLACES: 2, SIGNIFICANT_DIGITS: 3, TICK_SIZE: 4 } as const;

/** The fields of a ccxt market this reads. */
export interface CcxtMarketLike {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  type?: string;
  spot?: boolean;
  contract?: boolean;
  linear?: boolean;
  inverse?: boolean;
  option?: boolean;
  contractSize?: number;
  precision: { price?: number; amount?: number };
  limits?: { cost?: { min?: number } };
  maker?: number;
  taker?: number;
}

/** Grid overrides from the configuration (decimal strings). */
export interface GridOverrides {
  tickSize?: string;
  lotSize?: string;
}

/** The venue's grid in ccxt's units: price step, amount step (contracts for a contract market), contract size. */
export interface VenueGrid {
  tickSize: string;
  amountStep: string;
  contractSize: string;
}

/** Our symbol for ccxt's unified one: `BTC/USDT` → `BTC-USDT`, `BTC/USDT:USDT` → `BTC-USDT-USDT` (topics allow no `/`). */
export function ourSymbol(unified: string): string {
  const symbol = unified.replace(/[/:]/g, '-');
  if (!isTopicSegment(symbol)) throw new Error(`ccxt symbol ${unified} cannot be a topic segment`);
  return symbol;
}

/** The market's grid, or throws saying what is missing and how to fix it. */
export function venueGrid(market: CcxtMarketLike, precisionMode: number, overrides: GridOverrides = {}): VenueGrid {
  const tickSize = overrides.tickSize ?? stepOf(market, 'price', market.precision.price, precisionMode);
  const contractSize = market.contract === true ? numberToDecimal(market.contractSize ?? 1) : '1';
  // An override is our lot in base units; back in ccxt's amount units it is the lot per contract size.
  const amountStep = overrides.lotSize !== undefined
    ? formatDecimal(divideExact(parseDecimal(overrides.lotSize), parseDecimal(contractSize), market.symbol))
    : stepOf(market, 'amount', market.precision.amount, precisionMode);
  return { tickSize, amountStep, contractSize };
}

/** The instrument spec of `market` on `venue`. */
export function instrumentSpecOf(venue: string, market: CcxtMarketLike, precisionMode: number, overrides: GridOverrides = {}): InstrumentSpec {
  if (market.option === true) throw new Error(`${market.symbol}: options are not supported`);
  if (market.inverse === true) throw new Error(`${market.symbol}: inverse contracts (margined in the base currency) are not supported`);
  const grid = venueGrid(market, precisionMode, overrides);
  const lot = overrides.lotSize ?? formatDecimal(multiplyDecimals(parseDecimal(grid.amountStep), parseDecimal(grid.contractSize)));
  const minCost = market.limits?.cost?.min;
  return {
    venue,
    symbol: ourSymbol(market.symbol),
    base: market.base,
    quote: market.quote,
    tickSize: trimZeros(grid.tickSize),
    lotSize: trimZeros(lot),
    minNotional: typeof minCost === 'number' && minCost > 0 ? numberToDecimal(minCost) : '0',
    // Linear contracts: one lot is already in base units, so a tick × lot is quote money as on spot.
    multiplier: 1,
    kind: market.contract === true ? 'future' : 'spot',
    ...(typeof market.maker === 'number' ? { makerFee: numberToDecimal(market.maker) } : {}),
    ...(typeof market.taker === 'number' ? { takerFee: numberToDecimal(market.taker) } : {}),
  };
}

function stepOf(market: CcxtMarketLike, what: 'price' | 'amount', precision: number | undefined, mode: number): string {
  if (typeof precision !== 'number' || !Number.isFinite(precision)) throw new Error(`${market.symbol}: ccxt gives no ${what} precision; set ${what === 'price' ? 'tickSize' : 'lotSize'} in the configuration`);
  if (mode === PRECISION_MODES.TICK_SIZE) {
    if (precision <= 0) throw new Error(`${market.symbol}: ${what} step ${precision} is not positive`);
    return numberToDecimal(precision);
  }
  if (mode === PRECISION_MODES.DECIMAL_PLACES) {
    if (!Number.isInteger(precision)) throw new Error(`${market.symbol}: ${what} decimal places ${precision} is not an integer`);
    return precision >= 0 ? (precision === 0 ? '1' : `0.${'0'.repeat(precision - 1)}1`) : `1${'0'.repeat(-precision)}`;
  }
  // Significant digits: the step changes with the price, which a fixed integer grid cannot follow.
  throw new Error(`${market.symbol}: ccxt states ${what} precision in significant digits (no fixed grid); set ${what === 'price' ? 'tickSize' : 'lotSize'} in the configuration`);
}

function divideExact(a: ReturnType<typeof parseDecimal>, b: ReturnType<typeof parseDecimal>, symbol: string): ReturnType<typeof parseDecimal> {
  // a / b as a terminating decimal: scale a up until b divides it.
  for (let extra = 0; extra <= 18; extra++) {
    const scaled = a.mantissa * 10n ** BigInt(extra);
    if (scaled % b.mantissa === 0n) return { mantissa: scaled / b.mantissa, exponent: a.exponent - b.exponent - extra };
  }
  throw new Error(`${symbol}: lot size is not a whole decimal number of contracts`);
}

/** "0.0100" → "0.01". */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
