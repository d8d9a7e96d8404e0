/**
 * Bollinger Bands, O(1) per update: middle = simple average of the last `period` values, upper/lower = middle ±
 * `deviations` · σ, σ the POPULATION standard deviation of the same window (divided by `period`, not `period − 1`).
 *
 * TA-Lib convention (TA_BBANDS with MAType SMA, the default): first bands with the `period`-th value, lookback
 * `period − 1`; a zero variance gives bands on the middle. The variance is kept as a running sum of squared
 * deviations updated when a value is replaced (Welford's sliding form, steadier than sum-of-squares minus square of
 * the sum on large prices) and recomputed exactly from the window each time the ring wraps (O(1) amortised).
 */
import { checkPeriod, type Indicator } from './types.js';

/** One set of bands. */
export interface BandsValue {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/** Incremental Bollinger Bands on a simple average with the population standard deviation. */
export class BollingerBands implements Indicator<number, BandsValue> {
  readonly lookback: number;
  private readonly window: Float64Array;
  private mean = 0;
  /** Sum of squared deviations from the mean over the window. */
  private m2 = 0;
  private count = 0;
  private next = 0;
  private current: BandsValue | undefined;

  constructor(
    readonly period = 20,
    readonly deviations = 2,
  ) {
    checkPeriod('Bollinger period', period);
    if (!Number.isFinite(deviations) || deviations <= 0) throw new RangeError(`Bollinger deviations must be a number > 0, got ${deviations}`);
    this.window = new Float64Array(period);
    this.lookback = period - 1;
  }

  /** Adds a value; returns the bands, or undefined for the first period−1 values. */
  update(value: number): BandsValue | undefined {
    if (this.count === this.period) {
      const old = this.window[this.next] ?? 0;
      const mean = this.mean + (value - old) / this.period;
      this.m2 += (value - old) * (value - mean + old - this.mean);
      this.mean = mean;
    } else {
      this.count += 1;
      const delta = value - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (value - this.mean);
    }
    this.window[this.next] = value;
    this.next += 1;
    if (this.next === this.period) {
      this.next = 0;
      this.rebase();
    }
    if (this.count < this.period) return undefined;
    const sigma = this.m2 > 0 ? Math.sqrt(this.m2 / this.period) : 0;
    const spread = this.deviations * sigma;
    this.current = { upper: this.mean + spread, middle: this.mean, lower: this.mean - spread };
    return this.current;
  }

  get value(): BandsValue | undefined {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.window.fill(0);
    this.mean = 0;
    this.m2 = 0;
    this.count = 0;
    this.next = 0;
    this.current = undefined;
  }

  /** Two-pass mean and squared deviations over the full window. */
  private rebase(): void {
    let sum = 0;
    for (let i = 0; i < this.period; i++) sum += this.window[i] ?? 0;
    const mean = sum / this.period;
    let m2 = 0;
    for (let i = 0; i < this.period; i++) {
      const d = (this.window[i] ?? 0) - mean;
      m2 += d * d;
    }
    this.mean = mean;
    this.m2 = m2;
  }
}
