/**
 * Binance's signed REST endpoints (spot or USD-M futures, by the dialect), as the live-orders core's transport. Our own small client rather than ccxt:
 * the core needs what ccxt hides or decides for it — each answer's raw error code and X-MBX-* headers, a timeout
 * classified as "unknown" (never retried: ccxt's createOrder throws the same RequestTimeout for "never sent" and "sent,
 * answer lost"), the exact client order id we derived, the clock offset we measured, and no hidden requests
 * (ccxt's loadMarkets, currencies). Signing is Binance's documented HMAC-SHA256 of the query string, hex, with the
 * secret; the key goes in the `X-MBX-APIKEY` header. Neither is ever logged.
 */
import { createHmac } from 'node:crypto';
import { SPOT_DIALECT } from './spot-dialect.js';
import type { TradeDialect } from './trade-dialect.js';
import type { IssuedRequest, TradeOutcome, TradeTransport } from './trade-requests.js';

/** An API key pair. Kept in memory only (see src-main/host/key-store.ts for where it comes from). */
export interface ApiCredentials {
  apiKey: string;
  secret: string;
}

export interface RestOptions {
  /** e.g. `https://api.binance.com`, `https://testnet.binance.vision`, or the fake exchange's address. */
  baseUrl: string;
  credentials: ApiCredentials;
  /** How long a request may take before its outcome is unknown, ms (default 5000). */
  timeoutMs?: number;
  /** Binance's recvWindow, ms (default 5000). */
  recvWindowMs?: number;
  /** Local clock, ms (tests may shift it to simulate drift). */
  clock?: () => number;
  /** The market's endpoints (default spot). */
  dialect?: TradeDialect;
}

/** Sends requests and hands each outcome (and the answer's headers) to `deliver`. */
export class BinanceRest implements TradeTransport {
  constructor(
    private readonly options: RestOptions,
    private readonly deliver: (id: number, outcome: TradeOutcome, headers: Record<string, string>) => void,
  ) {}

  send(request: IssuedRequest): void {
    void this.perform(request).then(({ outcome, headers }) => this.deliver(request.id, outcome, headers));
  }

  /** One request, signed unless it is `time`. */
  async perform(request: IssuedRequest): Promise<{ outcome: TradeOutcome; headers: Record<string, string> }> {
    const { method, path, params } = (this.options.dialect ?? SPOT_DIALECT).route(request);
    const query = request.kind === 'time' ? new URLSearchParams(params).toString() : this.signed(params, request.offsetMs);
    return this.call(method, path, query);
  }

  /** A listenKey request (API key, no signature): POST creates, PUT keeps alive. */
  async listenKey(method: 'POST' | 'PUT' | 'DELETE', listenKey?: string): Promise<{ outcome: TradeOutcome; headers: Record<string, string> }> {
    return this.call(method, (this.options.dialect ?? SPOT_DIALECT).listenKeyPath, listenKey === undefined ? '' : new URLSearchParams({ listenKey }).toString());
  }

  private signed(params: Record<string, string>, offsetMs: number): string {
    const clock = this.options.clock ?? Date.now;
    const all = { ...params, recvWindow: String(this.options.recvWindowMs ?? 5000), timestamp: String(Math.round(clock() + offsetMs)) };
    const query = new URLSearchParams(all).toString();
    const signature = createHmac('sha256', this.options.credentials.secret).update(query).digest('hex');
    return `${query}&signature=${signature}`;
  }

  private async call(method: string, path: string, query: string): Promise<{ outcome: TradeOutcome; headers: Record<string, string> }> {
    const url = `${this.options.baseUrl}${path}${query === '' ? '' : `?${query}`}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { 'X-MBX-APIKEY': this.options.credentials.apiKey },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      const name = (error as Error).name;
      const reason = name === 'TimeoutError' ? 'no answer in time' : `connection failed (${(error as Error).message})`;
      return { outcome: { kind: 'unknown', reason }, headers: {} };
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return { outcome: classify(response.status, body, headers), headers };
  }
}

/** Binance's documented meaning of each status: 4xx the request's fault (nothing done), 429/418 rate, 5xx unknown. */
export function classify(status: number, body: unknown, headers: Record<string, string>): TradeOutcome {
  const error = body as { code?: unknown; msg?: unknown } | undefined;
  const code = typeof error?.code === 'number' ? error.code : 0;
  const msg = typeof error?.msg === 'string' ? error.msg : `HTTP ${status}`;
  if (status >= 200 && status < 300 && body !== undefined) return { kind: 'ok', body };
  if (status === 429 || status === 418) {
    const seconds = Number(headers['retry-after'] ?? '1');
    return { kind: 'limited', httpStatus: status, code, msg, retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000 };
  }
  if (status >= 400 && status < 500 && code !== 0) return { kind: 'refused', httpStatus: status, code, msg };
  // 5xx, or an answer we cannot read: "the execution status is UNKNOWN" (Binance's words for 5xx).
  return { kind: 'unknown', reason: `HTTP ${status}${code === 0 ? '' : ` ${code} ${msg}`}` };
}
