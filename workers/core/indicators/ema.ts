/**
 * Exponential moving average, O(1) per update.
 *
 * TA-Lib convention (TA_EMA, default compatibility): k = 2 / (period + 1); the average is seeded with the simple
 * average of the first `period` values, which is also its first output, so the lookback is `period − 1`; after that
 * ema = (value − ema) · k + ema, written as TA-Lib writes it. (MetaStock's variant seeds with the first value instead;
 * it is not offered here.)
 */
import { checkPeriod, type Indicator } from './types.js';

/** Incremental exponential moving average seeded with a simple average. */
export class Ema implements Indicator<number, number> {
  readonly lookback: number;
  /** The smoothing factor, 2 / (period + 1). */
  readonly k: number;
  private count = 0;
  /** Sum of the inputs during warm-up, then the average itself. */
  private state = 0;

  constructor(readonly period: number) {
    checkPeriod('EMA period', period);
    this.k = 2 / (period + 1);
    this.lookback = period - 1;
  }

  /** Adds a value; returns the average, or undefined for the first period−1 values. */
  update(value: number): number | undefined {
    if (this.count >= this.period) {
      this.state = (value - this.state) * this.k + this.state;
      return this.state;
    }
    this.count += 1;
    this.state += value;
    if (this.count < this.period) return undefined;
    this.state /= this.period;
    return this.state;
  }

  /**
   * Starts the average at `seed` as if `period` values averaging `seed` had been seen. MACD uses it to seed its fast
   * average on the same bar as its slow one, as TA-Lib does.
   */
  seed(seed: number): void {
    this.count = this.period;
    this.state = seed;
  }

  get value(): number | undefined {
    return this.count >= this.period ? this.state : undefined;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  reset(): void {
    this.count = 0;
    this.state = 0;
  }
}
