/**
 * What the live-orders core asks of its transport, and what comes back. The core decides; the transport (signed REST
 * over HTTP, workers/venues/binance/trade/binance-rest.ts) only carries, and classifies each outcome the way the rest
 * of the core needs it: done, refused by the venue (with its code), limited (429/418), or unknown (timeout, 5xx,
 * connection lost after sending) — the one case where an order may or may not exist.
 */
import type { NewOrderParams } from './order-params.js';
import type { RequestCost } from './rate-limiter.js';

/** One REST request the core wants sent. `offsetMs` is added to the local clock for the signed `timestamp`. */
export type TradeRequest =
  | { kind: 'place'; symbol: string; clientId: string; params: NewOrderParams }
  | { kind: 'replace'; symbol: string; clientId: string; params: NewOrderParams }
  | { kind: 'query'; symbol: string; clientId: string }
  | { kind: 'cancel'; symbol: string; clientId: string }
  | { kind: 'openOrders'; symbol: string; round?: number }
  | { kind: 'myTrades'; symbol: string; fromId?: number; orderId?: string; startTime?: number; round?: number }
  | { kind: 'account'; round?: number }
  | { kind: 'time' };

/** A request with its id (to match the outcome) and clock offset. */
export type IssuedRequest = TradeRequest & { id: number; offsetMs: number };

/** How a request ended. */
export type TradeOutcome =
  | { kind: 'ok'; body: unknown }
  /** The venue refused it with an error code: it did nothing (for -1021, nothing yet: see the core). */
  | { kind: 'refused'; httpStatus: number; code: number; msg: string }
  /** 429 / 418: refused for rate, nothing done; try again after `retryAfterMs`. */
  | { kind: 'limited'; httpStatus: number; code: number; msg: string; retryAfterMs: number }
  /** No answer or a server error: it may or may not have happened. */
  | { kind: 'unknown'; reason: string };

/** Where the core's requests go. */
export interface TradeTransport {
  send(request: IssuedRequest): void;
}

/** Request weights of Binance spot (REST API docs, 2025) and whether a request places an order. */
export function costOf(request: TradeRequest): RequestCost {
  switch (request.kind) {
    case 'place':
    case 'replace':
      return { weight: 1, orders: 1 };
    case 'query':
      return { weight: 4, orders: 0 };
    case 'cancel':
      return { weight: 1, orders: 0 };
    case 'openOrders':
      return { weight: 6, orders: 0 };
    case 'myTrades':
      return { weight: request.orderId === undefined ? 20 : 5, orders: 0 };
    case 'account':
      return { weight: 20, orders: 0 };
    case 'time':
      return { weight: 1, orders: 0 };
  }
}

/** True if sending the request twice can do no harm (every request except those that place an order). */
export function isSafeToRepeat(request: TradeRequest): boolean {
  return request.kind !== 'place' && request.kind !== 'replace';
}
