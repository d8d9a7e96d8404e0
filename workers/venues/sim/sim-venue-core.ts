/**
 * The built-in simulated exchange as a pure worker core: one matching engine per instrument, kept busy by seeded
 * synthetic flow, taking orders from trading clients and publishing their reports and the public market data.
 *
 * Ports in: `orders` (SubmitOrder / CancelOrder, topic = the client's routing id). Ports out: `reports` (order events,
 * topic = the owning client's routing id) and `md` (Trade, BookUpdate, BookSnapshot).
 */
import type { CancelOrder, Message, OrderState, SubmitOrder } from '../../protocol/messages.js';
import { topics } from '../../protocol/topics.js';
import { instrumentKey, type Instrument } from '../../core/instrument.js';
import { MatchingEngine, type EngineOrderEvent, type EngineTrade } from '../../core/matching-engine.js';
import { SyntheticFlow } from '../../core/synthetic-flow.js';
import { deriveSeed } from '../../core/random.js';
import type { Emit, Outgoing, WorkerCore } from '../../core/worker-core.js';

/** Configuration of the simulated venue. */
export interface SimVenueConfig {
  /** Venue name in topics and messages, e.g. `sim`; every instrument must be on it. */
  venue: string;
  instruments: Instrument[];
  /** Starting fair value per symbol, ticks. */
  startPrices: Record<string, number>;
  seed: number;
  /** Synthetic engine calls per second, per instrument. */
  ratePerSecond: number;
  /** Levels per side in book snapshots. */
  depth: number;
}

/** Owner of the synthetic flow's orders; its events are never reported to clients. */
export const SIM_FLOW_OWNER = '~sim-flow';

/** Input and output port names. */
export const SIM_PORTS = { orders: 'orders', reports: 'reports', md: 'md' } as const;

/** Everything the venue keeps per instrument. */
interface Market {
  readonly instrument: Instrument;
  readonly engine: MatchingEngine;
  readonly flow: SyntheticFlow;
  readonly bookTopic: string;
  readonly tradeTopic: string;
  snapshotSent: boolean;
}

/** The simulated venue's core: see the module comment for its ports. */
export class SimVenueCore implements WorkerCore {
  private readonly markets = new Map<string, Market>();
  private readonly counts = {
    orders: 0,
    cancels: 0,
    fills: 0,
    trades: 0,
    rejects: 0,
    duplicates: 0,
    cancel_unknown: 0,
    ignored: 0,
    book_updates: 0,
  };
  /** Time of the input being processed: engine events carry no time of their own. */
  private now = 0;

  constructor(
    private readonly config: SimVenueConfig,
    private readonly emit: Emit,
  ) {
    for (const instrument of config.instruments) this.addMarket(instrument);
  }

  onMessage(port: string, topic: string, message: Message, now: number): void {
    this.now = now;
    if (port !== SIM_PORTS.orders) {
      this.counts.ignored++;
      return;
    }
    if (message.type === 'SubmitOrder') this.submit(topic, message, now);
    else if (message.type === 'CancelOrder') this.cancel(topic, message, now);
    else this.counts.ignored++;
  }

  onTimer(now: number): void {
    this.now = now;
    for (const market of this.markets.values()) {
      if (market.snapshotSent) {
        market.flow.step(now, market.engine, () => this.publishChanges(market, now));
        this.publishChanges(market, now);
      } else {
        market.flow.step(now, market.engine);
        market.engine.drainBookChanges(); // the snapshot supersedes them
        market.snapshotSent = true;
        this.emit(SIM_PORTS.md, market.bookTopic, this.bookSnapshot(market, now));
      }
    }
  }

  onRecovered(now: number): void {
    void now; // nothing to resend: the shell keeps and replays the reports it sent
  }

  snapshot(prefix: string, now: number): Array<{ topic: string; message: Outgoing }> {
    const out: Array<{ topic: string; message: Outgoing }> = [];
    for (const market of this.markets.values()) {
      if (market.bookTopic.startsWith(prefix)) out.push({ topic: market.bookTopic, message: this.bookSnapshot(market, now) });
    }
    return out;
  }

  counters(): Record<string, number> {
    let flowActions = 0;
    for (const market of this.markets.values()) flowActions += market.flow.actions;
    return { ...this.counts, flow_actions: flowActions };
  }

  private addMarket(instrument: Instrument): void {
    const { venue, symbol } = instrument;
    if (venue !== this.config.venue) throw new Error(`instrument ${instrument.key} is not on venue ${this.config.venue}`);
    const startPrice = this.config.startPrices[symbol];
    if (startPrice === undefined) throw new Error(`no start price for ${symbol}`);
    const seed = deriveSeed(this.config.seed, instrument.key);
    // The flow quotes at least as many levels as a snapshot shows, so a full snapshot is full.
    const levels = Math.max(10, this.config.depth);
    const flow = new SyntheticFlow({ seed, startPrice, ratePerSecond: this.config.ratePerSecond, owner: SIM_FLOW_OWNER, levels });
    const holder: { market?: Market } = {};
    const engine = new MatchingEngine(
      { symbol, transientOwners: [SIM_FLOW_OWNER] },
      {
        onOrder: (event) => this.report(holder.market as Market, event),
        onTrade: (trade) => this.publishTrade(holder.market as Market, trade),
      },
    );
    const market: Market = {
      instrument,
      engine,
      flow,
      bookTopic: topics.book(venue, symbol),
      tradeTopic: topics.trade(venue, symbol),
      snapshotSent: false,
    };
    holder.market = market;
    this.markets.set(instrument.key, market);
  }

  private submit(peer: string, message: SubmitOrder, now: number): void {
    this.counts.orders++;
    const market = this.markets.get(instrumentKey(message.venue, message.symbol));
    if (market === undefined) {
      this.counts.rejects++;
      this.emit(SIM_PORTS.reports, peer, {
        type: 'OrderRejected',
        ...this.orderFields(message.venue, message.symbol, message.clientOrderId, message.strategyId, message.side, 'rejected'),
        reason: `unknown instrument ${message.venue}:${message.symbol}`,
      });
      return;
    }
    const request = {
      owner: peer,
      clientOrderId: message.clientOrderId,
      side: message.side,
      type: message.orderType,
      price: message.price,
      qty: message.qty,
      tif: message.tif,
      tag: message.strategyId,
    };
    if (!market.engine.submit(request, now)) this.counts.duplicates++;
    this.publishChanges(market, now);
  }

  private cancel(peer: string, message: CancelOrder, now: number): void {
    this.counts.cancels++;
    const market = this.markets.get(instrumentKey(message.venue, message.symbol));
    if (market === undefined || !market.engine.cancel(peer, message.clientOrderId, now)) {
      this.counts.cancel_unknown++;
      return;
    }
    this.publishChanges(market, now);
  }

  /** Turns an engine event of a client's order into its report; the flow's own events stay inside. */
  private report(market: Market, event: EngineOrderEvent): void {
    const order = event.order;
    if (order.owner === SIM_FLOW_OWNER) return;
    const { venue, symbol } = market.instrument;
    const base = this.orderFields(venue, symbol, order.clientOrderId, order.tag, order.side, event.state);
    let message: Outgoing;
    switch (event.kind) {
      case 'accepted':
        message = { type: 'OrderAccepted', ...base, venueOrderId: order.venueOrderId };
        break;
      case 'rejected':
        this.counts.rejects++;
        message = { type: 'OrderRejected', ...base, reason: event.reason };
        break;
      case 'canceled':
        message = { type: 'OrderCanceled', ...base, canceledQty: event.canceledQty, reason: event.reason };
        break;
      case 'filled': {
        this.counts.fills++;
        const { fillId, price, qty, filledQty, leavesQty, liquidity } = event;
        message = { type: 'OrderFilled', ...base, venueOrderId: order.venueOrderId, fillId, price, qty, filledQty, leavesQty, liquidity };
        break;
      }
    }
    this.emit(SIM_PORTS.reports, order.owner, message);
  }

  private orderFields(venue: string, symbol: string, clientOrderId: string, strategyId: string, side: 'buy' | 'sell', state: OrderState) {
    return { venue, symbol, clientOrderId, strategyId, side, state, ts: this.now, rts: this.now };
  }

  private publishTrade(market: Market, trade: EngineTrade): void {
    this.counts.trades++;
    const { venue, symbol } = market.instrument;
    const { price, qty, aggressor, tradeId } = trade;
    this.emit(SIM_PORTS.md, market.tradeTopic, { type: 'Trade', venue, symbol, price, qty, aggressor, tradeId, ts: this.now, rts: this.now });
  }

  private publishChanges(market: Market, now: number): void {
    const { bids, asks } = market.engine.drainBookChanges();
    if (bids.length === 0 && asks.length === 0) return;
    this.counts.book_updates++;
    const { venue, symbol } = market.instrument;
    this.emit(SIM_PORTS.md, market.bookTopic, { type: 'BookUpdate', venue, symbol, bids, asks, ts: now, rts: now });
  }

  private bookSnapshot(market: Market, now: number): Outgoing {
    const { venue, symbol } = market.instrument;
    const { bids, asks } = market.engine.depth(this.config.depth);
    return { type: 'BookSnapshot', venue, symbol, bids, asks, ts: now, rts: now };
  }
}
