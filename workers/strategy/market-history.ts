/**
 * What the strategy worker remembers of the market, per instrument: the last trade price, the most recent closed
 * bars of each timeframe, and (for instruments a strategy follows the book of) the L2 book. Strategies read it
 * through their context; a strategy started later warms up on it.
 */
import { OrderBook } from '../core/order-book.js';
import type { Bar, BookSnapshot, BookUpdate, Timeframe, Trade } from '../protocol/messages.js';
import type { BookTop } from '../strategies/api.js';

/** Closed bars kept per instrument and timeframe. */
export const BAR_HISTORY = 1_000;
/** Levels a strategy sees of the book. */
const BOOK_DEPTH = 20;

interface InstrumentHistory {
  last: number | undefined;
  bars: Map<Timeframe, Bar[]>;
  book: OrderBook | undefined;
}

const NO_BARS: readonly Bar[] = [];

export class MarketHistory {
  private readonly byKey = new Map<string, InstrumentHistory>();

  /** Starts following the book of an instrument (before that, book messages are ignored). */
  followBook(key: string): void {
    this.of(key).book ??= new OrderBook();
  }

  onTrade(key: string, trade: Trade): void {
    this.of(key).last = trade.price;
  }

  /** Keeps closed bars only: an open bar changes until it closes. */
  onBar(key: string, bar: Bar): void {
    if (!bar.closed) return;
    const history = this.of(key);
    let bars = history.bars.get(bar.tf);
    if (bars === undefined) {
      bars = [];
      history.bars.set(bar.tf, bars);
    }
    bars.push(bar);
    // Trim in chunks rather than shifting one bar per bar.
    if (bars.length > BAR_HISTORY * 1.25) bars.splice(0, bars.length - BAR_HISTORY);
  }

  /** Applies a book message; returns false if the book of that instrument is not followed. */
  onBook(key: string, message: BookSnapshot | BookUpdate): boolean {
    const book = this.byKey.get(key)?.book;
    if (book === undefined) return false;
    if (message.type === 'BookSnapshot') book.setSnapshot(message.bids, message.asks);
    else book.apply(message.bids, message.asks);
    return true;
  }

  last(key: string): number | undefined {
    return this.byKey.get(key)?.last;
  }

  bars(key: string, tf: Timeframe): readonly Bar[] {
    const bars = this.byKey.get(key)?.bars.get(tf);
    if (bars === undefined) return NO_BARS;
    return bars.length > BAR_HISTORY ? bars.slice(bars.length - BAR_HISTORY) : bars;
  }

  book(key: string): BookTop | undefined {
    return this.byKey.get(key)?.book?.top(BOOK_DEPTH);
  }

  private of(key: string): InstrumentHistory {
    let history = this.byKey.get(key);
    if (history === undefined) {
      history = { last: undefined, bars: new Map(), book: undefined };
      this.byKey.set(key, history);
    }
    return history;
  }
}
