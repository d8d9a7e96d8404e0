/**
 * The one typed channel map between the host and the renderer, used by the Electron preload, the WebSocket bridge
 * and the renderer alike. Host → renderer messages are state for the eye, conflated by the host (at most one market
 * frame per display frame); renderer → host messages are the user's commands. Both travel as msgpack.
 *
 * Prices and quantities stay integers of ticks and lots here too: the renderer formats and parses them with the
 * instrument (workers/core/instrument.ts), exactly, at the edge.
 */
import type { InstrumentSpec } from '../core/instrument.js';
import type { BracketTemplate } from '../core/exits/templates.js';
import type { ExitPlanFields, ExitStatus, Level, Liquidity, OrderExtras, OrderState, OrderType, ParamValue, Side, StopTrigger, TimeInForce, Timeframe } from './messages.js';

/** A worker as the Workers panel shows it. */
export interface WorkerRow {
  name: string;
  /** Lifecycle state, or `restarting` / `gave_up` as the supervisor sees it. */
  state: string;
  pid: number;
  restarts: number;
  uptimeMs: number;
  /** Milliseconds since its last heartbeat. */
  heartbeatAgeMs: number;
  msgsIn: number;
  msgsOut: number;
  refused: number;
  /** Messages per second in and out, over the last few seconds. */
  rateIn: number;
  rateOut: number;
  reason: string;
  counters: Record<string, number>;
  /** False when the user stopped it: it stays down until started again. */
  wanted: boolean;
  /**
   * A process the terminal did not start (a strategy in another language, over the protocol): shown from its
   * heartbeats, never restarted, `gone` after six heartbeat periods of silence.
   */
  external: boolean;
}

/** A position with money formatted at the instrument's decimals. */
export interface PositionRow {
  venue: string;
  symbol: string;
  qty: string;
  /** Signed quantity in lots, for flattening and the chart's position line. */
  qtyLots: number;
  avgPrice: string;
  /** Average entry price in ticks (fractional), 0 when flat. */
  avgPriceTicks: number;
  mark: string;
  realized: string;
  unrealized: string;
  quote: string;
}

/** Order and fill totals since start. */
export interface OrderTotals {
  submitted: number;
  accepted: number;
  rejected: number;
  denied: number;
  canceled: number;
  /** Ended by the venue: an IOC/FOK/market rest, self-trade prevention, a price band. */
  expired: number;
  /** Changes the venue confirmed: amends, trailing stops moving, caps. */
  amended: number;
  filled: number;
  fills: number;
}

/** One field of a strategy's parameter schema (workers/strategies/params.ts), as the terminal draws its editor. */
export interface ParamFieldView {
  kind: 'int' | 'number' | 'bool' | 'enum';
  default: number | boolean | string;
  min?: number;
  max?: number;
  /** An int that is a price or price distance (`ticks`) or a quantity (`lots`) of the instrument. */
  unit?: 'ticks' | 'lots';
  /** An enum's choices. */
  options?: string[];
  description: string;
}

/** A list of records (e.g. support-resistance conditions), each field a {@link ParamFieldView}. */
export interface ParamListView {
  kind: 'list';
  item: Record<string, ParamFieldView>;
  maxItems: number;
  description: string;
}

export type ParamSpecView = ParamFieldView | ParamListView;

/** A strategy's parameter schema by parameter name. */
export type ParamSchemaView = Record<string, ParamSpecView>;

/** A strategy instance's state: `starting` until its worker first reports it. */
export type StrategyRowState = 'starting' | 'running' | 'paused' | 'stopped' | 'failed';

/** A strategy instance as its worker last reported it, with what the editor needs. */
export interface StrategyRow {
  id: string;
  kind: string;
  venue: string;
  symbol: string;
  /** The worker process that runs it: commands go there. */
  worker: string;
  /** Run by a process the terminal did not start (see {@link WorkerRow.external}). */
  external: boolean;
  state: StrategyRowState;
  /** Why it failed or is down, or why the worker refused the last parameter change; '' otherwise. */
  reason: string;
  /** Why the host refused the user's last parameter change (nothing was sent); '' once a change passes. */
  refusal: string;
  /** Running or paused (the on/off switch of older windows). */
  enabled: boolean;
  params: Record<string, ParamValue>;
  /** Its parameter schema; empty until known. */
  schema: ParamSchemaView;
  /** Signed position from its own fills, lots. */
  position: number;
}

/** One risk limit and how much of it is used. */
export interface RiskRow {
  /** e.g. `max_position`, `max_open_orders`. */
  rule: string;
  /** Instrument key, or `*` for account-wide limits. */
  scope: string;
  limit: number;
  used: number;
}

/** An order as the Orders panel, the ladder and the chart show it. */
export interface OrderRow {
  clientOrderId: string;
  strategyId: string;
  venue: string;
  symbol: string;
  side: Side;
  /** `market`, `limit`, `stop`, `stop_limit` or `trailing_stop`; empty until the host has seen the order itself. */
  orderType: OrderType | '';
  tif: TimeInForce | '';
  /** Limit price in ticks; 0 for market, stop and trailing stop orders. */
  price: number;
  /** Total quantity in lots, filled part included (an amend changes it). */
  qty: number;
  filledQty: number;
  /** Trigger price in ticks of a stop order (a trailing stop's current one, once the venue has said); 0 if none. */
  stopPrice: number;
  /** A trailing stop's distance: ticks, or basis points of the price; 0 if none. */
  trailAmount: number;
  trailBps: number;
  /** A stop order that reached its trigger and is now a live market or limit order. */
  triggered: boolean;
  postOnly: boolean;
  reduceOnly: boolean;
  /** Bracket prices (ticks) the entry carries, 0 if none. */
  takeProfit: number;
  stopLoss: number;
  /** For a bracket's leg (`<entry>:tp`, `<entry>:sl`), the entry's client order id; empty otherwise. */
  parentId: string;
  state: OrderState;
  /** Why it was denied, rejected, canceled or expired, what last changed it, or why a cancel or amend was refused. */
  reason: string;
  /** The live venue account it was sent to, '' when it named none (sim, paper, the venue's default). */
  account: string;
  /** For an order risk denied: the rule, and the configured limit and the order's value in the rule's unit. */
  denial?: { rule: string; limit: number; value: number };
  /** µs since the epoch of the last change. */
  updated: number;
}

/** A fill, newest first in the Fills panel. */
export interface FillRow {
  fillId: string;
  clientOrderId: string;
  strategyId: string;
  venue: string;
  symbol: string;
  side: Side;
  price: number;
  qty: number;
  liquidity: Liquidity;
  /** Fee in 10^-8 of the quote currency (workers/core/fees.ts FEE_DECIMALS); negative is a rebate. */
  fee: number;
  ts: number;
}

/** Top of one book. */
export interface BookView {
  venue: string;
  symbol: string;
  bids: Level[];
  asks: Level[];
  /** µs since the epoch of the last change the host saw. */
  ts: number;
  /** Present while the feed says the book cannot be trusted (stale, a sequence gap, crossed), with why. */
  quality?: { state: 'stale' | 'gap' | 'crossed'; reason: string };
}

/** One print for time and sales. */
export interface TradeView {
  venue: string;
  symbol: string;
  price: number;
  qty: number;
  aggressor: Side;
  ts: number;
}

/** A candle (open or closed). */
export interface BarView {
  venue: string;
  symbol: string;
  tf: Timeframe;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  closed: boolean;
}

/** The trading state that applies, with what caused it. */
export interface TradingStatus {
  state: 'active' | 'reducing' | 'halted';
  cause: string;
  /** While the circuit breaker is tripped: its rule, why, and when (µs); the user re-arms it (`rearmBreaker`). */
  breaker?: { rule: string; reason: string; at: number };
}

/**
 * An exit plan as the exits worker last reported it (prices in ticks, quantities in lots): the chart draws its stop
 * and targets, the Positions panel lists it. `ExitStatus` without its envelope, sender and rules.
 */
export type ExitRow = Omit<ExitStatus, 'type' | 'v' | 'seq' | 'ts' | 'rts' | 'worker' | 'plan'>;

/** What the History panel can list from the history store. */
export type HistoryKind = 'orders' | 'fills' | 'positions' | 'equity' | 'conditions' | 'params' | 'backtests';

export const HISTORY_KINDS: readonly HistoryKind[] = ['orders', 'fills', 'positions', 'equity', 'conditions', 'params', 'backtests'];

/** A query of the history store; absent filters do not restrict. */
export interface HistoryFilter {
  kind: HistoryKind;
  /** A UTC day, `YYYY-MM-DD`. */
  day?: string;
  venue?: string;
  symbol?: string;
  /** A strategy instance id (`manual` for the user's orders); for backtests, the strategy's kind. */
  strategy?: string;
}

/** A query's rows, formatted by the host at the instrument's decimals (the store keeps ticks and lots). */
export interface HistoryTable {
  kind: HistoryKind;
  columns: string[];
  /** Columns holding numbers (right-aligned). */
  numeric: string[];
  rows: string[][];
  /** More rows matched than were returned. */
  truncated: boolean;
  /** Why the query failed; '' when it did not. */
  error: string;
}

/** One owner's position and P&L in one instrument (a strategy id, or `manual`), money at the instrument's decimals. */
export interface OwnerRow {
  owner: string;
  venue: string;
  symbol: string;
  qty: string;
  qtyLots: number;
  realized: string;
  unrealized: string;
  fees: string;
  quote: string;
}

/** A live venue account as the Risk panel shows it: balances as the venue sent them, and its latest reconciliation. */
export interface VenueAccountRow {
  venue: string;
  account: string;
  balances: Array<{ asset: string; free: string; locked: string }>;
  /** `checking`, `differences`, `passed` or `failed`; '' before the first check. */
  reconcile: string;
  reason: string;
  /** Each difference found, for the user to see before the gateway acts on it. */
  differences: Array<{ kind: string; symbol: string; id: string; terminal: string; venue: string; action: string; blocking: boolean }>;
  /** Futures: open positions as the venue reports them; `qty` formatted in the instrument's units, signed. */
  positions: Array<{ symbol: string; qty: string; entryPrice: string; markPrice: string; unrealizedPnl: string; liquidationPrice: string; leverage: number }>;
  /** Futures: margin assets as the venue reports them. */
  margin: Array<{ asset: string; walletBalance: string; marginBalance: string; availableBalance: string; initialMargin: string; maintMargin: string; unrealizedPnl: string }>;
}

/** A venue API key as the window may know it: never the key or the secret. */
export interface KeyRow {
  account: string;
  venue: string;
  network: 'testnet' | 'live';
  /** `…` and the key's last four characters. */
  hint: string;
  savedAt: string;
}

/** Risk's trading account, money formatted in its currency (2 decimals). */
export interface AccountRow {
  account: string;
  currency: string;
  leverage: number;
  balance: string;
  equity: string;
  margin: string;
  available: string;
  buyingPower: string;
}

/** Host → renderer. */
export type HostToRenderer =
  | {
      channel: 'hello';
      instruments: InstrumentSpec[];
      timeframes: Timeframe[];
      /** Order quantity (lots) above which the ticket asks for confirmation, per symbol or `*`. */
      confirmQty: Record<string, number>;
      session: string;
      /** Instruments (`venue:symbol`) traded on paper against a live venue's book: the terminal marks them PAPER. */
      paper: string[];
      /** Instruments (`venue:symbol`) routed to a live venue account. */
      live: string[];
      /**
       * The live venue accounts configured side by side, the default first: names, networks and the venues each
       * trades (absent: every live venue), never keys.
       */
      liveAccounts: Array<{ account: string; network: 'testnet' | 'live'; venues?: string[] }>;
      /** The built-in strategy kinds with their parameter schemas (what a backtest can run). */
      strategyKinds: Array<{ kind: string; schema: ParamSchemaView }>;
      /** Present while the windows show a recorded session instead of the live one: nothing can be sent then. */
      replay?: ReplayInfo;
    }
  | {
      channel: 'state';
      workers: WorkerRow[];
      positions: PositionRow[];
      totals: OrderTotals;
      trading: TradingStatus;
      risk: RiskRow[];
      strategies: StrategyRow[];
      /** Exit plans in force, armed, or just ended. */
      exits: ExitRow[];
      /** The user's saved bracket templates, by name. */
      brackets: BracketTemplate[];
      /** Risk's trading account; absent until risk reports it (or when none is configured). */
      account?: AccountRow;
      /** Stored venue API keys (no secrets), and why keys cannot be stored here ('' when they can). */
      keys: KeyRow[];
      /** Live venue accounts (empty on the simulated exchange). */
      venueAccounts: VenueAccountRow[];
      keyStoreProblem: string;
      /** Positions and P&L per owner and instrument, from each owner's own fills. */
      owners: OwnerRow[];
      /** The account's equity sampled over the session (oldest first): [time µs, equity in the currency]. */
      equity: Array<[number, number]>;
      /** Milliseconds since the feed last published anything, per instrument key; absent before the first. */
      dataAgeMs: Record<string, number>;
      time: number;
    }
  | { channel: 'market'; books: BookView[]; trades: TradeView[]; bars: BarView[] }
  | { channel: 'orders'; orders: OrderRow[] }
  | { channel: 'fills'; fills: FillRow[] }
  | { channel: 'history'; venue: string; symbol: string; tf: Timeframe; bars: BarView[] }
  | { channel: 'log'; worker: string; level: 'info' | 'warn' | 'error'; text: string; time: number }
  /** The answer to `historyQuery` with the same `requestId`; with `csv`, the whole result as RFC 4180 CSV text. */
  | { channel: 'historyResult'; requestId: string; table: HistoryTable; csv?: string }
  /** A backtest's progress, a finished run's report, a failed run, the ranked end of a sweep, or a refusal. */
  | ({ channel: 'backtest' } & BacktestUpdate)
  /** Where a recorded session's playback is: sent with every played frame and on every change. */
  | ({ channel: 'playback' } & PlaybackStatus)
  /** The recorded sessions that can be opened, newest first (the answer to `listSessions`). */
  | { channel: 'sessions'; sessions: SessionSummary[] };

/** A recorded session open in the windows: its folder's name and its first and last recorded times (µs). */
export interface ReplayInfo {
  session: string;
  start: number;
  end: number;
}

/**
 * Commands that do not act on the live session (they read history, run backtests, pick a chart, or steer playback):
 * the only ones the renderer sends, and the host carries out, while a recorded session is shown.
 */
export const REPLAY_SAFE_CHANNELS: ReadonlySet<RendererToHost['channel']> = new Set(['chart', 'historyQuery', 'runBacktest', 'cancelBacktest', 'listSessions', 'openSession', 'closeSession', 'playback']);

/** Playback speeds: 1×, 10×, 100× the recorded pace, or 0 for as fast as the host can apply the recording. */
export const PLAYBACK_SPEEDS = [1, 10, 100, 0] as const;
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

/** A recorded session's playback: the moment shown (µs, between start and end), playing or paused, and the speed. */
export interface PlaybackStatus extends ReplayInfo {
  at: number;
  playing: boolean;
  speed: PlaybackSpeed;
}

/** A session folder with a recording, as the session picker lists it. */
export interface SessionSummary {
  name: string;
  /** Bytes of recorded streams. */
  bytes: number;
  /** When it was last written (ms since the epoch). */
  modifiedMs: number;
  /** The session the host is running now (its recording is still growing). */
  current: boolean;
}

/** A backtest run's parameter: one value, or a list of values for a sweep over them. */
export type BacktestParam = string | number | boolean | Array<string | number | boolean>;

/** A run or sweep the user asked for (`runBacktest` without its channel); costs in basis points as decimal text. */
export interface BacktestCommand {
  requestId: string;
  strategy: string;
  params: Record<string, BacktestParam>;
  data: string;
  mode: 'bar' | 'trade';
  tf?: string;
  feeBps?: string;
  slippageBps?: string;
  quantity?: string;
  rankBy?: string;
}

/** The backtest command's JSON report of one run (workers/backtest/report.ts). */
export type BacktestReport = { statistics: Record<string, unknown>; trades?: Array<Record<string, unknown>> } & Record<string, unknown>;

export type BacktestUpdate =
  | { requestId: string; kind: 'progress'; done: number; total: number }
  | { requestId: string; kind: 'result'; index: number; params: Record<string, string>; report: BacktestReport; runId?: number }
  | { requestId: string; kind: 'failed'; index: number; params: Record<string, string>; error: string }
  | { requestId: string; kind: 'done'; rankBy: string; ranked: Array<{ index: number; params: Record<string, string>; statistics: Record<string, unknown> }>; cancelled: boolean }
  | { requestId: string; kind: 'error'; error: string };

/**
 * An order the user asked for, in ticks and lots, with the optional fields every order may carry (`OrderExtras`).
 */
export interface OrderRequest extends OrderExtras {
  venue: string;
  symbol: string;
  side: Side;
  orderType: OrderType;
  /** Limit price in ticks for `limit` and `stop_limit`; 0 otherwise. */
  price: number;
  qty: number;
  tif: TimeInForce;
  /** A live instrument's venue account (one of the hello's `liveAccounts`); absent: the venue's default account. */
  account?: string;
  /** `take_profit`: a stop that triggers the other way (live Binance instruments; messages.ts `SubmitOrder.trigger`). */
  trigger?: StopTrigger;
}

/**
 * A change to a working order: a new limit price, a new total quantity (filled part included) or a new trigger price,
 * in ticks and lots. Absent fields stay as they are; at least one is given.
 */
export interface AmendRequest {
  clientOrderId: string;
  price?: number;
  qty?: number;
  stopPrice?: number;
}

/** Renderer → host. */
export type RendererToHost =
  | { channel: 'startWorker'; name: string }
  | { channel: 'stopWorker'; name: string }
  /** A new order; `bracket` names a saved template whose exits arm on the order's first fill. */
  | ({ channel: 'submitOrder'; bracket?: string } & OrderRequest)
  | { channel: 'cancelOrder'; clientOrderId: string }
  | { channel: 'cancelAll'; venue: string; symbol: string }
  | ({ channel: 'amendOrder' } & AmendRequest)
  | { channel: 'flatten'; venue: string; symbol: string }
  | { channel: 'killSwitch' }
  | { channel: 'resumeTrading' }
  /** Re-arm the circuit breaker after a trip. */
  | { channel: 'rearmBreaker' }
  | { channel: 'setStrategy'; id: string; enabled: boolean }
  | { channel: 'setStrategyState'; id: string; state: 'running' | 'paused' | 'stopped' }
  /** New values for some of a strategy's parameters (a list replaces the whole list); the rest keep theirs. */
  | { channel: 'setStrategyParams'; id: string; params: Record<string, ParamValue> }
  | { channel: 'chart'; venue: string; symbol: string; tf: Timeframe }
  /** Protect the position of `owner` (`manual`: the user's) with these exit rules, replacing its plan. */
  | { channel: 'setExitPlan'; venue: string; symbol: string; owner: string; plan: ExitPlanFields }
  /** Move the stop of the owner's plan to `stopPrice` ticks (a dragged line); its other rules stay. */
  | { channel: 'moveExitStop'; venue: string; symbol: string; owner: string; stopPrice: number }
  | { channel: 'clearExitPlan'; venue: string; symbol: string; owner: string }
  /** Save a bracket template (replacing the one of the same name). */
  | { channel: 'saveBracket'; template: BracketTemplate }
  | { channel: 'deleteBracket'; name: string }
  /** Store a venue API key (through the OS key store only); a live key needs `confirmLive`. Sent once, never echoed. */
  | { channel: 'saveKey'; account: string; network: 'testnet' | 'live'; apiKey: string; secret: string; confirmLive?: boolean }
  | { channel: 'deleteKey'; account: string; network: 'testnet' | 'live' }
  /** Query the history store; `csv` asks for the whole result (up to the export limit) as CSV for a download. */
  | { channel: 'historyQuery'; requestId: string; filter: HistoryFilter; csv?: boolean }
  /** Run a backtest, or a sweep over every combination of the listed parameter values, ranked by `rankBy`. */
  | ({ channel: 'runBacktest' } & BacktestCommand)
  | { channel: 'cancelBacktest'; requestId: string }
  /** List the recorded sessions; open one in the windows (by its folder's name), or go back to the live session. */
  | { channel: 'listSessions' }
  | { channel: 'openSession'; session: string }
  | { channel: 'closeSession' }
  /** Play or pause the open recording, change its speed, or move to a moment (µs): any of the three. */
  | { channel: 'playback'; playing?: boolean; speed?: PlaybackSpeed; at?: number };

/** Channel names the preload accepts from the renderer; anything else is refused. */
export const RENDERER_CHANNELS: ReadonlyArray<RendererToHost['channel']> = [
  'startWorker',
  'stopWorker',
  'submitOrder',
  'cancelOrder',
  'cancelAll',
  'amendOrder',
  'flatten',
  'killSwitch',
  'resumeTrading',
  'rearmBreaker',
  'setStrategy',
  'setStrategyState',
  'setStrategyParams',
  'chart',
  'setExitPlan',
  'moveExitStop',
  'clearExitPlan',
  'saveBracket',
  'deleteBracket',
  'historyQuery',
  'saveKey',
  'deleteKey',
  'runBacktest',
  'cancelBacktest',
  'listSessions',
  'openSession',
  'closeSession',
  'playback',
];
