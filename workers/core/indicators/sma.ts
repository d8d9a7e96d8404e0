/**
 * Simple moving average over the last `period` values, O(1) per update: a ring buffer remembers the values to drop
 * and a running sum avoids re-adding the window. Integer inputs (ticks) keep the sum exact while it is below 2^53;
 * for decimal inputs the sum is recomputed from the window each time the ring wraps (O(1) amortised), so rounding
 * cannot pile up over a long run. Only the final division is fractional.
 *
 * TA-Lib convention (TA_SMA): the first average comes with the `period`-th value, so the lookback is `period − 1`.
 */
import { checkPeriod, type Indicator } from './types.js';

/** Incremental simple moving average. */
export class Sma implements Indicator<number, number> {
  readonly lookback: number;
  private readonly window: Float64Array;
  private sum = 0;
  /** The window has wrapped once: every slot holds a value. */
  private full = false;
  private next = 0;

  constructor(readonly period: number) {
    checkPeriod('SMA period', period);
    this.window = new Float64Array(period);
    this.lookback = period - 1;
  }

  /**
   * Adds a value; returns the average, or undefined during warm-up (the first period−1 values). Kept small on
   * purpose: a strategy's hot loop inlines it only if it fits the optimiser's budget, and an update that is not
   * inlined returns its average boxed, one allocation per bar. The window starts at zeros, so the value leaving it
   * during warm-up subtracts nothing.
   */
  update(value: number): number | undefined {
    const next = this.next;
    this.sum -= this.window[next] as number;
    this.sum += value;
    this.window[next] = value;
    if (next + 1 < this.period) this.next = next + 1;
    else this.wrap();
    return this.full ? this.sum / this.period : undefined;
  }

  /** The ring wrapped: the window is full from now on, and its sum is re-based on the values themselves. */
  private wrap(): void {
    this.next = 0;
    this.full = true;
    this.sum = sumOf(this.window);
  }

  /** The current average, or undefined until `period` values have been seen. */
  get value(): number | undefined {
    return this.full ? this.sum / this.period : undefined;
  }

  /** True once the window is full. */
  get ready(): boolean {
    return this.full;
  }

  /** Forgets every value (e.g. when the strategy's parameters change). */
  reset(): void {
    this.window.fill(0);
    this.sum = 0;
    this.full = false;
    this.next = 0;
  }
}

/** Sum of a window in index order: the exact re-base of a running sum. */
export function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return sum;
}
