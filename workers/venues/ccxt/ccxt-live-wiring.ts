/**
 * Builds the ccxt gateway's live order routing from its configuration and the keys its host put in its environment
 * (the same hand-over as the Binance gateway's: workers/venues/binance/trade/venue-credentials.ts): one router per
 * ccxt venue with a `trading` account and instruments in `live` mode, behind the Binance gateway's `LiveRouters`.
 * A venue whose key was not handed over (or whose exchange has no test network in ccxt) refuses its live orders
 * with the reason; the others trade.
 */
import type { Instrument } from '../../core/instrument.js';
import type { Emit } from '../../core/worker-core.js';
import type { CcxtVenueConfig } from '../../protocol/config.js';
import { sessionTagOf } from '../binance/trade/client-order-id.js';
import { LiveRouters, type RouteEntry } from '../binance/trade/live-routers.js';
import { takeVenueCredentials } from '../binance/trade/venue-credentials.js';
import { openTradingExchange } from './ccxt-exchange.js';
import { CcxtLiveOrders } from './ccxt-live-orders.js';
import { ourSymbol } from './market-spec.js';

/** ccxt's default request timeout, ms. */
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_POLL_MS = 1_000;

export interface CcxtLiveWiring {
  venues: readonly CcxtVenueConfig[];
  /** Instruments in `live` mode (any ccxt venue). */
  instruments: readonly Instrument[];
  runDir: string;
  emit: Emit;
  reportsPort: string;
  log: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** The live routers, or undefined when no ccxt venue has a trading account (live orders are then refused). */
export function ccxtLiveOrdersFor(wiring: CcxtLiveWiring): LiveRouters | undefined {
  const credentials = takeVenueCredentials(wiring.env);
  const trading = wiring.venues.filter((v) => v.trading !== undefined);
  if (trading.length === 0) return undefined;
  const entries: RouteEntry[] = [];
  const problems = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const venue of trading) {
    const name = venue.venue ?? venue.exchange;
    const { account, network } = venue.trading!;
    defaults.set(name, account);
    const instruments = wiring.instruments.filter((i) => i.venue === name);
    if (instruments.length === 0) continue;
    const key = credentials.get(account);
    const problem = key === undefined || key.network !== network ? `no ${network} key for account ${account} was handed to the ccxt gateway` : undefined;
    const exchange = problem ?? openTradingExchange(venue, key!, network, venue.trading!.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (typeof exchange === 'string') {
      problems.set(name, exchange);
      wiring.log(`live trading off for ${name}: ${exchange}`);
      continue;
    }
    const live = new Set(instruments.map((i) => i.symbol));
    const symbols = new Map(venue.symbols.map((s) => [ourSymbol(s.symbol), s.symbol] as const).filter(([ours]) => live.has(ours)));
    const router = new CcxtLiveOrders({
      venue: name, account, instruments, sessionTag: sessionTagOf(wiring.runDir), defaultPeer: 'terminal', reportsPort: wiring.reportsPort,
      exchange, symbols, pollMs: venue.trading!.pollMs ?? DEFAULT_POLL_MS, log: wiring.log,
    }, wiring.emit);
    entries.push({ venue: name, account, router });
  }
  const missing = (venue: string, account: string): string =>
    problems.get(venue) ?? (defaults.get(venue) === account ? `no live ${venue} instrument is configured` : `no trading account named ${account} is configured for ${venue}`);
  return new LiveRouters(entries, trading[0]!.trading!.account, wiring.emit, wiring.reportsPort, missing, defaults);
}
