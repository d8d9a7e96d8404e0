/**
 * Seeded synthetic order flow for one instrument, so the simulated venue's book and tape look alive: a fair value that
 * wanders with clustered volatility, liquidity providers quoting a ladder around it and requoting as it moves, noise
 * takers hitting the book, and occasional one-sided bursts. Pure: time comes from `step(now)`, chance from a seeded
 * generator, so the same `now` sequence gives the same orders.
 */
import type { Side } from '../protocol/messages.js';
import type { MatchingEngine, OrderRequest } from './matching-engine.js';
import { SeededRandom } from './random.js';

/** How to build a flow. */
export interface SyntheticFlowOptions {
  seed: number;
  /** Initial fair value, ticks (≥ 1). */
  startPrice: number;
  /** Target engine calls (submits + cancels) per second, on average. */
  ratePerSecond: number;
  /** Owner of every order the flow sends. */
  owner: string;
  /** Quoted levels per side (default 10). */
  levels?: number;
  /** Typical size at the touch, lots (default 5); it grows away from the touch. */
  baseSize?: number;
}

const MICROS_PER_SECOND = 1_000_000;
/** Longest time one step advances the fair value, s: after a pause the market resumes instead of jumping. */
const MAX_STEP_SECONDS = 1;
/** Most backlog one step may work off, s of the rate: a long pause must not turn into a flood. */
const MAX_BACKLOG_SECONDS = 0.5;
/** Volatility of the fair value in the normal regime, as a fraction of price per √s (≈ 60 %/year). */
const BASE_VOLATILITY = 1e-4;
/** Orders per quoted level, so time priority inside a level is visible. */
const MAKERS_PER_LEVEL = 2;
/** Takers leave a side alone while it has fewer levels than this. */
const MIN_LEVELS_TO_TAKE = 3;
/** Bursts: one starts every this many seconds on average, lasts this long on average, and triples the rate. */
const BURST_EVERY_SECONDS = 45;
const BURST_MEAN_SECONDS = 3;
const BURST_RATE = 3;
/** Rate between bursts, chosen so the long-run average is the configured rate. */
const CALM_RATE = (() => {
  const share = BURST_MEAN_SECONDS / (BURST_MEAN_SECONDS + BURST_EVERY_SECONDS);
  return (1 - BURST_RATE * share) / (1 - share);
})();

/** Volatility regimes: clustered volatility comes from staying in one for a while. */
interface Regime {
  readonly volatility: number;
  /** Half the quoted spread, in price-grid steps. */
  readonly halfSpread: number;
  /** Mean time spent in the regime, s. */
  readonly meanStay: number;
  readonly takerShare: number;
}

const REGIMES: readonly Regime[] = [
  { volatility: 0.4, halfSpread: 0.5, meanStay: 90, takerShare: 0.1 },
  { volatility: 1, halfSpread: 0.5, meanStay: 120, takerShare: 0.15 },
  { volatility: 3, halfSpread: 1.5, meanStay: 25, takerShare: 0.25 },
];

/** One resting quote the liquidity providers keep. */
interface Slot {
  id: string | undefined;
  /** The price the quote was meant for; it may rest lower (bid) or higher (ask) so as not to cross the book. */
  target: number | undefined;
}

/** A seeded source of synthetic orders for one {@link MatchingEngine}. */
export class SyntheticFlow {
  private readonly rng: SeededRandom;
  private readonly owner: string;
  private readonly startPrice: number;
  private readonly rate: number;
  private readonly levels: number;
  private readonly baseSize: number;
  /** Spacing of quoted prices, ticks: scales with price so a high-priced instrument is not one tick wide. */
  private readonly grid: number;
  private readonly slots: { buy: Slot[]; sell: Slot[] };
  private fair: number;
  private regime = 1;
  private drift = 0;
  private burstUntil = -1;
  private burstSide: Side = 'buy';
  private last: number | undefined;
  private budget = 0;
  private bidTouch = 0;
  private askTouch = 0;
  private retreating: Side = 'sell';
  /** Slots before this index were checked clean since fair value or the flow's own fills last changed them. */
  private cursor = 0;
  private orderSeq = 0;
  private actionCount = 0;

  constructor(options: SyntheticFlowOptions) {
    if (!Number.isSafeInteger(options.startPrice) || options.startPrice < 1) throw new Error('startPrice must be an integer ≥ 1 tick');
    if (!(options.ratePerSecond > 0)) throw new Error('ratePerSecond must be > 0');
    this.rng = new SeededRandom(options.seed);
    this.owner = options.owner;
    this.startPrice = options.startPrice;
    this.rate = options.ratePerSecond;
    this.levels = Math.max(1, Math.floor(options.levels ?? 10));
    this.baseSize = Math.max(1, Math.floor(options.baseSize ?? 5));
    this.grid = Math.max(1, Math.round(options.startPrice * 2e-5));
    this.fair = options.startPrice;
    const make = (): Slot[] => Array.from({ length: this.levels * MAKERS_PER_LEVEL }, () => ({ id: undefined, target: undefined }));
    this.slots = { buy: make(), sell: make() };
  }

  /** Current fair value, ticks (fractional). */
  get fairValue(): number {
    return this.fair;
  }

  /** Engine calls (submits and cancels) made after seeding, for rate accounting. */
  get actions(): number {
    return this.actionCount;
  }

  /** Sends whatever is due between the previous `now` and this one (µs); the first call seeds the book. */
  step(now: number, engine: MatchingEngine, afterAction?: () => void): void {
    if (this.last === undefined) {
      this.last = now;
      this.placeTouch();
      this.seed(engine, now);
      return;
    }
    if (now <= this.last) return;
    const seconds = Math.min((now - this.last) / MICROS_PER_SECOND, MAX_STEP_SECONDS);
    this.last = now;
    this.evolve(seconds, now);
    this.placeTouch();
    this.cursor = 0;
    const rate = this.rate * (this.inBurst(now) ? BURST_RATE : CALM_RATE);
    this.budget = Math.min(this.budget + rate * seconds, Math.max(2, rate * MAX_BACKLOG_SECONDS));
    while (this.budget >= 1) {
      const used = this.act(engine, now);
      // Each action is its own market event, as on a real exchange: the caller may publish what it changed.
      afterAction?.();
      // A unit that found nothing to send (a slot priced out below 1 tick) still spends budget, so the loop ends.
      this.budget -= Math.max(1, used);
      this.actionCount += used;
    }
  }

  private inBurst(now: number): boolean {
    return now < this.burstUntil;
  }

  /** Advances regime, trend, bursts and the fair value by `seconds`. */
  private evolve(seconds: number, now: number): void {
    const regime = REGIMES[this.regime] as Regime;
    if (this.rng.chance(seconds / regime.meanStay)) this.switchRegime();
    const sigma = Math.max(this.fair * BASE_VOLATILITY, 0.3) * (REGIMES[this.regime] as Regime).volatility;
    if (this.rng.chance(seconds / 60)) this.drift = this.rng.normal() * 0.3 * sigma;
    if (!this.inBurst(now) && this.rng.chance(seconds / BURST_EVERY_SECONDS)) {
      this.burstUntil = now + Math.round(this.rng.exponential(BURST_MEAN_SECONDS) * MICROS_PER_SECOND);
      this.burstSide = this.rng.chance(0.5) ? 'buy' : 'sell';
    }
    const push = this.inBurst(now) ? (this.burstSide === 'buy' ? 1.5 : -1.5) * sigma : 0;
    this.fair += (this.drift + push) * seconds + sigma * Math.sqrt(seconds) * this.rng.normal();
    // Reflect off a floor so prices stay positive and the walk does not stick to the bound.
    const floor = this.startPrice * 0.1;
    if (this.fair < floor) this.fair = Math.min(2 * floor - this.fair, this.startPrice);
  }

  private switchRegime(): void {
    if (this.regime === 1) this.regime = this.rng.chance(0.5) ? 0 : 2;
    else this.regime = 1;
  }

  /** Recomputes where the best quotes go, and which side moves away from fair value (requoted first). */
  private placeTouch(): void {
    const half = (REGIMES[this.regime] as Regime).halfSpread * this.grid;
    const bid = Math.floor((this.fair - half) / this.grid) * this.grid;
    const ask = Math.max(Math.ceil((this.fair + half) / this.grid) * this.grid, bid + this.grid);
    if (bid !== this.bidTouch) this.retreating = bid > this.bidTouch ? 'sell' : 'buy';
    this.bidTouch = bid;
    this.askTouch = ask;
  }

  /** Target price of a slot, or undefined if it would be ≤ 0. */
  private target(side: Side, index: number): number | undefined {
    const level = Math.floor(index / MAKERS_PER_LEVEL);
    const price = side === 'buy' ? this.bidTouch - level * this.grid : this.askTouch + level * this.grid;
    return price > 0 ? price : undefined;
  }

  private seed(engine: MatchingEngine, now: number): void {
    for (let index = 0; index < this.slots.buy.length; index++) {
      this.quote(engine, now, 'sell', index);
      this.quote(engine, now, 'buy', index);
    }
  }

  /** One unit of flow: a taker, else the next stale quote, else a random requote. Returns engine calls made. */
  private act(engine: MatchingEngine, now: number): number {
    const burst = this.inBurst(now);
    const share = burst ? 0.5 : (REGIMES[this.regime] as Regime).takerShare;
    if (this.rng.chance(share)) {
      const sent = this.take(engine, now, burst);
      this.cursor = 0; // the taker may have filled some of our quotes
      if (sent) return 1;
    }
    const stale = this.nextStale(engine);
    if (stale !== undefined) return this.requote(engine, now, stale.side, stale.index);
    const side: Side = this.rng.chance(0.5) ? 'buy' : 'sell';
    return this.requote(engine, now, side, this.rng.int(0, this.slots.buy.length - 1));
  }

  /** The first slot, touch outwards and the retreating side first, whose order is gone or mispriced. */
  private nextStale(engine: MatchingEngine): { side: Side; index: number } | undefined {
    const perSide = this.slots.buy.length;
    const advancing: Side = this.retreating === 'buy' ? 'sell' : 'buy';
    for (; this.cursor < 2 * perSide; this.cursor++) {
      const level = Math.floor(this.cursor / (2 * MAKERS_PER_LEVEL));
      const within = this.cursor % (2 * MAKERS_PER_LEVEL);
      const side = within < MAKERS_PER_LEVEL ? this.retreating : advancing;
      const index = level * MAKERS_PER_LEVEL + (within % MAKERS_PER_LEVEL);
      if (this.isStale(engine, side, index)) return { side, index };
    }
    return undefined;
  }

  private isStale(engine: MatchingEngine, side: Side, index: number): boolean {
    const slot = this.slots[side][index] as Slot;
    const target = this.target(side, index);
    if (slot.id === undefined) return target !== undefined;
    return slot.target !== target || engine.order(this.owner, slot.id) === undefined;
  }

  /** Cancels a slot's order if it still works and quotes it again at its target. */
  private requote(engine: MatchingEngine, now: number, side: Side, index: number): number {
    const slot = this.slots[side][index] as Slot;
    let calls = 0;
    if (slot.id !== undefined) {
      if (engine.order(this.owner, slot.id) !== undefined) {
        engine.cancel(this.owner, slot.id, now);
        calls++;
      }
      slot.id = undefined;
    }
    return calls + this.quote(engine, now, side, index);
  }

  /** Submits a slot's quote: size grows away from the touch, with noise. Returns engine calls made. */
  private quote(engine: MatchingEngine, now: number, side: Side, index: number): number {
    const slot = this.slots[side][index] as Slot;
    slot.target = this.target(side, index);
    const price = slot.target === undefined ? undefined : this.passive(engine, side, slot.target);
    if (price === undefined) return 0;
    const level = Math.floor(index / MAKERS_PER_LEVEL);
    const qty = Math.max(1, Math.round(this.baseSize * (1 + 0.6 * level) * (0.5 + this.rng.next())));
    slot.id = this.nextId();
    engine.submit({ owner: this.owner, clientOrderId: slot.id, side, type: 'limit', price, qty, tif: 'GTC' }, now);
    return 1;
  }

  /**
   * The target, moved back behind the opposite touch if it would cross it. Quotes stay passive: when fair value jumps,
   * picking off stale quotes is the takers' job, and a provider trading against its own ladder would empty a side.
   */
  private passive(engine: MatchingEngine, side: Side, target: number): number | undefined {
    const opposite = side === 'buy' ? engine.bestAsk() : engine.bestBid();
    if (opposite === undefined) return target;
    const price =
      side === 'buy'
        ? Math.min(target, Math.floor((opposite - 1) / this.grid) * this.grid)
        : Math.max(target, Math.ceil((opposite + 1) / this.grid) * this.grid);
    return price > 0 ? price : undefined;
  }

  /** A noise taker: market, marketable IOC limit or FOK, leaning toward fair value (or the burst). */
  private take(engine: MatchingEngine, now: number, burst: boolean): boolean {
    const side = this.takerSide(engine, burst);
    const touch = side === 'buy' ? engine.bestAsk() : engine.bestBid();
    // A thin side is left alone until the quotes catch up, so noise alone never empties the book.
    if (touch === undefined || engine.levels(side === 'buy' ? 'sell' : 'buy').size < MIN_LEVELS_TO_TAKE) return false;
    const qty = Math.min(4 * this.baseSize, 1 + Math.floor(this.rng.exponential(0.8 * this.baseSize)));
    const kind = this.rng.next();
    const reach = this.rng.int(0, 2) * this.grid * (side === 'buy' ? 1 : -1);
    const request: OrderRequest =
      kind < 0.6
        ? { owner: this.owner, clientOrderId: this.nextId(), side, type: 'market', price: 0, qty, tif: 'IOC' }
        : { owner: this.owner, clientOrderId: this.nextId(), side, type: 'limit', price: Math.max(1, touch + reach), qty, tif: kind < 0.9 ? 'IOC' : 'FOK' };
    engine.submit(request, now);
    return true;
  }

  private takerSide(engine: MatchingEngine, burst: boolean): Side {
    if (burst) return this.rng.chance(0.85) ? this.burstSide : this.burstSide === 'buy' ? 'sell' : 'buy';
    const bid = engine.bestBid();
    const ask = engine.bestAsk();
    // Takers lean toward fair value, which is what pulls a stale book after it.
    const lean = bid === undefined || ask === undefined ? 0 : 0.3 * Math.tanh((this.fair - (bid + ask) / 2) / (2 * this.grid));
    return this.rng.chance(0.5 + lean) ? 'buy' : 'sell';
  }

  private nextId(): string {
    return `f${++this.orderSeq}`;
  }
}
