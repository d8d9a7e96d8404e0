/**
 * The execution worker's core: keeps every order's state, sends orders to the venue and publishes each transition
 * as it happens. A client order id is accepted once; a retry of it never makes a second order. An order the venue has
 * not answered within a second is sent again (the venue is idempotent by client order id too), and so is everything
 * unanswered after a restart. Fills are published once per fill id.
 *
 * Routing: each venue has its own DEALER port (`routes`: venue → port), so a slow or absent venue never holds up the
 * others; an order for a venue with no route is rejected at once. Live venues also send `OrderStatusUnknown`,
 * `ReconcileReport` and `VenueAccount`, published on `exec` for the terminal, strategies and risk.
 */
import { LatencyHistogram } from '../core/latency-histogram.js';
import { isTerminal, OrderTracker, type OrderStateEvent } from '../core/order-state.js';
import type { Emit, Outgoing, WorkerCore } from '../core/worker-core.js';
import type { AmendOrder, CancelOrder, Message, OrderAccepted, OrderEvent, OrderStatusUnknown, ReconcileReport, RequestRejected, SubmitOrder, VenueAccount } from '../protocol/messages.js';
import { topics } from '../protocol/topics.js';

const RESEND_AFTER_US = 1_000_000;

interface VenueOrder {
  command: SubmitOrder;
  lastSent: number;
}

/** Which port reaches each venue; `*` is the port of any venue not named. */
export type VenueRoutes = Readonly<Record<string, string>>;

/** Every venue through the one port `venue` (the simulated exchange's): the default. */
export const SINGLE_VENUE_ROUTES: VenueRoutes = { '*': 'venue' };

/** Order state machine and venue routing. */
export class ExecutionEngine implements WorkerCore {
  private readonly tracker = new OrderTracker();
  /** Orders sent to the venue that it has not answered yet: resent until it does. */
  private readonly unanswered = new Map<string, VenueOrder>();
  /** Tick-to-order latency: from the triggering market event's receipt to the order leaving for the venue. */
  readonly tickToOrder = new LatencyHistogram();
  private readonly counts = {
    submitted: 0,
    accepted: 0,
    rejected: 0,
    canceled: 0,
    expired: 0,
    amended: 0,
    triggered: 0,
    refused_requests: 0,
    legs: 0,
    filled: 0,
    fills: 0,
    duplicates: 0,
    resends: 0,
    illegal: 0,
    unrouted: 0,
    unknown_status: 0,
    reconcile_reports: 0,
    account_updates: 0,
  };
  private readonly venuePorts: ReadonlySet<string>;
  /** The last reconciliation report and balances per topic: what a late joiner's snapshot gets. */
  private readonly venueState = new Map<string, Outgoing>();

  constructor(
    private readonly worker: string,
    private readonly emit: Emit,
    private readonly routes: VenueRoutes = SINGLE_VENUE_ROUTES,
  ) {
    this.venuePorts = new Set(Object.values(routes));
  }

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    if (port === 'in') {
      if (message.type === 'SubmitOrder') this.onSubmit(message, now);
      else if (message.type === 'CancelOrder' || message.type === 'AmendOrder') this.onChange(message, now);
      return;
    }
    if (!this.venuePorts.has(port)) return;
    if (message.type === 'RequestRejected') this.onRequestRejected(message, now);
    else if (message.type === 'OrderStatusUnknown') this.onUnknown(message, now);
    else if (message.type === 'ReconcileReport' || message.type === 'VenueAccount') this.onVenueState(message, now);
    else if ('clientOrderId' in message) this.onVenueReport(message as OrderEvent, now);
  }

  onTimer(now: number): void {
    for (const order of this.unanswered.values()) {
      if (now - order.lastSent < RESEND_AFTER_US) continue;
      this.counts.resends += 1;
      this.sendToVenue(order, now);
    }
  }

  onRecovered(now: number): void {
    for (const order of this.unanswered.values()) this.sendToVenue(order, now);
  }

  snapshot(prefix: string): Array<{ topic: string; message: Outgoing }> {
    const out: Array<{ topic: string; message: Outgoing }> = [];
    for (const [topic, message] of this.venueState) if (topic.startsWith(prefix)) out.push({ topic, message });
    return out;
  }

  counters(): Record<string, number> {
    return {
      ...this.counts,
      working: this.tracker.working().length,
      tick_to_order_count: this.tickToOrder.count,
      tick_to_order_p50_us: this.tickToOrder.percentile(50),
      tick_to_order_p99_us: this.tickToOrder.percentile(99),
      tick_to_order_p999_us: this.tickToOrder.percentile(99.9),
    };
  }

  private onSubmit(command: SubmitOrder, now: number): void {
    const added = this.tracker.add(command);
    if (!added) {
      this.counts.duplicates += 1;
      return;
    }
    this.counts.submitted += 1;
    const { venue, symbol, clientOrderId, strategyId, side, orderType, price, qty, tif } = command;
    const { stopPrice, trailAmount, trailBps, postOnly, reduceOnly, takeProfit, stopLoss } = command;
    const routed = this.portOf(venue) !== undefined;
    if (routed) {
      const order: VenueOrder = { command, lastSent: now };
      this.unanswered.set(clientOrderId, order);
      this.sendToVenue(order, now);
    }
    if (command.causeTs > 0) this.tickToOrder.record(now - command.causeTs);
    this.emit('pub', topics.order(venue, symbol), {
      type: 'OrderSubmitted',
      ts: now,
      rts: now,
      venue,
      symbol,
      clientOrderId,
      strategyId,
      side,
      state: 'pending_new',
      orderType,
      price,
      qty,
      tif,
      ...definedOnly({ stopPrice, trailAmount, trailBps, postOnly, reduceOnly, takeProfit, stopLoss }),
      ...(command.account === undefined ? {} : { account: command.account }),
    });
    // After OrderSubmitted, which is what risk waits for before it stops resending.
    if (!routed) this.rejectUnrouted(command, now);
  }

  /** Cancels and amends go to the venue for orders this worker knows; the venue answers for them. */
  private onChange(command: CancelOrder | AmendOrder, now: number): void {
    const order = this.tracker.get(command.clientOrderId);
    const port = this.portOf(command.venue);
    if (order === undefined || port === undefined) return;
    this.emit(port, '', { ...command, src: this.worker, ts: now, rts: now });
  }

  private portOf(venue: string): string | undefined {
    return this.routes[venue] ?? this.routes['*'];
  }

  /** No port reaches the order's venue: refused here, so the order does not wait forever. */
  private rejectUnrouted(command: SubmitOrder, now: number): void {
    const { venue, symbol, clientOrderId, strategyId, side } = command;
    this.counts.unrouted += 1;
    this.counts.rejected += 1;
    this.tracker.apply(clientOrderId, 'rejected');
    this.emit('pub', topics.order(venue, symbol), {
      type: 'OrderRejected', venue, symbol, clientOrderId, strategyId, side, state: 'rejected', ts: now, rts: now,
      reason: `no route to venue ${venue}: it is not connected to execution`,
    });
  }

  /** The venue lost its answer: the order stays as it was (unanswered no more: resending cannot help), and the user sees it. */
  private onUnknown(report: OrderStatusUnknown, now: number): void {
    const order = this.tracker.get(report.clientOrderId);
    if (order === undefined) return;
    this.unanswered.delete(report.clientOrderId);
    this.counts.unknown_status += 1;
    this.emit('pub', topics.order(report.venue, report.symbol), { ...report, state: order.state, rts: now });
  }

  /** Reconciliation and balances of a live venue account: published when they change, kept for snapshots. */
  private onVenueState(message: ReconcileReport | VenueAccount, now: number): void {
    const { venue, account } = message;
    const topic = message.type === 'ReconcileReport' ? topics.reconcile(venue, account) : topics.account(venue, account);
    const { v: _v, seq: _seq, ...unstamped } = message;
    const next = { ...unstamped, rts: now } as Outgoing;
    const last = this.venueState.get(topic);
    // The venue repeats its state until it is sure it arrived; only a change is news.
    if (last !== undefined && sameState(last, next)) return;
    this.venueState.set(topic, next);
    if (message.type === 'ReconcileReport') this.counts.reconcile_reports += 1;
    else this.counts.account_updates += 1;
    this.emit('pub', topic, next);
  }

  /** The venue refused a cancel or amend: passed on so whoever asked sees why. */
  private onRequestRejected(report: RequestRejected, now: number): void {
    if (this.tracker.get(report.clientOrderId) === undefined) return;
    this.counts.refused_requests += 1;
    this.emit('pub', topics.order(report.venue, report.symbol), { ...report, rts: now });
  }

  /** A bracket leg the venue placed for an order of ours: tracked from now on like one we sent. */
  private adoptLeg(report: OrderAccepted): boolean {
    const parent = report.parentId === undefined ? undefined : this.tracker.get(report.parentId);
    if (parent === undefined || report.orderType === undefined || report.qty === undefined) return false;
    this.counts.legs += 1;
    return this.tracker.add({
      clientOrderId: report.clientOrderId,
      strategyId: report.strategyId,
      venue: report.venue,
      symbol: report.symbol,
      side: report.side,
      orderType: report.orderType,
      price: report.price ?? 0,
      qty: report.qty,
      tif: report.tif ?? 'GTC',
      stopPrice: report.stopPrice ?? 0,
      parentId: parent.clientOrderId,
    });
  }

  private sendToVenue(order: VenueOrder, now: number): void {
    order.lastSent = now;
    const port = this.portOf(order.command.venue);
    if (port !== undefined) this.emit(port, '', { ...order.command, src: this.worker, rts: now });
  }

  private onVenueReport(report: OrderEvent, now: number): void {
    if (this.tracker.get(report.clientOrderId) === undefined && !(report.type === 'OrderAccepted' && this.adoptLeg(report))) return;
    this.unanswered.delete(report.clientOrderId);
    if (report.type === 'OrderAmended' || report.type === 'OrderTriggered') return this.onChanged(report, now);
    const event = EVENT_OF[report.type];
    if (event === undefined) return;
    const detail = report.type === 'OrderFilled'
      ? { fillId: report.fillId, qty: report.qty, venueOrderId: report.venueOrderId }
      : report.type === 'OrderAccepted' ? { venueOrderId: report.venueOrderId } : undefined;
    const state = this.tracker.apply(report.clientOrderId, event(report), detail);
    if (state === undefined) {
      // A duplicate fill or a report that does not fit the order's state (a resent ack): counted, not published.
      this.counts.illegal += 1;
      return;
    }
    this.count(report.type);
    if (state === 'filled') this.counts.filled += 1;
    const topic = report.type === 'OrderFilled' ? topics.fill(report.venue, report.symbol) : topics.order(report.venue, report.symbol);
    this.emit('pub', topic, { ...report, state, rts: now } as Outgoing);
  }

  /** An amend or a trigger: the order's terms changed, its state did not. */
  private onChanged(report: Extract<OrderEvent, { type: 'OrderAmended' | 'OrderTriggered' }>, now: number): void {
    const order = this.tracker.get(report.clientOrderId);
    if (order === undefined || isTerminal(order.state)) {
      this.counts.illegal += 1;
      return;
    }
    if (report.type === 'OrderAmended') {
      if (!this.tracker.amend(report.clientOrderId, report)) {
        this.counts.illegal += 1;
        return;
      }
      this.counts.amended += 1;
    } else {
      this.counts.triggered += 1;
    }
    this.emit('pub', topics.order(report.venue, report.symbol), { ...report, state: order.state, rts: now } as Outgoing);
  }

  private count(type: OrderEvent['type']): void {
    if (type === 'OrderAccepted') this.counts.accepted += 1;
    else if (type === 'OrderRejected') this.counts.rejected += 1;
    else if (type === 'OrderCanceled') this.counts.canceled += 1;
    else if (type === 'OrderExpired') this.counts.expired += 1;
    else if (type === 'OrderFilled') this.counts.fills += 1;
  }
}

/** Same content apart from the times. */
function sameState(a: Outgoing, b: Outgoing): boolean {
  const strip = ({ ts: _ts, rts: _rts, ...rest }: Record<string, unknown>) => JSON.stringify(rest);
  return strip(a as unknown as Record<string, unknown>) === strip(b as unknown as Record<string, unknown>);
}

/** The fields of `fields` that are set: optional protocol fields stay absent rather than undefined. */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

/** Which state-machine event a venue report is. */
const EVENT_OF: Partial<Record<OrderEvent['type'], (report: OrderEvent) => OrderStateEvent>> = {
  OrderAccepted: () => 'accepted',
  OrderRejected: () => 'rejected',
  OrderCanceled: () => 'canceled',
  OrderExpired: () => 'expired',
  OrderFilled: (report) => (report.state === 'filled' ? 'filled' : 'partially_filled'),
};
