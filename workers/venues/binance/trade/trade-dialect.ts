/**
 * What differs between Binance's markets on the trading side, in one shape: where each request goes and what it
 * weighs, the rate limits, the listenKey endpoint, how the user stream's frames read, how an order maps to the
 * market's parameters, how an amend is made, and what an account check asks for. The live-orders core, its request
 * queue and the REST transport are the same for every market; they take a dialect (spot-dialect.ts,
 * futures-dialect.ts).
 */
import type { Instrument } from '../../../core/instrument.js';
import type { SubmitOrder } from '../../../protocol/messages.js';
import type { UserStreamEvent } from './binance-trade-types.js';
import type { NewOrderParams } from './order-params.js';
import type { RateLimitSpec, RequestCost } from './rate-limiter.js';
import type { IssuedRequest, TradeRequest } from './trade-requests.js';

/** An HTTP request: method, path and unsigned parameters. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  params: Record<string, string>;
}

export interface TradeDialect {
  market: 'spot' | 'usdm';
  /** For people: `Binance spot`, `Binance USD-M futures`. */
  name: string;
  limits: readonly RateLimitSpec[];
  cost(request: TradeRequest): RequestCost;
  route(request: IssuedRequest): Route;
  /** The listenKey endpoint (POST creates, PUT keeps alive, DELETE closes). */
  listenKeyPath: string;
  /** A user-stream frame, JSON-parsed: the event, undefined when not acted on, or why it is malformed. */
  userEvent(raw: unknown): UserStreamEvent | string | undefined;
  newOrderParams(order: SubmitOrder, instrument: Instrument, venueClientId: string): NewOrderParams | string;
  /** Spot amends by cancel-replace (a new order); futures modifies a limit order in place. */
  amend: 'cancel-replace' | 'modify';
  /** The requests that fetch the account in a reconciliation round. */
  accountKinds: ReadonlyArray<'account' | 'positions'>;
  /** Who refused, in reasons (`Binance -2010: ...`; a ccxt venue's own name); default `Binance`. */
  refusedBy?: string;
  /** What tells the core of order changes, in reasons: default `the user data stream` (ccxt venues: a poll). */
  streamName?: string;
  /** Set when this market takes no amends (the reason, sent back with each); see workers/venues/ccxt/. */
  amendRefusal?: string;
}
