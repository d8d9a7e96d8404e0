/**
 * The fake exchange's true book of one symbol and the diff-depth events that describe its changes, numbered as
 * Binance numbers them: spot events carry `U`/`u` (first and final update id, one id per change, contiguous across
 * events); futures events also carry `pu` (the previous event's `u`), and their ids jump between events. Seeded, so a
 * test replays the same market. Prices and sizes are kept in integer ticks and lots and written as Binance writes them.
 */
import { formatUnits, parseDecimal, type Decimal } from '../../../workers/core/fixed-point.js';
import type { FakeSymbol } from './fake-symbols.js';

/** A diff event before it is wrapped for the wire. */
export interface FakeDepthEvent {
  e: 'depthUpdate';
  E: number;
  T?: number;
  s: string;
  U: number;
  u: number;
  pu?: number;
  b: Array<[string, string]>;
  a: Array<[string, string]>;
}

/** Small seeded generator (mulberry32): the fake must replay the same market for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One symbol's true book. */
export class FakeBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  /** Final update id of the last change. */
  lastUpdateId = 1000;
  private mid: number;
  private readonly tick: Decimal;
  private readonly lot: Decimal;
  private readonly tickPlaces: number;
  private readonly lotPlaces: number;
  private readonly random: () => number;
  private tradeId = 5000;

  constructor(
    readonly spec: FakeSymbol,
    readonly futures: boolean,
    seed: number,
  ) {
    this.tick = parseDecimal(spec.tickSize);
    this.lot = parseDecimal(spec.stepSize);
    this.tickPlaces = -this.tick.exponent;
    this.lotPlaces = -this.lot.exponent;
    this.random = seededRandom(seed);
    this.mid = spec.startTicks;
    for (let i = 1; i <= 30; i++) {
      this.bids.set(this.mid - i, this.size());
      this.asks.set(this.mid + i, this.size());
    }
  }

  price(ticks: number): string {
    return formatUnits(ticks, this.tick, this.tickPlaces);
  }

  qty(lots: number): string {
    return formatUnits(lots, this.lot, this.lotPlaces);
  }

  /** Levels best first, as strings. */
  depth(limit: number): { bids: Array<[string, string]>; asks: Array<[string, string]> } {
    const side = (map: Map<number, number>, descending: boolean) =>
      [...map.entries()]
        .sort((x, y) => (descending ? y[0] - x[0] : x[0] - y[0]))
        .slice(0, limit)
        .map(([p, q]) => [this.price(p), this.qty(q)] as [string, string]);
    return { bids: side(this.bids, true), asks: side(this.asks, false) };
  }

  /** Best bid and ask in ticks. */
  touch(): { bid: number; ask: number } {
    return { bid: Math.max(...this.bids.keys()), ask: Math.min(...this.asks.keys()) };
  }

  /**
   * Changes `levels` levels (sometimes moving the mid, removing what it would cross) and returns the event that says
   * so; the book and its update id move on whether or not the event is then delivered.
   */
  step(levels: number, now: number): FakeDepthEvent {
    const bids: Array<[string, string]> = [];
    const asks: Array<[string, string]> = [];
    if (this.random() < 0.1) this.moveMid(this.random() < 0.5 ? -1 : 1, bids, asks);
    while (bids.length + asks.length < levels) {
      const bid = this.random() < 0.5;
      const distance = 1 + Math.floor(this.random() * 40);
      const price = bid ? this.mid - distance : this.mid + distance;
      const qty = this.random() < 0.25 ? 0 : this.size();
      (bid ? this.bids : this.asks)[qty === 0 ? 'delete' : 'set'](price, qty);
      (bid ? bids : asks).push([this.price(price), this.qty(qty)]);
    }
    return this.event(bids, asks, now);
  }

  /** Numbers an event of these changes. Spot: one id per change, contiguous; futures: ids jump (the venue shares the sequence). */
  private event(bids: Array<[string, string]>, asks: Array<[string, string]>, now: number): FakeDepthEvent {
    const prev = this.lastUpdateId;
    const first = this.futures ? prev + 1 + Math.floor(this.random() * 3) : prev + 1;
    const last = first + Math.max(1, bids.length + asks.length) - 1;
    this.lastUpdateId = last;
    const event: FakeDepthEvent = { e: 'depthUpdate', E: now, s: this.spec.symbol, U: first, u: last, b: bids, a: asks };
    if (this.futures) {
      event.T = now;
      event.pu = prev;
    }
    return event;
  }

  /**
   * A print at the touch: a buy lifts the best ask, a sell hits the best bid, taking at most what rests there. The
   * level shrinks in the true book, and the returned depth event says so, as Binance's diff stream does after a trade.
   */
  trade(side: 'buy' | 'sell', lots: number, now: number): { trade: Record<string, unknown>; depth: FakeDepthEvent } {
    const { bid, ask } = this.touch();
    const price = side === 'buy' ? ask : bid;
    const levels = side === 'buy' ? this.asks : this.bids;
    const resting = levels.get(price) ?? 0;
    const taken = Math.max(1, Math.min(lots, resting));
    const left = resting - taken;
    if (left > 0) levels.set(price, left);
    else levels.delete(price);
    this.tradeId += 1;
    const common = { E: now, s: this.spec.symbol, p: this.price(price), q: this.qty(taken), T: now, m: side === 'sell' };
    const trade = this.futures
      ? { e: 'aggTrade', ...common, a: this.tradeId, f: this.tradeId * 2, l: this.tradeId * 2 + 1 }
      : { e: 'trade', ...common, t: this.tradeId, M: true };
    const change: [string, string] = [this.price(price), this.qty(Math.max(0, left))];
    return { trade, depth: this.event(side === 'buy' ? [] : [change], side === 'buy' ? [change] : [], now) };
  }

  private moveMid(direction: number, bids: Array<[string, string]>, asks: Array<[string, string]>): void {
    this.mid += direction;
    // Nothing may cross the new mid: remove those levels in the same event.
    for (const price of [...this.bids.keys()]) {
      if (price >= this.mid) {
        this.bids.delete(price);
        bids.push([this.price(price), this.qty(0)]);
      }
    }
    for (const price of [...this.asks.keys()]) {
      if (price <= this.mid) {
        this.asks.delete(price);
        asks.push([this.price(price), this.qty(0)]);
      }
    }
  }

  private size(): number {
    return 1 + Math.floor(this.random() * 500);
  }
}
