/**
 * Every message that crosses a process boundary. Pure types: no Node, no DOM, no ZeroMQ.
 *
 * Units, everywhere: prices are integers of the instrument's tick, quantities integers of its lot, times integer
 * microseconds since the Unix epoch. Commands are imperative (`SubmitOrder`), events past tense (`OrderFilled`),
 * market data are nouns (`Trade`). See docs/protocol.md for the wire format.
 */

/** Version of the schema below; a message with another `v` is refused. */
export const SCHEMA_VERSION = 3;

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
/**
 * `stop` becomes a market order and `stop_limit` a limit order once the last trade reaches `stopPrice`;
 * `trailing_stop` is a stop whose price follows the best trade price since it was placed, by an amount or a percent.
 */
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
/** What happens when an order would trade with another order of the same owner (Binance's names, lower case). */
export type SelfTradePrevention = 'expire_taker' | 'expire_maker' | 'expire_both';
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

/** Whether an instrument's market data can be trusted right now. */
export type DataQuality = 'ok' | 'stale' | 'gap' | 'crossed';

/**
 * Data quality of one instrument's stream (topic `quality.<venue>.<symbol>`), sent when it changes: `gap` while the
 * book is being rebuilt after a lost update (the next `BookSnapshot` is the new truth), `crossed` while best bid ≥
 * best ask, `stale` when nothing arrived for the configured time. Not `ok` means: do not trust the book.
 */
export interface MarketDataStatus extends Envelope, OnInstrument {
  type: 'MarketDataStatus';
  state: DataQuality;
  /** Why, for people: e.g. `update 1027 missing (got 1029)`. Empty when `ok`. */
  reason: string;
}

// ---------------------------------------------------------------- commands (to risk.in, exec.in, venue)

/**
 * What an order may carry beyond side, type, price, quantity and time in force: one definition for the protocol, the
 * terminal's order requests and the matching engine. Absent means the default (0 or false).
 */
export interface OrderExtras {
  /** Trigger price in ticks of `stop` and `stop_limit` orders (0 otherwise); a trailing stop's first trigger price if > 0. */
  stopPrice?: number;
  /** Trailing stop distance in ticks (0 = by percent). */
  trailAmount?: number;
  /** Trailing stop distance in basis points of the best price since the order was placed (0 = by amount). */
  trailBps?: number;
  /** Rejected instead of taking liquidity (GTC limit orders only). */
  postOnly?: boolean;
  /** May only reduce the owner's position; capped at it and canceled once it is closed. */
  reduceOnly?: boolean;
  /** Bracket: when the entry is done, a limit order to close at this price (ticks, 0 = none) ... */
  takeProfit?: number;
  /** ... and a stop to close at this price (ticks, 0 = none); the two legs cover the filled quantity, one cancels the other. */
  stopLoss?: number;
}

/** Ask for a new order. `clientOrderId` is the idempotency key: a retry with the same id never makes a second order. */
export interface SubmitOrder extends Envelope, OnInstrument, OrderExtras {
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
  /** Client order id of a working order of the same owner to pair with: the first fill of either cancels the other. */
  ocoWith?: string;
  /** Self-trade prevention; default `expire_maker`. */
  stp?: SelfTradePrevention;
  /**
   * Which way a `stop` / `stop_limit` triggers: `stop` (default: a buy at or above, a sell at or below) or
   * `take_profit` (the other way: a sell at or above, a buy at or below — Binance's TAKE_PROFIT types). Only live
   * Binance routes take `take_profit`; the simulated and paper engines refuse it with the reason.
   */
  trigger?: StopTrigger;
  /**
   * The venue account to trade in (v3), for a live venue with several accounts configured side by side (e.g. `main`,
   * `testnet-2`); absent: the venue's default account. The sim and paper venues have one account and ignore it.
   */
  account?: string;
}

/** See {@link SubmitOrder.trigger}. */
export type StopTrigger = 'stop' | 'take_profit';

/** Ask to cancel a working order. */
export interface CancelOrder extends Envelope, OnInstrument {
  type: 'CancelOrder';
  src: string;
  clientOrderId: string;
  strategyId: string;
}

/**
 * Ask to change a working order's price, quantity or trigger price (0 = keep). `qty` is the new total quantity,
 * filled part included. Lowering the quantity keeps the order's place in the queue; a new price or a larger quantity
 * sends it to the back, as on real exchanges.
 */
export interface AmendOrder extends Envelope, OnInstrument {
  type: 'AmendOrder';
  src: string;
  clientOrderId: string;
  strategyId: string;
  price: number;
  qty: number;
  stopPrice: number;
}

export type OrderCommand = SubmitOrder | CancelOrder | AmendOrder;

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
  /** Optional: the denied command's terms, so whoever shows the denial can show what was asked for. */
  orderType?: OrderType;
  price?: number;
  qty?: number;
  tif?: TimeInForce;
  stopPrice?: number;
}

/** Execution took the command and sent it to the venue. */
export interface OrderSubmitted extends OrderEventBase, OrderExtras {
  type: 'OrderSubmitted';
  orderType: OrderType;
  price: number;
  qty: number;
  tif: TimeInForce;
  /** The venue account the order named (v3), for a live venue with several side by side. */
  account?: string;
}

export interface OrderAccepted extends OrderEventBase {
  type: 'OrderAccepted';
  venueOrderId: string;
  // Set by venues for orders they create themselves (a bracket's legs), so trackers can adopt them.
  /** Client order id of the order that made this one (a bracket's entry). */
  parentId?: string;
  orderType?: OrderType;
  price?: number;
  qty?: number;
  tif?: TimeInForce;
  stopPrice?: number;
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

/** The venue ended the order's open quantity itself: IOC/FOK/market rest, self-trade prevention, price band. */
export interface OrderExpired extends OrderEventBase {
  type: 'OrderExpired';
  expiredQty: number;
  reason: string;
}

/** The order changed: by an `AmendOrder`, a trailing stop following the price, or a cap (reduce-only, bracket legs). */
export interface OrderAmended extends OrderEventBase {
  type: 'OrderAmended';
  /** Limit price, ticks (0 for market-type orders). */
  price: number;
  /** Total quantity, filled part included. */
  qty: number;
  stopPrice: number;
  leavesQty: number;
  reason: string;
}

/** A stop reached its trigger price and is now a live market or limit order. */
export interface OrderTriggered extends OrderEventBase {
  type: 'OrderTriggered';
  stopPrice: number;
  /** The trade price that triggered it. */
  triggerPrice: number;
}

/** The venue refused a cancel or an amend; the order, if it exists, is unchanged. */
export interface RequestRejected extends Envelope, OnInstrument {
  type: 'RequestRejected';
  clientOrderId: string;
  strategyId: string;
  request: 'cancel' | 'amend';
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
  /** Fee in 10^-8 of the quote currency (FEE_DECIMALS); negative is a rebate. Absent means 0. */
  fee?: number;
}

export type OrderEvent =
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderCanceled
  | OrderExpired
  | OrderAmended
  | OrderTriggered
  | OrderFilled;

// ---------------------------------------------------------------- live venues (venue → execution → `exec`)

/**
 * A live venue lost its answer for an order (a timeout or a server error): the order may or may not exist there. It
 * is never sent again; the venue gateway resolves it by querying the order by its client order id and from the
 * venue's user stream, and the next report for the id (accepted, rejected, filled, ...) ends the uncertainty.
 */
export interface OrderStatusUnknown extends OrderEventBase {
  type: 'OrderStatusUnknown';
  /** `submit`, `cancel` or `amend`: the request whose outcome is unknown. */
  request: 'submit' | 'cancel' | 'amend';
  reason: string;
}

/** One difference between what the terminal believes and what the venue says, in words for the user. */
export interface ReconcileDifference {
  /** `order_missing`, `order_unknown`, `order_foreign`, `fill_missed`, `fill_foreign`, `order_qty` or `balance`. */
  kind: string;
  /** Symbol at the venue, '' for a balance. */
  symbol: string;
  /** Client order id, venue trade id or asset. */
  id: string;
  terminal: string;
  venue: string;
  /** What the gateway does about it once the report is out. */
  action: string;
  /** True if trading on the venue waits until it is resolved. */
  blocking: boolean;
}

/** Where reconciliation with a venue account is: strategies trade the venue only while it is `passed`. */
export type ReconcileState = 'checking' | 'differences' | 'passed' | 'failed';

/**
 * Live venue → execution → `exec` at `reconcile.<venue>.<account>`: the venue account compared with the terminal's
 * picture at start and after every reconnect. Sent before anything is done about a difference.
 */
export interface ReconcileReport extends Envelope {
  type: 'ReconcileReport';
  venue: string;
  account: string;
  state: ReconcileState;
  reason: string;
  differences: ReconcileDifference[];
}

/** One asset of a venue account, as exact decimal text the venue sent. */
export interface AssetBalance {
  asset: string;
  free: string;
  locked: string;
}

/**
 * One position of a futures venue account. The quantity is in lots of the instrument (signed: short below 0); prices
 * and money are the venue's exact decimal text, because an average entry price or a P&L is off the tick grid.
 */
export interface VenuePosition {
  symbol: string;
  /** Lots, signed. */
  qty: number;
  entryPrice: string;
  /** Signed decimal text. */
  unrealizedPnl: string;
  /** Decimal text, '' when the venue did not say (the user stream carries no mark price). */
  markPrice: string;
  liquidationPrice: string;
  /** 0 when unknown. */
  leverage: number;
  /** `cross` or `isolated` ('' unknown). */
  marginType: string;
}

/** One margin asset of a futures venue account, decimal text as the venue sent it (signed where it can be negative). */
export interface VenueMargin {
  asset: string;
  walletBalance: string;
  unrealizedPnl: string;
  marginBalance: string;
  initialMargin: string;
  maintMargin: string;
  availableBalance: string;
}

/**
 * Live venue → execution → `exec` at `account.<venue>.<account>`: balances from the user stream (`stream`: the assets
 * that changed) or a periodic REST check (`rest`: every asset). For the risk worker's accounts. A futures account
 * (Binance USD-M) sends its whole picture each time instead — margin assets and positions (schema v3) — with
 * `balances` empty.
 */
export interface VenueAccount extends Envelope {
  type: 'VenueAccount';
  venue: string;
  account: string;
  source: 'stream' | 'rest';
  balances: AssetBalance[];
  /** Venue time of the balances, µs. */
  updateTime: number;
  /** Futures: every open position the venue reports for the gateway's instruments (v3). */
  positions?: VenuePosition[];
  /** Futures: every margin asset (v3). */
  margin?: VenueMargin[];
}

export type LiveVenueMessage = OrderStatusUnknown | ReconcileReport | VenueAccount;

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
  /** Fees paid on this instrument's fills, 10^-8 of the quote currency (negative: rebates earned). Absent means 0. */
  fees?: number;
}

/**
 * Risk → everyone, on risk's PUB at `pnl.<venue>.<symbol>`: one owner's position and P&L in the instrument, from its
 * own fills only. The owner is a strategy id or `manual`; a fill of an exit order (`exits:<owner>`) counts for the owner
 * it protects. Same fields and units as `PositionChanged`. Sent on every fill, on mark changes (conflated to risk's
 * timer) and in snapshots.
 */
export interface OwnerPosition extends Omit<PositionChanged, 'type' | 'fees'> {
  type: 'OwnerPosition';
  owner: string;
  fees: number;
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

/** A strategy parameter's value: a number, a switch, a choice, or a list of records (e.g. trigger conditions). */
export type ParamValue = number | boolean | string | Array<Record<string, number | boolean | string>>;

/** What a strategy instance is doing: `paused` keeps its orders and state but sees no data; `stopped` is off. */
export type StrategyRunState = 'running' | 'paused' | 'stopped' | 'failed';

/** Host → strategy worker: run, pause or stop one strategy instance. */
export interface SetStrategyState extends Envelope {
  type: 'SetStrategyState';
  strategyId: string;
  state: 'running' | 'paused' | 'stopped';
}

/** Host → strategy worker: new parameters for one instance (all of them or some); the worker checks them against its schema. */
export interface SetStrategyParams extends Envelope {
  type: 'SetStrategyParams';
  strategyId: string;
  params: Record<string, ParamValue>;
}

/**
 * Strategy worker → host, on the control channel: one instance, as it is now. Sent when it starts, on every change
 * (state, parameters, a refused parameter change, an error), and every few seconds. External strategies send it too,
 * which is how the terminal lists them.
 */
export interface StrategyStatus extends Envelope {
  type: 'StrategyStatus';
  worker: string;
  strategyId: string;
  kind: string;
  venue: string;
  symbol: string;
  state: StrategyRunState;
  /** Why it failed, or why the last parameter change was refused; '' otherwise. */
  reason: string;
  params: Record<string, ParamValue>;
  /** The parameter schema as JSON text (see workers/strategies/params.ts), so the terminal can offer an editor. */
  schema: string;
  /** Signed position from its own fills, lots. */
  position: number;
}

// ---------------------------------------------------------------- exits (host ⇄ exits worker, on `ctl`)

/**
 * The exit rules of a plan, as they travel on the wire (workers/core/exits/plan.ts turns them into an `ExitPlan`).
 * Every field is optional; a plan needs at least one exit. Distances and gains are in ticks from the position's entry
 * reference (its average entry price rounded against the position: up for a long, down for a short), so that a stop at
 * "entry + 0" can never lose.
 */
export interface ExitPlanFields {
  /** Stop-loss this many ticks against the entry (> 0). At most one of `stopDistance`, `stopPrice`. */
  stopDistance?: number;
  /**
   * Stop-loss at this absolute price, ticks (> 0): what a stop line dragged on the chart sends. The stop is put exactly
   * there (even looser than where the rules had it); break-even and trailing then move it only when their own level
   * improves after that.
   */
  stopPrice?: number;
  /**
   * Profit targets as [distance ticks from the entry (> 0), share of the position in percent (1..100)]; the shares
   * sum to at most 100. Each target is a reduce-only limit order; its quantity is floor(qty × share / 100) and the
   * last target takes the rounding remainder of the targeted total, so the split is exact in lots.
   */
  targets?: Array<[distance: number, share: number]>;
  /** Trailing stop by a fixed distance, ticks. At most one of `trailAmount`, `trailBps`, `trailAtr`. */
  trailAmount?: number;
  /** Trailing stop by a distance in basis points of the best price (rounded up to a tick, at least 1). */
  trailBps?: number;
  /** Trailing stop by this multiple of ATR (a positive number, e.g. 2.5), rounded to a tick, at least 1. */
  trailAtr?: number;
  /** ATR period (Wilder) for `trailAtr`; default 14. */
  trailAtrPeriod?: number;
  /** Timeframe of the closed bars ATR is measured on; default `1m`. */
  trailTf?: Timeframe;
  /** Trailing starts once the best price since entry is this many ticks in profit; default 0 (at once). */
  trailStartAfter?: number;
  /** Move the stop to break-even once the best price since entry is this many ticks in profit (> 0). */
  breakEvenAfter?: number;
  /** Break-even level this many ticks beyond the entry (in profit; negative: short of it); default 0. */
  breakEvenOffset?: number;
  /** Time stop: close at market once the position has been open this long, µs (> 0). */
  timeStopUs?: number;
}

/** What a plan applies to: the owner's position now (or the next one, if flat), or the fill of one order. */
export type ExitAttach = 'position' | 'fill';

/**
 * Host → exits worker: protect the position of `owner` (a strategy id, or `manual` for the user's orders) in one
 * instrument with these exit rules. A plan for a (venue, symbol, owner) that already has one replaces it: orders are
 * amended in place, break-even and trailing keep what they reached. With `attach: 'fill'` the plan waits for the first
 * fill of order `entryOrderId` (of the same owner and instrument) that opens, extends or flips into a position, and
 * then applies to that whole position; it is dropped if the order ends without one. The plan ends when the position
 * is closed or flips; its orders are then canceled.
 */
export interface SetExitPlan extends Envelope, OnInstrument, ExitPlanFields {
  type: 'SetExitPlan';
  owner: string;
  attach: ExitAttach;
  /**
   * Client order id of the order whose fill the plan waits for; needed with `attach: 'fill'`, refused otherwise.
   * (Not named `clientOrderId`: code across the terminal tells order events by that field.)
   */
  entryOrderId?: string;
}

/** Host → exits worker: drop the plan of `owner` in the instrument and cancel its exit orders (the position stays). */
export interface ClearExitPlan extends Envelope, OnInstrument {
  type: 'ClearExitPlan';
  owner: string;
  /** Only the plan waiting for this order's fill; absent: the active plan and every waiting one of the owner. */
  entryOrderId?: string;
}

/**
 * Where a plan is: `armed` waits for a position (or an order's fill), `active` protects one, `closing` closes it at
 * market (time stop, or the stop price was crossed with no stop order working), `done` has ended (the last status).
 */
export type ExitState = 'armed' | 'active' | 'closing' | 'done';

/**
 * Exits worker → host, on the control channel: one plan as it is now — what the chart draws as lines. Sent on every
 * change and every few seconds, and a last time with phase `done` and the reason it ended.
 */
export interface ExitStatus extends Envelope, OnInstrument {
  type: 'ExitStatus';
  worker: string;
  owner: string;
  /** (Not named `state`: code across the terminal tells order events by that field.) */
  phase: ExitState;
  attach: ExitAttach;
  /** The stop's trigger price, ticks; 0 while there is none. */
  stopPrice: number;
  /** Lots the stop covers: the whole open position. */
  stopQty: number;
  /** Open profit targets as [limit price ticks, lots still to fill]. */
  targets: Level[];
  trailingActive: boolean;
  breakEvenDone: boolean;
  /** When the time stop closes the position, µs; 0 if none. */
  timeStopAt: number;
  /** Signed position of the owner in the instrument, lots. */
  position: number;
  /** The entry reference distances are measured from, ticks; 0 while flat. */
  entryPrice: number;
  /** What the plan is doing or why it changed: `active`, `break-even`, `trailing`, `time stop`, a denial, ... */
  reason: string;
  /** The order an `attach: 'fill'` plan waits for (or waited for). */
  entryOrderId?: string;
  /** The rules in force, as `SetExitPlan` carries them: a dragged line resends them with a new `stopPrice`. */
  plan?: ExitPlanFields;
}

/** Messages on the control channel. */
export type ControlMessage =
  | Heartbeat
  | WorkerLog
  | Shutdown
  | SetPaused
  | SetTradingState
  | SetStrategyEnabled
  | SetStrategyState
  | SetStrategyParams
  | StrategyStatus
  | SetExitPlan
  | ClearExitPlan
  | ExitStatus
  | RearmBreaker
  | TradingStatus
  | AccountStatus
  | KillSwitch
  | KillSwitchReport;

// ---------------------------------------------------------------- breaker and kill switch

/** Host → risk: the user re-arms the circuit breaker after a trip (its source goes back to `active`). */
export interface RearmBreaker extends Envelope {
  type: 'RearmBreaker';
}

/** The circuit breaker's trip: which rule, why, and when (µs). */
export interface BreakerTrip {
  rule: string;
  reason: string;
  at: number;
}

/**
 * Risk → everyone, on risk's PUB at `status.risk`: the trading state that applies (the most restrictive source, '' while
 * nothing restricts), with its cause; `breaker` while the circuit breaker is tripped. Sent on every change and in snapshots.
 */
export interface TradingStatus extends Envelope {
  type: 'TradingStatus';
  state: TradingState;
  source: TradingStateSource | '';
  cause: string;
  breaker?: BreakerTrip;
}

/**
 * Risk → everyone, on risk's PUB at `margin.<account>`: the trading account's money, in 10^-8 of its currency. Sent
 * when it changes (at most every risk timer tick) and in snapshots.
 */
export interface AccountStatus extends Envelope {
  type: 'AccountStatus';
  account: string;
  currency: string;
  leverage: number;
  /** Starting balance plus realised P&L, less fees. */
  balance: number;
  /** Balance plus unrealised P&L. */
  equity: number;
  /** What positions and working orders need: gross exposure / leverage. */
  margin: number;
  /** Equity not needed as margin. */
  available: number;
  /** Notional that may still be added: available × leverage. */
  buyingPower: number;
}

/** Any client → host, on the host's `ctl` ROUTER: engage the kill switch. */
export interface KillSwitch extends Envelope {
  type: 'KillSwitch';
  src: string;
  reason: string;
}

/** A position the kill switch flattened (or is still flattening): signed lots before. */
export interface FlattenedPosition {
  venue: string;
  symbol: string;
  qty: number;
}

/**
 * Host → the sender of `KillSwitch`: what it did, once every working order is finished and every position flat, or
 * after 5 s with what is left (`flattened` positions still open then have `open` lots in `remaining`).
 */
export interface KillSwitchReport extends Envelope {
  type: 'KillSwitchReport';
  canceled: number;
  flattened: FlattenedPosition[];
  strategiesPaused: number;
  state: TradingState;
  elapsedMs: number;
  /** Working orders and open positions left when the report was sent (0 and 0 when done). */
  workingLeft: number;
  openLeft: number;
}

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
  | MarketDataStatus
  | OrderCommand
  | OrderEvent
  | RequestRejected
  | PositionChanged
  | OwnerPosition
  | LiveVenueMessage
  | ControlMessage
  | SnapshotMessage;

export type MessageType = Message['type'];

/** The message of a given `type`. */
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** A message before its envelope is stamped by the sender's stream. */
export type Unstamped<M extends Message> = M extends Message ? Omit<M, 'v' | 'seq'> : never;
