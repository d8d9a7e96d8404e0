/**
 * Momentum takers: they buy after the fair value has been rising and the tape has been buying, and sell after the
 * opposite, the more eagerly the stronger the move. They are what picks off quotes left behind by a trend.
 */
import { newCounts, type AgentCounts, type FlowMarket } from './market.js';
import { canTake, capToTouch, sendTaker } from './taker.js';

/** Weight of the tape's direction (−1..1) next to the fair value's trend (in σ). */
const FLOW_WEIGHT = 0.5;
/** A signal weaker than this, in σ, is ignored; above it the chance of acting grows by one per σ. */
const THRESHOLD = 0.3;
/** Mean order size as a multiple of the touch size. */
const MEAN_SIZE = 1.2;

/** The flow's momentum takers. */
export class MomentumTaker {
  readonly counts: AgentCounts = newCounts();

  constructor(private readonly m: FlowMarket) {}

  /** Follows the trend if there is one; returns the engine calls made (0 if it saw nothing to do). */
  act(): number {
    const { m } = this;
    const signal = m.signals.trend + FLOW_WEIGHT * m.signals.flowDirection;
    if (!m.rng.chance(Math.abs(signal) - THRESHOLD)) return 0;
    const side = signal > 0 ? 'buy' : 'sell';
    if (!canTake(m, side)) return 0;
    const qty = capToTouch(m, side, 1 + Math.floor(m.rng.exponential(MEAN_SIZE * m.baseSize)));
    // In a hurry: mostly market orders, otherwise a limit one step through the touch.
    return m.rng.chance(0.6) ? sendTaker(m, this.counts, 'm', side, qty, 'market') : sendTaker(m, this.counts, 'm', side, qty, 'ioc', 1);
  }
}
