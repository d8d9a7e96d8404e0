/**
 * Market data for the panels: the latest book and a bounded tape per instrument (reactive, replaced per frame), and
 * the chart's bars (not reactive: the chart listens and updates one bar at a time). Fed by the terminal's one
 * subscription to the bridge.
 */
import type { BookView, HostToRenderer } from '../../../workers/protocol/channels.js';
import { BarSeries, type BarChange, type BarKey } from '../model/bar-series.js';
import { prependTrades, type TapeTrade } from '../model/tape.js';

type Market = Extract<HostToRenderer, { channel: 'market' }>;
type History = Extract<HostToRenderer, { channel: 'history' }>;

/** The chart's reader: told of every change to the bars. */
export type BarListener = (change: BarChange, series: BarSeries) => void;

export class MarketStore {
  /** Latest book per `venue:symbol`. */
  books = $state.raw<Record<string, BookView>>({});
  /** Newest-first prints per `venue:symbol`, bounded. */
  tapes = $state.raw<Record<string, TapeTrade[]>>({});
  /** Last trade price (ticks) per `venue:symbol`. */
  lastPrice = $state.raw<Record<string, number>>({});

  /** The chart's bars; one series, for the instrument and timeframe on the chart. */
  readonly bars = new BarSeries();
  readonly #barListeners = new Set<BarListener>();
  #nextTradeId = 1;

  applyMarket(message: Market): void {
    if (message.books.length > 0) {
      const books = { ...this.books };
      for (const book of message.books) books[`${book.venue}:${book.symbol}`] = book;
      this.books = books;
    }
    if (message.trades.length > 0) this.#takeTrades(message.trades);
    for (const bar of message.bars) this.#emit(this.bars.push(bar));
  }

  /** Forgets books, prints and bars: a new picture follows (another session, or another moment of a recording). */
  reset(): void {
    this.books = {};
    this.tapes = {};
    this.lastPrice = {};
    const key = this.bars.key;
    if (key !== undefined) this.#emit(this.bars.select(key));
  }

  applyHistory(message: History): void {
    this.#emit(this.bars.setHistory(message));
  }

  /** Points the chart's series at another instrument or timeframe. */
  selectBars(key: BarKey): void {
    if (this.bars.matches(key)) return;
    this.#emit(this.bars.select(key));
  }

  /** Calls `listener` with every change to the chart's bars, now once with a reset; returns a disposer. */
  onBars(listener: BarListener): () => void {
    this.#barListeners.add(listener);
    listener({ kind: 'reset' }, this.bars);
    return () => {
      this.#barListeners.delete(listener);
    };
  }

  #emit(change: BarChange): void {
    if (change.kind === 'none') return;
    for (const listener of this.#barListeners) {
      try {
        listener(change, this.bars);
      } catch (error) {
        console.error('[market] bar listener failed:', error);
      }
    }
  }

  #takeTrades(trades: Market['trades']): void {
    const byKey = new Map<string, TapeTrade[]>();
    for (const trade of trades) {
      const key = `${trade.venue}:${trade.symbol}`;
      const list = byKey.get(key) ?? [];
      list.push({ ...trade, id: this.#nextTradeId++ });
      byKey.set(key, list);
    }
    const tapes = { ...this.tapes };
    const last = { ...this.lastPrice };
    for (const [key, list] of byKey) {
      tapes[key] = prependTrades(tapes[key] ?? [], list);
      const newest = list.at(-1);
      if (newest !== undefined) last[key] = newest.price;
    }
    this.tapes = tapes;
    this.lastPrice = last;
  }
}

