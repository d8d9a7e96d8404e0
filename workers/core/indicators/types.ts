/**
 * The shape every incremental indicator shares. Indicators are analytics, not money: they read prices and volumes as
 * given (integer ticks and lots inside the engine, decimals from a file) and answer in plain floating-point numbers.
 * While an indicator warms up it has no value — `undefined`, never zero — and `lookback` says how many inputs that
 * lasts, the same count TA-Lib's `TA_*_Lookback` functions give.
 */

/** The fields of a bar an indicator may read. The protocol's `Bar` message fits it as it is. */
export interface BarInput {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** High, low and close: what range-based indicators (ATR, stochastic, pivots) read. */
export type HighLowClose = Pick<BarInput, 'high' | 'low' | 'close'>;

/** High and low: what Donchian channels read. */
export type HighLow = Pick<BarInput, 'high' | 'low'>;

/** An indicator fed one input at a time, O(1) (or O(1) amortised) per update. */
export interface Indicator<In, Out> {
  /** Inputs consumed before the first output; the first output comes with input number `lookback` (0-based). */
  readonly lookback: number;
  /** Adds the next input; returns the new output, or undefined while warming up. */
  update(input: In): Out | undefined;
  /** The last output, or undefined while warming up. */
  readonly value: Out | undefined;
  /** True once outputs are defined. */
  readonly ready: boolean;
  /** Forgets every input, as if just constructed. */
  reset(): void;
}

/** Throws unless `period` is a safe integer ≥ `min`; the message names the indicator and the parameter. */
export function checkPeriod(what: string, period: number, min = 1): void {
  if (!Number.isSafeInteger(period) || period < min) throw new RangeError(`${what} must be an integer ≥ ${min}, got ${period}`);
}
