/**
 * Binance spot's trading payloads as its documentation shows them (REST `/api/v3/...` and the user data stream):
 * decimals are strings, times ms. Only the fields the gateway reads are typed; the fake exchange sends them all.
 */

export type BinanceSide = 'BUY' | 'SELL';
export type BinanceOrderType =
  | 'LIMIT' | 'MARKET' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT' | 'TAKE_PROFIT_LIMIT' | 'LIMIT_MAKER'
  // USD-M futures
  | 'STOP' | 'STOP_MARKET' | 'TAKE_PROFIT_MARKET' | 'TRAILING_STOP_MARKET' | 'LIQUIDATION';
export type BinanceOrderStatus = 'NEW' | 'PENDING_NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'PENDING_CANCEL' | 'REJECTED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';
/** executionReport `x`; futures' ORDER_TRADE_UPDATE adds `AMENDMENT` (modified) and `CALCULATED` (liquidation). */
export type BinanceExecutionType = 'NEW' | 'CANCELED' | 'REPLACED' | 'REJECTED' | 'TRADE' | 'EXPIRED' | 'TRADE_PREVENTION' | 'AMENDMENT' | 'CALCULATED';

/** A fill inside a FULL new-order response. */
export interface BinanceOrderFill {
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  /** Binance's are numbers; other venues' (through ccxt, workers/venues/ccxt/) may be any text. */
  tradeId: number | string;
}

/** GET/DELETE /api/v3/order, GET /api/v3/openOrders, and POST /api/v3/order (RESULT and FULL). */
export interface BinanceOrder {
  symbol: string;
  /** Binance's are numbers; other venues' (through ccxt) may be any text: only ever compared as text. */
  orderId: number | string;
  clientOrderId: string;
  /** DELETE only: the id of the order canceled (`clientOrderId` is then the cancel's own id). */
  origClientOrderId?: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: BinanceOrderStatus;
  timeInForce: string;
  type: BinanceOrderType;
  side: BinanceSide;
  stopPrice?: string;
  time?: number;
  updateTime?: number;
  transactTime?: number;
  fills?: BinanceOrderFill[];
}

/** GET /api/v3/myTrades. */
export interface BinanceTrade {
  symbol: string;
  /** Numbers at Binance; text at other venues (through ccxt). */
  id: number | string;
  orderId: number | string;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

/** GET /api/v3/account (the fields read). */
export interface BinanceAccount {
  updateTime: number;
  canTrade: boolean;
  balances: Array<{ asset: string; free: string; locked: string }>;
}

/** User data stream `executionReport`. */
export interface ExecutionReport {
  e: 'executionReport';
  E: number;
  s: string;
  c: string;
  S: BinanceSide;
  o: BinanceOrderType;
  f: string;
  q: string;
  p: string;
  P: string;
  /** Original client order id of a canceled order ('' otherwise). */
  C: string;
  x: BinanceExecutionType;
  X: BinanceOrderStatus;
  r: string;
  i: number;
  l: string;
  z: string;
  L: string;
  n: string;
  N: string | null;
  T: number;
  t: number;
  m: boolean;
}

/** User data stream `outboundAccountPosition`. */
export interface AccountPosition {
  e: 'outboundAccountPosition';
  E: number;
  u: number;
  B: Array<{ a: string; f: string; l: string }>;
}

/** Futures' ACCOUNT_UPDATE, checked and named (futures-events.ts): wallet balances and the positions that changed. */
export interface FuturesAccountUpdate {
  e: 'ACCOUNT_UPDATE';
  E: number;
  /** Transaction time, ms. */
  T: number;
  /** Why (`ORDER`, `FUNDING_FEE`, `DEPOSIT`, ...). */
  reason: string;
  balances: Array<{ asset: string; walletBalance: string; crossWallet: string }>;
  positions: Array<{ symbol: string; amount: string; entryPrice: string; unrealizedPnl: string; marginType: string; positionSide: string }>;
}

/**
 * Any user data stream event the gateway acts on. A futures ORDER_TRADE_UPDATE arrives as an {@link ExecutionReport}
 * (futures-events.ts maps its fields onto spot's names), so one ledger serves both markets.
 */
export type UserStreamEvent = ExecutionReport | AccountPosition | FuturesAccountUpdate | { e: 'listenKeyExpired'; E: number } | { e: 'balanceUpdate'; E: number };

/** Binance's error body. */
export interface BinanceError {
  code: number;
  msg: string;
}

/** Error codes the gateway treats specially (Binance "Error codes" page). */
export const ERROR = {
  /** Timestamp outside recvWindow: the request was refused before it did anything, so it may be retried. */
  TIMESTAMP: -1021,
  /** Unknown: the request's outcome is unknown. */
  UNKNOWN: -1000,
  DISCONNECTED: -1001,
  TOO_MANY_REQUESTS: -1003,
  TIMEOUT: -1007,
  TOO_MANY_ORDERS: -1015,
  FILTER: -1013,
  NEW_ORDER_REJECTED: -2010,
  CANCEL_REJECTED: -2011,
  NO_SUCH_ORDER: -2013,
  /** USD-M futures: margin is insufficient. */
  MARGIN_INSUFFICIENT: -2019,
  /** USD-M futures: a reduce-only order would not reduce the position. */
  REDUCE_ONLY_REJECTED: -2022,
} as const;
