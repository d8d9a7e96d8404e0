/**
 * The execution worker's core: keeps every order's state, sends orders to the venue and publishes each transition
 * as it happens. A client order id is accepted once; a retry of it never makes a second order. An order the venue has
 * not answered within a second is sent again (the venue is idempotent by client order id too), and so is everything
 * unanswered after a restart. Fills are published once per fill id.
 */
import { LatencyHistogram } from '../core/latency-histogram.js';
import { OrderTracker, type OrderStateEvent } from '../core/order-state.js';
import type { Emit, Outgoing, WorkerCore } from '../core/worker-core.js';
import type { CancelOrder, Message, OrderEvent, SubmitOrder } from '../protocol/messages.js';
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
  private readonly counts = { submitted: 0, accepted: 0, rejected: 0, canceled: 0, filled: 0, fills: 0, duplicates: 0, resends: 0, illegal: 0 };

  constructor(
    private readonly worker: string,
    private readonly emit: Emit,
  ) {}

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    if (port === 'in') {
      if (message.type === 'SubmitOrder') this.onSubmit(message, now);
      else if (message.type === 'CancelOrder') this.onCancel(message, now);
      return;
    }
    if (port === 'venue' && 'clientOrderId' in message) this.onVenueReport(message as OrderEvent, now);
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
    });
  }

  private onCancel(command: CancelOrder, now: number): void {
    const order = this.tracker.get(command.clientOrderId);
    if (order === undefined) return;
    this.emit('venue', '', { ...command, src: this.worker, ts: now, rts: now });
  }

  private sendToVenue(order: VenueOrder, now: number): void {
    order.lastSent = now;
    this.emit('venue', '', { ...order.command, src: this.worker, rts: now });
  }

  private onVenueReport(report: OrderEvent, now: number): void {
    if (this.tracker.get(report.clientOrderId) === undefined) return;
    this.unanswered.delete(report.clientOrderId);
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

  private count(type: OrderEvent['type']): void {
    if (type === 'OrderAccepted') this.counts.accepted += 1;
    else if (type === 'OrderRejected') this.counts.rejected += 1;
    else if (type === 'OrderCanceled') this.counts.canceled += 1;
    else if (type === 'OrderFilled') this.counts.fills += 1;
  }
}

/** Which state-machine event a venue report is. */
const EVENT_OF: Partial<Record<OrderEvent['type'], (report: OrderEvent) => OrderStateEvent>> = {
  OrderAccepted: () => 'accepted',
  OrderRejected: () => 'rejected',
  OrderCanceled: () => 'canceled',
  OrderFilled: (report) => (report.state === 'filled' ? 'filled' : 'partially_filled'),
};
