/**
 * The terminal's configuration: one document, built by the host and handed to every worker, so all processes agree
 * on endpoints and instruments. Pure data and defaults; reading files and flags is the host's job.
 */
import type { InstrumentSpec } from '../core/instrument.js';
import type { AccountSettings } from '../core/margin-account.js';
import type { ParamValue, Timeframe } from './messages.js';

/** Where each stream is bound. Owners bind, everyone else connects. */
export interface Endpoints {
  /** Host ROUTER: heartbeats in, commands out. */
  ctl: string;
  /** Feed PUB: market data. */
  md: string;
  /** Feed ROUTER: book snapshots for late joiners. */
  mdSnap: string;
  /** Risk PULL: order commands from strategies, exits and external clients. */
  riskIn: string;
  /**
   * Risk PULL for the host alone: the user's orders and the user's trading state (the kill switch), in one ordered
   * stream. Risk takes a trading state only from here and from the control channel, so nothing that pushes orders
   * (a strategy, an external client) can lift a kill switch.
   */
  riskUser: string;
  /** Risk PUB: denials and positions. */
  risk: string;
  riskSnap: string;
  /** Execution PULL: order commands that passed risk. */
  execIn: string;
  /** Execution PUB: order state transitions and fills. */
  exec: string;
  execSnap: string;
  /** Simulated exchange PUB: its market data. */
  simMd: string;
  /** Simulated exchange ROUTER: orders in, reports out. */
  simOrders: string;
  /** Simulated exchange ROUTER: book snapshots. */
  simSnap: string;
  /** Binance gateway PUB: its market data (and its data-quality reports). */
  binanceMd: string;
  /** Binance gateway ROUTER: book snapshots. */
  binanceSnap: string;
  /** Binance gateway ROUTER: orders in, reports out (paper instruments filled on the live book; live ones routed). */
  binanceOrders: string;
  /** ccxt gateway PUB: market data and data-quality reports of every ccxt venue. */
  ccxtMd: string;
  /** ccxt gateway ROUTER: book snapshots. */
  ccxtSnap: string;
  /** ccxt gateway ROUTER: orders in, reports out (paper filled on the venue's book; live routed through ccxt). */
  ccxtOrders: string;
}

export const ENDPOINT_NAMES: ReadonlyArray<keyof Endpoints> = [
  'ctl',
  'md',
  'mdSnap',
  'riskIn',
  'risk',
  'riskSnap',
  'execIn',
  'exec',
  'execSnap',
  'simMd',
  'simOrders',
  'simSnap',
  'binanceMd',
  'binanceSnap',
  'binanceOrders',
  // Appended, so the TCP ports of the endpoints before them stay where they were.
  'ccxtMd',
  'ccxtSnap',
  'ccxtOrders',
  'riskUser',
];

/** The simulated exchange. */
export interface SimConfig {
  seed: number;
  /** Synthetic order-flow events per second per instrument; 0 is manual mode: no flow at all, only clients' orders trade. */
  ratePerSecond: number;
  /** Starting price per symbol, decimal. */
  startPrices: Record<string, string>;
  /** Levels in book snapshots. */
  depth: number;
  /** Typical size at the best price per symbol, decimal quantity (depth grows away from it); default 5 lots. */
  touchSizes?: Record<string, string>;
  /** How often the exchange's clock ticks, ms. */
  timerMs: number;
  /** Delay from an order, cancel or amend reaching the exchange to its effect, µs (default 0). */
  orderLatencyUs?: number;
  /** Delay from an event at the exchange to its market data and reports leaving it, µs (default 0). */
  mdLatencyUs?: number;
}

/** One Binance instrument the gateway streams. */
export interface BinanceSymbolConfig {
  /** Binance's symbol, e.g. `BTCUSDT`. */
  symbol: string;
  /** `spot` (venue `binance`) or USD-M perpetual futures (venue `binanceusdm`). */
  market: 'spot' | 'usdm';
  /** `paper`: orders filled by the paper engine on the live book; `live`: orders routed to Binance. */
  mode: 'paper' | 'live';
}

/** The Binance venue gateway (workers/venues/binance); started only when this section is configured. */
export interface BinanceConfig {
  /** Spot REST base, e.g. `https://api.binance.com`. */
  restUrl: string;
  /** Spot WebSocket base, e.g. `wss://stream.binance.com:9443`. */
  wsUrl: string;
  /** USD-M futures REST base, e.g. `https://fapi.binance.com`. */
  futuresRestUrl: string;
  /** USD-M futures WebSocket base, e.g. `wss://fstream.binance.com`. */
  futuresWsUrl: string;
  symbols: BinanceSymbolConfig[];
  /** Levels asked for in a depth snapshot (spot up to 5000, futures up to 1000). */
  snapshotDepth: number;
  /** An instrument with no book update or trade for this long is reported stale, ms. */
  staleAfterMs: number;
  /** Reconnect backoff: first wait and largest wait, ms (doubling in between). */
  reconnect: { initialMs: number; maxMs: number };
  /** Live order routing for symbols in `live` mode (absent: live orders are refused). One account; see `accounts`. */
  trading?: BinanceTradingConfig;
  /**
   * Record every raw venue input of the market-data adapters (WebSocket frames, depth snapshots, exchangeInfo, drops)
   * with its arrival time in `<session>/raw/binance.jnl/`, for `npm run replay-raw` (default off).
   */
  recordRaw?: boolean;
  /**
   * Several accounts side by side (testnet and live, sub-accounts), each with its own key entry and its own order
   * routing; the ticket picks one for a live instrument. The first is the default. With `trading` too, `trading` is
   * the default and comes first.
   */
  accounts?: BinanceTradingConfig[];
}

/**
 * The account live orders go to. Its key never appears here: the host hands it to the gateway in the gateway's
 * environment (src-main/host/key-env.ts). The hosts default to Binance's for the network.
 */
export interface BinanceTradingConfig {
  /** Name of the stored key's account (Settings → Accounts). */
  account: string;
  network: 'testnet' | 'live';
  /** Spot REST and WebSocket bases for trading, e.g. the fake exchange in tests. */
  restUrl?: string;
  wsUrl?: string;
  /** USD-M futures REST and WebSocket bases for trading (default Binance's for the network). */
  futuresRestUrl?: string;
  futuresWsUrl?: string;
}

/** The trading accounts of a Binance section, the default first (`trading`, then `accounts`; names unique). */
export function tradingAccountsOf(binance: Pick<BinanceConfig, 'trading' | 'accounts'> | undefined): BinanceTradingConfig[] {
  const all = [...(binance?.trading === undefined ? [] : [binance.trading]), ...(binance?.accounts ?? [])];
  const seen = new Set<string>();
  return all.filter((a) => !seen.has(a.account) && seen.add(a.account) !== undefined);
}

/** One instrument of a ccxt venue. */
export interface CcxtSymbolConfig {
  /** ccxt's unified symbol, e.g. `BTC/USDT` (spot) or `BTC/USDT:USDT` (a linear perpetual). */
  symbol: string;
  /** `paper`: filled by the paper engine on the venue's book; `live`: routed through ccxt with the entry's `trading` account. */
  mode: 'paper' | 'live';
  /** Tick and lot (decimal strings) where ccxt's metadata cannot give a fixed grid (significant-digit precision). */
  tickSize?: string;
  lotSize?: string;
}

/**
 * One exchange reached through ccxt (workers/venues/ccxt); every configured entry runs in the one `ccxt` gateway.
 * Instruments come from ccxt's `loadMarkets()`; market data from ccxt pro's `watchOrderBook` / `watchTrades`, or
 * REST polling where the exchange has no WebSocket support in ccxt.
 */
export interface CcxtVenueConfig {
  /** ccxt's exchange id, e.g. `kraken`, `okx`, `bybit`. */
  exchange: string;
  /** The venue name in topics and the instrument registry (default: the exchange id). */
  venue?: string;
  symbols: CcxtSymbolConfig[];
  /** Deep-merged over ccxt's `urls` of the exchange (tests point every URL at 127.0.0.1). */
  urls?: Record<string, unknown>;
  /** Passed to ccxt's constructor as `options` (e.g. `fetchMarkets`, `defaultType`). */
  options?: Record<string, unknown>;
  /** Levels per side the gateway keeps and publishes. */
  depth: number;
  /** An instrument with no book update or trade for this long is reported stale, ms. */
  staleAfterMs: number;
  /** Backoff of a watch that failed: first and largest wait, ms. */
  reconnect: { initialMs: number; maxMs: number };
  /** REST polling period where there is no WebSocket (or `poll: true`), ms. */
  pollMs: number;
  /** Poll REST even when ccxt has a WebSocket for the exchange. */
  poll?: boolean;
  /** Live order routing for symbols in `live` mode (absent: their orders are refused). */
  trading?: CcxtTradingConfig;
}

/**
 * The account a ccxt venue's live orders go to. Its key never appears here: the host hands it to the ccxt gateway in
 * that process's environment (src-main/host/key-env.ts), as for Binance accounts.
 */
export interface CcxtTradingConfig {
  /** Name of the stored key's account (Risk panel → Venue keys). */
  account: string;
  /** `testnet` turns on ccxt's sandbox mode for the exchange (refused where ccxt has none). */
  network: 'testnet' | 'live';
  /** ccxt's request timeout, ms (default 10 s): an order without an answer by then is `unknown` and looked up. */
  timeoutMs?: number;
  /** How often open orders and the account's trades are polled for changes, ms (default 1 s). */
  pollMs?: number;
}

/** The trading accounts of the ccxt entries (one per entry that trades; one key may serve several entries). */
export function ccxtTradingAccountsOf(venues: readonly CcxtVenueConfig[]): Array<{ account: string; network: 'testnet' | 'live' }> {
  const seen = new Set<string>();
  const out: Array<{ account: string; network: 'testnet' | 'live' }> = [];
  for (const venue of venues) {
    const trading = venue.trading;
    if (trading === undefined || seen.has(`${trading.account}|${trading.network}`)) continue;
    seen.add(`${trading.account}|${trading.network}`);
    out.push({ account: trading.account, network: trading.network });
  }
  return out;
}

/** Live venues besides the simulated exchange. */
export interface VenuesConfig {
  binance?: BinanceConfig;
  /** Exchanges through ccxt, one entry each. */
  ccxt?: Array<Partial<CcxtVenueConfig> & Pick<CcxtVenueConfig, 'exchange' | 'symbols'>>;
}

/** What a ccxt entry leaves out. */
export const CCXT_DEFAULTS = { depth: 100, staleAfterMs: 5000, reconnect: { initialMs: 250, maxMs: 30_000 }, pollMs: 1000 } as const;

/** The ccxt entries with defaults filled in (empty when none is configured). */
export function ccxtConfigsOf(config: Pick<TerminalConfig, 'venues'>): CcxtVenueConfig[] {
  return (config.venues?.ccxt ?? []).map((entry) => ({
    ...CCXT_DEFAULTS,
    ...entry,
    venue: entry.venue ?? entry.exchange,
    reconnect: { ...CCXT_DEFAULTS.reconnect, ...entry.reconnect },
  }));
}

/** Binance's real hosts and our defaults; a configured `venues.binance` section overrides any of them. */
export const BINANCE_DEFAULTS: BinanceConfig = {
  restUrl: 'https://api.binance.com',
  wsUrl: 'wss://stream.binance.com:9443',
  futuresRestUrl: 'https://fapi.binance.com',
  futuresWsUrl: 'wss://fstream.binance.com',
  symbols: [],
  snapshotDepth: 1000,
  staleAfterMs: 5000,
  reconnect: { initialMs: 250, maxMs: 30_000 },
};

/** The Binance section with defaults filled in, or undefined when Binance is not configured. */
export function binanceConfigOf(config: Pick<TerminalConfig, 'venues'>): BinanceConfig | undefined {
  const section = config.venues?.binance;
  if (section === undefined) return undefined;
  return { ...BINANCE_DEFAULTS, ...section, reconnect: { ...BINANCE_DEFAULTS.reconnect, ...section.reconnect } };
}

/** The feed: where market data comes from. */
export interface FeedConfig {
  /** `sim`: the simulated exchange; `flood`: a firehose of synthetic trades at `floodRate`/s (benchmarks). */
  source: 'sim' | 'flood';
  floodRate: number;
  /** Timeframes of the bars it builds. */
  timeframes: Timeframe[];
  /** Per venue: an instrument with no market data for this long is reported stale, ms (absent: never; Binance's section sets its own). */
  staleAfterMs?: Record<string, number>;
}

/** One strategy instance. */
export interface StrategyConfig {
  id: string;
  /** A built-in strategy (workers/strategies/registry.ts), e.g. `sma-cross`, `ping`. */
  kind: string;
  venue: string;
  symbol: string;
  /** Running at start; otherwise stopped until switched on. */
  enabled: boolean;
  /** Parameters by name, checked against the strategy's schema; absent ones take their default. */
  params: Record<string, ParamValue>;
  /** The strategy worker process that runs it (default `strategy`): several can run side by side. */
  worker?: string;
}

/**
 * One set of pre-trade limits; every field is optional (absent = no limit of that kind at this scope). Quantities are
 * in lots of the instrument the order is for, money in its quote currency as a decimal string, rates per second.
 */
export interface LimitSet {
  /** Largest quantity of one order, lots. */
  maxOrderQty?: number;
  /** Largest value of one order (price × quantity × multiplier), quote currency, e.g. `"250000"`. */
  maxOrderNotional?: string;
  /** Largest long / short position in one instrument, lots, counting working orders as if they filled. */
  maxLong?: number;
  maxShort?: number;
  /**
   * Largest gross exposure, quote currency: the sum over instruments of |position| × mark × multiplier, working orders
   * counted as if they filled (each instrument at the larger of its long and short case).
   */
  maxGrossExposure?: string;
  /** Most working orders at once. */
  maxOpenOrders?: number;
  /** Fat-finger guard: limit and stop prices at most this far from the last trade (or the mid before any), bp. */
  priceBandBps?: number;
  /** Token buckets: this many new orders (and amends) / cancels a second, with a burst of one second's worth. */
  ordersPerSecond?: number;
  cancelsPerSecond?: number;
}

/**
 * Limits per scope; each order is checked against every scope that applies to it. `account` limits the whole account
 * (positions per instrument, exposure and open orders over all of them); `instruments` one instrument, keyed
 * `venue:symbol` or just `symbol` (the exact key wins); `strategies` one strategy instance by id (`manual` for the
 * user's orders), on its own orders and fills only.
 */
export interface ScopedLimits {
  account?: LimitSet;
  instruments?: Record<string, LimitSet>;
  strategies?: Record<string, LimitSet>;
}

/**
 * Risk limits. The three flat fields are the defaults every order meets (per symbol with a `*` default; quantities in
 * lots; `maxPosition` is ± either side); `limits` adds scoped limit sets on top.
 */
export interface RiskConfig {
  maxOrderQty: Record<string, number>;
  maxPosition: Record<string, number>;
  maxOpenOrders: number;
  limits?: ScopedLimits;
  /** How realised P&L is measured: against the oldest entries (`fifo`, the default) or the average entry price. */
  pnl?: 'fifo' | 'average';
  /** The circuit breaker's rules (workers/core/circuit-breaker.ts); absent: no breaker. */
  breaker?: BreakerSettings;
  /**
   * The trading account (workers/core/margin-account.ts): a starting balance and a leverage; orders on instruments
   * quoted in its currency are held to its buying power. Absent: no buying-power check.
   */
  account?: AccountSettings;
}

/** What a breaker rule trips to. */
export type BreakerRuleAction = 'reducing' | 'halted';

/** Circuit breaker rules as configured: money as decimal strings of the account's currency, times in ms; absent rules are off. */
export interface BreakerSettings {
  dailyLoss?: { limit: string; action: BreakerRuleAction };
  drawdown?: { limit: string; action: BreakerRuleAction };
  /** More than `count` rejects or denials within `windowMs`. */
  rejectBurst?: { count: number; windowMs: number; action: BreakerRuleAction };
  /** No market data on an instrument that had some for `afterMs`. */
  staleData?: { afterMs: number; action: BreakerRuleAction };
  /** A price moving more than `bps` within `windowMs`. */
  priceJump?: { bps: number; windowMs: number; action: BreakerRuleAction };
}

/**
 * The journals (workers/runtime/journal-*.ts): each a folder of segment files named by their first record's number.
 * A segment is closed at `segmentBytes` or after `segmentMinutes`. Appends wait in memory at most `flushMs` (or until
 * `flushBytes` wait), and always until before anything the worker sends leaves it. Retention (`keep*`) prunes the
 * stream journal only: a worker's input journal is what it rebuilds its state from, so it is kept whole.
 */
export interface JournalSettings {
  segmentBytes: number;
  segmentMinutes: number;
  flushMs: number;
  flushBytes: number;
  /** Stream journal: most segments kept (the one being written included), total bytes, age of the last write in days. */
  keepSegments?: number;
  keepBytes?: number;
  keepDays?: number;
}

/** What a journal section leaves out. */
export const JOURNAL_DEFAULTS: JournalSettings = { segmentBytes: 64 * 1024 * 1024, segmentMinutes: 60, flushMs: 5, flushBytes: 256 * 1024 };

/** The journal settings of a configuration, or undefined when journaling is off. */
export function journalSettingsOf(journal: TerminalConfig['journal'] | undefined): JournalSettings | undefined {
  if (journal === false) return undefined;
  return journal === true || journal === undefined ? { ...JOURNAL_DEFAULTS } : { ...JOURNAL_DEFAULTS, ...journal };
}

/** The whole configuration. */
export interface TerminalConfig {
  /** Folder for this session's sockets, journals and logs. */
  runDir: string;
  endpoints: Endpoints;
  instruments: InstrumentSpec[];
  sim: SimConfig;
  feed: FeedConfig;
  strategies: StrategyConfig[];
  risk: RiskConfig;
  /** Heartbeat period, ms; a worker silent for 6 periods is restarted. */
  heartbeatMs: number;
  /** Journal every input and stream to disk: `false` is off; `true` or a section (absent fields take defaults) is on. */
  journal: boolean | Partial<JournalSettings>;
  /** The terminal window. */
  ui: UiConfig;
  /** Live venues (absent: the simulated exchange only, offline). */
  venues?: VenuesConfig;
}

/** Settings of the terminal window. */
export interface UiConfig {
  /** Order quantity in lots above which the ticket asks for confirmation, per symbol with a `*` default. */
  confirmQty: Record<string, number>;
}

/** Limit for a symbol: its own, or the `*` default. */
export function limitFor(limits: Record<string, number>, symbol: string): number {
  return limits[symbol] ?? limits['*'] ?? Number.MAX_SAFE_INTEGER;
}

/** Endpoints under `runDir` as ipc:// sockets, or on consecutive TCP ports of 127.0.0.1 from `basePort`. */
export function defaultEndpoints(runDir: string, basePort?: number): Endpoints {
  const entries = ENDPOINT_NAMES.map((name, index) => [
    name,
    basePort === undefined ? `ipc://${runDir}/${name}.sock` : `tcp://127.0.0.1:${basePort + index}`,
  ]);
  return Object.fromEntries(entries) as Endpoints;
}

/**
 * The built-in instruments of the simulated exchange: two spot pairs with crypto-exchange fees (maker 1 bp, taker
 * 5 bp) and an index future like an equity-index contract ($50 × index, 0.25 points a tick, whole contracts).
 */
export const SIM_INSTRUMENTS: InstrumentSpec[] = [
  {
    venue: 'sim', symbol: 'BTC-USD', base: 'BTC', quote: 'USD', tickSize: '0.5', lotSize: '0.001', minNotional: '5', multiplier: 1,
    kind: 'spot', makerFee: '0.0001', takerFee: '0.0005', priceBandBps: 500,
  },
  {
    venue: 'sim', symbol: 'ETH-USD', base: 'ETH', quote: 'USD', tickSize: '0.01', lotSize: '0.01', minNotional: '5', multiplier: 1,
    kind: 'spot', makerFee: '0.0001', takerFee: '0.0005', priceBandBps: 500,
  },
  {
    venue: 'sim', symbol: 'IDX-FUT', base: 'IDX', quote: 'USD', tickSize: '0.25', lotSize: '1', minNotional: '0', multiplier: 50,
    kind: 'future', makerFee: '0.00002', takerFee: '0.00004', priceBandBps: 300,
  },
];

/** A complete default configuration for a session in `runDir`. */
export function defaultConfig(runDir: string, basePort?: number): TerminalConfig {
  return {
    runDir,
    endpoints: defaultEndpoints(runDir, basePort),
    instruments: SIM_INSTRUMENTS,
    sim: {
      seed: 42,
      ratePerSecond: 200,
      startPrices: { 'BTC-USD': '65000', 'ETH-USD': '3200', 'IDX-FUT': '5400' },
      depth: 20,
      touchSizes: { 'BTC-USD': '0.15', 'ETH-USD': '3', 'IDX-FUT': '25' },
      timerMs: 20,
      orderLatencyUs: 0,
      mdLatencyUs: 0,
    },
    feed: { source: 'sim', floodRate: 10_000, timeframes: ['1s', '1m', '5m', '1h'] },
    strategies: [
      {
        id: 'sma-btc',
        kind: 'sma-cross',
        venue: 'sim',
        symbol: 'BTC-USD',
        enabled: true,
        params: { fast: 2, slow: 5, tf: '1s', qty: 10, allowShort: true },
      },
      // The user's support and resistance conditions, edited in the Workers panel (none to start with).
      { id: 'sr-btc', kind: 'support-resistance', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { conditions: [] } },
      // Off until switched on from the Workers panel.
      { id: 'rsi-eth', kind: 'rsi-reversion', venue: 'sim', symbol: 'ETH-USD', enabled: false, params: { tf: '1m', qty: 100, allowShort: true } },
      { id: 'breakout-idx', kind: 'breakout', venue: 'sim', symbol: 'IDX-FUT', enabled: false, params: { tf: '1m', qty: 1, allowShort: true } },
    ],
    risk: { maxOrderQty: { '*': 1000 }, maxPosition: { '*': 5000 }, maxOpenOrders: 200, account: { id: 'sim-1', currency: 'USD', balance: '1000000', leverage: 5 } },
    heartbeatMs: 500,
    journal: true,
    ui: { confirmQty: { '*': 100 } },
  };
}
