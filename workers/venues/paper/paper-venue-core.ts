/**
 * Paper trading as a pure worker core: a {@link PaperEngine} per instrument follows a venue's market data (the
 * simulated venue's, a replay's or a live exchange's) and fills clients' orders against it, reporting exactly as the
 * simulated venue does, so a client cannot tell the two apart except by the fills. It never publishes market data:
 * the venue's book is the venue's, and our orders do not change it.
 *
 * Ports in: `md` (BookSnapshot, BookUpdate, Trade of the instruments configured; others are counted and ignored) and
 * `orders` (SubmitOrder / CancelOrder / AmendOrder, topic = the client's routing id). Port out: `reports` (order
 * events and refused requests, topic = the owning client's routing id).
 *
 * Time: everything runs on the arrival times the shell passes in (`now`), market data included, so a journal replay
 * reproduces the fills; a command takes effect `latencyUs` after it arrived (see {@link PaperEngine}).
 */
import type { AmendOrder, CancelOrder, Message, SubmitOrder } from '../../protocol/messages.js';
import { instrumentKey, type Instrument } from '../../core/instrument.js';
import { FeeSchedule } from '../../core/fees.js';
import { isReservedOwner, PaperEngine, type PaperRefusal } from '../../core/paper/paper-engine.js';
import type { Emit, Outgoing, WorkerCore } from '../../core/worker-core.js';
import { orderReport, orderRequestOf, requestRejected } from '../order-reports.js';

/** Configuration of the paper venue. */
export interface PaperVenueConfig {
  /** Instruments traded on paper, keyed by their venue and symbol as the market data and the orders carry them. */
  instruments: Instrument[];
  /** Delay from a command's arrival to its effect, µs (default 0). */
  latencyUs?: number;
}

/** Input and output port names. */
export const PAPER_PORTS = { md: 'md', orders: 'orders', reports: 'reports' } as const;


/** The paper venue's core: see the module comment for its ports. */
export class PaperVenueCore implements WorkerCore {
  private readonly markets = new Map<string, { instrument: Instrument; engine: PaperEngine }>();
  private readonly counts = {
    orders: 0,
    cancels: 0,
    amends: 0,
    fills: 0,
    rejects: 0,
    refused_requests: 0,
    md: 0,
    ignored: 0,
  };

  constructor(
    config: PaperVenueConfig,
    private readonly emit: Emit,
  ) {
    for (const instrument of config.instruments) this.addMarket(instrument, Math.max(0, config.latencyUs ?? 0));
  }

  onMessage(port: string, topic: string, message: Message, now: number): void {
    if (port === PAPER_PORTS.md) this.onMarketData(message, now);
    else if (port === PAPER_PORTS.orders) this.onCommand(topic, message, now);
    else this.counts.ignored++;
  }

  onTimer(now: number): void {
    for (const { engine } of this.markets.values()) engine.advance(now);
  }

  onRecovered(now: number): void {
    void now; // nothing to resend: the shell keeps and replays the reports it sent
  }

  nextWake(): number | undefined {
    let next: number | undefined;
    for (const { engine } of this.markets.values()) {
      const due = engine.nextDue();
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    return next;
  }

  snapshot(prefix: string, now: number): Array<{ topic: string; message: Outgoing }> {
    void prefix;
    void now;
    return []; // no streams of its own to snapshot: reports are replayed by the shell, market data is the venue's
  }

  counters(): Record<string, number> {
    let held = 0;
    let chunks = 0;
    for (const { engine } of this.markets.values()) {
      const c = engine.counters();
      held += c.held_commands ?? 0;
      chunks += c.mirror_chunks ?? 0;
    }
    return { ...this.counts, held_commands: held, mirror_chunks: chunks };
  }

  private addMarket(instrument: Instrument, latencyUs: number): void {
    const venue = instrument.venue;
    const symbol = instrument.symbol;
    const rules = {
      minNotional: instrument.minNotionalUnits,
      bandBps: instrument.priceBandBps ?? 0,
      fees: new FeeSchedule({ maker: instrument.makerFee ?? '0', taker: instrument.takerFee ?? '0' }),
    };
    const engine = new PaperEngine(
      { symbol, rules, latencyUs },
      {
        onOrder: (event, now) => {
          if (event.kind === 'filled') this.counts.fills++;
          else if (event.kind === 'rejected') this.counts.rejects++;
          this.emit(PAPER_PORTS.reports, event.order.owner, orderReport(event, { venue, symbol, now }));
        },
        onRefused: (refusal, now) => this.refuse(refusal, venue, symbol, now),
      },
    );
    this.markets.set(instrument.key, { instrument, engine });
  }

  private onMarketData(message: Message, now: number): void {
    if (message.type !== 'BookSnapshot' && message.type !== 'BookUpdate' && message.type !== 'Trade') {
      this.counts.ignored++;
      return;
    }
    const engine = this.markets.get(instrumentKey(message.venue, message.symbol))?.engine;
    if (engine === undefined) {
      this.counts.ignored++;
      return;
    }
    this.counts.md++;
    if (message.type === 'BookSnapshot') engine.onBookSnapshot(message.bids, message.asks, now);
    else if (message.type === 'BookUpdate') engine.onBookUpdate(message.bids, message.asks, now);
    else engine.onTrade(message.price, message.qty, message.aggressor, now);
  }

  private onCommand(peer: string, message: Message, now: number): void {
    if (message.type !== 'SubmitOrder' && message.type !== 'CancelOrder' && message.type !== 'AmendOrder') {
      this.counts.ignored++;
      return;
    }
    // A peer named like the mirror or the tape would be one of them: it trades nowhere.
    const engine = isReservedOwner(peer) ? undefined : this.markets.get(instrumentKey(message.venue, message.symbol))?.engine;
    if (message.type === 'SubmitOrder') this.submit(peer, engine, message, now);
    else if (message.type === 'CancelOrder') this.cancel(peer, engine, message, now);
    else this.amend(peer, engine, message, now);
  }

  private submit(peer: string, engine: PaperEngine | undefined, message: SubmitOrder, now: number): void {
    this.counts.orders++;
    if (engine !== undefined) {
      engine.submit(orderRequestOf(peer, message), now);
      return;
    }
    this.counts.rejects++;
    const { venue, symbol, clientOrderId, strategyId, side } = message;
    this.emit(PAPER_PORTS.reports, peer, {
      type: 'OrderRejected', venue, symbol, clientOrderId, strategyId, side, state: 'rejected', ts: now, rts: now,
      reason: isReservedOwner(peer) ? `reserved client id ${peer}` : `unknown instrument ${venue}:${symbol}`,
    });
  }

  private cancel(peer: string, engine: PaperEngine | undefined, message: CancelOrder, now: number): void {
    this.counts.cancels++;
    if (engine !== undefined) engine.cancel(peer, message.clientOrderId, now, message.strategyId);
    else this.refuseUnrouted(peer, message, 'cancel', now);
  }

  private amend(peer: string, engine: PaperEngine | undefined, message: AmendOrder, now: number): void {
    this.counts.amends++;
    const changes = { price: message.price, qty: message.qty, stopPrice: message.stopPrice };
    if (engine !== undefined) engine.amend(peer, message.clientOrderId, changes, now, message.strategyId);
    else this.refuseUnrouted(peer, message, 'amend', now);
  }

  private refuseUnrouted(peer: string, message: CancelOrder | AmendOrder, request: 'cancel' | 'amend', now: number): void {
    this.counts.refused_requests++;
    const reason = isReservedOwner(peer) ? `reserved client id ${peer}` : `unknown instrument ${message.venue}:${message.symbol}`;
    this.emit(PAPER_PORTS.reports, peer, requestRejected(message, request, reason, now));
  }

  private refuse(refusal: PaperRefusal, venue: string, symbol: string, now: number): void {
    this.counts.refused_requests++;
    const command = { venue, symbol, clientOrderId: refusal.clientOrderId, strategyId: refusal.tag };
    this.emit(PAPER_PORTS.reports, refusal.owner, requestRejected(command, refusal.request, refusal.reason, now));
  }
}
