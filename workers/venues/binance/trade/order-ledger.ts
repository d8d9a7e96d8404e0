/**
 * The live orders of one gateway and what Binance says about them, turned into reports: acceptance once, each fill
 * once per Binance trade id (whichever way it came: an order response, the user stream, myTrades), the end once, and
 * an amend's replacement order taking over from the old one. Pure: the reports leave through `emit`.
 */
import { priceToTicks, qtyToLots, type Instrument } from '../../../core/instrument.js';
import type { Emit, Outgoing } from '../../../core/worker-core.js';
import type { SubmitOrder } from '../../../protocol/messages.js';
import type { BinanceOrder, BinanceTrade, ExecutionReport } from './binance-trade-types.js';
import type { ClientOrderIds } from './client-order-id.js';
import type { BelievedOrder } from './reconcile-diff.js';
import { LiveOrder } from './live-order.js';
import { fillReport, stateOf, statusReport, type VenueFill } from './venue-reports.js';

/** Counters of the ledger. */
export interface LedgerCounts {
  fills: number;
  duplicate_fills: number;
  resolved: number;
  foreign_events: number;
  off_grid: number;
}

export class OrderLedger {
  readonly counts: LedgerCounts = { fills: 0, duplicate_fills: 0, resolved: 0, foreign_events: 0, off_grid: 0 };
  private readonly orders = new Map<string, LiveOrder>(); // by bus id
  private readonly byVenueId = new Map<string, LiveOrder>();
  private readonly seenFills = new Set<string>();

  constructor(
    private readonly ids: ClientOrderIds,
    private readonly emit: Emit,
    private readonly reportsPort: string,
  ) {}

  get(busId: string): LiveOrder | undefined {
    return this.orders.get(busId);
  }

  byVenue(venueId: string): LiveOrder | undefined {
    return this.byVenueId.get(venueId);
  }

  all(): IterableIterator<LiveOrder> {
    return this.orders.values();
  }

  track(order: LiveOrder): void {
    this.orders.set(order.busId, order);
    this.byVenueId.set(order.venueId, order);
  }

  /** Another Binance id of the order (an amend's replacement) or one it no longer has. */
  alias(venueId: string, order: LiveOrder | undefined): void {
    if (order === undefined) this.byVenueId.delete(venueId);
    else this.byVenueId.set(venueId, order);
  }

  /** Fill ids published, as `symbol:tradeId`. */
  seenFillIds(): ReadonlySet<string> {
    return this.seenFills;
  }

  /** The orders as reconciliation compares them. */
  believed(): BelievedOrder[] {
    const out: BelievedOrder[] = [];
    for (const o of this.orders.values()) {
      if (o.phase === 'held' || o.phase === 'checking') continue;
      out.push({ venueId: o.venueId, busId: o.busId, symbol: o.command.symbol, venueOrderId: o.venueOrderId, open: o.phase !== 'done', filledLots: o.filledLots });
    }
    return out;
  }

  /** An order as Binance shows it over REST: acceptance, the fills of a FULL response, and its end. */
  applyOrder(order: LiveOrder, listed: BinanceOrder, now: number): void {
    if (order.phase === 'unknown' || order.phase === 'placing' || order.phase === 'checking') {
      if (order.phase === 'unknown') this.counts.resolved++;
      order.phase = 'open';
    }
    order.venueOrderId = String(listed.orderId);
    const filled = qtyToLots(order.instrument, listed.executedQty);
    if (filled !== undefined) order.filledFromStatus = Math.max(order.filledFromStatus, filled);
    this.accept(order, now);
    for (const fill of listed.fills ?? []) {
      // A new-order response's fills are the order taking liquidity.
      this.applyFill(order, { tradeId: fill.tradeId, price: fill.price, qty: fill.qty, commission: fill.commission, commissionAsset: fill.commissionAsset, maker: false }, now);
    }
    this.end(order, listed.status, '', now);
  }

  /** A user-stream execution report. */
  applyExecutionReport(event: ExecutionReport, now: number): void {
    const venueId = event.x === 'CANCELED' && event.C !== '' ? event.C : event.c;
    const order = this.byVenueId.get(venueId) ?? this.orders.get(this.ids.toBus(venueId) ?? '');
    if (order === undefined) return void this.counts.foreign_events++;
    // The old order of an amend: its cancel is part of the replace, not the order's end.
    if (order.retired.has(venueId)) return;
    if (venueId === order.venueId && order.replacing !== undefined && event.x === 'CANCELED') return;
    if (order.replacing !== undefined && venueId === order.replacing.venueId) this.completeReplace(order, String(event.i), now);
    if (order.phase === 'unknown') this.counts.resolved++;
    if (order.phase !== 'done') order.phase = 'open';
    order.venueOrderId = String(event.i);
    this.accept(order, now);
    if (event.x === 'AMENDMENT') this.applyModified(order, event.p, event.q, now);
    if (event.x === 'TRADE') {
      this.applyFill(order, { tradeId: event.t, price: event.L, qty: event.l, commission: event.n, commissionAsset: event.N ?? '', maker: event.m }, now);
    }
    const reason = event.x === 'TRADE_PREVENTION' ? 'self-trade prevention' : event.r !== 'NONE' ? event.r : '';
    this.end(order, event.X, reason, now);
  }

  /** A fill from myTrades, for whichever of our orders it belongs to. */
  applyTrade(trade: BinanceTrade, now: number): void {
    const id = String(trade.orderId);
    for (const order of this.orders.values()) {
      if (order.venueOrderId !== id) continue;
      this.applyFill(order, { tradeId: trade.id, price: trade.price, qty: trade.qty, commission: trade.commission, commissionAsset: trade.commissionAsset, maker: trade.isMaker }, now);
      return;
    }
  }

  /** An open order of ours found at Binance that this gateway did not know (after a restart): tracked from now on. */
  adopt(venueId: string, busId: string, listed: BinanceOrder, instrument: Instrument, venue: string, peer: string, now: number): void {
    if (this.byVenueId.has(venueId)) return;
    const command = adoptedCommand(venue, busId, listed, instrument, now);
    if (command === undefined) return void this.counts.off_grid++;
    const order = new LiveOrder(busId, venueId, peer, command, instrument, 'open');
    this.track(order);
    this.applyOrder(order, listed, now);
  }

  /** The cancel-replace went through: the order lives on under its new Binance id, with its new terms. */
  completeReplace(order: LiveOrder, venueOrderId: string, now: number): void {
    const replacement = order.replacing;
    if (replacement === undefined) return;
    order.replacing = undefined;
    order.generation++;
    order.retired.add(order.venueId);
    order.venueId = replacement.venueId;
    order.command = replacement.command;
    order.bus = { ...order.bus, qty: replacement.command.qty };
    order.venueOrderId = venueOrderId;
    this.reportAmended(order, 'amended (on Binance: canceled and placed again, at the back of the queue)', now);
  }

  /**
   * A futures order as the venue now shows it (a modify's answer, an AMENDMENT event, or a query while a modify's
   * answer was lost): if its terms differ from ours, the modify (ours, or one made elsewhere) took effect.
   */
  applyModified(order: LiveOrder, priceText: string, qtyText: string, now: number): boolean {
    const price = priceToTicks(order.instrument, priceText);
    const qty = qtyToLots(order.instrument, qtyText);
    if (price === undefined || qty === undefined || qty <= 0) return false;
    if (price === order.command.price && qty === order.command.qty) return false;
    order.modifying = undefined;
    order.command = { ...order.command, price, qty };
    order.bus = { ...order.bus, qty };
    this.reportAmended(order, 'amended (on Binance futures: modified in place, at the back of the queue at its price)', now);
    return true;
  }

  reportAmended(order: LiveOrder, reason: string, now: number): void {
    const { venue, symbol, clientOrderId, strategyId, side } = order.bus;
    const { price, qty } = order.command;
    this.report(order, {
      type: 'OrderAmended', venue, symbol, clientOrderId, strategyId, side, state: order.state(), price, qty,
      stopPrice: order.command.stopPrice ?? 0, leavesQty: Math.max(0, qty - order.filledLots), reason, ts: now, rts: now,
    });
  }

  /** Sends a report of the order to its client and remembers it (a resent command gets it again). */
  report(order: LiveOrder, message: Outgoing | undefined): void {
    if (message === undefined) return;
    order.lastReport = message;
    this.emit(this.reportsPort, order.peer, message);
  }

  private accept(order: LiveOrder, now: number): void {
    if (order.accepted) return;
    order.accepted = true;
    this.report(order, statusReport(order.bus, order.venueOrderId, 'accepted', 0, '', now));
  }

  private applyFill(order: LiveOrder, fill: VenueFill, now: number): void {
    const key = `${order.command.symbol}:${fill.tradeId}`;
    if (this.seenFills.has(key)) return void this.counts.duplicate_fills++;
    const report = fillReport(order.bus, order.venueOrderId, fill, order.filledLots, order.instrument, now);
    if (report === undefined) return void this.counts.off_grid++;
    this.seenFills.add(key);
    this.counts.fills++;
    order.filledLots += (report as { qty: number }).qty;
    if (order.filledLots >= order.bus.qty) this.finish(order);
    this.report(order, report);
  }

  /** The order's end, once: a fill that completes it is its own end. */
  private end(order: LiveOrder, status: BinanceOrder['status'], reason: string, now: number): void {
    if (order.phase === 'done') return;
    const state = stateOf(status, order.filledLots);
    if (state !== 'canceled' && state !== 'expired' && state !== 'rejected') return;
    this.finish(order);
    this.report(order, statusReport(order.bus, order.venueOrderId, state, order.filledLots, reason, now));
  }

  private finish(order: LiveOrder): void {
    order.phase = 'done';
    order.params = undefined; // what a done order still needs is its ids and last report
  }
}

/** A SubmitOrder standing for an order of ours found open at Binance after a restart (a limit or market order). */
function adoptedCommand(venue: string, busId: string, listed: BinanceOrder, instrument: Instrument, now: number): SubmitOrder | undefined {
  const qty = qtyToLots(instrument, listed.origQty);
  const price = listed.type === 'MARKET' ? 0 : priceToTicks(instrument, listed.price);
  if (qty === undefined || price === undefined) return undefined;
  return {
    v: 0, seq: 0, ts: now, rts: now, type: 'SubmitOrder', venue, symbol: listed.symbol, src: 'reconcile', clientOrderId: busId, strategyId: 'adopted',
    side: listed.side === 'BUY' ? 'buy' : 'sell', orderType: listed.type === 'MARKET' ? 'market' : 'limit', price, qty, tif: 'GTC', causeTs: 0,
  };
}
