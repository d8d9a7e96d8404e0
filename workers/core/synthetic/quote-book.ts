/**
 * The liquidity provider's own resting quotes on one side, by price, newest last. It is how the provider finds which
 * order ids to cancel at a price; the engine's book is still the truth for sizes (clients' orders count too).
 *
 * Kept exact without asking the engine about every order: fills only ever happen from the best price outward, so after
 * any trading every quote priced better than the book's best is gone and only the best level may be partly filled.
 */
import type { Side } from '../../protocol/messages.js';

interface QuoteLevel {
  readonly price: number;
  /** Order ids at this price, oldest first. */
  readonly ids: string[];
}

/** One side's quotes, as levels sorted worst → best so the touch, the busy end, is at the array's end. */
export class QuoteSide {
  private readonly levels: QuoteLevel[] = [];
  /** +1 for bids (higher is better), −1 for asks. */
  private readonly direction: 1 | -1;
  private orders = 0;

  constructor(side: Side) {
    this.direction = side === 'buy' ? 1 : -1;
  }

  /** Number of quotes. */
  get size(): number {
    return this.orders;
  }

  /** Best quoted price, or undefined if none. */
  best(): number | undefined {
    return this.levels[this.levels.length - 1]?.price;
  }

  /** Worst quoted price, or undefined if none. */
  worst(): number | undefined {
    return this.levels[0]?.price;
  }

  /** Quotes at `price`. */
  count(price: number): number {
    const index = this.search(price);
    const level = this.levels[index];
    return level !== undefined && level.price === price ? level.ids.length : 0;
  }

  add(price: number, id: string): void {
    const index = this.search(price);
    const level = this.levels[index];
    if (level !== undefined && level.price === price) level.ids.push(id);
    else this.levels.splice(index, 0, { price, ids: [id] });
    this.orders++;
  }

  /** The newest quote at `price`, or undefined if none. */
  newest(price: number): string | undefined {
    const level = this.levels[this.search(price)];
    return level !== undefined && level.price === price ? level.ids.at(-1) : undefined;
  }

  /** Removes and returns the newest quote at `price` (undefined if none): the one with the least queue priority. */
  popNewest(price: number): string | undefined {
    const index = this.search(price);
    const level = this.levels[index];
    if (level === undefined || level.price !== price) return undefined;
    const id = level.ids.pop();
    this.orders--;
    if (level.ids.length === 0) this.levels.splice(index, 1);
    return id;
  }

  /** Forgets every quote priced better than `price` (all of them if undefined); returns how many. */
  dropBetterThan(price: number | undefined): number {
    let dropped = 0;
    for (let level = this.levels.at(-1); level !== undefined; level = this.levels.at(-1)) {
      if (price !== undefined && level.price * this.direction <= price * this.direction) break;
      dropped += level.ids.length;
      this.levels.pop();
    }
    this.orders -= dropped;
    return dropped;
  }

  /** Keeps only the quotes at `price` for which `live` holds; returns how many were forgotten. */
  retainAt(price: number, live: (id: string) => boolean): number {
    const index = this.search(price);
    const level = this.levels[index];
    if (level === undefined || level.price !== price) return 0;
    let kept = 0;
    for (const id of level.ids) if (live(id)) level.ids[kept++] = id;
    const dropped = level.ids.length - kept;
    level.ids.length = kept;
    if (kept === 0) this.levels.splice(index, 1);
    this.orders -= dropped;
    return dropped;
  }

  /** Index of `price` if present, else where it would go (lower bound in worst → best order). */
  private search(price: number): number {
    const key = price * this.direction;
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.levels[mid] as QuoteLevel).price * this.direction < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
