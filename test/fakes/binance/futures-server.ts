/**
 * A fake Binance USD-M futures trading API on 127.0.0.1 for tests: REST (`/fapi/v1/order` POST/PUT/GET/DELETE,
 * `allOpenOrders`, `openOrders`, `userTrades`, `/fapi/v2/account`, `/fapi/v2/positionRisk`, `time`, `listenKey`) and
 * the user data WebSocket (`/ws/<listenKey>`), with Binance's documented payloads and error codes (-2019 margin,
 * -2022 reduce-only, -2021 would trigger, -5022 post-only, -1021 timestamp, 429 with Retry-After), API key, HMAC
 * signature and recvWindow checks, and the `X-MBX-*` usage headers.
 *
 * Faults a test can script, each for the next matching request (`METHOD /path`), as the spot fake's: `timeout` (done,
 * no answer), `error500` (done, HTTP 500), `error503` (not done), `limited` (429, not done); `muteStream` keeps the
 * user stream silent about what the request does. `skewMs` moves the server's clock; `dropUserStreams()` cuts every
 * user-stream socket; `expireListenKeys()` sends `listenKeyExpired` and forgets the keys.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { defaultFuturesSymbols, FakeFuturesEngine, type FuturesSymbol } from './futures-engine.js';
import { futuresAccountShape, futuresOrderShape, futuresTradeShape, positionRiskShape } from './futures-shapes.js';
import type { Fault } from './trading-server.js';
import { ERRORS, signatureHolds, splitSignature, type WireError } from './trading-wire.js';

export interface FuturesServerOptions {
  apiKey: string;
  secret: string;
  /** USDT in the wallet (default 10,000). */
  wallet?: string;
  symbols?: FuturesSymbol[];
}

const WEIGHTS: Record<string, number> = {
  'POST /fapi/v1/order': 0, 'PUT /fapi/v1/order': 1, 'GET /fapi/v1/order': 1, 'DELETE /fapi/v1/order': 1, 'DELETE /fapi/v1/allOpenOrders': 1,
  'GET /fapi/v1/openOrders': 1, 'GET /fapi/v1/userTrades': 5, 'GET /fapi/v2/account': 5, 'GET /fapi/v2/positionRisk': 5, 'GET /fapi/v1/time': 1,
};
const ORDER_ROUTES = new Set(['POST /fapi/v1/order', 'PUT /fapi/v1/order']);

export class FakeBinanceFutures {
  readonly engine: FakeFuturesEngine;
  readonly faults: Fault[] = [];
  skewMs = 0;
  /** Every request as `METHOD /path`, in order. */
  readonly requests: string[] = [];
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly listenKeys = new Set<string>();
  private readonly sockets = new Map<WebSocket, string>();
  private readonly held = new Set<ServerResponse>();
  private usage = { minute: 0, weight: 0, orders: 0, window: 0, orders10s: 0 };
  private keySeq = 0;
  private muted = false;

  constructor(private readonly options: FuturesServerOptions) {
    this.engine = new FakeFuturesEngine(options.symbols ?? defaultFuturesSymbols(), options.wallet ?? '10000', () => this.now(), (event) => this.broadcast(event));
  }

  now(): number {
    return Date.now() + this.skewMs;
  }

  async start(): Promise<{ restUrl: string; wsUrl: string }> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket, req) => {
      const key = (req.url ?? '').replace(/^\/ws\//, '');
      if (!this.listenKeys.has(key)) return socket.close(4001, 'invalid listenKey');
      this.sockets.set(socket, key);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { restUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    for (const socket of this.sockets.keys()) socket.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    this.server?.closeAllConnections();
  }

  dropUserStreams(): void {
    for (const socket of this.sockets.keys()) socket.terminate();
  }

  /** Every listenKey lapses: `listenKeyExpired` on each stream, and the keys are forgotten. */
  expireListenKeys(): void {
    const now = this.now();
    for (const [socket, key] of this.sockets) socket.send(JSON.stringify({ e: 'listenKeyExpired', E: now, listenKey: key }));
    this.listenKeys.clear();
  }

  userStreams(): number {
    return this.sockets.size;
  }

  private broadcast(event: Record<string, unknown>): void {
    if (this.muted) return;
    const text = JSON.stringify(event);
    for (const socket of this.sockets.keys()) socket.send(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method} ${url.pathname}`;
    this.requests.push(route);
    const body = await readBody(req);
    const rawQuery = url.search.replace(/^\?/, '');
    const index = this.faults.findIndex((f) => f.on === route);
    const fault = index < 0 ? undefined : this.faults.splice(index, 1)[0];
    if (fault?.kind === 'limited') return this.send(res, 429, { code: -1003, msg: 'Too many requests; current limit is 2400 requests per minute.' }, { 'Retry-After': String(fault.retryAfter ?? 1) });
    if (fault?.kind === 'error503') return this.send(res, 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    const params = Object.fromEntries(new URLSearchParams([rawQuery, body].filter((s) => s !== '').join('&')));
    this.muted = fault?.muteStream === true;
    const result = this.dispatch(route, params, [rawQuery, body].filter((s) => s !== '').join('&'), req.headers['x-mbx-apikey']);
    this.muted = false;
    if (fault?.kind === 'timeout') {
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    if (fault?.kind === 'error500') return this.send(res, 500, { code: ERRORS.unknown.code, msg: ERRORS.unknown.msg });
    if ('code' in result) return this.send(res, result.status, { code: result.code, msg: result.msg });
    this.send(res, 200, result.body);
  }

  private dispatch(route: string, p: Record<string, string>, signedText: string, apiKey: string | string[] | undefined): { body: unknown } | WireError {
    this.count(route);
    if (route === 'GET /fapi/v1/time') return { body: { serverTime: this.now() } };
    if (typeof apiKey !== 'string' || apiKey === '') return ERRORS.apiKeyFormat;
    if (apiKey !== this.options.apiKey) return ERRORS.apiKey;
    if (route.endsWith(' /fapi/v1/listenKey')) return this.listenKey(route);
    const { payload, signature } = splitSignature(signedText);
    if (p.timestamp === undefined) return ERRORS.mandatory('timestamp');
    const timestamp = Number(p.timestamp);
    const serverTime = this.now();
    if (timestamp > serverTime + 1000 || serverTime - timestamp > Number(p.recvWindow ?? '5000')) return ERRORS.timestamp;
    if (signature === undefined || !signatureHolds(this.options.secret, payload, signature)) return ERRORS.signature;
    const e = this.engine;
    const order = (found: ReturnType<FakeFuturesEngine['find']>) => ('code' in found ? found : { body: futuresOrderShape(found) });
    switch (route) {
      case 'POST /fapi/v1/order':
        return order(e.newOrder(p));
      case 'PUT /fapi/v1/order':
        return order(e.modify(p));
      case 'GET /fapi/v1/order':
        return order(e.find(p.symbol, p.origClientOrderId, p.orderId));
      case 'DELETE /fapi/v1/order':
        return order(e.cancel(p.symbol, p.origClientOrderId, p.orderId));
      case 'DELETE /fapi/v1/allOpenOrders':
        if (p.symbol === undefined) return ERRORS.mandatory('symbol');
        for (const o of e.openOrders(p.symbol)) e.cancel(o.symbol, o.clientOrderId, undefined);
        return { body: { code: 200, msg: 'The operation of cancel all open order is done.' } };
      case 'GET /fapi/v1/openOrders':
        return { body: e.openOrders(p.symbol).map(futuresOrderShape) };
      case 'GET /fapi/v1/userTrades':
        if (p.symbol === undefined) return ERRORS.mandatory('symbol');
        return {
          body: e.trades
            .filter((t) => t.symbol === p.symbol && (p.orderId === undefined || String(t.orderId) === p.orderId))
            .filter((t) => (p.fromId === undefined || t.id >= Number(p.fromId)) && (p.startTime === undefined || t.time >= Number(p.startTime)))
            .slice(0, Math.min(1000, Number(p.limit ?? '500')))
            .map(futuresTradeShape),
        };
      case 'GET /fapi/v2/account':
        return { body: futuresAccountShape(e, this.now()) };
      case 'GET /fapi/v2/positionRisk':
        return { body: positionRiskShape(e, this.now()) };
      default:
        return { status: 404, code: -1000, msg: `no such endpoint: ${route}` };
    }
  }

  private listenKey(route: string): { body: unknown } | WireError {
    if (route === 'POST /fapi/v1/listenKey') {
      const key = `flk${++this.keySeq}${'y'.repeat(60)}`.slice(0, 64);
      this.listenKeys.add(key);
      return { body: { listenKey: key } };
    }
    if (this.listenKeys.size === 0) return { status: 400, code: -1125, msg: 'This listenKey does not exist.' };
    return { body: {} };
  }

  private count(route: string): void {
    const now = this.now();
    const minute = Math.floor(now / 60_000);
    const window = Math.floor(now / 10_000);
    if (minute !== this.usage.minute) this.usage = { ...this.usage, minute, weight: 0, orders: 0 };
    if (window !== this.usage.window) this.usage = { ...this.usage, window, orders10s: 0 };
    this.usage.weight += WEIGHTS[route] ?? 1;
    if (ORDER_ROUTES.has(route)) {
      this.usage.orders++;
      this.usage.orders10s++;
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'X-MBX-USED-WEIGHT-1M': String(this.usage.weight),
      'X-MBX-ORDER-COUNT-1M': String(this.usage.orders),
      'X-MBX-ORDER-COUNT-10S': String(this.usage.orders10s),
      ...extra,
    });
    res.end(JSON.stringify(body));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}
