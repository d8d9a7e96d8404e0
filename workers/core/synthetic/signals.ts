/**
 * What the directional takers watch: the fair value's recent trend, the mid's distance from its slow average, and the
 * direction of the flow's recent trades. Each is a z-score (in units of its usual spread) so agents can use one scale.
 */
import type { Side } from '../../protocol/messages.js';

/** Averaging time of the trend's reference, s. */
const TREND_MEMORY = 15;
/** Averaging time of the slow moving average of the mid, s. */
const SLOW_MEMORY = 120;
/** How long a trade counts toward the flow's direction, s. */
const FLOW_MEMORY = 5;

/** Exponentially weighted signals, advanced on the flow's clock. */
export class MarketSignals {
  private fairAverage: number;
  private midAverage: number;
  private signedFlow = 0;
  private totalFlow = 0;
  private trendZ = 0;
  private deviationZ = 0;
  private readonly trendFollow: number;
  private readonly slowFollow: number;
  private readonly flowDecay: number;

  constructor(startPrice: number, dt: number) {
    this.fairAverage = startPrice;
    this.midAverage = startPrice;
    this.trendFollow = 1 - Math.exp(-dt / TREND_MEMORY);
    this.slowFollow = 1 - Math.exp(-dt / SLOW_MEMORY);
    this.flowDecay = Math.exp(-dt / FLOW_MEMORY);
  }

  /** Fair value above (+) or below (−) its recent average, in σ. */
  get trend(): number {
    return this.trendZ;
  }

  /** Mid above (+) or below (−) its slow moving average, in σ. */
  get deviation(): number {
    return this.deviationZ;
  }

  /** Net direction of recent flow trades, −1 (all sells) to +1 (all buys). */
  get flowDirection(): number {
    return this.totalFlow > 0 ? this.signedFlow / this.totalFlow : 0;
  }

  /** Advances one clock step; `sigma` is the fair value's volatility, ticks per √s; mid undefined if one-sided. */
  update(fair: number, sigma: number, mid: number | undefined): void {
    this.fairAverage += (fair - this.fairAverage) * this.trendFollow;
    // For a random walk, value minus its exponential average has spread σ·√(memory / 2).
    this.trendZ = (fair - this.fairAverage) / (sigma * Math.sqrt(TREND_MEMORY / 2));
    if (mid !== undefined) {
      this.midAverage += (mid - this.midAverage) * this.slowFollow;
      this.deviationZ = (mid - this.midAverage) / (sigma * Math.sqrt(SLOW_MEMORY / 2));
    }
    this.signedFlow *= this.flowDecay;
    this.totalFlow *= this.flowDecay;
  }

  /** Records a flow order of `qty` lots that traded on the side `side`. */
  recordTrade(side: Side, qty: number): void {
    this.signedFlow += side === 'buy' ? qty : -qty;
    this.totalFlow += qty;
  }
}
