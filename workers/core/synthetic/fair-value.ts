/**
 * The fair value the synthetic market trades around: a random walk whose variance follows a GARCH(1,1)-like recursion
 * (big moves raise it, it decays back) toward a level set by the {@link Regime}, plus a slowly wandering drift so there
 * are trends, and jumps when a sweep pushes the price. Advanced on a fixed clock by the flow, so its path depends on
 * the seed and elapsed time only, not on how often the caller steps.
 */
import type { SeededRandom } from '../random.js';
import type { Regime } from './regimes.js';

/** Default volatility in the normal regime, as a fraction of price per √s (≈ 34 %/year). */
export const DEFAULT_VOLATILITY = 6e-5;
/** How fast the variance forgets a shock, s: long enough that a calm or wild minute is followed by a similar one. */
const VARIANCE_MEMORY = 60;
/**
 * Weight of each squared return in the variance (GARCH α per clock step), as a share of √(clock step / memory): below 1
 * returns keep a finite fourth moment. 0.8 gives clusters visible in 10 s bars and fat tails (kurtosis 4–7).
 */
const SHOCK_WEIGHT = 0.8;
/** Variance stays within this factor of the regime's level, so one freak step cannot freeze or explode the walk. */
const VARIANCE_BAND = 25;
/** A jump multiplies the variance by this (within the band); the recursion then decays it back. */
const JUMP_VARIANCE_BUMP = 1.5;
/** The drift reverts to zero over this time, s, and moves the price by about this many σ over that time. */
const DRIFT_MEMORY = 120;
const DRIFT_STRENGTH = 0.5;

/** A seeded fair-value process, in ticks. */
export class FairValue {
  private price: number;
  /** Current variance of relative returns, per s. */
  private variance: number;
  /** Relative drift per s. */
  private drift = 0;
  /** Relative move from impact, applied with the next step so the variance sees it. */
  private pendingJump = 0;
  private readonly floor: number;
  private readonly recall: number;
  private readonly shock: number;

  constructor(
    startPrice: number,
    private readonly baseVolatility: number,
    /** Clock step, s. */
    private readonly dt: number,
    private readonly rng: SeededRandom,
  ) {
    this.price = startPrice;
    this.variance = baseVolatility * baseVolatility;
    // Reflect off a floor so prices stay positive and the walk does not stick to the bound.
    this.floor = startPrice * 0.1;
    this.recall = dt / VARIANCE_MEMORY;
    this.shock = SHOCK_WEIGHT * Math.sqrt(this.recall);
  }

  /** Fair value, ticks (fractional). */
  get value(): number {
    return this.price;
  }

  /** Current volatility, ticks per √s. */
  get sigmaTicks(): number {
    return this.price * Math.sqrt(this.variance);
  }

  /** Current volatility over the regime's level (1 = as usual for the regime). */
  excessVolatility(regime: Regime): number {
    return Math.sqrt(this.variance / this.target(regime));
  }

  /** Advances one clock step in `regime`. */
  advance(regime: Regime): void {
    const dt = this.dt;
    const target = this.target(regime);
    const r = this.drift * dt + Math.sqrt(this.variance * dt) * this.rng.normal();
    this.price *= 1 + r + this.pendingJump;
    this.pendingJump = 0;
    if (this.price < this.floor) this.price = 2 * this.floor - this.price;
    // GARCH(1,1) in continuous-time form: persistence 1 − recall, shock weight `shock`, long-run level `target`.
    // Jumps stay out of it: one squared jump would outweigh minutes of steps; `shift` bumps the variance instead.
    const next = this.variance + this.recall * (target - this.variance) + this.shock * ((r * r) / dt - this.variance);
    this.variance = Math.min(Math.max(next, target / VARIANCE_BAND), target * VARIANCE_BAND);
    // Ornstein–Uhlenbeck drift: stationary spread DRIFT_STRENGTH·σ/√memory, so a trend lasts minutes.
    const driftSpread = (DRIFT_STRENGTH * Math.sqrt(target)) / Math.sqrt(DRIFT_MEMORY);
    this.drift += (-this.drift * dt) / DRIFT_MEMORY + driftSpread * Math.sqrt((2 * dt) / DRIFT_MEMORY) * this.rng.normal();
  }

  /** A regime change moves the variance halfway (geometrically) to the new level at once; GARCH does the rest. */
  enter(regime: Regime): void {
    this.variance = Math.sqrt(this.variance * this.target(regime));
  }

  /** Moves the price by `ticks` at the next step, as the lasting impact of a large order, which also unsettles it. */
  shift(ticks: number): void {
    this.pendingJump += ticks / this.price;
    this.variance *= JUMP_VARIANCE_BUMP;
  }

  private target(regime: Regime): number {
    const sigma = this.baseVolatility * regime.volatility;
    return sigma * sigma;
  }
}
