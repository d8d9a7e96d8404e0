/**
 * Sweepers: rare large orders that take several whole levels at once — a liquidation, a fund entering — leaving the
 * spread wide until the liquidity providers refill it. Part of the move lasts (the fair value shifts toward the last
 * price taken) and the market gets busy for a moment.
 */
import type { Side } from '../../protocol/messages.js';
import type { Activity } from './activity.js';
import { newCounts, opposite, type AgentCounts, type FlowMarket } from './market.js';
import { canTake, sendTaker } from './taker.js';

/** Levels one sweep takes, inclusive range. */
const MIN_LEVELS = 3;
const MAX_LEVELS = 6;
/** Most a sweep takes at one level, as a multiple of the touch size times (1 + rank). */
const LEVEL_CAP = 3;
/** Levels a sweep must leave behind on the side it hits. */
const LEAVE_LEVELS = 3;
/** Share of the distance from fair value to the last price taken that the fair value keeps. */
const LASTING_IMPACT = 0.5;
/** Activity lift a sweep sets off. */
const SWEEP_LIFT = 3;
/** A sweep that finds the book too thin for this long, s, is dropped. */
const PATIENCE = 5;

/** The flow's sweepers: time decides when, the next unit of flow sends it. */
export class Sweeper {
  readonly counts: AgentCounts = newCounts();
  private pendingFor: number | undefined;
  private side: Side = 'buy';

  constructor(
    private readonly m: FlowMarket,
    private readonly activity: Activity,
    /** Multiplier of the regime's sweep frequency (0 = no sweeps). */
    private readonly frequency: number,
  ) {}

  /** True if a sweep is waiting to be sent. */
  get pending(): boolean {
    return this.pendingFor !== undefined;
  }

  /** Advances one clock step of `seconds`: maybe a sweep becomes due, in the direction of the trend more often. */
  advance(seconds: number): void {
    if (this.pendingFor !== undefined) {
      this.pendingFor += seconds;
      if (this.pendingFor > PATIENCE) this.pendingFor = undefined;
      return;
    }
    if (!this.m.rng.chance((seconds * this.frequency) / this.m.regime.sweepEvery)) return;
    this.pendingFor = 0;
    const up = this.m.rng.chance(0.5 + 0.3 * Math.tanh(this.m.signals.trend));
    this.side = up ? 'buy' : 'sell';
  }

  /** Sends the pending sweep if the book is deep enough; returns the engine calls made. */
  act(): number {
    const { m } = this;
    const take = m.rng.int(MIN_LEVELS, MAX_LEVELS);
    if (!canTake(m, this.side, take + LEAVE_LEVELS)) return 0;
    const levels = m.book.levels(opposite(this.side));
    let qty = 0;
    // Sized to what the flow itself would quote there, so a client's huge resting order is hit, not swallowed.
    for (let rank = 0; rank < take; rank++) qty += Math.min(levels.qtyAt(rank), LEVEL_CAP * m.baseSize * (1 + rank));
    const last = levels.priceAt(take - 1) as number;
    const calls = sendTaker(m, this.counts, 's', this.side, qty, 'ioc', 0, last);
    this.pendingFor = undefined;
    const move = LASTING_IMPACT * (last - m.fair.value);
    // Only ever in the sweep's direction, even if a stale book left the last price on the wrong side of fair value.
    m.fair.shift(this.side === 'buy' ? Math.max(0, move) : Math.min(0, move));
    this.activity.kick(SWEEP_LIFT);
    return calls;
  }
}
