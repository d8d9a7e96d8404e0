/**
 * What an import produces: bars or trades as integer columns on one instrument grid (prices in ticks, quantities in
 * lots, times in µs since the epoch), with the rows refused and why. Columnar typed arrays keep a tape of millions of
 * trades compact and fast to replay.
 */
import type { Decimal } from '../../core/fixed-point.js';

/** The file formats the importer reads. */
export type ImportFormat = 'binance-klines' | 'binance-trades' | 'binance-aggtrades' | 'csv' | 'json';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['binance-klines', 'binance-trades', 'binance-aggtrades', 'csv', 'json'];

/** A refused row: its line in the file (1-based) and the reason. */
export interface RowIssue {
  line: number;
  reason: string;
}

/** OHLCV bars, oldest first. */
export interface BarColumns {
  kind: 'bars';
  /** Bar start, µs. */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Lots. */
  volume: Float64Array;
  length: number;
}

/** Trades, oldest first (equal times keep the file's order). */
export interface TradeColumns {
  kind: 'trades';
  time: Float64Array;
  price: Float64Array;
  qty: Float64Array;
  /** Side of the taker: 1 buy, 0 sell. */
  side: Uint8Array;
  length: number;
}

/** The result of reading one file. */
export interface ImportResult {
  format: ImportFormat;
  data: BarColumns | TradeColumns;
  tick: Decimal;
  lot: Decimal;
  /** True when the grid was inferred from the data (the finest decimal places seen), not given. */
  tickInferred: boolean;
  lotInferred: boolean;
  /** Rows read, good and bad. */
  rows: number;
  /** Bad rows: all counted, the first few kept with their line numbers. */
  badRows: number;
  issues: RowIssue[];
  /** How the times were read (`ms`, `µs`...), and other facts worth printing. */
  notes: string[];
}
