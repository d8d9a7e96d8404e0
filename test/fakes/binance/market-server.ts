/**
 * A fake Binance market-data server on 127.0.0.1, speaking the real protocol of one market (spot or USD-M futures):
 * REST `exchangeInfo`, `depth`, `klines`, `trades` (spot's recent trades list) and `time`, and WebSocket streams (`/ws/<stream>` or combined
 * `/stream?streams=a/b`) of diff depth and trades. The true book moves when the test (or a timer) steps it; scripted
 * faults change what reaches the clients: a lost event (gap), a duplicate, two events swapped, a stream that goes
 * quiet, a dropped connection. Pings every `pingMs`, counting the pongs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeBook, type FakeDepthEvent } from './fake-book.js';
import { futuresExchangeInfo, spotExchangeInfo, type FakeSymbol } from './fake-symbols.js';

export interface FakeMarketOptions {
  market: 'spot' | 'usdm';
  symbols: FakeSymbol[];
  seed?: number;
  /** 0 = any free port. */
  port?: number;
  /** Server pings every this many ms (0 = none). */
  pingMs?: number;
}

/** A fault the next event(s) of a symbol meet. */
export type Fault = 'gap' | 'duplicate' | 'swap' | 'off-grid';

interface Client {
  socket: WebSocket;
  /** Stream keys without the pace suffix, e.g. `btcusdt@depth`. */
  streams: Set<string>;
  /** The names the client asked for, by key (a combined stream echoes them). */
  names: Map<string, string>;
  combined: boolean;
}

/** The fake market: see the module comment. */
export class FakeMarketServer {
  readonly books = new Map<string, FakeBook>();
  readonly counts = { connections: 0, snapshots: 0, pongs: 0, events: 0, delivered: 0 };
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly held = new Map<string, FakeDepthEvent>();
  private readonly quiet = new Set<string>();
  /** Each symbol's last trades, newest last, for `GET /api/v3/trades` (clients that poll, such as ccxt without WebSocket). */
  private readonly recent = new Map<string, Array<Record<string, unknown>>>();
  private timers: NodeJS.Timeout[] = [];
  private port = 0;

  constructor(private readonly options: FakeMarketOptions) {
    options.symbols.forEach((spec, i) => this.books.set(spec.symbol, new FakeBook(spec, options.market === 'usdm', (options.seed ?? 7) + i)));
    this.http = createServer((req, res) => this.onRequest(req, res));
    this.http.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
  }

  /** Listens on 127.0.0.1; resolves with the port. */
  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.http.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
    if ((this.options.pingMs ?? 0) > 0) {
      this.timers.push(setInterval(() => { for (const c of this.clients) c.socket.ping(); }, this.options.pingMs));
    }
    return this.port;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Connected WebSocket clients. */
  get connections(): number {
    return this.clients.size;
  }

  /** Moves every (not quiet) symbol's book by one event of `levels` changes and sends it. */
  step(levels = 4): void {
    for (const symbol of this.books.keys()) this.stepSymbol(symbol, levels);
  }

  /** Moves one symbol's book by one event and sends it, unless a fault says otherwise. */
  stepSymbol(symbol: string, levels = 4): void {
    const book = this.books.get(symbol);
    if (book === undefined || this.quiet.has(symbol)) return;
    this.deliver(symbol, book.step(levels, Date.now()));
  }

  /** A trade at the touch (of a quiet symbol: none), then the depth event of the level it took from. */
  trade(symbol: string, side: 'buy' | 'sell', lots: number): void {
    const book = this.books.get(symbol);
    if (book === undefined || this.quiet.has(symbol)) return;
    const { trade, depth } = book.trade(side, lots, Date.now());
    const recent = this.recent.get(symbol) ?? [];
    recent.push(trade);
    if (recent.length > 500) recent.shift();
    this.recent.set(symbol, recent);
    this.send(`${symbol.toLowerCase()}@${this.options.market === 'usdm' ? 'aggTrade' : 'trade'}`, trade);
    this.deliver(symbol, depth);
  }

  /** Sends a depth event through the faults queued for its symbol. */
  private deliver(symbol: string, event: FakeDepthEvent): void {
    this.counts.events++;
    const fault = this.faults.get(symbol)?.shift();
    if (fault === 'gap') return;
    if (fault === 'swap') {
      this.held.set(symbol, event);
      return;
    }
    if (fault === 'off-grid' && event.b.length > 0) event.b[0] = [`${event.b[0]![0]}1`, event.b[0]![1]];
    this.sendDepth(event);
    const late = this.held.get(symbol);
    if (late !== undefined) {
      this.held.delete(symbol);
      this.sendDepth(late);
    }
    if (fault === 'duplicate') this.sendDepth(event);
  }

  /**
   * Sends an event already serialised (benchmarks pre-build their frames so the sender costs nothing while timing);
   * the true book is not touched, so it is the caller's to keep consistent.
   */
  broadcast(stream: string, json: string): void {
    for (const client of this.clients) {
      if (!client.streams.has(stream)) continue;
      this.counts.delivered++;
      client.socket.send(client.combined ? `{"stream":"${client.names.get(stream) ?? stream}","data":${json}}` : json);
    }
  }

  /** Queues a fault for the next event of `symbol`. */
  inject(symbol: string, fault: Fault): void {
    const list = this.faults.get(symbol) ?? [];
    list.push(fault);
    this.faults.set(symbol, list);
  }

  /** A quiet symbol sends nothing (and its book does not move) until woken. */
  setQuiet(symbol: string, quiet: boolean): void {
    if (quiet) this.quiet.add(symbol);
    else this.quiet.delete(symbol);
  }

  /** Drops every WebSocket connection, as a network failure would. */
  disconnectAll(): void {
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
  }

  /** Steps every `ms` until stopped (the CLI, and tests that want a live market). */
  run(ms: number, levels = 4, tradeEvery = 5): void {
    let n = 0;
    this.timers.push(setInterval(() => {
      this.step(levels);
      n++;
      if (tradeEvery > 0 && n % tradeEvery === 0) for (const symbol of this.books.keys()) this.trade(symbol, n % 2 === 0 ? 'buy' : 'sell', 1 + (n % 7));
    }, ms));
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.disconnectAll();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private sendDepth(event: FakeDepthEvent): void {
    const stream = `${event.s.toLowerCase()}@depth`;
    this.send(stream, event);
  }

  private send(stream: string, data: unknown): void {
    let raw: string | undefined;
    let wrapped: string | undefined;
    for (const client of this.clients) {
      if (!client.streams.has(stream)) continue;
      this.counts.delivered++;
      if (client.combined) client.socket.send((wrapped ??= JSON.stringify({ stream: client.names.get(stream), data })));
      else client.socket.send((raw ??= JSON.stringify(data)));
    }
  }

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const names = url.pathname.startsWith('/ws/') ? [url.pathname.slice(4)] : (url.searchParams.get('streams') ?? '').split('/').filter((s) => s !== '');
    const client: Client = { socket, streams: new Set(), combined: url.pathname === '/stream', names: new Map() };
    // `btcusdt@depth@100ms` and `btcusdt@depth` are the same diff stream at another pace.
    for (const name of names) {
      const key = name.replace(/@100ms$|@1000ms$|@500ms$|@250ms$/, '');
      client.streams.add(key);
      client.names.set(key, name);
    }
    this.counts.connections++;
    this.clients.add(client);
    socket.on('pong', () => this.counts.pongs++);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    socket.on('message', (data) => {
      // Live (un)subscription, as Binance's `{"method":"SUBSCRIBE","params":[...],"id":1}`.
      try {
        const request = JSON.parse(String(data)) as { method?: string; params?: string[]; id?: number };
        for (const name of request.params ?? []) {
          const key = name.replace(/@\d+ms$/, '');
          if (request.method === 'SUBSCRIBE') {
            client.streams.add(key);
            client.names.set(key, name);
          } else if (request.method === 'UNSUBSCRIBE') client.streams.delete(key);
        }
        socket.send(JSON.stringify({ result: null, id: request.id ?? null }));
      } catch {
        socket.send(JSON.stringify({ error: { code: 2, msg: 'Invalid JSON' } }));
      }
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = this.options.market === 'usdm' ? '/fapi/v1' : '/api/v3';
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined;
    const now = Date.now();
    if (path === '/ping') return json(res, 200, {});
    if (path === '/time') return json(res, 200, { serverTime: now });
    if (path === '/exchangeInfo') {
      const specs = [...this.books.values()].map((b) => b.spec);
      return json(res, 200, this.options.market === 'usdm' ? futuresExchangeInfo(specs, now) : spotExchangeInfo(specs, now));
    }
    const symbol = url.searchParams.get('symbol') ?? '';
    const book = this.books.get(symbol);
    if (path === '/trades' && this.options.market === 'spot') {
      if (book === undefined) return json(res, 400, { code: -1121, msg: 'Invalid symbol.' });
      // Binance's "Recent trades list": oldest first, at most `limit` (default 500).
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 500), 1000);
      return json(res, 200, (this.recent.get(symbol) ?? []).slice(-limit).map((t) => ({
        id: t.t, price: t.p, qty: t.q, quoteQty: String(Number(t.p) * Number(t.q)), time: t.T, isBuyerMaker: t.m, isBestMatch: true,
      })));
    }
    if (path === '/depth' || path === '/klines') {
      if (book === undefined) return json(res, 400, { code: -1121, msg: 'Invalid symbol.' });
      if (path === '/klines') return json(res, 200, klines(book, Number(url.searchParams.get('limit') ?? 10), now));
      this.counts.snapshots++;
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 5000);
      const { bids, asks } = book.depth(limit);
      const body = this.options.market === 'usdm' ? { lastUpdateId: book.lastUpdateId, E: now, T: now, bids, asks } : { lastUpdateId: book.lastUpdateId, bids, asks };
      return json(res, 200, body);
    }
    json(res, 404, { code: -1000, msg: `unknown path ${url.pathname}` });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

/** One-minute klines ending now, Binance's array form, flat at the current mid (enough for a chart's history). */
function klines(book: FakeBook, limit: number, now: number): unknown[] {
  const { bid, ask } = book.touch();
  const open = book.price(bid);
  const high = book.price(ask);
  const start = Math.floor(now / 60_000) * 60_000;
  const out: unknown[] = [];
  for (let i = Math.min(limit, 1000) - 1; i >= 0; i--) {
    const t = start - i * 60_000;
    out.push([t, open, high, open, open, '1.00000000', t + 59_999, open, 1, '0.50000000', open, '0']);
  }
  return out;
}
