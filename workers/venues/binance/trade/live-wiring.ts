/**
 * Builds the Binance gateway's live order routing from its configuration and the keys its host put in its
 * environment: one router per configured account and market (spot `binance`, USD-M futures `binanceusdm`) that has
 * instruments in `live` mode, behind {@link LiveRouters}. What the gateway's entry file calls, so that wiring live
 * trading in takes a few lines there.
 */
import type { Instrument } from '../../../core/instrument.js';
import type { Emit } from '../../../core/worker-core.js';
import { tradingAccountsOf, type BinanceConfig, type BinanceTradingConfig } from '../../../protocol/config.js';
import { BinanceLiveOrders } from './binance-live-orders.js';
import { sessionTagOf } from './client-order-id.js';
import { FUTURES_DIALECT } from './futures-dialect.js';
import { LiveRouters, type RouteEntry } from './live-routers.js';
import { SPOT_DIALECT } from './spot-dialect.js';
import { BINANCE_FUTURES_HOSTS, BINANCE_SPOT_HOSTS, takeVenueCredentials, type AccountCredentials } from './venue-credentials.js';

/** Bus venues of Binance's markets. */
const MARKETS = [
  { venue: 'binance', dialect: SPOT_DIALECT },
  { venue: 'binanceusdm', dialect: FUTURES_DIALECT },
] as const;

export interface LiveWiring {
  binance: BinanceConfig;
  /** Instruments in `live` mode (any market). */
  instruments: readonly Instrument[];
  /** The session's run folder: names the session in client order ids. */
  runDir: string;
  emit: Emit;
  /** Port of the orders ROUTER. */
  reportsPort: string;
  log: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** The live routers, or undefined when no trading account is configured (live orders are then refused). */
export function liveOrdersFor(wiring: LiveWiring): LiveRouters | undefined {
  const credentials = takeVenueCredentials(wiring.env);
  const accounts = tradingAccountsOf(wiring.binance);
  if (accounts.length === 0) return undefined;
  const entries: RouteEntry[] = [];
  const problems = new Map<string, string>();
  for (const account of accounts) {
    const key = credentials.get(account.account);
    if (key === undefined || key.network !== account.network) {
      problems.set(account.account, `no ${account.network} key for account ${account.account} was handed to the gateway`);
      wiring.log(`live trading off for account ${account.account}: ${problems.get(account.account)!}`);
      continue;
    }
    for (const market of MARKETS) {
      const instruments = wiring.instruments.filter((i) => i.venue === market.venue);
      if (instruments.length === 0) continue;
      entries.push({ venue: market.venue, account: account.account, router: routerFor(wiring, account, key, market, instruments) });
    }
  }
  const missing = (venue: string, account: string): string =>
    problems.get(account) ?? (accounts.some((a) => a.account === account) ? `no live ${venue} instrument is configured` : `no trading account named ${account} is configured for Binance`);
  return new LiveRouters(entries, accounts[0]!.account, wiring.emit, wiring.reportsPort, missing);
}

function routerFor(wiring: LiveWiring, account: BinanceTradingConfig, key: AccountCredentials, market: (typeof MARKETS)[number], instruments: Instrument[]): BinanceLiveOrders {
  const futures = market.dialect === FUTURES_DIALECT;
  const hosts = futures ? BINANCE_FUTURES_HOSTS[account.network] : BINANCE_SPOT_HOSTS[account.network];
  return new BinanceLiveOrders(
    {
      venue: market.venue,
      account: account.account,
      instruments,
      sessionTag: sessionTagOf(wiring.runDir),
      defaultPeer: 'terminal',
      reportsPort: wiring.reportsPort,
      restUrl: (futures ? account.futuresRestUrl : account.restUrl) ?? hosts.restUrl,
      wsUrl: (futures ? account.futuresWsUrl : account.wsUrl) ?? hosts.wsUrl,
      credentials: { apiKey: key.apiKey, secret: key.secret },
      dialect: market.dialect,
      tickMs: 0,
      log: wiring.log,
    },
    wiring.emit,
  );
}
