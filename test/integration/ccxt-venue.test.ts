/**
 * A venue through ccxt, end to end and offline: the terminal (host, ccxt gateway, feed and the rest as real
 * processes) configured with ccxt's own `binance` class, its URLs pointed at the fake Binance on 127.0.0.1 — the
 * generic ccxt path, not the native Binance adapter. Instruments come from ccxt's loadMarkets over the fake's
 * exchangeInfo; the book on the feed's bus is the fake's true book and stays sound through a lost event and a dropped
 * connection; trades arrive; a paper order fills on that book; a quiet stream is reported stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { InstrumentRegistry, makeInstrument, priceToTicks, type Instrument } from '../../workers/core/instrument.js';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message, type OrderEvent } from '../../workers/protocol/messages.js';
import { FakeMarketServer } from '../fakes/binance/market-server.js';
import { SPOT_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { MdFollower } from '../fakes/binance/md-follower.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const VENUE = 'ccxt-binance';
/** The same exchange polled over REST, as ccxt venues without WebSocket support are. */
const POLLED = 'ccxt-binance-rest';
const SYMBOL = 'BTC-USDT';

let spot: FakeMarketServer;
let terminal: TestTerminal;
let follower: MdFollower;
let orders: OrderClient;

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function instrument(): Instrument {
  return makeInstrument(terminal.config.instruments.find((i) => i.venue === VENUE && i.symbol === SYMBOL)!);
}

/** The follower's book equals the fake's true book on its top 20 levels. */
function bookMatches(venue = VENUE): boolean {
  const book = follower.bookOf(venue, SYMBOL);
  if (book === undefined) return false;
  const inst = instrument();
  const truth = spot.books.get('BTCUSDT')!.depth(20);
  const levels = (side: Array<[string, string]>) => side.map(([p, q]) => [priceToTicks(inst, p), Math.round(Number(q) / Number(inst.lotSize))]);
  return JSON.stringify(book.top(20)) === JSON.stringify({ bids: levels(truth.bids), asks: levels(truth.asks) });
}

async function whileQuiet(check: () => Promise<void>): Promise<void> {
  for (const s of spot.books.keys()) spot.setQuiet(s, true);
  try {
    await check();
  } finally {
    for (const s of spot.books.keys()) spot.setQuiet(s, false);
  }
}

beforeAll(async () => {
  spot = new FakeMarketServer({ market: 'spot', symbols: SPOT_SYMBOLS, seed: 5, pingMs: 200 });
  await spot.start();
  spot.run(20, 4, 3);
  terminal = await startTestTerminal({
    strategies: [],
    venues: {
      ccxt: [{
        exchange: 'binance', venue: VENUE,
        symbols: [{ symbol: 'BTC/USDT', mode: 'paper' }],
        // Every URL ccxt's binance uses here, at the fake; only the spot markets, and no private currencies call.
        urls: { api: { public: `${spot.restUrl}/api/v3`, ws: { spot: `${spot.wsUrl}/ws` } } },
        options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false },
        depth: 50, staleAfterMs: 800, reconnect: { initialMs: 50, maxMs: 500 },
      }, {
        exchange: 'binance', venue: POLLED, poll: true, pollMs: 100,
        symbols: [{ symbol: 'BTC/USDT', mode: 'paper' }],
        urls: { api: { public: `${spot.restUrl}/api/v3` } },
        // The recent-trades list (the default, aggTrades, is one more endpoint the fake would need).
        options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchTradesMethod: 'publicGetTrades' },
        depth: 50, staleAfterMs: 800, reconnect: { initialMs: 50, maxMs: 500 },
      }],
    },
  });
  follower = new MdFollower(terminal.config.endpoints, terminal.config.instruments, ['book.', 'trade.', 'quality.']);
  await follower.start();
  orders = new OrderClient(terminal.config.endpoints, new InstrumentRegistry(terminal.config.instruments));
}, 60_000);

afterAll(async () => {
  follower?.close();
  orders?.close();
  await terminal?.stop();
  await spot?.stop();
});

describe('a venue through ccxt (ccxt binance against the fake)', () => {
  it('takes the instrument from ccxt’s loadMarkets', () => {
    const spec = terminal.config.instruments.find((i) => i.venue === VENUE && i.symbol === SYMBOL);
    expect(spec).toMatchObject({ base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', kind: 'spot', multiplier: 1 });
  });

  it('shows the true book, uncrossed, and the trades', async () => {
    await waitFor('the book', () => follower.bookOf(VENUE, SYMBOL) !== undefined);
    await whileQuiet(() => waitFor('the book equal to the fake’s', bookMatches));
    await waitFor('trades', () => follower.trades.some((t) => t.venue === VENUE && t.qty > 0));
    expect(follower.violations).toEqual([]);
    // What the gateway normalised (and refused) is counted in its heartbeat, as the Workers panel shows it.
    await waitFor('the gateway’s counters', () => (terminal.summary().workers.ccxt?.counters[`${VENUE}_books`] ?? 0) > 0);
    expect(terminal.summary().workers.ccxt?.counters).toMatchObject({ [`${VENUE}_off_grid`]: 0, [`${VENUE}_bad_trades`]: 0 });
  });

  it('polls the book and the trades over REST where asked to', async () => {
    await waitFor('the polled book', () => follower.bookOf(POLLED, SYMBOL) !== undefined);
    await whileQuiet(() => waitFor('the polled book equal to the fake’s', () => bookMatches(POLLED)));
    await waitFor('polled trades', () => follower.trades.some((t) => t.venue === POLLED));
    const ids = follower.trades.filter((t) => t.venue === POLLED).map((t) => t.tradeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(follower.violations).toEqual([]);
  });

  it('recovers from a lost event and from a dropped connection with a right book', async () => {
    const atGap = follower.statuses.length;
    spot.inject('BTCUSDT', 'gap');
    spot.step();
    spot.step();
    // ccxt finds the missing update (its nonce check); the gateway reports it and watches afresh.
    await waitFor('the lost event reported', () => follower.statuses.slice(atGap).some((s) => s.venue === VENUE && s.state === 'gap'));
    await whileQuiet(() => waitFor('the book right after the lost event', bookMatches));
    const before = follower.statuses.length;
    const connections = spot.counts.connections;
    spot.disconnectAll();
    await waitFor('a reconnection', () => spot.counts.connections > connections);
    await waitFor('a gap report', () => follower.statuses.slice(before).some((s) => s.state === 'gap'));
    await waitFor('ok again', () => follower.quality(VENUE, SYMBOL) === 'ok');
    await whileQuiet(() => waitFor('the book right after reconnecting', bookMatches));
    expect(follower.violations).toEqual([]);
  });

  it('reports a quiet stream as stale, risk refuses new orders on it, and it is fresh again when it resumes', async () => {
    spot.setQuiet('BTCUSDT', true);
    try {
      await waitFor('stale', () => follower.quality(VENUE, SYMBOL) === 'stale');
      await waitFor('risk to deny an order on stale data', () => {
        const denied = orders.events.find((e) => e.type === 'OrderDenied' && e.clientOrderId.startsWith('stale-'));
        if (denied !== undefined) return true;
        void orders.send({ clientOrderId: `stale-${++orders.probes}`, side: 'buy', orderType: 'market', tif: 'IOC', qty: 100 });
        return false;
      });
      expect(orders.events.find((e) => e.type === 'OrderDenied')).toMatchObject({ rule: 'market_data', reason: expect.stringMatching(/stale/) });
    } finally {
      spot.setQuiet('BTCUSDT', false);
    }
    await waitFor('fresh again', () => follower.quality(VENUE, SYMBOL) === 'ok');
  });

  it('fills a paper order, sent through risk and execution, on the venue’s book', async () => {
    await whileQuiet(async () => {
      await waitFor('the book settled', bookMatches);
      const book = spot.books.get('BTCUSDT')!;
      const askTicks = priceToTicks(instrument(), book.price(book.touch().ask))!;
      await orders.send({ clientOrderId: 'ccxt-paper-1', side: 'buy', orderType: 'market', tif: 'IOC', qty: 100 });
      const fills = () => orders.events.filter((e) => e.type === 'OrderFilled' && e.clientOrderId === 'ccxt-paper-1');
      await waitFor('the order filled', () => fills().some((f) => f.type === 'OrderFilled' && f.leavesQty === 0));
      // A market buy takes the best ask first (then the next level if the best was smaller than the order).
      expect(fills()[0]).toMatchObject({ venue: VENUE, symbol: SYMBOL, price: askTicks, liquidity: 'taker' });
      expect(fills().reduce((sum, f) => sum + (f.type === 'OrderFilled' ? f.qty : 0), 0)).toBe(100);
    });
  });
});

/** Orders into risk (PUSH) and the order events out of risk and execution (SUB), as a strategy would see them. */
class OrderClient {
  readonly events: OrderEvent[] = [];
  probes = 0;
  private seq = 0;
  private readonly push = new zmq.Push({ linger: 0 });
  private readonly sub = new zmq.Subscriber({ linger: 0 });

  constructor(endpoints: TestTerminal['config']['endpoints'], registry: InstrumentRegistry) {
    this.push.connect(endpoints.riskIn);
    for (const endpoint of [endpoints.exec, endpoints.risk]) this.sub.connect(endpoint);
    for (const prefix of ['order.', 'fill.']) this.sub.subscribe(prefix);
    void (async () => {
      for await (const [, payload] of this.sub) if (payload !== undefined) this.events.push(...(decodeFrame(payload, registry).messages as OrderEvent[]));
    })().catch(() => undefined);
  }

  send(fields: Record<string, unknown>): Promise<void> {
    const now = Date.now() * 1000;
    const order = { type: 'SubmitOrder', v: SCHEMA_VERSION, seq: ++this.seq, ts: now, rts: now, venue: VENUE, symbol: SYMBOL, src: 'ccxt-test', strategyId: 'manual', price: 0, causeTs: 0, ...fields };
    return this.push.send(encodeFrame(order as unknown as Message));
  }

  close(): void {
    this.push.close();
    this.sub.close();
  }
}
