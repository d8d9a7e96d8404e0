/**
 * Which format a file is in, from its name and its first line: a JSON array; a header line → generic CSV; a line of
 * numbers → Binance by its column count (12 klines, 8 aggTrades, 7 trades; the futures files' 7-column aggTrades and
 * 6-column trades tell apart by their boolean column).
 */
import type { ImportFormat } from './import-types.js';
import { cells, firstLine } from './text-lines.js';

/** The format of `text` (from file `name`), or why it cannot tell. */
export function detectFormat(name: string, text: string): ImportFormat | { problem: string } {
  const line = firstLine(text);
  if (line === undefined) return { problem: 'the file is empty' };
  if (name.toLowerCase().endsWith('.json') || line.trimStart().startsWith('[')) return 'json';
  const row = cells(line);
  if (!/^\d/.test(row[0] ?? '')) {
    // A header: Binance's newer files have one too, named with its own columns.
    const names = row.map((cell) => cell.toLowerCase());
    if (names.includes('is_buyer_maker')) return names.includes('first_trade_id') ? 'binance-aggtrades' : 'binance-trades';
    if (names.includes('open_time') && names.includes('taker_buy_volume')) return 'binance-klines';
    return 'csv';
  }
  const isBool = (cell: string | undefined) => cell === 'true' || cell === 'false' || cell === 'True' || cell === 'False';
  if (row.length === 12) return 'binance-klines';
  if (row.length === 8) return 'binance-aggtrades';
  if (row.length === 7) return isBool(row[5]) ? 'binance-trades' : 'binance-aggtrades';
  if (row.length === 6 && isBool(row[5])) return 'binance-trades';
  return { problem: `cannot tell the format of a headerless line of ${row.length} columns (Binance klines have 12, aggTrades 8, trades 7); give --format` };
}
