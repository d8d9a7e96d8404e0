/**
 * CSV with a header naming its columns (any order, any case, other columns ignored):
 * - bars: a time column (`time`, `timestamp`, `date`, `datetime` or `open_time`), `open`, `high`, `low`, `close`,
 *   optional `volume`;
 * - trades: a time column, `price`, a quantity (`amount`, `qty`, `quantity`, `size` or `volume`), optional `side`
 *   (buy/sell/b/s, the taker's side).
 * Times are epoch s, ms, µs or ns (by size) or ISO 8601.
 */
import { parseTime } from './epoch-time.js';
import { RawBars, RawTrades, type RawSide } from './raw-rows.js';
import type { RowIssues } from './row-issues.js';
import { cells, forEachLine } from './text-lines.js';

const TIME_NAMES = ['time', 'timestamp', 'date', 'datetime', 'open_time', 'ts'];
const QTY_NAMES = ['amount', 'qty', 'quantity', 'size', 'volume'];

/** Thrown when the header says nothing usable. */
export class HeaderError extends Error {}

/** What the header says the file holds. */
export function csvKind(header: readonly string[]): 'bars' | 'trades' | undefined {
  const names = header.map((name) => name.toLowerCase());
  if (!names.some((name) => TIME_NAMES.includes(name))) return undefined;
  if (['open', 'high', 'low', 'close'].every((name) => names.includes(name))) return 'bars';
  if (names.includes('price') && names.some((name) => QTY_NAMES.includes(name))) return 'trades';
  return undefined;
}

function columnOf(names: readonly string[], choices: readonly string[]): number {
  for (const choice of choices) {
    const at = names.indexOf(choice);
    if (at >= 0) return at;
  }
  return -1;
}

/** Parses the file: bars or trades as its header says. */
export function parseGenericCsv(text: string, issues: RowIssues, units: Set<string>): RawBars | RawTrades {
  let header: string[] | undefined;
  let kind: 'bars' | 'trades' | undefined;
  let bars: RawBars | undefined;
  let trades: RawTrades | undefined;
  let at: number[] = [];
  forEachLine(text, (line, number) => {
    const row = cells(line);
    if (header === undefined) {
      header = row.map((name) => name.toLowerCase());
      kind = csvKind(header);
      if (kind === undefined) {
        throw new HeaderError(`line ${number}: the header (${header.join(',')}) names neither bars (time,open,high,low,close[,volume]) nor trades (time,price,amount[,side])`);
      }
      const time = columnOf(header, TIME_NAMES);
      at = kind === 'bars'
        ? [time, ...['open', 'high', 'low', 'close', 'volume'].map((name) => header?.indexOf(name) ?? -1)]
        : [time, header.indexOf('price'), columnOf(header, QTY_NAMES), header.indexOf('side')];
      if (kind === 'bars') bars = new RawBars();
      else trades = new RawTrades();
      return;
    }
    if (row.length < (header as string[]).length) return issues.add(number, `expected ${(header as string[]).length} columns, found ${row.length}`);
    const timeCell = row[at[0] as number] as string;
    const time = parseTime(timeCell);
    if (time === undefined) return issues.add(number, `time "${timeCell}" is neither an epoch number nor ISO 8601`);
    units.add(time.unit);
    if (bars !== undefined) {
      const [, o, h, l, c, v] = at as [number, number, number, number, number, number];
      bars.push(number, time.us, row[o] as string, row[h] as string, row[l] as string, row[c] as string, v >= 0 ? (row[v] as string) : '0');
      return;
    }
    const [, p, q, s] = at as [number, number, number, number];
    let side: RawSide = -1;
    if (s >= 0) {
      const text = (row[s] as string).toLowerCase();
      if (text === 'buy' || text === 'b') side = 1;
      else if (text === 'sell' || text === 's') side = 0;
      else return issues.add(number, `side "${row[s]}" must be buy or sell`);
    }
    (trades as RawTrades).push(number, time.us, row[p] as string, row[q] as string, side);
  });
  if (header === undefined) throw new HeaderError('the file is empty');
  return (bars ?? trades) as RawBars | RawTrades;
}
