/**
 * What every agent of one synthetic flow shares: the engine and time of the current step, the price grid, the fair
 * value and signals, the regime, one random stream and one id sequence. The flow owns it and updates it each step.
 */
import type { Side } from '../../protocol/messages.js';
import type { MatchingEngine } from '../matching-engine.js';
import type { SeededRandom } from '../random.js';
import type { FairValue } from './fair-value.js';
import { REGIMES, type Regime } from './regimes.js';
import type { MarketSignals } from './signals.js';

/** The kinds of agent in the flow. */
export type AgentKind = 'liquidityProvider' | 'noiseTaker' | 'momentumTaker' | 'meanReversionTaker' | 'sweeper';

/** What one kind of agent has done since seeding. */
export interface AgentCounts {
  /** Orders submitted. */
  orders: number;
  /** Successful cancels. */
  cancels: number;
  /** Takers: orders that traded. Liquidity provider: quotes filled completely. */
  trades: number;
}

/** A fresh zeroed counter. */
export function newCounts(): AgentCounts {
  return { orders: 0, cancels: 0, trades: 0 };
}

/** The other side of the book. */
export function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** Shared state of one flow's agents. */
export class FlowMarket {
  /** Set by the flow at each step. */
  engine: MatchingEngine | undefined;
  /** Time of the current step, µs. */
  now = 0;
  regime: Regime = REGIMES[1] as Regime;
  /**
   * Sides whose resting quotes may have traded since the liquidity provider last looked: set by the flow's takers,
   * and on both sides at every step because clients' orders may have traded between steps.
   */
  readonly touched = { buy: true, sell: true };
  private orderSeq = 0;

  constructor(
    readonly owner: string,
    /** Spacing of quoted prices, ticks. */
    readonly grid: number,
    /** Typical size at the touch, lots. */
    readonly baseSize: number,
    /** Quoted levels per side. */
    readonly levels: number,
    readonly rng: SeededRandom,
    readonly fair: FairValue,
    readonly signals: MarketSignals,
  ) {}

  /** The engine of the current step. */
  get book(): MatchingEngine {
    return this.engine as MatchingEngine;
  }

  /** A new client order id; the prefix says which agent sent it (q, n, m, r, s), which helps reading a tape. */
  nextId(prefix: string): string {
    return prefix + String(++this.orderSeq);
  }
}
