/**
 * What a strategy is: handlers for market data and its own order events, given a context with its position and
 * order helpers. The same object runs in the strategy worker and (later) in the backtester; it never sees sockets.
 */
import type { Bar, OrderEvent, Side, Trade } from '../protocol/messages.js';
import type { StrategyConfig } from '../protocol/config.js';

/** What a strategy may ask of the engine that hosts it. */
export interface StrategyContext {
  /** Signed position of this strategy in its instrument, lots (from its own fills). */
  readonly position: number;
  /** True while an order of this strategy is not yet finished. */
  readonly hasWorkingOrder: boolean;
  /** Sends a market order; returns its client order id. `causeTs` is the receive time of the triggering event. */
  marketOrder(side: Side, qty: number, causeTs: number): string;
}

/** A strategy instance. */
export interface Strategy {
  onBar?(bar: Bar, context: StrategyContext): void;
  onTrade?(trade: Trade, context: StrategyContext): void;
  onOrderEvent?(event: OrderEvent, context: StrategyContext): void;
}

/** Builds a strategy from its configuration. */
export type StrategyFactory = (config: StrategyConfig) => Strategy;
