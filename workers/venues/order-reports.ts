/**
 * Commands as engine requests and engine events as protocol reports: one mapping for every venue built on the matching engine (the simulated
 * exchange and the paper-trading engine), so a client sees the same messages whichever it trades on.
 */
import type { EngineOrderEvent, OrderRequest } from '../core/matching-engine.js';
import type { Outgoing } from '../core/worker-core.js';
import type { RequestRejected, SubmitOrder } from '../protocol/messages.js';

/** Venue and symbol of the engine's instrument, and the time to stamp. */
export interface ReportContext {
  venue: string;
  symbol: string;
  now: number;
}

/** The report of one engine event of a client's order. */
export function orderReport(event: EngineOrderEvent, context: ReportContext): Outgoing {
  const order = event.order;
  const { venue, symbol, now } = context;
  const base = { venue, symbol, clientOrderId: order.clientOrderId, strategyId: order.tag, side: order.side, state: event.state, ts: now, rts: now };
  switch (event.kind) {
    case 'accepted':
      // A stop's trigger price is news for a trailing stop (the venue chose it) and harmless for the others.
      if (order.parentId === '') {
        return { type: 'OrderAccepted', ...base, venueOrderId: order.venueOrderId, ...(order.stopPrice > 0 ? { stopPrice: order.stopPrice } : {}) };
      }
      // A leg the venue made itself: the client never sent it, so the report says what it is.
      return {
        type: 'OrderAccepted',
        ...base,
        venueOrderId: order.venueOrderId,
        parentId: order.parentId,
        orderType: order.type,
        price: order.price,
        qty: order.qty,
        tif: order.tif,
        stopPrice: order.stopPrice,
      };
    case 'rejected':
      return { type: 'OrderRejected', ...base, reason: event.reason };
    case 'canceled':
      return { type: 'OrderCanceled', ...base, canceledQty: event.canceledQty, reason: event.reason };
    case 'expired':
      return { type: 'OrderExpired', ...base, expiredQty: event.expiredQty, reason: event.reason };
    case 'amended':
      return { type: 'OrderAmended', ...base, price: order.price, qty: order.qty, stopPrice: order.stopPrice, leavesQty: order.leavesQty, reason: event.reason };
    case 'triggered':
      return { type: 'OrderTriggered', ...base, stopPrice: order.stopPrice, triggerPrice: event.triggerPrice };
    case 'filled': {
      const { fillId, price, qty, filledQty, leavesQty, liquidity, fee } = event;
      return { type: 'OrderFilled', ...base, venueOrderId: order.venueOrderId, fillId, price, qty, filledQty, leavesQty, liquidity, fee };
    }
  }
}

/** A refused cancel or amend. */
export function requestRejected(
  command: { venue: string; symbol: string; clientOrderId: string; strategyId: string },
  request: RequestRejected['request'],
  reason: string,
  now: number,
): Outgoing {
  const { venue, symbol, clientOrderId, strategyId } = command;
  return { type: 'RequestRejected', venue, symbol, clientOrderId, strategyId, request, reason, ts: now, rts: now };
}

/** A client's order as the engine takes it. */
export function orderRequestOf(owner: string, message: SubmitOrder): OrderRequest {
  return {
    owner,
    clientOrderId: message.clientOrderId,
    side: message.side,
    type: message.orderType,
    price: message.price,
    qty: message.qty,
    tif: message.tif,
    tag: message.strategyId,
    stopPrice: message.stopPrice ?? 0,
    trailAmount: message.trailAmount ?? 0,
    trailBps: message.trailBps ?? 0,
    postOnly: message.postOnly ?? false,
    reduceOnly: message.reduceOnly ?? false,
    takeProfit: message.takeProfit ?? 0,
    stopLoss: message.stopLoss ?? 0,
    ...(message.ocoWith !== undefined && message.ocoWith !== '' ? { ocoWith: message.ocoWith } : {}),
    ...(message.stp !== undefined ? { stp: message.stp } : {}),
    ...(message.trigger !== undefined ? { trigger: message.trigger } : {}),
  };
}
