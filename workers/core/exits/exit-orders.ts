/**
 * The venue orders of one exit tracker as it knows them from their events: what was asked, what the venue says they
 * are now, and whether a command for them is in flight. The tracker compares these with the orders it wants and
 * asks only for the difference, one command per order at a time.
 */
import { isTerminal } from '../order-state.js';
import type { OrderEvent, RequestRejected, Side } from '../../protocol/messages.js';

/** What an exit order is for. */
export type ExitRole = 'stop' | 'target' | 'close';

/** A command the tracker wants sent; the engine delivers it (resending until it is acknowledged). */
export type ExitAction =
  | { kind: 'place'; clientOrderId: string; role: 'stop' | 'target'; side: Side; orderType: 'stop' | 'limit'; price: number; stopPrice: number; qty: number }
  /** A reduce-only market order (IOC) for the whole open position. */
  | { kind: 'close'; clientOrderId: string; side: Side; qty: number }
  /** New total quantity (filled part included), limit price and trigger price; 0 keeps a value. */
  | { kind: 'amend'; clientOrderId: string; price: number; qty: number; stopPrice: number }
  | { kind: 'cancel'; clientOrderId: string };

/** An order's events, as far as an exit tracker reads them. */
export type ExitOrderEvent = OrderEvent | RequestRejected;

/** One exit order. */
export interface ExitOrder {
  readonly clientOrderId: string;
  readonly role: ExitRole;
  /** Index of its target; −1 for the stop and closes. */
  readonly target: number;
  readonly side: Side;
  /** Limit price (targets), trigger price (the stop), total quantity: as the venue last confirmed or as asked. */
  price: number;
  stopPrice: number;
  qty: number;
  filled: number;
  /** The venue has accepted it: it may be amended. */
  working: boolean;
  /** A stop that triggered is a market order now: nothing about it can change. */
  triggered: boolean;
  /** A cancel is in flight. */
  canceling: boolean;
  /** An amend is in flight. */
  amending: boolean;
  /** The amend in flight, as `price/qty/stopPrice`. */
  askedAmend: string;
  /** The last amend the venue refused, in the same form: not asked again until something changes. */
  refusedAmend: string;
  /** A refused cancel is asked again from this time (µs). */
  cancelAgainAt: number;
  done: boolean;
  /** No longer wanted: canceled as soon as it can be. */
  retired: boolean;
}

/** A new order record, as placed. */
export function newExitOrder(clientOrderId: string, role: ExitRole, target: number, side: Side, price: number, stopPrice: number, qty: number): ExitOrder {
  return {
    clientOrderId, role, target, side, price, stopPrice, qty,
    filled: 0, working: false, triggered: false, canceling: false, amending: false, askedAmend: '', refusedAmend: '', cancelAgainAt: 0, done: false, retired: false,
  };
}

/** Open quantity. */
export function leavesOf(order: ExitOrder): number {
  return Math.max(0, order.qty - order.filled);
}

/** A cancel may be asked for it now. */
export function cancelable(order: ExitOrder, now: number): boolean {
  return !order.done && !order.canceling && now >= order.cancelAgainAt;
}

const CANCEL_AGAIN_US = 1_000_000;

/**
 * Applies one event of the order. Returns the refusal text when the order was denied or rejected (the tracker then
 * holds back that exit until something changes), undefined otherwise. Fills are counted by the caller, once each.
 */
export function applyOrderEvent(order: ExitOrder, event: ExitOrderEvent, now: number): string | undefined {
  switch (event.type) {
    case 'RequestRejected':
      if (event.request === 'cancel') {
        order.canceling = false;
        order.cancelAgainAt = now + CANCEL_AGAIN_US;
      } else {
        order.amending = false;
        order.refusedAmend = order.askedAmend;
      }
      return undefined;
    case 'OrderDenied':
      order.done = true;
      return `${event.rule}: ${event.reason}`;
    case 'OrderRejected':
      order.done = true;
      return event.reason;
    case 'OrderAccepted':
      order.working = true;
      break;
    case 'OrderAmended':
      order.working = true;
      order.amending = false;
      order.price = event.price;
      order.qty = event.qty;
      order.stopPrice = event.stopPrice;
      order.refusedAmend = '';
      break;
    case 'OrderTriggered':
      order.triggered = true;
      break;
    case 'OrderFilled':
      order.working = true;
      order.filled = Math.max(order.filled, event.filledQty);
      break;
    default:
      break;
  }
  if (isTerminal(event.state)) order.done = true;
  return undefined;
}

/** Records an amend being sent. */
export function markAmending(order: ExitOrder, price: number, qty: number, stopPrice: number): void {
  order.amending = true;
  order.askedAmend = amendSignature(price, qty, stopPrice);
}

/** The signature of an amend, to compare with a refused one. */
export function amendSignature(price: number, qty: number, stopPrice: number): string {
  return `${price}/${qty}/${stopPrice}`;
}
