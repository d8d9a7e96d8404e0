/**
 * The execution worker's core: keeps every order's state, sends orders to the venue and publishes each transition
 * as it happens. A client order id is accepted once; a retry of it never makes a second order. An order the venue has
 * not answered within a second is sent again (the venue is idempotent by client order id too), and so is everything
 * unanswered after a restart. Fills are published once per fill id.
 */
import { LatencyHistogram } from '../core/latency-histogram.js';
import { isTerminal, OrderTracker, type OrderStateEvent } from '../core/order-state.js';
import type { Emit, Outgoing, WorkerCore } from '../core/worker-core.js';
import type { AmendOrder, CancelOrder, Message, OrderAccepted, OrderEvent, RequestRejected, SubmitOrder } from '../protocol/messages.js';
import { topics } from '../protocol/topics.js';

const RESEND_AFTER_US = 1_000_000;

interface VenueOrder {
  command: SubmitOrder;
  lastSent: number;
}

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
  };

  constructor(
    private readonly worker: string,
    private readonly emit: Emit,
  ) {}

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    if (port === 'in') {
      if (message.type === 'SubmitOrder') this.onSubmit(message, now);
      else if (message.type === 'CancelOrder' || message.type === 'AmendOrder') this.onChange(message, now);
      return;
    }
    if (port !== 'venue') return;
    if (message.type === 'RequestRejected') this.onRequestRejected(message, now);
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

  snapshot(): Array<{ topic: string; message: Outgoing }> {
    return [];
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
    const order: VenueOrder = { command, lastSent: now };
    this.unanswered.set(clientOrderId, order);
    this.sendToVenue(order, now);
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
    });
  }

  /** Cancels and amends go to the venue for orders this worker knows; the venue answers for them. */
  private onChange(command: CancelOrder | AmendOrder, now: number): void {
    const order = this.tracker.get(command.clientOrderId);
    if (order === undefined) return;
    this.emit('venue', '', { ...command, src: this.worker, ts: now, rts: now });
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
    this.emit('venue', '', { ...order.command, src: this.worker, rts: now });
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
