/**
 * An L2 order book: price (ticks) → aggregate quantity (lots) on each side, kept sorted with binary search. Used by the
 * feed (applying venue deltas), risk (marks), the UI and the matching engine, so it stays general and allocation-free
 * on updates.
 */
import type { Level } from '../protocol/messages.js';

/** Which side of the book a {@link BookSide} holds. */
export type BookSideKind = 'bid' | 'ask';

/**
 * One side of a book. Levels are stored worst → best so that the busiest place, the touch, is at the end of the
 * arrays, where inserting and removing costs nothing to shift. Callers see ranks: rank 0 is the best level.
 */
export class BookSide {
  /** Prices, worst first; strictly increasing in `direction × price`. */
  private readonly prices: number[] = [];
  private readonly sizes: number[] = [];
  /** +1 for bids (higher is better), -1 for asks (lower is better). */
  private readonly direction: 1 | -1;

  constructor(readonly kind: BookSideKind) {
    this.direction = kind === 'bid' ? 1 : -1;
  }

  /** Number of price levels. */
  get size(): number {
    return this.prices.length;
  }

  /** True if price `a` is strictly better than `b` on this side (higher bid, lower ask). */
  isBetter(a: number, b: number): boolean {
    return a * this.direction > b * this.direction;
  }

  /** Sets the absolute quantity at `price`; a quantity ≤ 0 removes the level. */
  set(price: number, qty: number): void {
    const index = this.search(price);
    const found = index < this.prices.length && this.prices[index] === price;
    if (qty <= 0) {
      if (found) this.removeAt(index);
    } else if (found) {
      this.sizes[index] = qty;
    } else {
      this.insertAt(index, price, qty);
    }
  }

  /** Quantity at `price`, 0 if there is no level. */
  get(price: number): number {
    const index = this.search(price);
    return index < this.prices.length && this.prices[index] === price ? (this.sizes[index] as number) : 0;
  }

  /** Best price, or undefined if the side is empty. */
  best(): number | undefined {
    return this.prices[this.prices.length - 1];
  }

  /** Quantity at the best price, 0 if the side is empty. */
  bestQty(): number {
    return this.sizes[this.sizes.length - 1] ?? 0;
  }

  /** Price of the level at `rank` (0 = best), or undefined past the end. */
  priceAt(rank: number): number | undefined {
    return this.prices[this.prices.length - 1 - rank];
  }

  /** Quantity of the level at `rank` (0 = best), 0 past the end. */
  qtyAt(rank: number): number {
    return this.sizes[this.sizes.length - 1 - rank] ?? 0;
  }

  /** The best `n` levels (all when `n` is larger), best first, as fresh tuples the caller may keep. */
  top(n: number): Level[] {
    const count = Math.min(Math.max(0, n), this.prices.length);
    const out: Level[] = new Array<Level>(count);
    for (let rank = 0; rank < count; rank++) {
      const index = this.prices.length - 1 - rank;
      out[rank] = [this.prices[index] as number, this.sizes[index] as number];
    }
    return out;
  }

  /** Removes every level. */
  clear(): void {
    this.prices.length = 0;
    this.sizes.length = 0;
  }

  /** Why this side is malformed (unsorted, duplicate, non-positive size), or undefined if it is sound. */
  checkInvariants(): string | undefined {
    for (let i = 0; i < this.prices.length; i++) {
      const price = this.prices[i] as number;
      const size = this.sizes[i] as number;
      if (!(size > 0)) return `${this.kind} level ${price} has size ${size}`;
      if (i > 0 && !this.isBetter(price, this.prices[i - 1] as number)) {
        return `${this.kind} levels out of order at ${price}`;
      }
    }
    return undefined;
  }

  /** Index of `price` if present, else where it would be inserted (lower bound in worst → best order). */
  private search(price: number): number {
    const key = price * this.direction;
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.prices[mid] as number) * this.direction < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertAt(index: number, price: number, qty: number): void {
    if (index === this.prices.length) {
      this.prices.push(price);
      this.sizes.push(qty);
    } else {
      this.prices.splice(index, 0, price);
      this.sizes.splice(index, 0, qty);
    }
  }

  private removeAt(index: number): void {
    if (index === this.prices.length - 1) {
      this.prices.pop();
      this.sizes.pop();
    } else {
      this.prices.splice(index, 1);
      this.sizes.splice(index, 1);
    }
  }
}

/** An L2 book of one instrument: both sides, updated by absolute sizes. */
export class OrderBook {
  readonly bids = new BookSide('bid');
  readonly asks = new BookSide('ask');

  /** Applies changed levels with their new absolute sizes; size 0 removes the level. */
  apply(bids: readonly Level[], asks: readonly Level[]): void {
    for (const [price, qty] of bids) this.bids.set(price, qty);
    for (const [price, qty] of asks) this.asks.set(price, qty);
  }

  /** Replaces the whole book. */
  setSnapshot(bids: readonly Level[], asks: readonly Level[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(bids, asks);
  }

  /** Best bid price, or undefined if there are no bids. */
  bestBid(): number | undefined {
    return this.bids.best();
  }

  /** Best ask price, or undefined if there are no asks. */
  bestAsk(): number | undefined {
    return this.asks.best();
  }

  /** Midpoint of the best bid and ask in ticks (may end in .5), or undefined unless both sides have levels. */
  mid(): number | undefined {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return bid === undefined || ask === undefined ? undefined : (bid + ask) / 2;
  }

  /** The best `n` levels of each side, best first. */
  top(n: number): { bids: Level[]; asks: Level[] } {
    return { bids: this.bids.top(n), asks: this.asks.top(n) };
  }

  /** Why the book is malformed (unsorted side, zero size, crossed or locked), or undefined if it is sound. */
  checkInvariants(): string | undefined {
    const problem = this.bids.checkInvariants() ?? this.asks.checkInvariants();
    if (problem !== undefined) return problem;
    const bid = this.bids.best();
    const ask = this.asks.best();
    if (bid !== undefined && ask !== undefined && bid >= ask) return `book crossed: best bid ${bid} ≥ best ask ${ask}`;
    return undefined;
  }
}
