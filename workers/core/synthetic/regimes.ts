/**
 * Market regimes of the synthetic flow — calm, normal and volatile — and the Markov chain that moves between them.
 * Staying in one regime for minutes is what makes volatility, spread and activity change together, as they do on a
 * real venue around news.
 */
import type { SeededRandom } from '../random.js';

/** One regime: everything the flow's parts read from it. */
export interface Regime {
  readonly name: 'calm' | 'normal' | 'volatile';
  /** Multiplier of the base volatility that the fair value's variance reverts to. */
  readonly volatility: number;
  /** Spread the liquidity providers quote, grid steps. */
  readonly spread: number;
  /** Multiplier of the takers' share of the flow. */
  readonly takers: number;
  /** Multiplier of the size quoted at the two best levels: liquidity thins at the touch when prices jump. */
  readonly touchDepth: number;
  /** Mean time spent in the regime, s. */
  readonly meanStay: number;
  /** Mean time between sweeps, s. */
  readonly sweepEvery: number;
  /** Rate of activity bursts that arrive from outside (news), per s; each may set off more. */
  readonly burstsPerSecond: number;
}

/** The regimes, calm to volatile. Shares of time: about 22 % calm, 69 % normal, 9 % volatile. */
export const REGIMES: readonly Regime[] = [
  { name: 'calm', volatility: 0.5, spread: 1, takers: 0.8, touchDepth: 1.2, meanStay: 150, sweepEvery: 240, burstsPerSecond: 0.3 },
  { name: 'normal', volatility: 1, spread: 1, takers: 1, touchDepth: 1, meanStay: 240, sweepEvery: 90, burstsPerSecond: 0.5 },
  { name: 'volatile', volatility: 2.5, spread: 2, takers: 1.3, touchDepth: 0.6, meanStay: 60, sweepEvery: 25, burstsPerSecond: 1 },
];

const NORMAL = 1;

/** A Markov chain over {@link REGIMES}: normal goes to calm or volatile, either goes back to normal. */
export class RegimeSwitcher {
  private index = NORMAL;

  constructor(private readonly rng: SeededRandom) {}

  get current(): Regime {
    return REGIMES[this.index] as Regime;
  }

  /** Advances by `seconds`; returns true if the regime changed. */
  advance(seconds: number): boolean {
    if (!this.rng.chance(seconds / this.current.meanStay)) return false;
    this.index = this.index === NORMAL ? (this.rng.chance(0.5) ? 0 : 2) : NORMAL;
    return true;
  }
}
