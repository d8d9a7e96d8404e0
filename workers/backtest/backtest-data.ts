/**
 * The data of a backtest from an imported file: bars as the bar-level engine takes them (trades aggregated to the
 * bar length first), or the tape for the trade-level mode. Pure: the import is done by the caller.
 */
import type { Bar, Timeframe } from '../protocol/messages.js';
import { SCHEMA_VERSION } from '../protocol/messages.js';
import { aggregateTrades } from '../history/import/aggregate-trades.js';
import type { BarColumns, ImportResult, TradeColumns } from '../history/import/import-types.js';

/** Bad input for a backtest, with what and where. */
export class BacktestDataError extends Error {}

/** Bars as Bar messages labelled `tf`, oldest first. */
export function barsOf(columns: BarColumns, tf: Timeframe, instrument = { venue: 'backtest', symbol: 'data' }): Bar[] {
  const bars: Bar[] = new Array<Bar>(columns.length);
  const counts = (columns as BarColumns & { trades?: Float64Array }).trades;
  for (let i = 0; i < columns.length; i++) {
    const start = columns.time[i] as number;
    bars[i] = {
      v: SCHEMA_VERSION, seq: i + 1, ts: start, rts: start, type: 'Bar', ...instrument, tf, start,
      open: columns.open[i] as number, high: columns.high[i] as number, low: columns.low[i] as number, close: columns.close[i] as number,
      volume: columns.volume[i] as number, trades: counts === undefined ? 0 : (counts[i] as number), closed: true,
    };
  }
  return bars;
}

/** The most frequent gap between bar starts (the smallest on a tie); `fallback` for a single bar. */
export function commonGap(time: Float64Array, length: number, fallback: number): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < length; i++) {
    const gap = (time[i] as number) - (time[i - 1] as number);
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = fallback;
  let bestCount = 0;
  for (const [gap, count] of [...counts.entries()].sort((a, b) => a[0] - b[0])) {
    if (count > bestCount) {
      best = gap;
      bestCount = count;
    }
  }
  return best;
}

/** Bar columns of the import: the bars themselves, or its trades aggregated to `barUs`. */
export function barColumnsOf(imported: ImportResult, barUs: number): BarColumns {
  return imported.data.kind === 'bars' ? imported.data : aggregateTrades(imported.data, barUs);
}

/** The tape of an import; refuses bars (trade-level mode needs trades). */
export function tapeOf(imported: ImportResult): TradeColumns {
  if (imported.data.kind !== 'trades') throw new BacktestDataError('--mode trade needs a file of trades (the data holds bars): use --mode bar, or import trades');
  return imported.data;
}
