/**
 * Weighted moving average over the last `period` values, weights 1 (oldest) to `period` (newest), divided by
 * period·(period+1)/2. O(1) per update from two running sums: when a value enters, every weight in the window drops
 * by one, which is the weighted sum minus the plain sum (the oldest value, weight 1, leaves with it). Both sums are
 * recomputed from the window each time the ring wraps, so decimal rounding cannot pile up.
 *
 * TA-Lib convention (TA_WMA): first output with the `period`-th value, lookback `period − 1`.
 */
import { sumOf } from './sma.js';
import { checkPeriod, type Indicator } from './types.js';

/** Incremental linearly weighted moving average. */
export class Wma implements Indicator<number, number> {
  readonly lookback: number;
  private readonly window: Float64Array;
  private readonly divisor: number;
  private sum = 0;
  private weighted = 0;
  private count = 0;
  private next = 0;

  constructor(readonly period: number) {
    checkPeriod('WMA period', period);
    this.window = new Float64Array(period);
    this.divisor = (period * (period + 1)) / 2;
    this.lookback = period - 1;
  }

  /** Adds a value; returns the average, or undefined for the first period−1 values. */
  update(value: number): number | undefined {
    if (this.count === this.period) {
      this.weighted += this.period * value - this.sum;
      this.sum += value - (this.window[this.next] ?? 0);
    } else {
      this.count += 1;
      this.weighted += this.count * value;
      this.sum += value;
    }
    this.window[this.next] = value;
    this.next += 1;
    if (this.next === this.period) {
      this.next = 0;
      if (this.count === this.period) this.rebase();
    }
    return this.value;
  }

  get value(): number | undefined {
    return this.count === this.period ? this.weighted / this.divisor : undefined;
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  reset(): void {
    this.window.fill(0);
    this.sum = 0;
    this.weighted = 0;
    this.count = 0;
    this.next = 0;
  }

  /** Recomputes both sums from the window, which is in age order when the ring has just wrapped. */
  private rebase(): void {
    let weighted = 0;
    for (let i = 0; i < this.period; i++) weighted += (i + 1) * (this.window[i] ?? 0);
    this.weighted = weighted;
    this.sum = sumOf(this.window);
  }
}
