/**
 * Volume-weighted average price, cumulative over a session, O(1) per update:
 *   typical price = (high + low + close) / 3,  VWAP = Σ(typical · volume) / Σ volume since the session began.
 * This is the definition StockCharts' ChartSchool gives for intraday VWAP (TA-Lib has no VWAP). The session is
 * everything fed since construction or `reset()`, unless the caller marks a bar as opening a new session
 * (`update(bar, true)`), e.g. at each day's first bar. There is no warm-up (lookback 0), but the value is undefined
 * while the session's volume is still zero — a price with no volume behind it has no weight to average.
 */
import type { BarInput, Indicator } from './types.js';

/** The fields VWAP reads. */
export type VwapInput = Pick<BarInput, 'high' | 'low' | 'close' | 'volume'>;

/** Incremental session VWAP. */
export class Vwap implements Indicator<VwapInput, number> {
  readonly lookback = 0;
  private priceVolume = 0;
  private volume = 0;

  /** Adds a bar, first starting a new session if `newSession`; returns the VWAP, or undefined with no volume yet. */
  update(bar: VwapInput, newSession = false): number | undefined {
    if (newSession) this.reset();
    this.priceVolume += ((bar.high + bar.low + bar.close) / 3) * bar.volume;
    this.volume += bar.volume;
    return this.value;
  }

  get value(): number | undefined {
    return this.volume > 0 ? this.priceVolume / this.volume : undefined;
  }

  get ready(): boolean {
    return this.volume > 0;
  }

  /** Starts a new session. */
  reset(): void {
    this.priceVolume = 0;
    this.volume = 0;
  }
}
