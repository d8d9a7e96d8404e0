/**
 * The strategy API. A strategy is one file that exports a {@link StrategyDefinition}: a kind, a parameter schema, and
 * `create`, which gets a context and its parameters and returns handlers. The context is all it sees of the world:
 * market data history, its position and orders, and order helpers. The strategy worker, the backtester and paper
 * trading each provide the context, so the same file runs in all three.
 *
 * Prices are integers of the instrument's tick, quantities of its lot. Order helpers return the client order id;
 * the order's events come back to `onOrder`.
 */
import type { Bar, Level, OrderEvent, OrderState, OrderType, Side, TimeInForce, Timeframe, Trade } from '../protocol/messages.js';
import type { ParamSchema, ParamsOf } from './params.js';

/** Options of limit and market orders. */
export interface OrderOptions {
  tif?: TimeInForce;
  postOnly?: boolean;
  reduceOnly?: boolean;
  /** Bracket exits placed by the venue once the order is done: prices in ticks. */
  takeProfit?: number;
  stopLoss?: number;
}

/** One of the strategy's working orders. */
export interface StrategyOrder {
  readonly clientOrderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly price: number;
  readonly stopPrice: number;
  readonly qty: number;
  readonly filledQty: number;
  readonly state: OrderState;
}

/** The top of the book, best first. */
export interface BookTop {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** What a strategy may see and do. */
export interface StrategyContext {
  /** The instance id: on every order it sends. */
  readonly id: string;
  readonly venue: string;
  readonly symbol: string;
  /** Time of the event being handled, µs. */
  now(): number;
  /** Signed position from this instance's own fills, lots. */
  position(): number;
  /** Orders of this instance that are not finished, oldest first. */
  orders(): readonly StrategyOrder[];
  /** Closed bars of the instrument and timeframe, oldest first (the most recent few hundred). */
  bars(tf: Timeframe): readonly Bar[];
  /** Last trade price, ticks, once one was seen. */
  lastPrice(): number | undefined;
  /** The book, for strategies whose definition asks for it (`book: true`). */
  book(): BookTop | undefined;
  market(side: Side, qty: number, options?: OrderOptions): string;
  limit(side: Side, qty: number, price: number, options?: OrderOptions): string;
  /** A stop (market once triggered), or a stop-limit when `limitPrice` is given. */
  stop(side: Side, qty: number, stopPrice: number, options?: { limitPrice?: number; reduceOnly?: boolean }): string;
  /** A trailing stop by `amount` ticks or `bps` basis points. */
  trailingStop(side: Side, qty: number, trail: { amount?: number; bps?: number }, options?: { reduceOnly?: boolean }): string;
  /** An entry (market, or limit at `entryPrice`) with stop-loss and take-profit legs. */
  bracket(side: Side, qty: number, exits: { takeProfit?: number; stopLoss?: number }, entryPrice?: number): string;
  /** Changes a working order's limit price, total quantity or trigger price (absent or 0 keeps a field). */
  amend(clientOrderId: string, changes: { price?: number; qty?: number; stopPrice?: number }): void;
  cancel(clientOrderId: string): void;
  cancelAll(): void;
  /** Cancels working orders and closes the position with a market order; its id, or undefined when flat. */
  flatten(): string | undefined;
  /** A line in the terminal's log. */
  log(text: string): void;
}

/** What a strategy does with what happens. Each is optional. */
export interface StrategyHandlers<P = Record<string, unknown>> {
  onBar?(bar: Bar): void;
  onTrade?(trade: Trade): void;
  onBook?(book: BookTop): void;
  /** Events of its own orders: accepted, filled, canceled, denied... */
  onOrder?(event: OrderEvent): void;
  /** Every timer tick of the host (about 10 per second). */
  onTimer?(now: number): void;
  /** New parameters while running. Without this handler the strategy is created again with them. */
  onParams?(params: P): void;
}

/** A strategy: what the registry lists and the terminal offers. */
export interface StrategyDefinition<S extends ParamSchema = ParamSchema> {
  /** Its name in configuration, e.g. `sma-cross`. */
  kind: string;
  title: string;
  /** Its exact rules, for people. */
  description: string;
  params: S;
  /** Set if it reads the order book (`onBook`, `context.book()`): the worker then follows the book. */
  book?: boolean;
  create(context: StrategyContext, params: ParamsOf<S>): StrategyHandlers<ParamsOf<S>>;
}

/** Declares a strategy with its parameter types inferred from the schema. */
export function defineStrategy<const S extends ParamSchema>(definition: StrategyDefinition<S>): StrategyDefinition<S> {
  return definition;
}
