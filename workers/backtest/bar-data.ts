/**
 * Bars for a backtest from CSV text: a header naming `time,open,high,low,close` (any order, any case; `volume`
 * optional, other columns ignored), then one bar per line, oldest first. Times are Unix epoch seconds or
 * milliseconds (below 10^11 they are read as seconds), or ISO 8601 (UTC when no zone is given). Prices are decimals
 * converted exactly to integer ticks of `tick`; a price off that grid is an error naming the line, never rounded.
 * Pure: the caller reads the file.
 */
import { parseDecimal, unitsOf, type Decimal } from '../core/fixed-point.js';
import type { Bar, Timeframe } from '../protocol/messages.js';
import { SCHEMA_VERSION } from '../protocol/messages.js';

/** Bad input data, with what and where. */
export class BarDataError extends Error {}

/** Bars as read, before they get a timeframe label. */
export interface BarSeries {
  bars: Bar[];
  /** The most common gap between consecutive bars, µs. */
  intervalUs: number;
}

const TIMEFRAMES: ReadonlyArray<[Timeframe, number]> = [
  ['1s', 1_000_000],
  ['1m', 60_000_000],
  ['5m', 300_000_000],
  ['1h', 3_600_000_000],
];

/** The timeframe whose length is `intervalUs`, if there is one. */
export function timeframeOf(intervalUs: number): Timeframe | undefined {
  return TIMEFRAMES.find(([, length]) => length === intervalUs)?.[0];
}

/** Parses the CSV into bars labelled `tf`, prices in ticks of `tick`. */
export function parseBacktestCsv(text: string, tick: Decimal, tf: Timeframe, instrument = { venue: 'backtest', symbol: 'data' }): BarSeries {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt < 0) throw new BarDataError('the data file is empty: it needs a header line time,open,high,low,close[,volume]');
  const header = cells(lines[headerAt] as string).map((name) => name.toLowerCase());
  const at = (name: string) => header.indexOf(name);
  const missing = ['time', 'open', 'high', 'low', 'close'].filter((name) => at(name) < 0);
  if (missing.length > 0) throw new BarDataError(`the data file lacks column(s) ${missing.join(', ')} (its header: ${header.join(',')})`);
  const bars: Bar[] = [];
  for (let index = headerAt + 1; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const row = cells(line);
    const where = `line ${index + 1}`;
    const price = (name: string) => ticksOf(row[at(name)] ?? '', tick, `${where}: ${name}`);
    const start = timeOf(row[at('time')] ?? '', where);
    const [open, high, low, close] = [price('open'), price('high'), price('low'), price('close')];
    if (high < Math.max(open, close, low) || low > Math.min(open, close)) throw new BarDataError(`${where}: high/low do not contain open and close`);
    const previous = bars.at(-1);
    if (previous !== undefined && start <= previous.start) throw new BarDataError(`${where}: times must increase (oldest first)`);
    const volumeCell = at('volume') >= 0 ? (row[at('volume')] ?? '') : '';
    const volume = volumeCell === '' ? 0 : Number(volumeCell);
    bars.push({ v: SCHEMA_VERSION, seq: bars.length + 1, ts: start, rts: start, type: 'Bar', ...instrument, tf, start, open, high, low, close, volume: Number.isFinite(volume) ? volume : 0, trades: 0, closed: true });
  }
  if (bars.length === 0) throw new BarDataError('the data file has a header but no bars');
  return { bars, intervalUs: commonGap(bars) };
}

/** The most frequent gap between bars (the smallest on a tie); one minute for a single bar. */
function commonGap(bars: readonly Bar[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < bars.length; i++) {
    const gap = (bars[i] as Bar).start - (bars[i - 1] as Bar).start;
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = 60_000_000;
  let bestCount = 0;
  for (const [gap, count] of [...counts.entries()].sort((a, b) => a[0] - b[0])) {
    if (count > bestCount) {
      best = gap;
      bestCount = count;
    }
  }
  return best;
}

function ticksOf(cell: string, tick: Decimal, where: string): number {
  let ticks: number | undefined;
  try {
    ticks = unitsOf(parseDecimal(cell), tick);
  } catch {
    throw new BarDataError(`${where} "${cell}" is not a decimal number`);
  }
  if (ticks === undefined) throw new BarDataError(`${where} ${cell} is not a multiple of the tick size (set --tick)`);
  if (ticks <= 0) throw new BarDataError(`${where} ${cell} must be > 0`);
  return ticks;
}

function timeOf(cell: string, where: string): number {
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(cell)) {
    // ISO 8601; a date-time without a zone is read as UTC, not as the machine's local time.
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(cell) || cell.length === 10 ? cell : `${cell.replace(' ', 'T')}Z`;
    const ms = Date.parse(zoned);
    if (Number.isFinite(ms)) return ms * 1000;
  }
  if (!/^\d+$/.test(cell)) throw new BarDataError(`${where}: time "${cell}" must be Unix epoch seconds or milliseconds, or an ISO 8601 date-time`);
  const value = Number(cell);
  return value < 1e11 ? value * 1_000_000 : value * 1000;
}

function cells(line: string): string[] {
  return line.split(',').map((cell) => {
    const trimmed = cell.trim();
    return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
  });
}
