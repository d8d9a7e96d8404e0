/**
 * What goes into the matching engine and what comes out: requests, the order as callers may read it, and one event
 * per outcome. Prices in ticks, quantities in lots, fees in money units, times in µs.
 */
import type { Liquidity, OrderExtras, OrderType, SelfTradePrevention, Side, TimeInForce } from '../../protocol/messages.js';

/** An order as a caller submits it. Keyed by (owner, clientOrderId). The extras are the protocol's. */
export interface OrderRequest extends OrderExtras {
  owner: string;
  clientOrderId: string;
  side: Side;
  type: OrderType;
  /** Limit price of `limit` and `stop_limit` orders; 0 (ignored) for the others. */
  price: number;
  qty: number;
  tif: TimeInForce;
  /** Opaque caller data kept with the order and handed back in its events (e.g. the strategy id). */
  tag?: string;
  /** A working order of the same owner to pair with (OCO): the first fill of either cancels the other. */
  ocoWith?: string;
  /** Self-trade prevention; default `expire_maker`. */
  stp?: SelfTradePrevention;
  /** `take_profit` is refused here: only live Binance routes trigger stops that way (messages.ts `SubmitOrder.trigger`). */
  trigger?: 'stop' | 'take_profit';
}

/** A change to a working order; 0 or absent keeps a field. `qty` is the new total, filled part included. */
export interface AmendRequest {
  price?: number;
  qty?: number;
  stopPrice?: number;
}

/** An order inside the engine. Read it while handling an event: the engine mutates it afterwards. */
export interface OrderView {
  readonly owner: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly side: Side;
  /** The type as submitted; a triggered stop keeps its type (see `triggered`). */
  readonly type: OrderType;
  /** Limit price in ticks; 0 for orders without one. */
  readonly price: number;
  /** Total quantity, filled part included. */
  readonly qty: number;
  readonly tif: TimeInForce;
  readonly tag: string;
  /** Current trigger price of a stop type (it moves for trailing stops); 0 otherwise. */
  readonly stopPrice: number;
  readonly trailAmount: number;
  readonly trailBps: number;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly stp: SelfTradePrevention;
  /** True once a stop type has triggered and trades like a market or limit order. */
  readonly triggered: boolean;
  /** Client order id of the bracket entry this order is a leg of, '' for other orders. */
  readonly parentId: string;
  /** When the order entered the engine, µs. */
  readonly time: number;
  readonly filledQty: number;
  readonly leavesQty: number;
}

/** The order is live in the engine (it may match immediately afterwards, or wait for its trigger). */
export interface EngineAccepted {
  kind: 'accepted';
  order: OrderView;
  state: 'accepted';
}

/** The order was refused and never entered the book. */
export interface EngineRejected {
  kind: 'rejected';
  order: OrderView;
  state: 'rejected';
  reason: string;
}

/** One execution of (part of) an order; a trade produces one for the maker and one for the taker. */
export interface EngineFilled {
  kind: 'filled';
  order: OrderView;
  state: 'partially_filled' | 'filled';
  tradeId: number;
  /** `<tradeId>-m` for the maker, `<tradeId>-t` for the taker: unique per fill. */
  fillId: string;
  price: number;
  qty: number;
  /** Quantity filled so far, including this fill. */
  filledQty: number;
  /** Quantity still open after this fill. */
  leavesQty: number;
  liquidity: Liquidity;
  /** Fee paid (negative: earned), in the fee schedule's unit. */
  fee: number;
}

/** The open quantity was canceled: by the owner, an OCO or bracket sibling, or a reduce-only order's position closing. */
export interface EngineCanceled {
  kind: 'canceled';
  order: OrderView;
  state: 'canceled';
  canceledQty: number;
  reason: string;
}

/** The engine ended the open quantity: IOC/FOK/market rest, self-trade prevention, price band, no liquidity. */
export interface EngineExpired {
  kind: 'expired';
  order: OrderView;
  state: 'expired';
  expiredQty: number;
  reason: string;
}

/** Price, quantity or trigger price changed (an amend, a trailing stop following the market, a cap). */
export interface EngineAmended {
  kind: 'amended';
  order: OrderView;
  state: 'accepted' | 'partially_filled';
  reason: string;
}

/** A stop's trigger price was reached: it now trades as a market or limit order. */
export interface EngineTriggered {
  kind: 'triggered';
  order: OrderView;
  state: 'accepted' | 'partially_filled';
  /** The trade price that triggered it. */
  triggerPrice: number;
}

/** Everything that happens to an order, in the order it happens. */
export type EngineOrderEvent =
  | EngineAccepted
  | EngineRejected
  | EngineFilled
  | EngineCanceled
  | EngineExpired
  | EngineAmended
  | EngineTriggered;

/** A print on the public tape. */
export interface EngineTrade {
  /** Increasing from 1 within the engine. */
  tradeId: number;
  price: number;
  qty: number;
  /** Side of the taker. */
  aggressor: Side;
}

/** Receives the engine's events synchronously; it must not call the engine from inside a callback. */
export interface EngineListener {
  onOrder(event: EngineOrderEvent): void;
  onTrade(trade: EngineTrade): void;
}

/** The instrument's trading rules the engine enforces. All optional: an engine without them takes any order. */
export interface EngineRules {
  /** Smallest price × qty (ticks × lots) an order may have; 0 = none. */
  minNotional?: number;
  /**
   * Price band, basis points around the last trade: limit and trigger prices outside are rejected, and a market
   * order stops walking the book at the band's edge (0 = none).
   */
  bandBps?: number;
  fees?: { fee(price: number, qty: number, liquidity: Liquidity): number };
}

/** Options of one engine. */
export interface MatchingEngineOptions {
  symbol: string;
  /**
   * Owners whose finished orders are forgotten at once instead of being remembered for idempotency, and who stand
   * for many participants (no self-trade prevention, no position): the simulator's own flow, so memory stays flat.
   */
  transientOwners?: Iterable<string>;
  rules?: EngineRules;
}
