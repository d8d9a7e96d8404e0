/**
 * Classic floor-trader pivot points, O(1) per update. From the high H, low L and close C of the PREVIOUS period:
 *   P  = (H + L + C) / 3
 *   R1 = 2·P − L        S1 = 2·P − H
 *   R2 = P + (H − L)    S2 = P − (H − L)
 * (the "standard" pivots of StockCharts' ChartSchool and most platforms). A period is a block of `period` bars
 * counted from the first bar (`period` 1: the previous bar), or whatever the caller marks with `update(bar, true)`
 * as the first bar of a new period (e.g. a new day, for daily pivots on minute bars). H and L are the period's
 * extremes, C the close of its last bar. The levels hold for every bar of the following period and never use the
 * current period, so there is no look-ahead; during the first period there are none (lookback `period` when counted).
 * Swing-pivot levels (local highs and lows) are not computed here.
 */
import { checkPeriod, type HighLowClose, type Indicator } from './types.js';

/** One set of levels. */
export interface PivotLevels {
  readonly p: number;
  readonly r1: number;
  readonly r2: number;
  readonly s1: number;
  readonly s2: number;
}

/** Incremental floor pivots from the previous period. */
export class PivotPoints implements Indicator<HighLowClose, PivotLevels> {
  readonly lookback: number;
  private high = 0;
  private low = 0;
  private close = 0;
  /** Bars in the current period so far; 0 before the first bar. */
  private inPeriod = 0;
  private current: PivotLevels | undefined;

  constructor(readonly period = 1) {
    checkPeriod('pivot period', period);
    this.lookback = period;
  }

  /**
   * Adds a bar; returns the levels from the previous period, or undefined during the first period. With `newPeriod`
   * given, it alone decides where periods start; without it, every `period` bars start one.
   */
  update(bar: HighLowClose, newPeriod?: boolean): PivotLevels | undefined {
    const starts = this.inPeriod === 0 || (newPeriod ?? this.inPeriod >= this.period);
    if (starts) {
      if (this.inPeriod > 0) this.current = levels(this.high, this.low, this.close);
      this.high = bar.high;
      this.low = bar.low;
      this.inPeriod = 0;
    } else {
      if (bar.high > this.high) this.high = bar.high;
      if (bar.low < this.low) this.low = bar.low;
    }
    this.close = bar.close;
    this.inPeriod += 1;
    return this.current;
  }

  get value(): PivotLevels | undefined {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.high = 0;
    this.low = 0;
    this.close = 0;
    this.inPeriod = 0;
    this.current = undefined;
  }
}

/** The standard floor pivots from one period's high, low and close. */
export function levels(high: number, low: number, close: number): PivotLevels {
  const p = (high + low + close) / 3;
  const range = high - low;
  return { p, r1: 2 * p - low, r2: p + range, s1: 2 * p - high, s2: p - range };
}
