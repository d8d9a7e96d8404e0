/**
 * Opens one configured exchange as a ccxt instance: the WebSocket ("pro") class when ccxt has one and polling is not
 * asked for, else the REST class; the configured `urls` merged over ccxt's own (tests point them at 127.0.0.1) and
 * the configured `options` given to the constructor. I/O only in what ccxt does later; building it reads no network.
 */
import ccxt, { type Exchange } from 'ccxt';
import type { CcxtVenueConfig } from '../../protocol/config.js';

/** An opened exchange and whether it streams (`watch*`) or is polled (`fetch*`). */
export interface OpenedExchange {
  exchange: Exchange;
  streaming: boolean;
}

type ExchangeClass = new (config: Record<string, unknown>) => Exchange;

/** The ccxt instance for `venue` (throws for an exchange id ccxt does not know). */
export async function openExchange(venue: Pick<CcxtVenueConfig, 'exchange' | 'urls' | 'options' | 'poll'>, wantStream: boolean): Promise<OpenedExchange> {
  const rest = (ccxt as unknown as Record<string, unknown>)[venue.exchange] as ExchangeClass | undefined;
  if (!ccxt.exchanges.includes(venue.exchange) || typeof rest !== 'function') throw new Error(`ccxt does not know the exchange "${venue.exchange}"`);
  const proClass = (ccxt.pro as unknown as Record<string, ExchangeClass | undefined>)[venue.exchange];
  const pro = wantStream && venue.poll !== true && typeof proClass === 'function';
  const Class = pro ? (proClass as ExchangeClass) : rest;
  const exchange = new Class({ enableRateLimit: true, options: { ...(venue.options ?? {}) } });
  if (venue.urls !== undefined) exchange.urls = deepMerge(exchange.urls as Record<string, unknown>, venue.urls) as typeof exchange.urls;
  // ccxt insists on an http agent for a plain ws:// URL (a local server in tests); it is Node's own.
  if (pro && JSON.stringify(exchange.urls).includes('"ws://')) await exchange.loadHttpProxyAgent();
  const streaming = pro && exchange.has.watchOrderBook === true;
  return { exchange, streaming };
}

/** `over` merged into a copy of `base`, objects key by key, everything else replaced. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const held = out[key];
    out[key] = isPlainObject(held) && isPlainObject(value) ? deepMerge(held, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An account's key as the host handed it over (never logged). */
export interface TradingKey {
  apiKey: string;
  secret: string;
}

/**
 * The ccxt instance that trades for `venue`'s account: always the REST class (orders go over REST; fills and
 * order changes are polled), with the key, ccxt's rate limiter on, and the request timeout after which an order's
 * status is unknown. `testnet` switches ccxt's sandbox URLs on before the configured `urls` are merged over them.
 * Returns the reason instead when ccxt has no sandbox for the exchange.
 */
export function openTradingExchange(venue: Pick<CcxtVenueConfig, 'exchange' | 'urls' | 'options'>, key: TradingKey, network: 'testnet' | 'live', timeoutMs: number): Exchange | string {
  const rest = (ccxt as unknown as Record<string, unknown>)[venue.exchange] as ExchangeClass | undefined;
  if (!ccxt.exchanges.includes(venue.exchange) || typeof rest !== 'function') return `ccxt does not know the exchange "${venue.exchange}"`;
  const exchange = new rest({ apiKey: key.apiKey, secret: key.secret, enableRateLimit: true, timeout: timeoutMs, options: { ...(venue.options ?? {}) } });
  if (network === 'testnet') {
    if ((exchange.urls as Record<string, unknown>).test === undefined) return `ccxt has no test network (sandbox) for ${venue.exchange}`;
    exchange.setSandboxMode(true);
  }
  if (venue.urls !== undefined) exchange.urls = deepMerge(exchange.urls as Record<string, unknown>, venue.urls) as typeof exchange.urls;
  return exchange;
}
