/**
 * Highest (or lowest) of the last `period` values in O(1) amortised per update, with a monotonic deque: candidates
 * are kept in decreasing order, a new value first drops every candidate it dominates (they can never be the extremum
 * again), and the front leaves when it falls out of the window. Each value enters and leaves once. The lowest is the
 * highest of the negated values (negation is exact). The deque lives in two ring buffers, so updates allocate nothing.
 */
import { checkPeriod } from './types.js';

/** Rolling maximum (`sign` 1) or minimum (`sign` −1) over a fixed window. */
export class RollingExtremum {
  private readonly values: Float64Array;
  /** Sequence number of each candidate, to tell when it leaves the window. */
  private readonly seqs: Float64Array;
  private head = 0;
  private size = 0;
  private seq = 0;

  constructor(
    readonly period: number,
    private readonly sign: 1 | -1,
  ) {
    checkPeriod('window', period);
    this.values = new Float64Array(period);
    this.seqs = new Float64Array(period);
  }

  /** Adds a value and returns the window's extremum (over fewer values while the window fills). */
  push(value: number): number {
    const n = this.period;
    const v = this.sign * value;
    if (this.size > 0 && (this.seqs[this.head] ?? 0) <= this.seq - n) {
      this.head = this.head + 1 === n ? 0 : this.head + 1;
      this.size -= 1;
    }
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= n) back -= n;
      if ((this.values[back] ?? 0) > v) break;
      this.size -= 1;
    }
    let slot = this.head + this.size;
    if (slot >= n) slot -= n;
    this.values[slot] = v;
    this.seqs[slot] = this.seq;
    this.size += 1;
    this.seq += 1;
    return this.sign * (this.values[this.head] ?? 0);
  }

  /** The extremum of the values in the window; NaN before any value. */
  get extremum(): number {
    return this.size === 0 ? Number.NaN : this.sign * (this.values[this.head] ?? 0);
  }

  /** True once `period` values have been seen. */
  get full(): boolean {
    return this.seq >= this.period;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.seq = 0;
  }
}

/** Rolling maximum over the last `period` values. */
export function rollingMax(period: number): RollingExtremum {
  return new RollingExtremum(period, 1);
}

/** Rolling minimum over the last `period` values. */
export function rollingMin(period: number): RollingExtremum {
  return new RollingExtremum(period, -1);
}
