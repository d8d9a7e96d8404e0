/**
 * The feed's core: takes a venue's market data, keeps each instrument's book, republishes books and trades in our
 * normalised form with our receive time, and builds bars. Bar updates are conflated to one per timeframe per clock
 * tick (a closed bar goes at once), so a busy tape does not multiply the message rate by the number of timeframes.
 */
import type { Instrument } from '../core/instrument.js';
import { OrderBook } from '../core/order-book.js';
import { BarBuilder, type BarState } from '../core/bar-builder.js';
import type { Emit, WorkerCore, Outgoing } from '../core/worker-core.js';
import type { BookSnapshot, BookUpdate, MarketDataStatus, Message, Timeframe, Trade } from '../protocol/messages.js';
import { topics } from '../protocol/topics.js';
import { FloodSource } from '../venues/flood/flood-source.js';
import { QualityMonitor, type QualityState } from './quality-monitor.js';

export interface FeedEngineOptions {
  instruments: Instrument[];
  timeframes: Timeframe[];
  /** Levels in snapshots given to late joiners. */
  depth: number;
  /** Benchmark source: trades at this rate on the first instrument instead of a venue. */
  floodRate?: number;
  /** Per venue: no market data for this long makes an instrument stale, ms (absent: never). */
  staleAfterMs?: Record<string, number>;
}

/** Input ports the feed takes venue market data on: `venue` (the sim) and `venue-<name>` (each live venue). */
export function isVenuePort(port: string): boolean {
  return port === 'venue' || port.startsWith('venue-');
}

interface InstrumentState {
  instrument: Instrument;
  /** This instrument's trade topic, built once: every trade is published on it. */
  tradeTopic: string;
  bookTopic: string;
  qualityTopic: string;
  book: OrderBook;
  /** False until a snapshot arrives (and again after a gap): updates before it cannot be applied. */
  bookReady: boolean;
  bars: BarBuilder;
  dirtyBars: Map<Timeframe, BarState>;
}

/** Normalises, books and bars. */
export class FeedEngine implements WorkerCore {
  private readonly states = new Map<string, InstrumentState>();
  /** The same states by venue, then symbol: found per trade without building a topic string. */
  private readonly byInstrument = new Map<string, Map<string, InstrumentState>>();
  private readonly flood: FloodSource | undefined;
  private readonly counts = { trades: 0, book_updates: 0, bars: 0, updates_before_snapshot: 0, crossed_books: 0, quality_changes: 0 };
  private readonly quality = new QualityMonitor();

  constructor(
    private readonly options: FeedEngineOptions,
    private readonly emit: Emit,
  ) {
    for (const instrument of options.instruments) {
      const state: InstrumentState = {
        instrument,
        tradeTopic: topics.trade(instrument.venue, instrument.symbol),
        bookTopic: topics.book(instrument.venue, instrument.symbol),
        qualityTopic: topics.quality(instrument.venue, instrument.symbol),
        book: new OrderBook(),
        bookReady: false,
        bars: new BarBuilder(options.timeframes),
        dirtyBars: new Map(),
      };
      const bookTopic = topics.book(instrument.venue, instrument.symbol);
      this.states.set(bookTopic, state);
      this.quality.add(bookTopic, (options.staleAfterMs?.[instrument.venue] ?? 0) * 1000);
      let symbols = this.byInstrument.get(instrument.venue);
      if (symbols === undefined) this.byInstrument.set(instrument.venue, (symbols = new Map()));
      symbols.set(instrument.symbol, state);
    }
    const first = options.instruments[0];
    if (options.floodRate !== undefined && first !== undefined) {
      this.flood = new FloodSource(first.venue, first.symbol, options.floodRate, 100_000);
    }
  }

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    if (!isVenuePort(port)) return;
    if (message.type === 'Trade') this.onTrade(message, now);
    else if (message.type === 'BookSnapshot' || message.type === 'BookUpdate') this.onBook(message, now);
    else if (message.type === 'MarketDataStatus') this.onVenueStatus(message, now);
  }

  onTimer(now: number): void {
    this.flood?.due(now, (trade) => this.onTrade(trade as Trade, now));
    this.quality.onTime(now, (topic, quality) => {
      const state = this.states.get(topic);
      if (state !== undefined) this.emitQuality(state, quality, now);
    });
    for (const state of this.states.values()) {
      for (const bar of state.bars.onTime(now)) {
        state.dirtyBars.delete(bar.tf);
        this.emitBar(state.instrument, bar, now);
      }
      for (const bar of state.dirtyBars.values()) this.emitBar(state.instrument, bar, now);
      state.dirtyBars.clear();
    }
  }

  onRecovered(): void {
    // Market data is not acknowledged: nothing to resend.
  }

  snapshot(prefix: string, now: number): Array<{ topic: string; message: Outgoing }> {
    const out: Array<{ topic: string; message: Outgoing }> = [];
    for (const [topic, state] of this.states) {
      const { venue, symbol } = state.instrument;
      if (topic.startsWith(prefix) && state.bookReady) {
        const { bids, asks } = state.book.top(this.options.depth);
        out.push({ topic, message: { type: 'BookSnapshot', ts: now, rts: now, venue, symbol, bids, asks } });
      }
      const quality = this.quality.stateOf(topic);
      if (quality.state !== 'ok' && state.qualityTopic.startsWith(prefix)) {
        out.push({ topic: state.qualityTopic, message: this.qualityMessage(state, quality, now) });
      }
      for (const bar of state.bars.current()) {
        const barTopic = topics.bar(bar.tf, venue, symbol);
        if (barTopic.startsWith(prefix)) out.push({ topic: barTopic, message: this.barMessage(state.instrument, bar, now) });
      }
    }
    return out;
  }

  counters(): Record<string, number> {
    return { ...this.counts };
  }

  private onTrade(trade: Trade, now: number): void {
    const state = this.byInstrument.get(trade.venue)?.get(trade.symbol);
    if (state === undefined) return;
    this.counts.trades += 1;
    trade.rts = now;
    this.emit('md', state.tradeTopic, trade);
    const quality = this.quality.onData(state.bookTopic, now);
    if (quality !== undefined) this.emitQuality(state, quality, now);
    for (const bar of state.bars.onTrade(trade.price, trade.qty, trade.ts)) {
      if (bar.closed) this.emitBar(state.instrument, bar, now);
      else state.dirtyBars.set(bar.tf, bar);
    }
  }

  private onBook(message: BookSnapshot | BookUpdate, now: number): void {
    const topic = topics.book(message.venue, message.symbol);
    const state = this.states.get(topic);
    if (state === undefined) return;
    if (message.type === 'BookSnapshot') {
      state.book.setSnapshot(message.bids, message.asks);
      state.bookReady = true;
    } else if (!state.bookReady) {
      this.counts.updates_before_snapshot += 1;
      return;
    } else {
      state.book.apply(message.bids, message.asks);
    }
    this.counts.book_updates += 1;
    const bid = state.book.bestBid();
    const ask = state.book.bestAsk();
    if (bid !== undefined && ask !== undefined && bid >= ask) this.counts.crossed_books += 1;
    message.rts = now;
    this.emit('md', topic, message);
    // A snapshot is the venue's new truth: whatever gap it reported is over.
    const afterGap = message.type === 'BookSnapshot' ? this.quality.onVenueGap(topic, undefined, now) : undefined;
    const afterData = this.quality.onData(topic, now);
    const afterTouch = this.quality.onTouch(topic, bid, ask, now);
    const changed = afterTouch ?? afterData ?? afterGap;
    if (changed !== undefined) this.emitQuality(state, changed, now);
  }

  /** The venue's own verdict on its book (a gap while it rebuilds it, ok once rebuilt). */
  private onVenueStatus(message: MarketDataStatus, now: number): void {
    const topic = topics.book(message.venue, message.symbol);
    const state = this.states.get(topic);
    if (state === undefined) return;
    // Until the venue's next snapshot, the book held here is an old one: late joiners must not get it.
    if (message.state === 'gap') state.bookReady = false;
    const changed = this.quality.onVenueGap(topic, message.state === 'gap' ? message.reason : undefined, now);
    if (changed !== undefined) this.emitQuality(state, changed, now);
  }

  private emitQuality(state: InstrumentState, quality: QualityState, now: number): void {
    this.counts.quality_changes += 1;
    this.emit('md', state.qualityTopic, this.qualityMessage(state, quality, now));
  }

  private qualityMessage(state: InstrumentState, quality: QualityState, now: number): Outgoing {
    const { venue, symbol } = state.instrument;
    return { type: 'MarketDataStatus', venue, symbol, state: quality.state, reason: quality.reason, ts: now, rts: now };
  }

  private emitBar(instrument: Instrument, bar: BarState, now: number): void {
    this.counts.bars += 1;
    this.emit('md', topics.bar(bar.tf, instrument.venue, instrument.symbol), this.barMessage(instrument, bar, now));
  }

  private barMessage(instrument: Instrument, bar: BarState, now: number): Outgoing {
    return { type: 'Bar', ts: now, rts: now, venue: instrument.venue, symbol: instrument.symbol, ...bar };
  }
}
