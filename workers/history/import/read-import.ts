/**
 * Reads one file's text into integer columns: detects (or takes) the format, parses the rows, infers the grid when
 * not given, converts and validates every row. Pure: the caller reads the file (see import-file.ts).
 */
import type { Decimal } from '../../core/fixed-point.js';
import { barColumns, gridFor, tradeColumns } from './to-columns.js';
import { parseBinanceKlines, parseBinanceTrades } from './binance-csv.js';
import { detectFormat } from './detect-format.js';
import { describeUnits } from './epoch-time.js';
import { parseGenericCsv } from './generic-csv.js';
import type { ImportFormat, ImportResult } from './import-types.js';
import { parseJsonBars } from './json-bars.js';
import type { RawBars, RawTrades } from './raw-rows.js';
import { RowIssues } from './row-issues.js';

/** An import that cannot go on (unknown format, no good row...): the message says why. */
export class ImportError extends Error {}

/** What to read and how. */
export interface ReadOptions {
  /** The file's name, for format detection by extension. */
  name: string;
  format?: ImportFormat;
  /** Price grid; inferred from the data when absent. */
  tick?: Decimal;
  /** Quantity grid; inferred from the data when absent. */
  lot?: Decimal;
  /** How many bad rows to keep with their line numbers (all are counted). */
  keepIssues?: number;
}

/** Parses and converts `text`; throws {@link ImportError} when nothing usable is in it. */
export function readImport(text: string, options: ReadOptions): ImportResult {
  const detected = options.format ?? detectFormat(options.name, text);
  if (typeof detected !== 'string') throw new ImportError(detected.problem);
  const format: ImportFormat = detected;
  const issues = new RowIssues(options.keepIssues);
  const units = new Set<string>();
  let raw: RawBars | RawTrades;
  try {
    raw = parse(format, text, issues, units);
  } catch (error) {
    throw new ImportError((error as Error).message);
  }
  const parseIssues = issues.count;
  const tick = gridFor(options.tick, ...(raw.kind === 'bars' ? [raw.open, raw.high, raw.low, raw.close] : [raw.price]));
  const lot = gridFor(options.lot, raw.kind === 'bars' ? raw.volume : raw.qty);
  const data = raw.kind === 'bars' ? barColumns(raw, tick.step, lot.step, issues) : tradeColumns(raw, tick.step, lot.step, issues);
  const rows = raw.length + parseIssues;
  if (data.length === 0) {
    const first = issues.first.slice(0, 3).map((issue) => `line ${issue.line}: ${issue.reason}`).join('; ');
    throw new ImportError(`no usable ${raw.kind} in the file${first === '' ? '' : ` (${issues.count} bad row(s); ${first})`}`);
  }
  const notes = units.size > 0 ? [describeUnits(units)] : [];
  return { format, data, tick: tick.step, lot: lot.step, tickInferred: tick.inferred, lotInferred: lot.inferred, rows, badRows: issues.count, issues: issues.first, notes };
}

function parse(format: ImportFormat, text: string, issues: RowIssues, units: Set<string>): RawBars | RawTrades {
  switch (format) {
    case 'binance-klines': return parseBinanceKlines(text, issues, units);
    case 'binance-trades': return parseBinanceTrades(text, false, issues, units);
    case 'binance-aggtrades': return parseBinanceTrades(text, true, issues, units);
    case 'csv': return parseGenericCsv(text, issues, units);
    case 'json': return parseJsonBars(text, issues, units);
  }
}
