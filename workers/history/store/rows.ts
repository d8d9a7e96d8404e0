/**
 * The rows the history store holds, as the writer takes them and the reader returns them: integers in the wire's
 * units (ticks, lots, ticks×lots, 10⁻⁸ of the quote currency for fees, µs for times).
 */

/** Where a row derived from a stream message came from: it is stored once per (session, stream, topic, seq). */
export interface StreamKey {
  /** The session (its run folder's name): sequence numbers start again in each. */
  session: string;
  /** `exec`, `risk`, or `ctl` for what the host forwards. */
  stream: string;
  topic: string;
  seq: number;
}

/** One state transition of an order, with its cause. */
export interface OrderEventRecord extends StreamKey {
  ts: number;
  venue: string;
  symbol: string;
  clientOrderId: string;
  strategyId: string;
  side: string;
  /** The event's type: `OrderSubmitted`, `OrderDenied`, `OrderFilled`, `RequestRejected`, … */
  event: string;
  /** The order's state after it (for a refused cancel or amend, the request refused: `cancel` / `amend`). */
  state: string;
  orderType: string | null;
  tif: string | null;
  price: number | null;
  qty: number | null;
  stopPrice: number | null;
  filledQty: number | null;
  leavesQty: number | null;
  /** Why: a denial's, rejection's, cancel's or expiry's reason. */
  reason: string;
  /** A denial's rule with the configured limit and the value that broke it (the rule's unit). */
  rule: string;
  limitValue: number | null;
  value: number | null;
}

/** One fill, stored once per venue fill id within its scope. */
export interface FillRecord {
  session: string;
  ts: number;
  venue: string;
  symbol: string;
  clientOrderId: string;
  strategyId: string;
  side: string;
  fillId: string;
  venueOrderId: string;
  price: number;
  qty: number;
  liquidity: string;
  fee: number;
  /** '' where the venue's fill ids are unique for ever; the session where they restart each session (the sim). */
  scope: string;
}

/** A position after a change of quantity, cost, realised P&L or fees. */
export interface PositionRecord extends StreamKey {
  ts: number;
  venue: string;
  symbol: string;
  qty: number;
  cost: number;
  realized: number;
  unrealized: number;
  mark: number;
  fees: number;
}

/** One sample of an instrument's P&L. */
export interface EquityRecord extends StreamKey {
  ts: number;
  venue: string;
  symbol: string;
  qty: number;
  realized: number;
  unrealized: number;
  mark: number;
  fees: number;
}

/** A change of trading conditions: `trading` state, `breaker` trip, `kill_switch` report. */
export interface ConditionRecord extends StreamKey {
  ts: number;
  kind: 'trading' | 'breaker' | 'kill_switch';
  state: string;
  source: string;
  cause: string;
  /** JSON: the breaker's rule and reason, or the kill switch's report. */
  detail: string;
}

/** A strategy instance's parameters or run state as changed. */
export interface ParamChangeRecord {
  session: string;
  ts: number;
  strategyId: string;
  kind: string;
  venue: string;
  symbol: string;
  state: string;
  /** JSON of the parameters, keys sorted. */
  params: string;
}

/** A backtest the backtester ran: what it ran on and what came out. */
export interface BacktestRunRecord {
  /** µs since the epoch. */
  createdAt: number;
  strategy: string;
  venue: string;
  symbol: string;
  /** The data it ran over (a file name). */
  data: string;
  params: Record<string, unknown>;
  /** Fill mode, fees, slippage, …: every assumption of the run. */
  settings: Record<string, unknown>;
  stats: Record<string, unknown>;
}

/** Rows waiting to be written together, in one transaction. */
export interface HistoryBatch {
  orders: OrderEventRecord[];
  fills: FillRecord[];
  positions: PositionRecord[];
  equity: EquityRecord[];
  conditions: ConditionRecord[];
  params: ParamChangeRecord[];
}

/** An empty batch. */
export function emptyBatch(): HistoryBatch {
  return { orders: [], fills: [], positions: [], equity: [], conditions: [], params: [] };
}

/** Rows in a batch. */
export function batchSize(batch: HistoryBatch): number {
  return batch.orders.length + batch.fills.length + batch.positions.length + batch.equity.length + batch.conditions.length + batch.params.length;
}
