/**
 * The check of an edit of a working order from the Orders panel: a new limit price, trigger price or total quantity,
 * each on the instrument's grid, the quantity above what has filled, a stop not through the last trade. Only what
 * changed is sent. Pure.
 */
import { formatPrice, formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { AmendRequest, OrderRow } from '../../../workers/protocol/channels.js';
import { isWaitingStop } from '../model/order-level.js';
import { parsePrice, parseQty } from './ticket-check.js';

/** The editor's fields as typed. */
export interface AmendInput {
  priceText: string;
  stopText: string;
  qtyText: string;
}

/** The fields of an order the editor offers. */
export interface Editable {
  price: boolean;
  stopPrice: boolean;
  qty: boolean;
}

/** The outcome: reasons per field, and the amend when something changed and nothing is refused. */
export interface AmendCheck {
  errors: Partial<Record<keyof AmendInput, string>>;
  request: AmendRequest | undefined;
  /** True if every field says what the order already has. */
  unchanged: boolean;
}

type EditedOrder = Pick<OrderRow, 'clientOrderId' | 'orderType' | 'side' | 'price' | 'stopPrice' | 'qty' | 'filledQty' | 'triggered'>;

/** Which fields of `order` can change: a limit price if it has one, a trigger while it waits, and the quantity. */
export function editableFields(order: Pick<OrderRow, 'orderType' | 'triggered'>): Editable {
  return { price: order.orderType === 'limit' || order.orderType === 'stop_limit', stopPrice: isWaitingStop(order), qty: order.orderType !== '' };
}

/** The editor's first texts: what the order has now. */
export function amendInputOf(instrument: Instrument, order: EditedOrder): AmendInput {
  return {
    priceText: order.price > 0 ? formatPrice(instrument, order.price) : '',
    stopText: order.stopPrice > 0 ? formatPrice(instrument, order.stopPrice) : '',
    qtyText: formatQty(instrument, order.qty),
  };
}

/** Checks an edit of `order`; `lastPrice` (ticks) is the last trade, which a new trigger must not be through. */
export function checkAmend(instrument: Instrument, order: EditedOrder, input: AmendInput, lastPrice?: number): AmendCheck {
  const editable = editableFields(order);
  const errors: AmendCheck['errors'] = {};
  const request: AmendRequest = { clientOrderId: order.clientOrderId };
  if (editable.price) {
    const price = parsePrice(instrument, input.priceText);
    if (typeof price === 'string') errors.priceText = price;
    else if (price !== order.price) request.price = price;
  }
  if (editable.stopPrice) {
    const stop = parsePrice(instrument, input.stopText, 'stop price');
    if (typeof stop === 'string') errors.stopText = stop;
    else if (stop !== order.stopPrice) {
      const through = lastPrice !== undefined && (order.side === 'buy' ? stop <= lastPrice : stop >= lastPrice);
      if (through && lastPrice !== undefined) {
        errors.stopText = `A ${order.side} stop must be ${order.side === 'buy' ? 'above' : 'below'} the last trade (${formatPrice(instrument, lastPrice)})`;
      } else request.stopPrice = stop;
    }
  }
  if (editable.qty) {
    const qty = parseQty(instrument, input.qtyText);
    if (typeof qty === 'string') errors.qtyText = qty;
    else if (qty <= order.filledQty) errors.qtyText = `Quantity must be above the ${formatQty(instrument, order.filledQty)} filled`;
    else if (qty !== order.qty) request.qty = qty;
  }
  const unchanged = request.price === undefined && request.stopPrice === undefined && request.qty === undefined;
  const clean = Object.keys(errors).length === 0 && !unchanged;
  return { errors, request: clean ? request : undefined, unchanged: unchanged && Object.keys(errors).length === 0 };
}
