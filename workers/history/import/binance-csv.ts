/**
 * Binance's public data files (data.binance.vision), which have no header (some newer ones do: it is skipped):
 * - klines, 12 columns: open time, open, high, low, close, volume, close time, quote volume, trades, taker buy base
 *   volume, taker buy quote volume, ignore. Open time in ms, or µs in spot files since 2025 (told apart by size).
 * - trades, 7 columns (6 in futures files): id, price, qty, quote qty, time, isBuyerMaker[, isBestMatch].
 * - aggTrades, 8 columns (7 in futures files): aggregate id, price, qty, first id, last id, time, isBuyerMaker[,
 *   isBestMatch].
 * A buyer who is the maker means the seller took: the taker side is sell.
 */
import { parseTime } from './epoch-time.js';
import { RawBars, RawTrades } from './raw-rows.js';
import type { RowIssues } from './row-issues.js';
import { cells, forEachLine } from './text-lines.js';

/** Epoch number of a time cell; the unit seen is recorded. */
function epoch(cell: string, units: Set<string>): number | undefined {
  if (!/^\d+$/.test(cell)) return undefined;
  const time = parseTime(cell);
  if (time === undefined) return undefined;
  units.add(time.unit);
  return time.us;
}

/** A header line: its first cell is not a number. */
function isHeader(row: readonly string[]): boolean {
  return !/^\d/.test(row[0] ?? '');
}

/** Parses a kline file. */
export function parseBinanceKlines(text: string, issues: RowIssues, units: Set<string>): RawBars {
  const out = new RawBars();
  let first = true;
  forEachLine(text, (line, number) => {
    const row = cells(line);
    if (first && isHeader(row)) {
      first = false;
      return;
    }
    first = false;
    if (row.length !== 12) return issues.add(number, `expected 12 kline columns, found ${row.length}`);
    const time = epoch(row[0] as string, units);
    if (time === undefined) return issues.add(number, `open time "${row[0]}" is not an epoch number`);
    out.push(number, time, row[1] as string, row[2] as string, row[3] as string, row[4] as string, row[5] as string);
  });
  return out;
}

/** Parses a trades (`aggregate` false) or aggTrades file. */
export function parseBinanceTrades(text: string, aggregate: boolean, issues: RowIssues, units: Set<string>): RawTrades {
  const out = new RawTrades();
  const timeAt = aggregate ? 5 : 4;
  const makerAt = aggregate ? 6 : 5;
  const widths = aggregate ? [7, 8] : [6, 7];
  const name = aggregate ? 'aggTrades' : 'trades';
  let first = true;
  forEachLine(text, (line, number) => {
    const row = cells(line);
    if (first && isHeader(row)) {
      first = false;
      return;
    }
    first = false;
    if (!widths.includes(row.length)) return issues.add(number, `expected ${widths.join(' or ')} ${name} columns, found ${row.length}`);
    const time = epoch(row[timeAt] as string, units);
    if (time === undefined) return issues.add(number, `time "${row[timeAt]}" is not an epoch number`);
    const maker = (row[makerAt] as string).toLowerCase();
    if (maker !== 'true' && maker !== 'false') return issues.add(number, `isBuyerMaker "${row[makerAt]}" must be true or false`);
    out.push(number, time, row[1] as string, row[2] as string, maker === 'true' ? 0 : 1);
  });
  return out;
}
