/**
 * Amend on Binance spot, emulated as cancel-replace (`POST /api/v3/order/cancelReplace`, mode `STOP_ON_FAILURE`): the
 * order is canceled and a new one placed in one request, so it goes to the back of the queue whatever changed. (Our
 * AmendOrder keeps the place for a lower quantity; on Binance that would take its keep-priority amend, not used yet.)
 * The new order carries a new client order id of ours (`<bus id>~<n>`, hashed) and the open quantity only: what has
 * filled stays filled. Pure helpers; the core keeps the order's state.
 */
import type { Instrument } from '../../../core/instrument.js';
import type { AmendOrder, SubmitOrder } from '../../../protocol/messages.js';
import type { ClientOrderIds } from './client-order-id.js';
import { newOrderParams, type NewOrderParams } from './order-params.js';

/** A replacement under way. */
export interface Replacement {
  venueId: string;
  /** The order's new terms, as a SubmitOrder of the whole (filled part included) quantity. */
  command: SubmitOrder;
  params: NewOrderParams;
}

/** The replacement an amend asks for, or why it cannot be made. */
export function replacementOf(
  order: { busId: string; venueId: string; command: SubmitOrder; filledLots: number; generation: number },
  amend: AmendOrder,
  instrument: Instrument,
  ids: ClientOrderIds,
): Replacement | string {
  const price = amend.price > 0 ? amend.price : order.command.price;
  const qty = amend.qty > 0 ? amend.qty : order.command.qty;
  const stopPrice = amend.stopPrice > 0 ? amend.stopPrice : (order.command.stopPrice ?? 0);
  if (qty <= order.filledLots) return `the new quantity must be above what has filled (${order.filledLots} lots)`;
  if (price === order.command.price && qty === order.command.qty && stopPrice === (order.command.stopPrice ?? 0)) return 'nothing to change';
  if (order.command.orderType === 'market') return 'a market order cannot be amended';
  const command: SubmitOrder = { ...order.command, price, qty, ...(stopPrice > 0 ? { stopPrice } : {}) };
  const venueId = ids.toVenue(`${order.busId}~${order.generation + 1}`);
  // Binance's new order is for the open part only.
  const params = newOrderParams({ ...command, qty: qty - order.filledLots }, instrument, venueId);
  if (typeof params === 'string') return params;
  return { venueId, command, params: { ...params, cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrigClientOrderId: order.venueId } };
}

/** Binance's codes for a cancel-replace that failed: nothing changed (-2022), or canceled but not replaced (-2021). */
export const REPLACE_FAILED = -2022;
export const REPLACE_HALF_DONE = -2021;
