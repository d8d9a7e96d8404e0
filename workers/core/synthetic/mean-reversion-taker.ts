/**
 * Mean-reversion takers: they fade the mid's distance from its slow moving average — selling when it has run up,
 * buying when it has dropped — once it exceeds about one usual deviation. Patient: limit IOC at the touch only.
 */
import { newCounts, type AgentCounts, type FlowMarket } from './market.js';
import { canTake, capToTouch, sendTaker } from './taker.js';

/** Deviations below this, in σ, are left alone; beyond it the chance of acting grows by one per σ. */
const THRESHOLD = 1;
/** Mean order size as a multiple of the touch size. */
const MEAN_SIZE = 1;

/** The flow's mean-reversion takers. */
export class MeanReversionTaker {
  readonly counts: AgentCounts = newCounts();

  constructor(private readonly m: FlowMarket) {}

  /** Fades a stretched mid if there is one; returns the engine calls made (0 if it saw nothing to do). */
  act(): number {
    const { m } = this;
    const deviation = m.signals.deviation;
    if (!m.rng.chance(Math.abs(deviation) - THRESHOLD)) return 0;
    const side = deviation > 0 ? 'sell' : 'buy';
    if (!canTake(m, side)) return 0;
    const qty = capToTouch(m, side, 1 + Math.floor(m.rng.exponential(MEAN_SIZE * m.baseSize)));
    return sendTaker(m, this.counts, 'r', side, qty, 'ioc', 0);
  }
}
