/**
 * Noise takers: small orders of either side for no reason the market can see, leaning a little toward the fair value
 * (the arbitrage that keeps the book from drifting off it). Sizes are exponential, so most are small and a few large.
 */
import type { Side } from '../../protocol/messages.js';
import { newCounts, type AgentCounts, type FlowMarket } from './market.js';
import { canTake, capToTouch, sendTaker } from './taker.js';

/** Most a noise taker leans toward fair value: buy probability ranges over 0.5 ± this. */
const LEAN = 0.3;
/** Mean order size as a share of the touch size, and the largest as a multiple of it. */
const MEAN_SIZE = 0.8;
const MAX_SIZE = 4;

/** The flow's noise takers. */
export class NoiseTaker {
  readonly counts: AgentCounts = newCounts();

  constructor(private readonly m: FlowMarket) {}

  /** Sends one order; returns the engine calls made (0 if the side it chose is too thin). */
  act(): number {
    const { m } = this;
    const side = this.chooseSide();
    if (!canTake(m, side)) return 0;
    const base = m.baseSize;
    const qty = capToTouch(m, side, Math.min(MAX_SIZE * base, 1 + Math.floor(m.rng.exponential(MEAN_SIZE * base))));
    const style = m.rng.next();
    if (style < 0.5) return sendTaker(m, this.counts, 'n', side, qty, 'market');
    if (style < 0.85) return sendTaker(m, this.counts, 'n', side, qty, 'ioc', m.rng.int(0, 1));
    return sendTaker(m, this.counts, 'n', side, qty, 'fok', 1);
  }

  private chooseSide(): Side {
    const { m } = this;
    const bid = m.book.bestBid();
    const ask = m.book.bestAsk();
    const gap = bid === undefined || ask === undefined ? 0 : (m.fair.value - (bid + ask) / 2) / (2 * m.grid);
    return m.rng.chance(0.5 + LEAN * Math.tanh(gap)) ? 'buy' : 'sell';
  }
}
