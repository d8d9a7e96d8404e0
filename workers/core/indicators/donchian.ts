/**
 * Donchian channels, O(1) amortised per update: upper = highest high of the last `period` bars, lower = lowest low,
 * middle = (upper + lower) / 2. The extremes come from monotonic deques (rolling-extremum.ts), not a scan.
 *
 * Convention as TA-Lib's TA_DONCHIAN (and pandas' rolling max/min): the window includes the current bar, the first
 * channel comes with the `period`-th bar, lookback `period − 1`. Upper and lower are input values, and the middle is
 * one addition and an exact halving, so results are bit-identical to a batch computation.
 */
import { rollingMax, rollingMin, type RollingExtremum } from './rolling-extremum.js';
import { checkPeriod, type HighLow, type Indicator } from './types.js';

/** One channel. */
export interface ChannelValue {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/** Incremental Donchian channels. */
export class Donchian implements Indicator<HighLow, ChannelValue> {
  readonly lookback: number;
  private readonly highest: RollingExtremum;
  private readonly lowest: RollingExtremum;
  private current: ChannelValue | undefined;

  constructor(readonly period = 20) {
    checkPeriod('Donchian period', period);
    this.highest = rollingMax(period);
    this.lowest = rollingMin(period);
    this.lookback = period - 1;
  }

  /** Adds a bar; returns the channel, or undefined for the first period−1 bars. */
  update(bar: HighLow): ChannelValue | undefined {
    const upper = this.highest.push(bar.high);
    const lower = this.lowest.push(bar.low);
    if (!this.highest.full) return undefined;
    this.current = { upper, middle: (upper + lower) / 2, lower };
    return this.current;
  }

  get value(): ChannelValue | undefined {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.current = undefined;
  }
}
