/**
 * Average true range (Wilder), O(1) per update. The true range of a bar is the greatest of high − low,
 * |previous close − high| and |previous close − low|; it needs a previous close, so it starts with the second bar.
 *
 * TA-Lib convention (TA_ATR): the average is seeded with the simple average of the first `period` true ranges (bars
 * 1..period), and that is the first output, on input index `period`: the lookback is `period`. After that Wilder's
 * smoothing, atr = (atr · (period − 1) + tr) / period.
 */
import { checkPeriod, type HighLowClose, type Indicator } from './types.js';

/** True range of a bar given the previous close, in TA-Lib's form (TA_TRANGE). */
export function trueRange(high: number, low: number, previousClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(previousClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(previousClose - low);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}

/** Incremental Wilder ATR. */
export class Atr implements Indicator<HighLowClose, number> {
  readonly lookback: number;
  private previousClose = 0;
  /** Bars seen. */
  private count = 0;
  /** Sum of true ranges during warm-up, then the average itself. */
  private state = 0;

  constructor(readonly period = 14) {
    checkPeriod('ATR period', period);
    this.lookback = period;
  }

  /** Adds a bar; returns the ATR, or undefined for the first `period` bars. */
  update(bar: HighLowClose): number | undefined {
    const first = this.count === 0;
    const range = first ? 0 : trueRange(bar.high, bar.low, this.previousClose);
    this.previousClose = bar.close;
    this.count += 1;
    if (first) return undefined;
    const n = this.period;
    if (this.count <= n) {
      this.state += range;
      return undefined;
    }
    if (this.count === n + 1) {
      this.state = (this.state + range) / n;
      return this.state;
    }
    this.state = (this.state * (n - 1) + range) / n;
    return this.state;
  }

  get value(): number | undefined {
    return this.count > this.period ? this.state : undefined;
  }

  get ready(): boolean {
    return this.count > this.period;
  }

  reset(): void {
    this.previousClose = 0;
    this.count = 0;
    this.state = 0;
  }
}
