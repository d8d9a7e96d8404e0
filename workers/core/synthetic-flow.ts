/**
 * Seeded synthetic order flow for one instrument, so the simulated venue's book and tape look like a market: a fair
 * value that wanders with clustered volatility and regime changes, liquidity providers quoting a ladder around it,
 * noise, momentum and mean-reversion takers, occasional sweeps, and bursts of activity. The parts live in
 * `synthetic/`; this file composes them and paces them at the configured rate.
 *
 * Pure: time comes from `step(now)`, chance from seeded generators, so the same seed and `now` sequence give the same
 * orders. The market's processes advance on a fixed 10 ms clock, so how often the caller steps changes little.
 */
import type { MatchingEngine } from './matching-engine.js';
import { deriveSeed, SeededRandom } from './random.js';
import { Activity } from './synthetic/activity.js';
import { DEFAULT_VOLATILITY, FairValue } from './synthetic/fair-value.js';
import { LiquidityProvider } from './synthetic/liquidity-provider.js';
import { FlowMarket, type AgentCounts, type AgentKind } from './synthetic/market.js';
import { MeanReversionTaker } from './synthetic/mean-reversion-taker.js';
import { MomentumTaker } from './synthetic/momentum-taker.js';
import { NoiseTaker } from './synthetic/noise-taker.js';
import { RegimeSwitcher, type Regime } from './synthetic/regimes.js';
import { MarketSignals } from './synthetic/signals.js';
import { Sweeper } from './synthetic/sweeper.js';

export type { AgentCounts, AgentKind } from './synthetic/market.js';

/** How often each kind of taker is offered a unit of flow; the liquidity providers get the rest. */
export interface AgentMix {
  /** Share of units offered to noise takers, in the normal regime. */
  noise: number;
  /** Share offered to momentum takers, who act only when there is a trend. */
  momentum: number;
  /** Share offered to mean-reversion takers, who act only when the mid is stretched. */
  meanReversion: number;
  /** Multiplier of the regimes' sweep frequency (about one a minute and a half when normal); 0 for none. */
  sweeps: number;
}

/** The default mix: takers send about one unit in seven, more in bursts and in the volatile regime. */
export const DEFAULT_AGENT_MIX: Readonly<AgentMix> = { noise: 0.08, momentum: 0.06, meanReversion: 0.06, sweeps: 1 };

/** How to build a flow. */
export interface SyntheticFlowOptions {
  seed: number;
  /** Initial fair value, ticks (≥ 1). */
  startPrice: number;
  /** Engine calls (submits + cancels) per second on average; 0 for no synthetic flow at all. */
  ratePerSecond: number;
  /** Owner of every order the flow sends. */
  owner: string;
  /** Quoted levels per side (default 10). */
  levels?: number;
  /** Typical size at the touch, lots (default 5); it grows away from the touch. */
  baseSize?: number;
  /** Spacing of quoted prices, ticks (default about 0.003 % of the start price, at least 2 ticks; see `defaultGrid`). */
  grid?: number;
  /** Volatility of the fair value in the normal regime, as a fraction of price per √s (default 6e-5). */
  volatility?: number;
  /** Agent mix, overriding {@link DEFAULT_AGENT_MIX} field by field. */
  mix?: Partial<AgentMix>;
}

/** The market's clock step, µs and s. */
const CLOCK_MICROS = 10_000;
const CLOCK_SECONDS = CLOCK_MICROS / 1_000_000;
/** Most time one step catches up on, µs: after a pause the market resumes instead of jumping or flooding. */
const MAX_CATCH_UP_MICROS = 1_000_000;
/** At a burst's peak takers' share is (1 + this) times its usual value: trades cluster where activity does. */
const BURST_TAKER_BOOST = 1;
/** Default grid as a fraction of the start price. */
const DEFAULT_GRID_SHARE = 3e-5;

/**
 * Default spacing of quoted prices, ticks: about 0.003 % of the start price, and at least 2 ticks so a client can
 * always improve on the flow's best quote by a tick; 1 tick below 100 ticks, where 2 would make a coarse market.
 */
function defaultGrid(startPrice: number): number {
  return startPrice < 100 ? 1 : Math.max(2, Math.round(startPrice * DEFAULT_GRID_SHARE));
}

/** A seeded source of synthetic orders for one {@link MatchingEngine}. */
export class SyntheticFlow {
  private readonly rate: number;
  private readonly mix: AgentMix;
  private readonly market: FlowMarket;
  private readonly fair: FairValue;
  private readonly regimes: RegimeSwitcher;
  private readonly activity: Activity;
  private readonly signals: MarketSignals;
  private readonly pace: SeededRandom;
  private readonly provider: LiquidityProvider;
  private readonly noise: NoiseTaker;
  private readonly momentum: MomentumTaker;
  private readonly meanReversion: MeanReversionTaker;
  private readonly sweeper: Sweeper;
  /** Time the market's processes have reached, µs; undefined until the first step. */
  private clock: number | undefined;
  private last = 0;
  /** Engine calls earned and not yet spent; a unit of flow goes out when it passes `threshold`. */
  private credit = 0;
  private threshold = 1;
  private actionCount = 0;

  constructor(options: SyntheticFlowOptions) {
    const { seed, startPrice, ratePerSecond } = options;
    if (!Number.isSafeInteger(startPrice) || startPrice < 1) throw new Error('startPrice must be an integer ≥ 1 tick');
    if (!Number.isFinite(ratePerSecond) || ratePerSecond < 0) throw new Error('ratePerSecond must be ≥ 0');
    const grid = options.grid ?? defaultGrid(startPrice);
    if (!Number.isSafeInteger(grid) || grid < 1) throw new Error('grid must be an integer ≥ 1 tick');
    const volatility = options.volatility ?? DEFAULT_VOLATILITY;
    if (!(volatility > 0) || !Number.isFinite(volatility)) throw new Error('volatility must be > 0');
    this.rate = ratePerSecond;
    this.mix = { ...DEFAULT_AGENT_MIX, ...options.mix };
    // One stream per process, so the fair value's path does not depend on the rate or the agents (only sweeps move it).
    const stream = (label: string): SeededRandom => new SeededRandom(deriveSeed(seed, label));
    this.fair = new FairValue(startPrice, volatility, CLOCK_SECONDS, stream('fair-value'));
    this.regimes = new RegimeSwitcher(stream('regimes'));
    this.activity = new Activity(CLOCK_SECONDS, stream('activity'));
    this.pace = stream('pace');
    this.signals = new MarketSignals(startPrice, CLOCK_SECONDS);
    const levels = Math.max(1, Math.floor(options.levels ?? 10));
    const baseSize = Math.max(1, Math.floor(options.baseSize ?? 5));
    this.market = new FlowMarket(options.owner, grid, baseSize, levels, stream('agents'), this.fair, this.signals);
    this.provider = new LiquidityProvider(this.market);
    this.noise = new NoiseTaker(this.market);
    this.momentum = new MomentumTaker(this.market);
    this.meanReversion = new MeanReversionTaker(this.market);
    this.sweeper = new Sweeper(this.market, this.activity, this.mix.sweeps);
  }

  /** Current fair value, ticks (fractional). */
  get fairValue(): number {
    return this.fair.value;
  }

  /** Engine calls (submits and cancels) made after seeding, for rate accounting. */
  get actions(): number {
    return this.actionCount;
  }

  /** Name of the current regime. */
  get regime(): Regime['name'] {
    return this.market.regime.name;
  }

  /** Spacing of quoted prices, ticks. */
  get grid(): number {
    return this.market.grid;
  }

  /** What each kind of agent has done since seeding (copies). Orders plus cancels over all kinds equal `actions`. */
  agentCounts(): Record<AgentKind, AgentCounts> {
    return {
      liquidityProvider: { ...this.provider.counts },
      noiseTaker: { ...this.noise.counts },
      momentumTaker: { ...this.momentum.counts },
      meanReversionTaker: { ...this.meanReversion.counts },
      sweeper: { ...this.sweeper.counts },
    };
  }

  /**
   * Sends whatever is due between the previous `now` and this one (µs); the first call seeds the book. With a rate
   * of 0 it does nothing at all. `afterAction` runs after each unit of flow: each is its own market event, as on a
   * real exchange, so the caller may publish what it changed.
   */
  step(now: number, engine: MatchingEngine, afterAction?: () => void): void {
    if (this.rate === 0) return;
    const m = this.market;
    m.engine = engine;
    m.now = now;
    if (this.clock === undefined) {
      this.clock = now;
      this.last = now;
      this.provider.seed();
      return;
    }
    if (now <= this.last) return;
    this.last = now;
    // Clients' orders may have traded against the quotes since the last step.
    m.touched.buy = true;
    m.touched.sell = true;
    if (now - this.clock > MAX_CATCH_UP_MICROS) this.clock = now - MAX_CATCH_UP_MICROS;
    while (now - this.clock >= CLOCK_MICROS) {
      this.clock += CLOCK_MICROS;
      this.tick(engine, afterAction);
    }
  }

  /** One clock step: the market's processes move, then the units of flow earned in it go out. */
  private tick(engine: MatchingEngine, afterAction: (() => void) | undefined): void {
    const m = this.market;
    if (this.regimes.advance(CLOCK_SECONDS)) {
      m.regime = this.regimes.current;
      this.fair.enter(m.regime);
    }
    this.fair.advance(m.regime);
    this.activity.advance(m.regime.burstsPerSecond);
    const bid = engine.bestBid();
    const ask = engine.bestAsk();
    this.signals.update(this.fair.value, this.fair.sigmaTicks, bid === undefined || ask === undefined ? undefined : (bid + ask) / 2);
    this.sweeper.advance(CLOCK_SECONDS);
    this.credit += this.rate * this.activity.multiplier * CLOCK_SECONDS;
    while (this.credit >= this.threshold) {
      const calls = this.act();
      // A unit that sent nothing still spends credit, so the loop ends; the random threshold spaces units like
      // arrivals, not like a metronome.
      this.credit -= Math.max(1, calls);
      this.threshold = this.pace.exponential(1);
      this.actionCount += calls;
      if (calls > 0) afterAction?.();
    }
  }

  /** One unit of flow: a due sweep, else maybe a taker, else liquidity-provider upkeep. Returns engine calls made. */
  private act(): number {
    if (this.sweeper.pending) {
      const calls = this.sweeper.act();
      if (calls > 0) return calls;
    }
    const boost = this.market.regime.takers * (1 + BURST_TAKER_BOOST * this.activity.heat);
    let draw = this.market.rng.next() / boost;
    let calls = 0;
    if (draw < this.mix.noise) calls = this.noise.act();
    else if ((draw -= this.mix.noise) < this.mix.momentum) calls = this.momentum.act();
    else if ((draw -= this.mix.momentum) < this.mix.meanReversion) calls = this.meanReversion.act();
    return calls > 0 ? calls : this.provider.act();
  }
}
