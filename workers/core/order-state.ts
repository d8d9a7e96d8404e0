/**
 * The order state machine (DESIGN.md §4) and a tracker of orders by client order id. Venue reports arrive late,
 * twice, or out of order; `transition` says which ones still mean something, and the tracker records only those,
 * so a duplicate or stale report can never move an order backwards or count a fill twice.
 */
import type { OrderState, OrderType, Side, TimeInForce } from '../protocol/messages.js';

/** What happened to an order: a command was sent, or the venue reported something. */
export type OrderStateEvent = 'submitted' | 'accepted' | 'rejected' | 'partially_filled' | 'filled' | 'canceled' | 'expired';

/**
 * Legal next states. A fill or an expiry may come while `pending_new` because venues sometimes report them before
 * the acknowledgement; the acceptance is then implied and a late `accepted` is a duplicate. A repeated
 * `partially_filled` is legal: every further fill is one.
 */
const NEXT: Record<OrderState, Partial<Record<OrderStateEvent, OrderState>>> = {
  pending_new: {
    accepted: 'accepted',
    rejected: 'rejected',
    partially_filled: 'partially_filled',
    filled: 'filled',
    canceled: 'canceled',
    expired: 'expired',
  },
  accepted: { partially_filled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired' },
  partially_filled: { partially_filled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired' },
  filled: {},
  canceled: {},
  rejected: {},
  expired: {},
};

/** The state after `event`, or undefined if the event is illegal in state `from` (undefined: no order yet). */
export function transition(from: OrderState | undefined, event: OrderStateEvent): OrderState | undefined {
  if (from === undefined) return event === 'submitted' ? 'pending_new' : undefined;
  return NEXT[from][event];
}

/** True for states no report can leave: the order is done. */
export function isTerminal(state: OrderState): boolean {
  return state === 'filled' || state === 'canceled' || state === 'rejected' || state === 'expired';
}

/** True while the order may still fill, pending acknowledgement included: it counts as open exposure. */
export function isWorking(state: OrderState): boolean {
  return !isTerminal(state);
}

/** Every order state, for counters that show zeros too. */
export const ORDER_STATES: readonly OrderState[] = [
  'pending_new',
  'accepted',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
];

/** What an order is when it is added: the fields of its `SubmitOrder`. */
export interface NewOrder {
  clientOrderId: string;
  strategyId: string;
  venue: string;
  symbol: string;
  side: Side;
  orderType: OrderType;
  /** Limit price, ticks; 0 for orders without one. */
  price: number;
  qty: number;
  tif: TimeInForce;
  /** Trigger price of a stop type, ticks; 0 or absent otherwise. */
  stopPrice?: number;
  /** The bracket entry a leg belongs to. */
  parentId?: string;
}

/** An order with what the venue has reported about it. */
export interface TrackedOrder extends Readonly<NewOrder> {
  readonly state: OrderState;
  /** Lots filled so far. */
  readonly filledQty: number;
  readonly venueOrderId?: string;
  /** Ids of the fills counted in `filledQty`. */
  readonly fillIds: ReadonlySet<string>;
}

/** Details of a report: a fill's id and quantity (required for fill events), the venue's order id when known. */
export interface OrderEventDetail {
  fillId?: string;
  qty?: number;
  venueOrderId?: string;
}

interface MutableOrder extends NewOrder {
  state: OrderState;
  filledQty: number;
  venueOrderId?: string;
  fillIds: Set<string>;
}

/** Orders by client order id, moved only by legal transitions. */
export class OrderTracker {
  private readonly orders = new Map<string, MutableOrder>();
  private readonly live = new Map<string, MutableOrder>();
  private readonly tally = zeroCounts();

  /** Adds an order in `pending_new`; returns false (changing nothing) if its client order id is already known. */
  add(order: NewOrder): boolean {
    if (this.orders.has(order.clientOrderId)) return false;
    if (!Number.isSafeInteger(order.qty) || order.qty <= 0) throw new RangeError(`order ${order.clientOrderId}: qty must be an integer > 0`);
    const tracked: MutableOrder = { ...order, state: 'pending_new', filledQty: 0, fillIds: new Set() };
    this.orders.set(order.clientOrderId, tracked);
    this.live.set(order.clientOrderId, tracked);
    this.tally.pending_new += 1;
    return true;
  }

  /** The order, or undefined if unknown. */
  get(clientOrderId: string): TrackedOrder | undefined {
    return this.orders.get(clientOrderId);
  }

  /**
   * Applies a report; returns the new state, or undefined (recording nothing) if the order is unknown, the event
   * illegal in its state, or a fill is a duplicate, lacks its id or quantity, or would overfill the order.
   */
  apply(clientOrderId: string, event: OrderStateEvent, detail?: OrderEventDetail): OrderState | undefined {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) return undefined;
    const isFill = event === 'partially_filled' || event === 'filled';
    const filledQty = isFill ? this.filledAfter(order, detail) : order.filledQty;
    if (filledQty === undefined) return undefined;
    // The quantities are the truth: a fill that completes the order fills it whatever the report called it.
    const effective = isFill ? (filledQty === order.qty ? 'filled' : 'partially_filled') : event;
    const next = transition(order.state, effective);
    if (next === undefined) return undefined;
    if (isFill && detail?.fillId !== undefined) order.fillIds.add(detail.fillId);
    order.filledQty = filledQty;
    if (detail?.venueOrderId !== undefined && order.venueOrderId === undefined) order.venueOrderId = detail.venueOrderId;
    this.move(order, next);
    return next;
  }

  /**
   * The venue changed the order (an amend, a trailing stop, a cap): new price, total quantity and trigger price.
   * Returns false, changing nothing, if the order is unknown or finished or the quantity is below what has filled.
   */
  amend(clientOrderId: string, change: { price: number; qty: number; stopPrice: number }): boolean {
    const order = this.orders.get(clientOrderId);
    if (order === undefined || isTerminal(order.state)) return false;
    if (!Number.isSafeInteger(change.qty) || change.qty < order.filledQty || change.qty <= 0) return false;
    order.price = change.price;
    order.qty = change.qty;
    order.stopPrice = change.stopPrice;
    return true;
  }

  /** Orders that may still fill (pending, accepted, partially filled), in the order they were added. */
  working(): TrackedOrder[] {
    return [...this.live.values()];
  }

  /** Number of orders in each state, zeros included. */
  counts(): Record<OrderState, number> {
    return { ...this.tally };
  }

  /** Filled quantity after the fill in `detail`, or undefined if the fill cannot be counted. */
  private filledAfter(order: MutableOrder, detail: OrderEventDetail | undefined): number | undefined {
    const fillId = detail?.fillId;
    const qty = detail?.qty;
    if (fillId === undefined || qty === undefined) return undefined;
    if (!Number.isSafeInteger(qty) || qty <= 0) return undefined;
    if (order.fillIds.has(fillId)) return undefined;
    const filled = order.filledQty + qty;
    return filled <= order.qty ? filled : undefined;
  }

  private move(order: MutableOrder, next: OrderState): void {
    this.tally[order.state] -= 1;
    this.tally[next] += 1;
    order.state = next;
    if (isTerminal(next)) this.live.delete(order.clientOrderId);
  }
}

function zeroCounts(): Record<OrderState, number> {
  const counts = {} as Record<OrderState, number>;
  for (const state of ORDER_STATES) counts[state] = 0;
  return counts;
}
