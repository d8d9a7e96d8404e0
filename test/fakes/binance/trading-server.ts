/**
 * A fake Binance spot trading API on 127.0.0.1 for tests: REST (`/api/v3/order`, `openOrders`, `myTrades`,
 * `account`, `time`, `userDataStream`) and the user data WebSocket (`/ws/<listenKey>`), speaking Binance's documented
 * payloads and error codes, checking API keys, HMAC signatures and timestamps against its recvWindow, and counting
 * request weight and orders in the `X-MBX-*` headers.
 *
 * Faults a test can script, each for the next matching request: `timeout` (the request is carried out, then no answer
 * ever comes: the reply is lost), `error500` (carried out, then HTTP 500), `error503` (not carried out, HTTP 503),
 * `limited` (HTTP 429 with Retry-After, not carried out). `skewMs` moves the server's clock (a client that does not
 * correct its drift gets -1021), and `dropUserStreams()` cuts every user-stream socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { cancelShape, defaultTradingSymbols, FakeTradingEngine, newOrderShape, orderShape, tradeShape, type TradingSymbol } from './trading-engine.js';
import { ERRORS, formatAmount, signatureHolds, splitSignature, type WireError } from './trading-wire.js';

export type FaultKind = 'timeout' | 'error500' | 'error503' | 'limited';

export interface Fault {
  kind: FaultKind;
  /** `METHOD /path`, e.g. `POST /api/v3/order`. */
  on: string;
  /** For `limited`: Retry-After, seconds. */
  retryAfter?: number;
  /** The user stream stays silent about what this request does (as if it lagged), so only a query can tell. */
  muteStream?: boolean;
}

export interface TradingServerOptions {
  apiKey: string;
  secret: string;
  balances?: Record<string, string>;
  symbols?: TradingSymbol[];
}

const WEIGHTS: Record<string, number> = {
  'POST /api/v3/order': 1, 'GET /api/v3/order': 4, 'DELETE /api/v3/order': 1, 'GET /api/v3/openOrders': 6, 'DELETE /api/v3/openOrders': 1,
  'POST /api/v3/order/cancelReplace': 1, 'GET /api/v3/myTrades': 20, 'GET /api/v3/account': 20, 'GET /api/v3/time': 1,
};

/** The fake exchange. */
export class FakeBinanceTrading {
  readonly engine: FakeTradingEngine;
  readonly faults: Fault[] = [];
  /** Server clock minus real clock, ms. */
  skewMs = 0;
  /** Every request as `METHOD /path`, in order. */
  readonly requests: string[] = [];
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly listenKeys = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly held = new Set<ServerResponse>();
  private weight = { minute: 0, used: 0 };
  private orderCount = { window: 0, used: 0, day: 0 };
  private keySeq = 0;
  private muted = false;

  constructor(private readonly options: TradingServerOptions) {
    this.engine = new FakeTradingEngine(options.symbols ?? defaultTradingSymbols(), options.balances ?? { USDT: '100000', BTC: '1' }, () => this.now(), (event) => this.broadcast(event));
  }

  /** Server time, ms. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  async start(): Promise<{ restUrl: string; wsUrl: string }> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    this.wss = new WebSocketServer({ server, path: undefined });
    this.wss.on('connection', (socket, req) => {
      const key = (req.url ?? '').replace(/^\/ws\//, '');
      if (!this.listenKeys.has(key)) return socket.close(4001, 'invalid listenKey');
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { restUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    for (const socket of this.sockets) socket.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    this.server?.closeAllConnections();
  }

  /** Cuts every user data stream connection (the client must reconnect, and should reconcile). */
  dropUserStreams(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Number of user-stream sockets connected now. */
  userStreams(): number {
    return this.sockets.size;
  }

  private broadcast(event: Record<string, unknown>): void {
    if (this.muted) return;
    const text = JSON.stringify(event);
    for (const socket of this.sockets) socket.send(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method} ${url.pathname}`;
    this.requests.push(route);
    const body = await readBody(req);
    const rawQuery = url.search.replace(/^\?/, '');
    const fault = this.takeFault(route);
    if (fault?.kind === 'limited') return this.send(res, ERRORS.tooMuchWeight.status, errorBody(ERRORS.tooMuchWeight), { 'Retry-After': String(fault.retryAfter ?? 1) });
    if (fault?.kind === 'error503') return this.send(res, 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    const params = Object.fromEntries(new URLSearchParams([rawQuery, body].filter((s) => s !== '').join('&')));
    this.muted = fault?.muteStream === true;
    const result = this.dispatch(route, params, rawQuery, body, req.headers['x-mbx-apikey']);
    this.muted = false;
    if (fault?.kind === 'timeout') {
      // Done at the exchange; the answer never comes. Held until the client gives up (or the server stops).
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    if (fault?.kind === 'error500') return this.send(res, 500, errorBody(ERRORS.unknown));
    if ('code' in result && 'status' in result && 'msg' in result) return this.send(res, (result as WireError).status, errorBody(result as WireError));
    this.send(res, 200, result.body);
  }

  private takeFault(route: string): Fault | undefined {
    const index = this.faults.findIndex((f) => f.on === route);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  /** Authenticates, checks time and signature, then runs the endpoint. */
  private dispatch(route: string, p: Record<string, string>, rawQuery: string, body: string, apiKey: string | string[] | undefined): { body: unknown } | WireError {
    this.count(route);
    if (route === 'GET /api/v3/time') return { body: { serverTime: this.now() } };
    if (typeof apiKey !== 'string' || apiKey === '') return ERRORS.apiKeyFormat;
    if (apiKey !== this.options.apiKey) return ERRORS.apiKey;
    if (route.endsWith(' /api/v3/userDataStream')) return this.userDataStream(route, p);
    const { payload, signature } = splitSignature([rawQuery, body].filter((s) => s !== '').join('&'));
    if (p.timestamp === undefined) return ERRORS.mandatory('timestamp');
    const timestamp = Number(p.timestamp);
    const recvWindow = Number(p.recvWindow ?? '5000');
    const serverTime = this.now();
    // Binance's rule: refused if sent from more than 1 s in the future or older than recvWindow.
    if (timestamp > serverTime + 1000 || serverTime - timestamp > recvWindow) return ERRORS.timestamp;
    if (signature === undefined || !signatureHolds(this.options.secret, payload, signature)) return ERRORS.signature;
    const e = this.engine;
    switch (route) {
      case 'POST /api/v3/order': {
        this.orderCount.used++;
        this.orderCount.day++;
        const order = e.newOrder(p);
        return 'code' in order ? order : { body: newOrderShape(order, p.newOrderRespType ?? (p.type === 'MARKET' || p.type === 'LIMIT' ? 'FULL' : 'ACK')) };
      }
      case 'POST /api/v3/order/cancelReplace':
        this.orderCount.used++;
        this.orderCount.day++;
        return this.cancelReplace(p);
      case 'GET /api/v3/order': {
        const order = e.find(p.symbol, p.origClientOrderId, p.orderId);
        return 'code' in order ? order : { body: orderShape(order) };
      }
      case 'DELETE /api/v3/order': {
        const order = e.cancel(p.symbol, p.origClientOrderId, p.orderId);
        return 'code' in order ? order : { body: cancelShape(order) };
      }
      case 'GET /api/v3/openOrders':
        return { body: e.openOrders(p.symbol).map(orderShape) };
      case 'DELETE /api/v3/openOrders': {
        if (p.symbol === undefined) return ERRORS.mandatory('symbol');
        const canceled = e.openOrders(p.symbol).map((o) => e.cancel(o.symbol, o.clientOrderId, undefined));
        return { body: canceled.filter((o): o is Exclude<typeof o, WireError> => !('code' in o)).map(cancelShape) };
      }
      case 'GET /api/v3/myTrades': {
        const trades = e.myTrades(p);
        return 'code' in trades ? trades : { body: trades.map(tradeShape) };
      }
      case 'GET /api/v3/account':
        return { body: this.account(p.omitZeroBalances === 'true') };
      default:
        return { status: 404, code: -1000, msg: `no such endpoint: ${route}` };
    }
  }

  /** Cancel, then place (mode STOP_ON_FAILURE), as Binance documents the answers of each outcome. */
  private cancelReplace(p: Record<string, string>): { body: unknown } | WireError {
    if (p.cancelReplaceMode !== 'STOP_ON_FAILURE' && p.cancelReplaceMode !== 'ALLOW_FAILURE') return ERRORS.mandatory('cancelReplaceMode');
    const canceled = this.engine.cancel(p.symbol, p.cancelOrigClientOrderId, p.cancelOrderId);
    if ('code' in canceled) {
      return { status: 400, code: -2022, msg: 'Order cancel-replace failed.', data: { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', cancelResponse: { code: canceled.code, msg: canceled.msg }, newOrderResponse: null } } as WireError;
    }
    const { cancelReplaceMode: _m, cancelOrigClientOrderId: _c, cancelOrderId: _o, ...rest } = p;
    const placed = this.engine.newOrder(rest);
    if ('code' in placed) {
      return { status: 409, code: -2021, msg: 'Order cancel-replace partially failed.', data: { cancelResult: 'SUCCESS', newOrderResult: 'FAILURE', cancelResponse: cancelShape(canceled), newOrderResponse: { code: placed.code, msg: placed.msg } } } as WireError;
    }
    return { body: { cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS', cancelResponse: cancelShape(canceled), newOrderResponse: newOrderShape(placed, p.newOrderRespType ?? 'FULL') } };
  }

  private userDataStream(route: string, p: Record<string, string>): { body: unknown } | WireError {
    if (route === 'POST /api/v3/userDataStream') {
      const key = `lk${++this.keySeq}${'x'.repeat(56)}`.slice(0, 60);
      this.listenKeys.add(key);
      return { body: { listenKey: key } };
    }
    if (p.listenKey === undefined || !this.listenKeys.has(p.listenKey)) return { status: 400, code: -1125, msg: 'This listenKey does not exist.' };
    if (route === 'DELETE /api/v3/userDataStream') this.listenKeys.delete(p.listenKey);
    return { body: {} };
  }

  private account(omitZero: boolean): unknown {
    const balances = [...this.engine.balances.entries()]
      .filter(([, b]) => !omitZero || b.free !== 0n || b.locked !== 0n)
      .map(([asset, b]) => ({ asset, free: formatAmount(b.free), locked: formatAmount(b.locked) }));
    return {
      makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
      commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true, canWithdraw: true, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false,
      updateTime: this.now(), accountType: 'SPOT', balances, permissions: ['SPOT'], uid: 354937868,
    };
  }

  private count(route: string): void {
    const now = this.now();
    const minute = Math.floor(now / 60_000);
    if (minute !== this.weight.minute) this.weight = { minute, used: 0 };
    this.weight.used += WEIGHTS[route] ?? 1;
    const window = Math.floor(now / 10_000);
    if (window !== this.orderCount.window) this.orderCount = { ...this.orderCount, window, used: 0 };
  }

  private send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'X-MBX-USED-WEIGHT-1M': String(this.weight.used),
      'X-MBX-ORDER-COUNT-10S': String(this.orderCount.used),
      'X-MBX-ORDER-COUNT-1D': String(this.orderCount.day),
      ...extra,
    });
    res.end(JSON.stringify(body));
  }
}

function errorBody(error: WireError & { data?: unknown }): { code: number; msg: string; data?: unknown } {
  return error.data === undefined ? { code: error.code, msg: error.msg } : { code: error.code, msg: error.msg, data: error.data };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}
