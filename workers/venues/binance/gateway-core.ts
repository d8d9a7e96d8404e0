/**
 * The Binance gateway's core, pure: the adapter's normalised market data comes in (journaled by the shell like any
 * input) and goes out on the venue's `md` stream, kept as books for late joiners; orders come in on `orders` and go
 * to the paper engine (instruments in `paper` mode, filled against this very book and tape) or to the live router
 * (`live` mode). Reports go back to the client on `orders`, exactly as the simulated venue answers.
 *
 * Ports in: `adapter` (BookSnapshot, BookUpdate, Trade, MarketDataStatus), `orders` (SubmitOrder / CancelOrder /
 * AmendOrder; topic = the client's routing id). Ports out: `md`, `orders`.
 */
import { instrumentKey, type Instrument } from '../../core/instrument.js';
import { OrderBook } from '../../core/order-book.js';
import type { Emit, Outgoing, WorkerCore } from '../../core/worker-core.js';
import type { MarketDataStatus, Message, OrderCommand } from '../../protocol/messages.js';
import { topics } from '../../protocol/topics.js';
import { PAPER_PORTS, PaperVenueCore } from '../paper/paper-venue-core.js';

/** Port names. */
export const GATEWAY_PORTS = { adapter: 'adapter', md: 'md', orders: 'orders' } as const;

/**
 * Where orders for `live` instruments go: the trading side's router (workers/venues/binance/trade/). Until one is
 * given, live orders are rejected with the reason.
 */
export interface LiveOrderRouter {
  onCommand(peer: string, command: OrderCommand, now: number): void;
  onTimer?(now: number): void;
  /** The journal replay is over: from now on it may talk to the venue. */
  onRecovered?(now: number): void;
  counters?(): Record<string, number>;
}

export interface GatewayConfig {
  instruments: Instrument[];
  /** Keys (`venue:symbol`) of the instruments traded on paper; the others are live. */
  paper: ReadonlySet<string>;
  /** Levels per side in snapshots for late joiners. */
  depth: number;
  /** Paper engine: delay from a command's arrival to its effect, µs. */
  paperLatencyUs?: number;
  /** Why a live order is refused when there is no live router (the ccxt gateway names its own venues). */
  liveRefusal?: string;
  /** Counters of the market-data side (what it refused), shown with the core's in heartbeats; diagnostics only. */
  sourceCounters?: () => Record<string, number>;
}

interface Market {
  instrument: Instrument;
  book: OrderBook;
  ready: boolean;
  bookTopic: string;
  tradeTopic: string;
  qualityTopic: string;
  status: MarketDataStatus | undefined;
}

/** The gateway's core: see the module comment. */
export class GatewayCore implements WorkerCore {
  private readonly markets = new Map<string, Market>();
  private readonly paper: PaperVenueCore;
  private readonly counts = { md_in: 0, live_refused: 0, ignored: 0 };

  constructor(
    private readonly config: GatewayConfig,
    private readonly emit: Emit,
    private readonly live?: LiveOrderRouter,
  ) {
    for (const instrument of config.instruments) {
      const { venue, symbol } = instrument;
      this.markets.set(instrument.key, {
        instrument,
        book: new OrderBook(),
        ready: false,
        bookTopic: topics.book(venue, symbol),
        tradeTopic: topics.trade(venue, symbol),
        qualityTopic: topics.quality(venue, symbol),
        status: undefined,
      });
    }
    const paperInstruments = config.instruments.filter((i) => config.paper.has(i.key));
    this.paper = new PaperVenueCore(
      { instruments: paperInstruments, latencyUs: config.paperLatencyUs ?? 0 },
      (port, topic, message) => emit(port === PAPER_PORTS.reports ? GATEWAY_PORTS.orders : port, topic, message),
    );
  }

  onMessage(port: string, topic: string, message: Message, now: number): void {
    if (port === GATEWAY_PORTS.adapter) this.onMarketData(message, now);
    else if (port === GATEWAY_PORTS.orders) this.onOrder(topic, message, now);
    else this.counts.ignored++;
  }

  onTimer(now: number): void {
    this.paper.onTimer(now);
    this.live?.onTimer?.(now);
  }

  onRecovered(now: number): void {
    this.paper.onRecovered(now);
    this.live?.onRecovered?.(now);
  }

  nextWake(): number | undefined {
    return this.paper.nextWake();
  }

  snapshot(prefix: string, now: number): Array<{ topic: string; message: Outgoing }> {
    const out: Array<{ topic: string; message: Outgoing }> = [];
    for (const market of this.markets.values()) {
      const { venue, symbol } = market.instrument;
      if (market.ready && market.bookTopic.startsWith(prefix)) {
        const { bids, asks } = market.book.top(this.config.depth);
        out.push({ topic: market.bookTopic, message: { type: 'BookSnapshot', venue, symbol, bids, asks, ts: now, rts: now } });
      }
      if (market.status !== undefined && market.qualityTopic.startsWith(prefix)) out.push({ topic: market.qualityTopic, message: market.status });
    }
    return out;
  }

  counters(): Record<string, number> {
    const paper = this.paper.counters();
    const prefixed = Object.fromEntries(Object.entries(paper).map(([k, v]) => [`paper_${k}`, v]));
    return { ...this.counts, ...prefixed, ...(this.live?.counters?.() ?? {}), ...(this.config.sourceCounters?.() ?? {}) };
  }

  private onMarketData(message: Message, now: number): void {
    if (message.type !== 'BookSnapshot' && message.type !== 'BookUpdate' && message.type !== 'Trade' && message.type !== 'MarketDataStatus') {
      this.counts.ignored++;
      return;
    }
    const market = this.markets.get(instrumentKey(message.venue, message.symbol));
    if (market === undefined) {
      this.counts.ignored++;
      return;
    }
    this.counts.md_in++;
    if (message.type === 'MarketDataStatus') {
      market.status = message;
      // While the adapter rebuilds the book, what we hold is old: late joiners get nothing until the new snapshot.
      if (message.state !== 'ok') market.ready = false;
      this.emit(GATEWAY_PORTS.md, market.qualityTopic, message);
      return;
    }
    if (message.type === 'BookSnapshot') {
      market.book.setSnapshot(message.bids, message.asks);
      market.ready = true;
    } else if (message.type === 'BookUpdate') {
      if (!market.ready) return;
      market.book.apply(message.bids, message.asks);
    }
    // Published first: with an immediate md port the frame is on the bus before the paper engine's work starts.
    this.emit(GATEWAY_PORTS.md, message.type === 'Trade' ? market.tradeTopic : market.bookTopic, message);
    if (this.config.paper.has(market.instrument.key)) this.paper.onMessage(PAPER_PORTS.md, '', message, now);
  }

  private onOrder(peer: string, message: Message, now: number): void {
    if (message.type !== 'SubmitOrder' && message.type !== 'CancelOrder' && message.type !== 'AmendOrder') {
      this.counts.ignored++;
      return;
    }
    const key = instrumentKey(message.venue, message.symbol);
    if (this.config.paper.has(key) || !this.markets.has(key)) {
      // Unknown instruments too: the paper engine answers them with the reason, as the sim does.
      this.paper.onMessage(PAPER_PORTS.orders, peer, message, now);
    } else if (this.live !== undefined) {
      this.live.onCommand(peer, message, now);
    } else {
      this.refuseLive(peer, message, now);
    }
  }

  private refuseLive(peer: string, message: OrderCommand, now: number): void {
    this.counts.live_refused++;
    const reason = this.config.liveRefusal ?? 'live trading on Binance is not connected in this build (set the instrument to paper mode)';
    const { venue, symbol, clientOrderId, strategyId } = message;
    if (message.type === 'SubmitOrder') {
      this.emit(GATEWAY_PORTS.orders, peer, { type: 'OrderRejected', venue, symbol, clientOrderId, strategyId, side: message.side, state: 'rejected', reason, ts: now, rts: now });
    } else {
      const request = message.type === 'CancelOrder' ? 'cancel' : 'amend';
      this.emit(GATEWAY_PORTS.orders, peer, { type: 'RequestRejected', venue, symbol, clientOrderId, strategyId, request, reason, ts: now, rts: now });
    }
  }
}
