/**
 * The real terminal (host, Binance gateway, feed and the rest as real processes) against the fake Binance on
 * 127.0.0.1, configured by its config section alone: instruments come from the fake's exchangeInfo, the books on the
 * feed's `md` are the fake's true books and survive lost events and dropped connections without ever being wrong,
 * quality reports say when they are not to be trusted, and a paper order fills on the live book.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { makeInstrument, priceToTicks, type Instrument } from '../../workers/core/instrument.js';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../../workers/protocol/messages.js';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { FakeMarketServer } from '../fakes/binance/market-server.js';
import { FUTURES_SYMBOLS, SPOT_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { MdFollower } from '../fakes/binance/md-follower.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

let spot: FakeMarketServer;
let futures: FakeMarketServer;
let terminal: TestTerminal;
let follower: MdFollower;

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function instrument(venue: string): Instrument {
  return makeInstrument(terminal.config.instruments.find((i) => i.venue === venue && i.symbol === 'BTCUSDT')!);
}

/** The follower's book of `venue` BTCUSDT equals the fake's true book on the levels the feed republishes. */
function bookMatches(fake: FakeMarketServer, venue: string): boolean {
  const book = follower.bookOf(venue, 'BTCUSDT');
  if (book === undefined) return false;
  const inst = instrument(venue);
  const truth = fake.books.get('BTCUSDT')!.depth(20);
  const levels = (side: Array<[string, string]>) => side.map(([p, q]) => [priceToTicks(inst, p), Math.round(Number(q) / Number(inst.lotSize))]);
  return JSON.stringify(book.top(20)) === JSON.stringify({ bids: levels(truth.bids), asks: levels(truth.asks) });
}

/** Pauses both fake markets (nothing moves), runs `check`, then lets them move again. */
async function whileQuiet(check: () => Promise<void>): Promise<void> {
  for (const fake of [spot, futures]) for (const s of fake.books.keys()) fake.setQuiet(s, true);
  try {
    await check();
  } finally {
    for (const fake of [spot, futures]) for (const s of fake.books.keys()) fake.setQuiet(s, false);
  }
}

beforeAll(async () => {
  spot = new FakeMarketServer({ market: 'spot', symbols: SPOT_SYMBOLS, seed: 3, pingMs: 200 });
  futures = new FakeMarketServer({ market: 'usdm', symbols: FUTURES_SYMBOLS, seed: 4, pingMs: 200 });
  await spot.start();
  await futures.start();
  spot.run(20, 4, 3);
  futures.run(20, 4, 3);
  terminal = await startTestTerminal({
    strategies: [],
    venues: {
      binance: {
        restUrl: spot.restUrl, wsUrl: spot.wsUrl, futuresRestUrl: futures.restUrl, futuresWsUrl: futures.wsUrl,
        symbols: [{ symbol: 'BTCUSDT', market: 'spot', mode: 'paper' }, { symbol: 'BTCUSDT', market: 'usdm', mode: 'paper' }],
        snapshotDepth: 500, staleAfterMs: 800, reconnect: { initialMs: 50, maxMs: 500 },
      },
    },
  });
  follower = new MdFollower(terminal.config.endpoints, terminal.config.instruments, ['book.binance', 'trade.binance', 'quality.binance']);
  await follower.start();
}, 60_000);

afterAll(async () => {
  follower?.close();
  await terminal?.stop();
  await spot?.stop();
  await futures?.stop();
});

describe('Binance market data through the real gateway and feed', () => {
  it('takes instruments from the venue’s exchangeInfo', () => {
    const spec = terminal.config.instruments.find((i) => i.venue === 'binance' && i.symbol === 'BTCUSDT');
    expect(spec).toMatchObject({ tickSize: '0.01', lotSize: '0.00001', minNotional: '5', kind: 'spot' });
    expect(terminal.config.instruments.find((i) => i.venue === 'binanceusdm')).toMatchObject({ tickSize: '0.1', lotSize: '0.001', kind: 'future' });
  });

  it('shows the true spot and futures books, then trades', async () => {
    await waitFor('both books', () => follower.bookOf('binance', 'BTCUSDT') !== undefined && follower.bookOf('binanceusdm', 'BTCUSDT') !== undefined);
    await whileQuiet(() => waitFor('books equal to the fake’s', () => bookMatches(spot, 'binance') && bookMatches(futures, 'binanceusdm')));
    await waitFor('trades of both markets', () => follower.trades.some((t) => t.venue === 'binance') && follower.trades.some((t) => t.venue === 'binanceusdm'));
    expect(follower.violations).toEqual([]);
  });

  it('reports a gap, rebuilds the book and is right again', async () => {
    const before = follower.statuses.length;
    spot.inject('BTCUSDT', 'gap');
    futures.inject('BTCUSDT', 'gap');
    await waitFor('gap reports', () => follower.statuses.slice(before).filter((s) => s.state === 'gap').length >= 2);
    await waitFor('ok again', () => follower.quality('binance', 'BTCUSDT') === 'ok' && follower.quality('binanceusdm', 'BTCUSDT') === 'ok');
    await whileQuiet(() => waitFor('books equal to the fake’s after the gap', () => bookMatches(spot, 'binance') && bookMatches(futures, 'binanceusdm')));
    expect(follower.violations).toEqual([]);
  });

  it('reconnects after the connection drops, and the book is right again', async () => {
    const connections = spot.counts.connections + futures.counts.connections;
    const before = follower.statuses.length;
    spot.disconnectAll();
    futures.disconnectAll();
    await waitFor('reconnections', () => spot.counts.connections + futures.counts.connections >= connections + 2);
    await waitFor('gap reports', () => follower.statuses.slice(before).some((s) => s.state === 'gap' && s.reason.includes('disconnected')));
    await waitFor('ok again', () => follower.quality('binance', 'BTCUSDT') === 'ok' && follower.quality('binanceusdm', 'BTCUSDT') === 'ok');
    await whileQuiet(() => waitFor('books equal after reconnecting', () => bookMatches(spot, 'binance') && bookMatches(futures, 'binanceusdm')));
    expect(follower.violations).toEqual([]);
  });

  it('reports a stream that goes quiet as stale, and fresh again when it resumes', async () => {
    spot.setQuiet('BTCUSDT', true);
    try {
      await waitFor('stale', () => follower.quality('binance', 'BTCUSDT') === 'stale');
    } finally {
      spot.setQuiet('BTCUSDT', false);
    }
    await waitFor('fresh again', () => follower.quality('binance', 'BTCUSDT') === 'ok');
  });

  it('fills a paper order on the live book', async () => {
    const dealer = new zmq.Dealer({ routingId: 'paper-test', linger: 0 });
    dealer.connect(terminal.config.endpoints.binanceOrders);
    const registry = new InstrumentRegistry(terminal.config.instruments);
    const events: Message[] = [];
    void (async () => {
      try {
        for await (const [payload] of dealer) events.push(...decodeFrame(payload!, registry).messages);
      } catch {
        // closed
      }
    })();
    try {
      await whileQuiet(async () => {
        await waitFor('the book settled', () => bookMatches(spot, 'binance'));
        const inst = instrument('binance');
        const ask = spot.books.get('BTCUSDT')!.touch().ask;
        const askTicks = priceToTicks(inst, spot.books.get('BTCUSDT')!.price(ask))!;
        const now = Date.now() * 1000;
        const order: Message = {
          type: 'SubmitOrder', v: SCHEMA_VERSION, seq: 1, ts: now, rts: now, venue: 'binance', symbol: 'BTCUSDT', src: 'test',
          clientOrderId: 'paper-1', strategyId: 'manual', side: 'buy', orderType: 'market', price: 0, qty: 100, tif: 'IOC', causeTs: 0,
        };
        await dealer.send(encodeFrame(order));
        await waitFor('the order done', () => events.some((e) => e.type === 'OrderFilled' && e.leavesQty === 0));
        const fills = events.filter((e) => e.type === 'OrderFilled');
        // A market buy takes the best ask first (then the next level if the best was smaller than the order).
        expect(fills[0]).toMatchObject({ clientOrderId: 'paper-1', price: askTicks, liquidity: 'taker' });
        expect(fills.reduce((sum, f) => sum + (f.type === 'OrderFilled' ? f.qty : 0), 0)).toBe(100);
      });
    } finally {
      dealer.close();
    }
  });
});
