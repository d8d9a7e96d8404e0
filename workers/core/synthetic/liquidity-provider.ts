/**
 * Liquidity providers: a ladder of passive limit orders around the fair value, with depth growing away from the touch
 * and a few orders per level so time priority shows. Each call does the most urgent piece of upkeep: pull quotes the
 * fair value has moved through, refill the thinnest level nearest the touch, drop quotes left far behind, and
 * otherwise resize a quote, as real providers constantly do. Quotes never cross the book, so providers never trade
 * with each other or with a client's resting order; picking off stale quotes is the takers' job.
 */
import type { Side } from '../../protocol/messages.js';
import { newCounts, type AgentCounts, type FlowMarket } from './market.js';
import { QuoteSide } from './quote-book.js';

const SIDES: readonly Side[] = ['buy', 'sell'];
/** Size at each level beyond the touch grows by this share of the touch size. */
const GROWTH = 0.5;
/** A level is refilled once the book holds less than this share of its target size. */
const REFILL_BELOW = 0.7;
/** Resizing cancels rather than adds once a level holds more than this share of its target. */
const THIN_ABOVE = 1.3;
/** Most quotes the provider keeps at one price, so a level does not fragment into many small orders. */
const MAX_QUOTES_PER_LEVEL = 4;
/** Quotes per ladder rank on one side beyond which far quotes are trimmed before anything else. */
const MAX_QUOTES_PER_RANK = 3;
/** Ranks refilled before far quotes are trimmed. */
const NEAR_RANKS = 3;
/** Quotes may lag this many levels behind the far end of the ladder before they are cancelled. */
const SLACK_LEVELS = 2;
/** A quote is pulled only once fair value is this many grid steps past where it would be placed: no flicker on noise. */
const HYSTERESIS = 0.5;
/** Volatility above this multiple of the regime's usual level widens the quoted spread by one step. */
const WIDEN_ABOVE = 2;

/** The flow's liquidity providers, as one agent quoting both sides. */
export class LiquidityProvider {
  readonly counts: AgentCounts = newCounts();
  private readonly quotes = { buy: new QuoteSide('buy'), sell: new QuoteSide('sell') };
  /** Best price each side may quote at now, ticks: the ladder's rank 0. */
  private readonly touch = { buy: 0, sell: 0 };
  /** A quote priced better than this has been passed by the fair value and is pulled, ticks. */
  private readonly limit = { buy: 0, sell: 0 };
  /** Ranks below the cursor were checked full since the touch or the book last changed. */
  private readonly cursor = { buy: 0, sell: 0 };
  private readonly cursorTouch = { buy: Number.NaN, sell: Number.NaN };
  private preferBids = true;
  private readonly isLive: (id: string) => boolean;

  constructor(private readonly m: FlowMarket) {
    this.isLive = (id) => m.book.order(m.owner, id) !== undefined;
  }

  /** Quotes the whole ladder on both sides; not counted as activity. */
  seed(): void {
    this.place();
    for (let rank = 0; rank < this.m.levels; rank++) {
      for (const side of SIDES) {
        const price = this.priceAt(side, rank);
        if (price < 1) continue;
        const target = this.depthAt(rank);
        const first = Math.max(1, Math.round(target * (0.4 + 0.3 * this.m.rng.next())));
        this.submit(side, price, first);
        if (target > first) this.submit(side, price, target - first);
      }
    }
    this.counts.orders = 0;
  }

  /** One piece of upkeep; returns the engine calls made (0 if there was nothing to do). */
  act(): number {
    this.refresh();
    this.place();
    // The touch first; then quotes left far behind, before they pile up while a trend keeps the provider busy. Past
    // a hard cap, far quotes go first of all, so memory stays bounded whatever the volatility and rate.
    const levels = this.m.levels;
    return (
      this.trim(levels * MAX_QUOTES_PER_RANK) ||
      this.retreat() ||
      this.fill(NEAR_RANKS) ||
      this.trim(0) ||
      this.fill(levels) ||
      this.resize()
    );
  }

  /** Forgets quotes that traded on the sides marked touched (see {@link QuoteSide} for why this is exact). */
  private refresh(): void {
    for (const side of SIDES) {
      if (!this.m.touched[side]) continue;
      this.m.touched[side] = false;
      const best = this.m.book.levels(side).best();
      const quotes = this.quotes[side];
      let filled = quotes.dropBetterThan(best);
      if (best !== undefined) filled += quotes.retainAt(best, this.isLive);
      this.counts.trades += filled;
      this.cursor[side] = 0;
    }
  }

  /** Works out the ladder's touch on each side and the prices beyond which quotes are pulled. */
  private place(): void {
    const { grid, fair, regime } = this.m;
    const engine = this.m.book;
    const f = fair.value / grid;
    const spread = regime.spread + (fair.excessVolatility(regime) > WIDEN_ABOVE ? 1 : 0);
    // Odd spreads straddle the fair value's grid cell, even ones centre on its nearest grid price.
    const centre = spread % 2 === 1 ? Math.floor(f) + 0.5 : Math.round(f);
    const bid = (centre - spread / 2) * grid;
    const ask = (centre + spread / 2) * grid;
    // Behind the other side's best, whoever's it is, so a quote never trades.
    const bestAsk = engine.bestAsk();
    const bestBid = engine.bestBid();
    this.touch.buy = bestAsk === undefined ? bid : Math.min(bid, Math.floor((bestAsk - 1) / grid) * grid);
    this.touch.sell = bestBid === undefined ? ask : Math.max(ask, (Math.floor(bestBid / grid) + 1) * grid);
    this.limit.buy = (f - (spread - 1) / 2 + HYSTERESIS) * grid;
    this.limit.sell = (f + (spread - 1) / 2 - HYSTERESIS) * grid;
    for (const side of SIDES) {
      if (this.touch[side] === this.cursorTouch[side]) continue;
      this.cursorTouch[side] = this.touch[side];
      this.cursor[side] = 0;
    }
  }

  /** Pulls one quote the fair value has moved through. */
  private retreat(): number {
    const bid = this.quotes.buy.best();
    if (bid !== undefined && bid > this.limit.buy) return this.cancelAt('buy', bid);
    const ask = this.quotes.sell.best();
    if (ask !== undefined && ask < this.limit.sell) return this.cancelAt('sell', ask);
    return 0;
  }

  /** Adds to the thin level nearest the touch among the first `depth` ranks, either side (alternating on ties). */
  private fill(depth: number): number {
    const bidRank = this.thinRank('buy', depth);
    const askRank = this.thinRank('sell', depth);
    let side: Side;
    let rank: number;
    if (bidRank !== undefined && (askRank === undefined || bidRank < askRank || (bidRank === askRank && this.preferBids))) {
      side = 'buy';
      rank = bidRank;
    } else if (askRank !== undefined) {
      side = 'sell';
      rank = askRank;
    } else {
      return 0;
    }
    this.preferBids = side === 'sell';
    const price = this.priceAt(side, rank);
    const missing = this.depthAt(rank) - this.m.book.levels(side).get(price);
    return this.submit(side, price, Math.max(1, Math.round(missing * (0.5 + 0.5 * this.m.rng.next()))));
  }

  /** The first rank below `depth` from the cursor on that needs more size, or undefined; moves the cursor past full ranks. */
  private thinRank(side: Side, depth: number): number | undefined {
    const levels = this.m.book.levels(side);
    const quotes = this.quotes[side];
    for (; this.cursor[side] < depth; this.cursor[side]++) {
      const rank = this.cursor[side];
      const price = this.priceAt(side, rank);
      if (price < 1) {
        this.cursor[side] = this.m.levels;
        break;
      }
      if (levels.get(price) < REFILL_BELOW * this.depthAt(rank) && quotes.count(price) < MAX_QUOTES_PER_LEVEL) return rank;
    }
    return undefined;
  }

  /**
   * Cancels one quote left behind the ladder's far end on a side holding more than `above` quotes, so a long trend
   * does not pile up stale depth.
   */
  private trim(above: number): number {
    for (const side of SIDES) {
      if (this.quotes[side].size <= above) continue;
      const worst = this.quotes[side].worst();
      if (worst !== undefined && this.rankOf(side, worst) > this.m.levels - 1 + SLACK_LEVELS) return this.cancelAt(side, worst);
    }
    return 0;
  }

  /** Resizes a level near the touch: cancels, adds or replaces one quote. The book's sizes keep moving, as real ones do. */
  private resize(): number {
    const rng = this.m.rng;
    const side: Side = rng.chance(0.5) ? 'buy' : 'sell';
    const rank = Math.min(this.m.levels - 1, Math.floor(rng.exponential(this.m.levels / 4)));
    const price = this.priceAt(side, rank);
    if (price < 1) return 0;
    const target = this.depthAt(rank);
    const size = this.m.book.levels(side).get(price);
    const mine = this.quotes[side].count(price);
    if (mine > 0 && (size > THIN_ABOVE * target || mine >= MAX_QUOTES_PER_LEVEL)) return this.cancelAt(side, price);
    if (size < target || mine === 0) {
      return this.submit(side, price, Math.max(1, Math.round(target * (0.3 + 0.4 * rng.next()))));
    }
    // Replace the newest quote with one of a different size: it loses its place in the queue, as an update does.
    const id = this.quotes[side].newest(price);
    const leaves = id === undefined ? 0 : (this.m.book.order(this.m.owner, id)?.leavesQty ?? 0);
    const calls = this.cancelAt(side, price);
    return calls + this.submit(side, price, Math.max(1, Math.round(leaves * (0.6 + 0.8 * rng.next()))));
  }

  /** Cancels the newest quote at `price`; returns 1, or 0 if it had filled meanwhile. */
  private cancelAt(side: Side, price: number): number {
    const id = this.quotes[side].popNewest(price);
    if (id === undefined) return 0;
    if (!this.m.book.cancel(this.m.owner, id, this.m.now)) {
      this.counts.trades++;
      return 0;
    }
    this.counts.cancels++;
    const rank = this.rankOf(side, price);
    if (rank >= 0 && rank < this.cursor[side]) this.cursor[side] = rank;
    return 1;
  }

  private submit(side: Side, price: number, qty: number): number {
    const m = this.m;
    const id = m.nextId('q');
    m.book.submit({ owner: m.owner, clientOrderId: id, side, type: 'limit', price, qty, tif: 'GTC' }, m.now);
    this.quotes[side].add(price, id);
    this.counts.orders++;
    return 1;
  }

  /** Price of ladder rank `rank` (0 = touch), ticks; may be ≤ 0 for a low-priced instrument. */
  private priceAt(side: Side, rank: number): number {
    return side === 'buy' ? this.touch.buy - rank * this.m.grid : this.touch.sell + rank * this.m.grid;
  }

  private rankOf(side: Side, price: number): number {
    return (side === 'buy' ? this.touch.buy - price : price - this.touch.sell) / this.m.grid;
  }

  /** Target size at a rank, lots: grows away from the touch; the touch thins in the volatile regime. */
  private depthAt(rank: number): number {
    const shape = rank < 2 ? this.m.regime.touchDepth : 1;
    return Math.max(1, Math.round(this.m.baseSize * (1 + GROWTH * rank) * shape));
  }
}
