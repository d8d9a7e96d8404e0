/**
 * Simple moving average over the last `period` values, O(1) per update: a ring buffer remembers the values to drop
 * and a running sum avoids re-adding the window. Inputs are integers (ticks), so the sum stays exact while it is
 * below 2^53; only the final division is fractional.
 */

/** Incremental simple moving average. */
export class Sma {
  private readonly window: Float64Array;
  private sum = 0;
  private count = 0;
  private next = 0;

  constructor(readonly period: number) {
    if (!Number.isSafeInteger(period) || period < 1) throw new RangeError(`SMA period must be an integer ≥ 1, got ${period}`);
    this.window = new Float64Array(period);
  }

  /** Adds a value; returns the average, or undefined during warm-up (the first period−1 values). */
  update(value: number): number | undefined {
    if (this.count === this.period) this.sum -= this.window[this.next] ?? 0;
    else this.count += 1;
    this.window[this.next] = value;
    this.sum += value;
    this.next = this.next + 1 === this.period ? 0 : this.next + 1;
    return this.value;
  }

  /** The current average, or undefined until `period` values have been seen. */
  get value(): number | undefined {
    return this.count === this.period ? this.sum / this.period : undefined;
  }

  /** True once the window is full. */
  get ready(): boolean {
    return this.count === this.period;
  }

  /** Forgets every value (e.g. when the strategy's parameters change). */
  reset(): void {
    this.window.fill(0);
    this.sum = 0;
    this.count = 0;
    this.next = 0;
  }
}
