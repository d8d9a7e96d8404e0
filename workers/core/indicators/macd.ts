/**
 * Moving average convergence/divergence, O(1) per update: MACD = EMA(fast) − EMA(slow) of the price, signal =
 * EMA(signal) of MACD, histogram = MACD − signal.
 *
 * TA-Lib convention (TA_MACD, default compatibility):
 * - the EMAs are TA-Lib's (k = 2 / (n + 1), seeded with a simple average; see ema.ts);
 * - the fast EMA is aligned with the slow one: both start on input `slow − 1`, the fast one seeded with the simple
 *   average of the `fast` values ending there (not of the first `fast` values), so its early values differ from a
 *   free-running EMA(fast);
 * - the signal EMA is seeded with the simple average of the first `signal` MACD values;
 * - all three outputs appear together once the signal exists: lookback = (slow − 1) + (signal − 1), 33 for 12/26/9.
 * TA-Lib swaps fast and slow when given in the wrong order; this refuses fast ≥ slow instead.
 */
import { Ema } from './ema.js';
import { Sma } from './sma.js';
import { checkPeriod, type Indicator } from './types.js';

/** One MACD output. */
export interface MacdValue {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

/** Incremental MACD with TA-Lib's alignment. */
export class Macd implements Indicator<number, MacdValue> {
  readonly lookback: number;
  /** Rolling averages of the last `fast` and `slow` prices, used once each to seed the EMAs on input slow − 1. */
  private readonly fastSeed: Sma;
  private readonly slowSeed: Sma;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private current: MacdValue | undefined;

  constructor(
    readonly fast = 12,
    readonly slow = 26,
    readonly signal = 9,
  ) {
    checkPeriod('MACD fast period', fast);
    checkPeriod('MACD slow period', slow, 2);
    checkPeriod('MACD signal period', signal);
    if (fast >= slow) throw new RangeError(`MACD fast period (${fast}) must be less than the slow period (${slow})`);
    this.fastSeed = new Sma(fast);
    this.slowSeed = new Sma(slow);
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signal);
    this.lookback = slow - 1 + (signal - 1);
  }

  /** Adds a price; returns MACD, signal and histogram, or undefined for the first `lookback` prices. */
  update(price: number): MacdValue | undefined {
    let fast: number;
    let slow: number;
    if (this.slowEma.ready) {
      fast = this.fastEma.update(price) as number;
      slow = this.slowEma.update(price) as number;
    } else {
      this.fastSeed.update(price);
      const seed = this.slowSeed.update(price);
      if (seed === undefined) return undefined;
      fast = this.fastSeed.value as number;
      slow = seed;
      this.fastEma.seed(fast);
      this.slowEma.seed(slow);
    }
    const macd = fast - slow;
    const signal = this.signalEma.update(macd);
    if (signal === undefined) return undefined;
    this.current = { macd, signal, histogram: macd - signal };
    return this.current;
  }

  get value(): MacdValue | undefined {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  reset(): void {
    this.fastSeed.reset();
    this.slowSeed.reset();
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.current = undefined;
  }
}
