/**
 * Bursty intensity of the synthetic flow. Bursts arrive as a self-exciting (Hawkes) process — each burst makes the
 * next more likely for a while — and each lifts activity by a random amount that decays within a second or so. The
 * lift is divided by its own recent average, so over any few seconds the flow runs at the configured rate: bursts
 * move activity in time (busy moments, then a lull) instead of adding to it.
 */
import type { SeededRandom } from '../random.js';

/** Extra bursts each burst sets off, on average (the branching ratio; below 1 so bursts die out). */
const BRANCHING = 0.5;
/** How long a burst keeps setting off others, s. */
const EXCITE_MEMORY = 1;
/** Mean lift of activity at the start of a burst, as a multiple of the calm rate, and how fast it fades, s. */
const MEAN_LIFT = 2;
const LIFT_MEMORY = 0.4;
/** Averaging time of the normaliser, s: longer than a burst, so a burst still stands out. */
const NORMALISE_MEMORY = 1;
/**
 * Time over which extra activity is paid back, s: what bursts add beyond the average is taken off the rate that
 * follows, so any ten seconds stay within about 10 % of the configured rate.
 */
const PAYBACK = 2;

/** A seeded, self-exciting activity level around 1. */
export class Activity {
  /** Sum of recent bursts' decaying kernels: raises the burst rate. */
  private excitement = 0;
  /** Current lift above calm (0 = calm). */
  private lift = 0;
  /** Recent average of 1 + lift. */
  private average = 1;
  /** Activity above the configured rate so far, s of that rate. */
  private excess = 0;
  private current = 1;
  private readonly exciteDecay: number;
  private readonly liftDecay: number;
  private readonly follow: number;

  constructor(
    /** Clock step, s. */
    private readonly dt: number,
    private readonly rng: SeededRandom,
  ) {
    this.exciteDecay = Math.exp(-dt / EXCITE_MEMORY);
    this.liftDecay = Math.exp(-dt / LIFT_MEMORY);
    this.follow = 1 - Math.exp(-dt / NORMALISE_MEMORY);
  }

  /** Rate multiplier now: above 1 in a burst, a little below after one; averages 1. */
  get multiplier(): number {
    return this.current;
  }

  /** How hot the market is, 0 (calm) to 1: takers crowd in during bursts. */
  get heat(): number {
    return this.lift / (1 + this.lift);
  }

  /** Advances one clock step; `outsideRate` is the rate of bursts from outside (news), per s. */
  advance(outsideRate: number): void {
    const rate = outsideRate + (BRANCHING / EXCITE_MEMORY) * this.excitement;
    if (this.rng.chance(rate * this.dt)) {
      this.excitement += 1;
      this.lift += this.rng.exponential(MEAN_LIFT);
    }
    this.excitement *= this.exciteDecay;
    this.lift *= this.liftDecay;
    this.average += (1 + this.lift - this.average) * this.follow;
    this.current = ((1 + this.lift) / this.average) * Math.exp(-this.excess / PAYBACK);
    this.excess += (this.current - 1) * this.dt;
  }

  /** A burst from inside the market (a sweep): lifts activity by `lift` and excites further bursts. */
  kick(lift: number): void {
    this.excitement += 1;
    this.lift += lift;
  }
}
