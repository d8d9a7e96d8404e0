/**
 * Every message that crosses a process boundary. Pure types: no Node, no DOM, no ZeroMQ.
 *
 * Units, everywhere: prices are integers of the instrument's tick, quantities integers of its lot, times integer
 * microseconds since the Unix epoch. Commands are imperative (`SubmitOrder`), events past tense (`OrderFilled`),
 * market data are nouns (`Trade`). See docs/protocol.md for the wire format.
 */

/** Version of the schema below; a message with another `v` is refused. */
export const SCHEMA_VERSION = 1;

/** Fields every message carries. */
export interface Envelope {
  /** Schema version, {@link SCHEMA_VERSION}. */
  v: number;
  /** Sequence number within the stream (topic, or sender for commands), from 1, no gaps. */
  seq: number;
  /** Event time, µs since the epoch: when it happened at its source (venue time for market data). */
  ts: number;
  /** Receive time, µs since the epoch: when it entered the process that published it. */
  rts: number;
}

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
/** Order states, DESIGN.md §4. */
export type OrderState =
  | 'pending_new'
  | 'accepted'
  | 'partially_filled'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired';
export type Liquidity = 'maker' | 'taker';
/** One price level: [price in ticks, quantity in lots]; quantity 0 in an update removes the level. */
export type Level = [price: number, qty: number];
export type Timeframe = '1s' | '1m' | '5m' | '1h';
export type TradingState = 'active' | 'reducing' | 'halted';
export type WorkerState = 'starting' | 'ready' | 'running' | 'paused' | 'stopping' | 'stopped' | 'failed';

/** Instrument key fields carried by market data and orders. */
export interface OnInstrument {
  venue: string;
  symbol: string;
}

// ---------------------------------------------------------------- market data (feed `md`, venue md)

/** Full book (or its top levels), best first on each side. Starts a book stream and answers snapshot requests. */
export interface BookSnapshot extends Envelope, OnInstrument {
  type: 'BookSnapshot';
  bids: Level[];
  asks: Level[];
}

/** Changed levels with their new absolute size; a level with quantity 0 is gone. */
export interface BookUpdate extends Envelope, OnInstrument {
  type: 'BookUpdate';
  bids: Level[];
  asks: Level[];
}

/** One print on the venue's tape. */
export interface Trade extends Envelope, OnInstrument {
  type: 'Trade';
  price: number;
  qty: number;
  /** Side of the taker. */
  aggressor: Side;
  /** Venue's trade id: unique per instrument. */
  tradeId: number | string;
}

/** A candle built from trades; sent on every change while open, once more with `closed: true`. */
export interface Bar extends Envelope, OnInstrument {
  type: 'Bar';
  tf: Timeframe;
  /** Start of the bar's interval, µs. */
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  closed: boolean;
}

export type MarketData = BookSnapshot | BookUpdate | Trade | Bar;

// ---------------------------------------------------------------- commands (to risk.in, exec.in, venue)

/** Ask for a new order. `clientOrderId` is the idempotency key: a retry with the same id never makes a second order. */
export interface SubmitOrder extends Envelope, OnInstrument {
  type: 'SubmitOrder';
  /** Name of the sending process, for logs and refusals. */
  src: string;
  clientOrderId: string;
  /** Strategy instance that owns the order; `manual` for the user's orders. */
  strategyId: string;
  side: Side;
  orderType: OrderType;
  /** Limit price in ticks; 0 for market orders. */
  price: number;
  qty: number;
  tif: TimeInForce;
  /** Receive time (µs) of the market event that caused it, 0 if none: tick-to-order latency is measured from it. */
  causeTs: number;
}

/** Ask to cancel a working order. */
export interface CancelOrder extends Envelope, OnInstrument {
  type: 'CancelOrder';
  src: string;
  clientOrderId: string;
  strategyId: string;
}

export type OrderCommand = SubmitOrder | CancelOrder;

// ---------------------------------------------------------------- order events (execution `exec`, risk `risk`)

/** Fields every order event carries: enough to key, route and display it. */
export interface OrderEventBase extends Envelope, OnInstrument {
  clientOrderId: string;
  strategyId: string;
  side: Side;
  /** The order's state after this event. */
  state: OrderState;
}

/** Risk refused the order: it never reached execution. */
export interface OrderDenied extends OrderEventBase {
  type: 'OrderDenied';
  /** The rule that refused it, e.g. `max_order_qty`. */
  rule: string;
  reason: string;
  /** The configured limit and the value that broke it, in the rule's own unit. */
  limit: number;
  value: number;
}

/** Execution took the command and sent it to the venue. */
export interface OrderSubmitted extends OrderEventBase {
  type: 'OrderSubmitted';
  orderType: OrderType;
  price: number;
  qty: number;
  tif: TimeInForce;
}

export interface OrderAccepted extends OrderEventBase {
  type: 'OrderAccepted';
  venueOrderId: string;
}

export interface OrderRejected extends OrderEventBase {
  type: 'OrderRejected';
  reason: string;
}

export interface OrderCanceled extends OrderEventBase {
  type: 'OrderCanceled';
  /** Quantity that was still open when it was canceled. */
  canceledQty: number;
  reason: string;
}

/** A fill: one execution of (part of) the order. */
export interface OrderFilled extends OrderEventBase {
  type: 'OrderFilled';
  venueOrderId: string;
  /** The venue's id of this fill: a fill is counted once per id. */
  fillId: string;
  price: number;
  qty: number;
  /** Quantity filled so far, including this fill. */
  filledQty: number;
  /** Quantity still open after this fill. */
  leavesQty: number;
  liquidity: Liquidity;
}

export type OrderEvent = OrderDenied | OrderSubmitted | OrderAccepted | OrderRejected | OrderCanceled | OrderFilled;

// ---------------------------------------------------------------- positions (risk `risk`)

/** Position and P&L of one instrument after a fill or a mark change. Money is in ticks×lots of the instrument. */
export interface PositionChanged extends Envelope, OnInstrument {
  type: 'PositionChanged';
  /** Signed quantity in lots: long > 0. */
  qty: number;
  /** Sum of entry price×qty of the open lots (FIFO), ticks×lots; average price = cost / |qty|. */
  cost: number;
  realized: number;
  unrealized: number;
  /** Price used for unrealized P&L, ticks; 0 while unknown. */
  mark: number;
}

// ---------------------------------------------------------------- control (host `ctl`)

/** Counters a worker reports with each heartbeat. */
export interface WorkerStats {
  msgsIn: number;
  msgsOut: number;
  /** Frames refused because they did not decode or validate. */
  refused: number;
  /** Worker-specific counters (orders, fills, denials, ...). */
  counters: Record<string, number>;
}

/** Worker → host every 500 ms, and on every state change. */
export interface Heartbeat extends Envelope {
  type: 'Heartbeat';
  worker: string;
  pid: number;
  state: WorkerState;
  /** Why it is `failed` or `paused`, if it is. */
  reason: string;
  stats: WorkerStats;
}

/** Worker → host: a warning or error for the log panel. */
export interface WorkerLog extends Envelope {
  type: 'WorkerLog';
  worker: string;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** Host → worker: stop gracefully (drain queues, close sockets, exit 0). */
export interface Shutdown extends Envelope {
  type: 'Shutdown';
}

/** Host → worker: stop or resume taking new work, staying connected. */
export interface SetPaused extends Envelope {
  type: 'SetPaused';
  paused: boolean;
}

/** Who asked for a trading state; the most restrictive state over all sources applies. */
export type TradingStateSource = 'user' | 'supervisor' | 'breaker';

/** Host → risk: change the trading state, with the cause shown to the user. */
export interface SetTradingState extends Envelope {
  type: 'SetTradingState';
  source: TradingStateSource;
  state: TradingState;
  cause: string;
}

/** Host → strategy worker: switch one strategy instance on or off. */
export interface SetStrategyEnabled extends Envelope {
  type: 'SetStrategyEnabled';
  strategyId: string;
  enabled: boolean;
}

/** Messages on the control channel. */
export type ControlMessage = Heartbeat | WorkerLog | Shutdown | SetPaused | SetTradingState | SetStrategyEnabled;

// ---------------------------------------------------------------- snapshots / resend (owner `*.snap`)

/** Ask the owner of a stream for what you missed: messages after `afterSeq` on each topic (all topics from the start when absent). */
export interface RequestSnapshot extends Envelope {
  type: 'RequestSnapshot';
  src: string;
  /** Topic prefix to cover, e.g. `fill.` or `book.sim.BTC-USD`. */
  prefix: string;
  afterSeq: Record<string, number>;
}

/** The reply: the frames of `RequestSnapshot`'s answer are `[topic, payload]` pairs, then this marker. */
export interface SnapshotEnd extends Envelope {
  type: 'SnapshotEnd';
  count: number;
}

export type SnapshotMessage = RequestSnapshot | SnapshotEnd;

/** Any message on the bus. */
export type Message =
  | MarketData
  | OrderCommand
  | OrderEvent
  | PositionChanged
  | ControlMessage
  | SnapshotMessage;

export type MessageType = Message['type'];

/** The message of a given `type`. */
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** A message before its envelope is stamped by the sender's stream. */
export type Unstamped<M extends Message> = M extends Message ? Omit<M, 'v' | 'seq'> : never;
