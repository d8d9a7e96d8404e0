/**
 * How the Binance gateway's raw venue traffic is laid out in its raw journal (`<session>/raw/binance.jnl/`): one
 * journal record per input of an adapter, with the time the adapter was given, its port naming the market and what
 * it was, its topic a symbol where one applies, and its payload the text exactly as it arrived. Pure: names only.
 *
 * - `<market>.ws`           a WebSocket text frame (topic empty)
 * - `<market>.depth`        a REST depth snapshot's body (topic: symbol)
 * - `<market>.depthFailed`  a depth request that failed (topic: symbol; payload: the reason)
 * - `<market>.down`         the stream connection dropped (payload: the reason)
 * - `<market>.info`         the exchangeInfo body (topic: the configured symbols, comma-separated)
 * - `gateway.start`         a gateway process started recording (adapters start over from here)
 */

/** The two Binance markets. */
export type RawMarket = 'spot' | 'usdm';

/** What a raw record holds. */
export type RawKind = 'ws' | 'depth' | 'depthFailed' | 'down' | 'info';

/** The port of a gateway (re)start. */
export const RAW_START_PORT = 'gateway.start';

const KINDS: ReadonlySet<string> = new Set<RawKind>(['ws', 'depth', 'depthFailed', 'down', 'info']);

/** Where raw traffic goes (the gateway's recorder, or nothing). */
export interface RawSink {
  record(market: RawMarket, kind: RawKind, topic: string, text: string, now: number): void;
}

/** The port name of `kind` on `market`. */
export function rawPort(market: RawMarket, kind: RawKind): string {
  return `${market}.${kind}`;
}

/** The market and kind a port names, or undefined for any other port (the start marker included). */
export function parseRawPort(port: string): { market: RawMarket; kind: RawKind } | undefined {
  const dot = port.indexOf('.');
  const market = port.slice(0, dot);
  const kind = port.slice(dot + 1);
  if ((market !== 'spot' && market !== 'usdm') || !KINDS.has(kind)) return undefined;
  return { market, kind: kind as RawKind };
}
