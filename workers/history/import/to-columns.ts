/**
 * Text rows to integer columns on the instrument's grid. The tick (and lot) is the one given, or else the finest
 * decimal places seen in the prices (quantities) of the file. Each row is checked; a bad one is counted and reported
 * by line, and the good ones are kept: prices > 0 and on the tick, quantities ≥ 0 (> 0 for trades) and on the lot,
 * high ≥ open, close, low ≥ low, times in order (bars strictly increasing, trades never going back).
 */
import type { Decimal } from '../../core/fixed-point.js';
import { DecimalGrid, gridOf, placesOf } from './decimal-grid.js';
import type { BarColumns, TradeColumns } from './import-types.js';
import type { RawBars, RawTrades } from './raw-rows.js';
import { RowError, type RowIssues } from './row-issues.js';

/** The grid to use: given, or the finest places of the texts (ignoring texts that are not decimals). */
export function gridFor(given: Decimal | undefined, ...columns: ReadonlyArray<readonly string[]>): { step: Decimal; inferred: boolean } {
  if (given !== undefined) return { step: given, inferred: false };
  let places = 0;
  for (const column of columns) for (const text of column) places = Math.max(places, placesOf(text));
  return { step: gridOf(places), inferred: true };
}

function units(grid: DecimalGrid, text: string, what: string, positive: boolean): number {
  const value = grid.units(text);
  if (value === undefined) {
    if (!/^\d+(\.\d*)?$|^\.\d+$/.test(text)) throw new RowError(`${what} "${text}" is not a decimal number`);
    throw new RowError(`${what} ${text} is not a multiple of the ${what === 'volume' || what === 'qty' ? 'lot' : 'tick'} size`);
  }
  if (positive && value <= 0) throw new RowError(`${what} ${text} must be > 0`);
  return value;
}

/** Converts bars; bad rows go to `issues`. */
export function barColumns(raw: RawBars, tick: Decimal, lot: Decimal, issues: RowIssues): BarColumns {
  const prices = new DecimalGrid(tick);
  const lots = new DecimalGrid(lot);
  const n = raw.length;
  const out: BarColumns = { kind: 'bars', time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n), length: 0 };
  let k = 0;
  for (let i = 0; i < n; i++) {
    try {
      const time = raw.times[i] as number;
      const open = units(prices, raw.open[i] as string, 'open', true);
      const high = units(prices, raw.high[i] as string, 'high', true);
      const low = units(prices, raw.low[i] as string, 'low', true);
      const close = units(prices, raw.close[i] as string, 'close', true);
      const volume = units(lots, raw.volume[i] as string, 'volume', false);
      if (high < Math.max(open, close, low) || low > Math.min(open, close)) throw new RowError('high/low do not contain open and close');
      if (k > 0 && time <= (out.time[k - 1] as number)) throw new RowError('times must increase (oldest first)');
      out.time[k] = time;
      out.open[k] = open;
      out.high[k] = high;
      out.low[k] = low;
      out.close[k] = close;
      out.volume[k] = volume;
      k++;
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      issues.add(raw.lines[i] as number, error.message);
    }
  }
  out.length = k;
  return out;
}

/**
 * Converts trades; bad rows go to `issues`. A trade without a side gets one by the tick rule: above the previous
 * price a buy, below a sell, equal the previous trade's side (a buy for the first).
 */
export function tradeColumns(raw: RawTrades, tick: Decimal, lot: Decimal, issues: RowIssues): TradeColumns {
  const prices = new DecimalGrid(tick);
  const lots = new DecimalGrid(lot);
  const n = raw.length;
  const out: TradeColumns = { kind: 'trades', time: new Float64Array(n), price: new Float64Array(n), qty: new Float64Array(n), side: new Uint8Array(n), length: 0 };
  let k = 0;
  for (let i = 0; i < n; i++) {
    try {
      const time = raw.times[i] as number;
      const price = units(prices, raw.price[i] as string, 'price', true);
      const qty = units(lots, raw.qty[i] as string, 'qty', true);
      if (k > 0 && time < (out.time[k - 1] as number)) throw new RowError('time goes back (trades must be oldest first)');
      const given = raw.side[i] as number;
      const previous = k > 0 ? (out.price[k - 1] as number) : price;
      const side = given >= 0 ? given : price > previous ? 1 : price < previous ? 0 : k > 0 ? (out.side[k - 1] as number) : 1;
      out.time[k] = time;
      out.price[k] = price;
      out.qty[k] = qty;
      out.side[k] = side;
      k++;
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      issues.add(raw.lines[i] as number, error.message);
    }
  }
  out.length = k;
  return out;
}
