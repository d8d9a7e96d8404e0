/**
 * Trades to bars of one length: a trade at time t belongs to the bar starting at floor(t / length) × length, so bar
 * boundaries are exact and the same whatever the first trade's time. Open is the first trade's price, close the
 * last's, volume the sum of quantities (lots). Intervals without trades have no bar (nothing is invented).
 */
import type { BarColumns, TradeColumns } from './import-types.js';

/** Bars of `lengthUs` from the trades; `trades` counts per bar in the result's `trades`. */
export function aggregateTrades(tape: TradeColumns, lengthUs: number): BarColumns & { trades: Float64Array } {
  let count = 0;
  let last = Number.NaN;
  for (let i = 0; i < tape.length; i++) {
    const start = bucketStart(tape.time[i] as number, lengthUs);
    if (start !== last) {
      count++;
      last = start;
    }
  }
  const bars = { kind: 'bars' as const, time: new Float64Array(count), open: new Float64Array(count), high: new Float64Array(count), low: new Float64Array(count), close: new Float64Array(count), volume: new Float64Array(count), trades: new Float64Array(count), length: count };
  let k = -1;
  last = Number.NaN;
  for (let i = 0; i < tape.length; i++) {
    const start = bucketStart(tape.time[i] as number, lengthUs);
    const price = tape.price[i] as number;
    if (start !== last) {
      k++;
      last = start;
      bars.time[k] = start;
      bars.open[k] = price;
      bars.high[k] = price;
      bars.low[k] = price;
    } else {
      if (price > (bars.high[k] as number)) bars.high[k] = price;
      if (price < (bars.low[k] as number)) bars.low[k] = price;
    }
    bars.close[k] = price;
    bars.volume[k] = (bars.volume[k] as number) + (tape.qty[i] as number);
    bars.trades[k] = (bars.trades[k] as number) + 1;
  }
  return bars;
}

/** Start of the bar of length `lengthUs` holding time `us`. */
export function bucketStart(us: number, lengthUs: number): number {
  return us - (((us % lengthUs) + lengthUs) % lengthUs);
}
