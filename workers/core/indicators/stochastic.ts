/**
 * Slow stochastic oscillator, O(1) amortised per update:
 *   fast %K = 100 · (close − lowest low) / (highest high − lowest low) over the last `fastK` bars,
 *   slow %K = simple average of the last `slowK` fast %K values,
 *   slow %D = simple average of the last `slowD` slow %K values.
 * The highs and lows come from monotonic deques; the averages are ring-buffer SMAs.
 *
 * TA-Lib convention (TA_STOCH with SMA smoothing): when the window has no range (highest = lowest) fast %K is 0; %K
 * and %D are both reported from the bar where %D exists, so lookback = (fastK − 1) + (slowK − 1) + (slowD − 1).
 * The defaults here are the usual charting ones, 14/3/3; TA-Lib's own default for fastK is 5.
 */
import { rollingMax, rollingMin, type RollingExtremum } from './rolling-extremum.js';
import { Sma } from './sma.js';
import { checkPeriod, type HighLowClose, type Indicator } from './types.js';

/** One stochastic output. */
export interface StochasticValue {
  readonly k: number;
  readonly d: number;
}

/** Incremental slow stochastic. */
export class Stochastic implements Indicator<HighLowClose, StochasticValue> {
  readonly lookback: number;
  private readonly highest: RollingExtremum;
  private readonly lowest: RollingExtremum;
  private readonly slowKAverage: Sma;
  private readonly slowDAverage: Sma;
  private current: StochasticValue | undefined;

  constructor(
    readonly fastK = 14,
    readonly slowK = 3,
    readonly slowD = 3,
  ) {
    checkPeriod('stochastic fast %K period', fastK);
    checkPeriod('stochastic slow %K period', slowK);
    checkPeriod('stochastic slow %D period', slowD);
    this.highest = rollingMax(fastK);
    this.lowest = rollingMin(fastK);
    this.slowKAverage = new Sma(slowK);
    this.slowDAverage = new Sma(slowD);
    this.lookback = fastK - 1 + (slowK - 1) + (slowD - 1);
  }

  /** Adds a bar; returns slow %K and %D, or undefined for the first `lookback` bars. */
  update(bar: HighLowClose): StochasticValue | undefined {
    const high = this.highest.push(bar.high);
    const low = this.lowest.push(bar.low);
    if (!this.highest.full) return undefined;
    const range = high - low;
    const fast = range > 0 ? ((bar.close - low) / range) * 100 : 0;
    const k = this.slowKAverage.update(fast);
    if (k === undefined) return undefined;
    const d = this.slowDAverage.update(k);
    if (d === undefined) return undefined;
    this.current = { k, d };
    return this.current;
  }

  get value(): StochasticValue | undefined {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.slowKAverage.reset();
    this.slowDAverage.reset();
    this.current = undefined;
  }
}
