/**
 * What the live-orders core asks of its transport, and what comes back. The core decides; the transport (signed REST
 * over HTTP, workers/venues/binance/trade/binance-rest.ts) only carries, and classifies each outcome the way the rest
 * of the core needs it: done, refused by the venue (with its code), limited (429/418), or unknown (timeout, 5xx,
 * connection lost after sending) — the one case where an order may or may not exist. Where each request goes and
 * what it weighs is the market's (spot-dialect.ts, futures-dialect.ts).
 */
import type { NewOrderParams } from './order-params.js';

/** One REST request the core wants sent. `offsetMs` is added to the local clock for the signed `timestamp`. */
export type TradeRequest =
  | { kind: 'place'; symbol: string; clientId: string; params: NewOrderParams }
  | { kind: 'replace'; symbol: string; clientId: string; params: NewOrderParams }
  /** Futures: change a limit order's price and quantity in place (PUT /fapi/v1/order). */
  | { kind: 'modify'; symbol: string; clientId: string; params: NewOrderParams }
  | { kind: 'query'; symbol: string; clientId: string }
  | { kind: 'cancel'; symbol: string; clientId: string }
  | { kind: 'cancelAll'; symbol: string }
  | { kind: 'openOrders'; symbol: string; round?: number }
  | { kind: 'myTrades'; symbol: string; fromId?: number; orderId?: string; startTime?: number; round?: number }
  | { kind: 'account'; round?: number }
  /** Futures: /fapi/v2/positionRisk. */
  | { kind: 'positions'; round?: number }
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

/** True if sending the request twice can do no harm (every request except those that place an order). */
export function isSafeToRepeat(request: TradeRequest): boolean {
  return request.kind !== 'place' && request.kind !== 'replace' && request.kind !== 'modify';
}
