/**
 * The host's copy of the market for the windows: each instrument's book (caught up from the feed's snapshot endpoint
 * and kept in sequence), the latest trades and a bounded bar history per timeframe. Windows get it conflated: at most
 * one `market` frame every 50 ms (host-state.ts), holding each changed book's top levels once, the trades since the
 * last frame and each changed bar once — however fast the feed runs.
 */
import type * as zmq from 'zeromq';
import { instrumentKey } from '../../workers/core/instrument.js';
import { OrderBook } from '../../workers/core/order-book.js';
import type { BarView, BookView, TradeView } from '../../workers/protocol/channels.js';
import { decodeFrame } from '../../workers/protocol/codec.js';
import type { Endpoints } from '../../workers/protocol/config.js';
import type { Bar, DataQuality, MarketDataStatus, Message, Timeframe } from '../../workers/protocol/messages.js';
import { topics } from '../../workers/protocol/topics.js';
import type { ValidationContext } from '../../workers/protocol/validate.js';
import { InboundStream } from '../../workers/runtime/inbound-stream.js';
import { createSocket } from '../../workers/runtime/sockets.js';

/** What the market view follows of the feed's stream. */
export const MARKET_TOPICS = [topics.prefix('book'), topics.prefix('trade'), topics.prefix('bar'), topics.prefix('quality')] as const;

/** Levels per side sent to windows. */
export const BOOK_LEVELS = 25;
/** Bars kept per instrument and timeframe. */
export const BAR_HISTORY = 5_000;
/**
 * Trades kept per frame at most (the tape shows the newest; older ones in a burst are skipped): 600 per 50 ms market
 * frame, up to 12,000 a second.
 */
const TRADES_PER_FRAME = 600;

interface InstrumentMarket {
  venue: string;
  symbol: string;
  book: OrderBook;
  bookTs: number;
  bookDirty: boolean;
  lastEventAt: number;
  bars: Map<Timeframe, BarView[]>;
  /** The feed's word on the book's data quality; undefined while it is `ok`. */
  quality: { state: Exclude<DataQuality, 'ok'>; reason: string } | undefined;
}

/** Books, trades and bars for the windows. */
export class MarketView {
  private readonly markets = new Map<string, InstrumentMarket>();
  private trades: TradeView[] = [];
  private readonly dirtyBars = new Map<string, BarView>();
  private stream: InboundStream | undefined;
  private socket: zmq.Subscriber | undefined;
  refused = 0;

  constructor(
    private readonly endpoints: Endpoints,
    private readonly validation: ValidationContext,
    instruments: ReadonlyArray<{ venue: string; symbol: string }>,
  ) {
    for (const { venue, symbol } of instruments) {
      this.markets.set(instrumentKey(venue, symbol), { venue, symbol, book: new OrderBook(), bookTs: 0, bookDirty: false, lastEventAt: 0, bars: new Map(), quality: undefined });
    }
  }

  start(): void {
    const spec = {
      name: 'md',
      kind: 'sub' as const,
      endpoint: this.endpoints.md,
      prefixes: [...MARKET_TOPICS],
      resync: { endpoint: this.endpoints.mdSnap, prefix: topics.prefix('book') },
    };
    const stream: InboundStream = new InboundStream(spec, {
      deliver: (topic, payload) => {
        const decoded = decodeFrame(payload, this.validation);
        this.refused += decoded.refusals.length;
        for (const message of decoded.messages) stream.accept(topic, message, (m) => this.take(m));
      },
      onError: () => undefined,
      refuse: () => {
        this.refused += 1;
      },
    });
    this.stream = stream;
    this.socket = createSocket('sub') as zmq.Subscriber;
    this.socket.connect(this.endpoints.md);
    stream.start(this.socket);
  }

  close(): void {
    this.stream?.close();
    this.socket?.close();
  }

  /** What changed since the last call, or undefined if nothing did. */
  drain(): { books: BookView[]; trades: TradeView[]; bars: BarView[] } | undefined {
    const books: BookView[] = [];
    for (const market of this.markets.values()) {
      if (!market.bookDirty) continue;
      market.bookDirty = false;
      books.push(this.bookView(market));
    }
    const trades = this.trades.length > TRADES_PER_FRAME ? this.trades.slice(-TRADES_PER_FRAME) : this.trades;
    this.trades = [];
    const bars = [...this.dirtyBars.values()];
    this.dirtyBars.clear();
    if (books.length === 0 && trades.length === 0 && bars.length === 0) return undefined;
    return { books, trades, bars };
  }

  /** Every book as it is now, for a new window. */
  books(): BookView[] {
    return [...this.markets.values()].map((market) => this.bookView(market));
  }

  /** The kept bars of one instrument and timeframe, oldest first. */
  history(venue: string, symbol: string, tf: Timeframe): BarView[] {
    return [...(this.markets.get(instrumentKey(venue, symbol))?.bars.get(tf) ?? [])];
  }

  /** Best bid and ask of an instrument, for flattening at a sensible price. */
  top(venue: string, symbol: string): { bid: number | undefined; ask: number | undefined } {
    const book = this.markets.get(instrumentKey(venue, symbol))?.book;
    return { bid: book?.bestBid(), ask: book?.bestAsk() };
  }

  /** Milliseconds since the feed last published for each instrument that has published. */
  dataAge(nowMs: number): Record<string, number> {
    const ages: Record<string, number> = {};
    for (const [key, market] of this.markets) if (market.lastEventAt > 0) ages[key] = nowMs - market.lastEventAt;
    return ages;
  }

  /** Takes one market-data message that arrived at `atMs` (the live feed's, or a recording's in playback). */
  take(message: Message, atMs = Date.now()): void {
    if (message.type === 'MarketDataStatus') return this.applyQuality(message);
    if (message.type !== 'BookSnapshot' && message.type !== 'BookUpdate' && message.type !== 'Trade' && message.type !== 'Bar') return;
    const market = this.markets.get(instrumentKey(message.venue, message.symbol));
    if (market === undefined) return;
    market.lastEventAt = atMs;
    if (message.type === 'BookSnapshot') market.book.setSnapshot(message.bids, message.asks);
    else if (message.type === 'BookUpdate') market.book.apply(message.bids, message.asks);
    else if (message.type === 'Trade') {
      this.trades.push({ venue: message.venue, symbol: message.symbol, price: message.price, qty: message.qty, aggressor: message.aggressor, ts: message.ts });
      if (this.trades.length > 4 * TRADES_PER_FRAME) this.trades.splice(0, this.trades.length - TRADES_PER_FRAME);
      return;
    } else return this.applyBar(market, message);
    market.bookTs = message.ts;
    market.bookDirty = true;
  }

  private applyBar(market: InstrumentMarket, bar: Bar): void {
    const view: BarView = {
      venue: bar.venue,
      symbol: bar.symbol,
      tf: bar.tf,
      start: bar.start,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      closed: bar.closed,
    };
    let history = market.bars.get(bar.tf);
    if (history === undefined) market.bars.set(bar.tf, (history = []));
    const last = history[history.length - 1];
    if (last !== undefined && last.start === bar.start) history[history.length - 1] = view;
    else if (last === undefined || last.start < bar.start) {
      history.push(view);
      if (history.length > BAR_HISTORY) history.splice(0, history.length - BAR_HISTORY);
    } else return; // older than what we have: a resend
    this.dirtyBars.set(`${bar.venue}:${bar.symbol}:${bar.tf}`, view);
  }

  /** A book the feed says is stale, gapped or crossed is shown as such (the ladder greys out) until it is `ok`. */
  private applyQuality(status: MarketDataStatus): void {
    const market = this.markets.get(instrumentKey(status.venue, status.symbol));
    if (market === undefined) return;
    const { state, reason } = status;
    market.quality = state === 'ok' ? undefined : { state, reason };
    market.bookDirty = true;
  }

  private bookView(market: InstrumentMarket): BookView {
    const { bids, asks } = market.book.top(BOOK_LEVELS);
    const view: BookView = { venue: market.venue, symbol: market.symbol, bids, asks, ts: market.bookTs };
    if (market.quality !== undefined) view.quality = { ...market.quality };
    return view;
  }
}
