/**
 * Relative strength index (Wilder), O(1) per update.
 *
 * TA-Lib convention (TA_RSI, default compatibility):
 * - it works on price changes, so the first value only sets the previous price;
 * - the average gain and loss are seeded with the simple average of the first `period` changes, and the first RSI
 *   comes with the value that makes the `period`-th change: input index `period`, so the lookback is `period`;
 * - after that Wilder's smoothing: avg = (avg · (period − 1) + change) / period, for gains and losses alike;
 * - RSI = 100 · avgGain / (avgGain + avgLoss), the same as 100 − 100 / (1 + RS); when both averages are zero (a flat
 *   market) TA-Lib answers 0, and so does this.
 */
import { checkPeriod, type Indicator } from './types.js';

/** Incremental Wilder RSI. */
export class Rsi implements Indicator<number, number> {
  readonly lookback: number;
  private previous = 0;
  /** Price changes seen (inputs − 1 once there is an input). */
  private changes = -1;
  private gain = 0;
  private loss = 0;
  private current: number | undefined;

  constructor(readonly period: number) {
    checkPeriod('RSI period', period);
    this.lookback = period;
  }

  /** Adds a price; returns the RSI, or undefined until `period` changes have been seen. */
  update(price: number): number | undefined {
    const change = price - this.previous;
    this.previous = price;
    this.changes += 1;
    if (this.changes === 0) return undefined;
    const n = this.period;
    if (this.changes <= n) {
      // Warm-up: plain sums of gains and losses, divided once at the end, as TA-Lib does.
      if (change < 0) this.loss -= change;
      else this.gain += change;
      if (this.changes < n) return undefined;
      this.gain /= n;
      this.loss /= n;
    } else {
      this.gain *= n - 1;
      this.loss *= n - 1;
      if (change < 0) this.loss -= change;
      else this.gain += change;
      this.gain /= n;
      this.loss /= n;
    }
    const total = this.gain + this.loss;
    this.current = total > 0 ? (100 * this.gain) / total : 0;
    return this.current;
  }

  get value(): number | undefined {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.previous = 0;
    this.changes = -1;
    this.gain = 0;
    this.loss = 0;
    this.current = undefined;
  }
}
