/**
 * Which of the trades ccxt returns are new. A watch after a reconnect, and every REST poll, can return prints already
 * published; they are recognised by the venue's trade id (or time, price and amount when the venue gives none)
 * among the last `keep` seen, and left out. Pure.
 */
import type { CcxtTradeLike } from './book-normaliser.js';

/** The recent-trade filter: see the module comment. */
export class NewTrades {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  /** The newest timestamp seen (ms), for a poll's `since`. */
  newest: number | undefined;

  constructor(private readonly keep = 2000) {}

  /** The trades of `batch` not seen before, in their order. */
  filter<T extends CcxtTradeLike>(batch: readonly T[]): T[] {
    const out: T[] = [];
    for (const trade of batch) {
      const key = trade.id ?? `${trade.timestamp}:${trade.price}:${trade.amount}:${trade.side}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.order.push(key);
      if (this.order.length > this.keep) this.seen.delete(this.order.shift() as string);
      if (typeof trade.timestamp === 'number' && (this.newest === undefined || trade.timestamp > this.newest)) this.newest = trade.timestamp;
      out.push(trade);
    }
    return out;
  }
}
