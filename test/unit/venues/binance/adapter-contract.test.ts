/**
 * Contract of both Binance adapters against the fake exchange over real HTTP and WebSocket on 127.0.0.1: whatever
 * the stream does (lost, duplicated and swapped events, a quiet stream, dropped connections, off-grid values), every
 * book the adapter publishes is sound, and once the market pauses it is exactly the exchange's true book. Each run
 * also records the raw traffic as the gateway does (`recordRaw`), and replaying that recording through a fresh
 * adapter (workers/venues/binance/raw-replay.ts) must publish exactly what the live adapter did.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeInstrument, type Instrument } from '../../../../workers/core/instrument.js';
import { OrderBook } from '../../../../workers/core/order-book.js';
import type { Outgoing } from '../../../../workers/core/worker-core.js';
import { instrumentsFromExchangeInfo } from '../../../../workers/venues/binance/exchange-info.js';
import { MarketLink } from '../../../../workers/venues/binance/market-link.js';
import { FakeMarketServer, type Fault } from '../../../fakes/binance/market-server.js';
import { FUTURES_SYMBOLS, SPOT_SYMBOLS } from '../../../fakes/binance/fake-symbols.js';
import { toGridUnits, gridStep } from '../../../../workers/venues/binance/decimal-units.js';
import { rawPort, type RawSink } from '../../../../workers/venues/binance/raw-records.js';
import { replayRaw, type RawRecord } from '../../../../workers/venues/binance/raw-replay.js';
import type { InstrumentSpec } from '../../../../workers/core/instrument.js';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The adapter's published stream, applied as a consumer would, checked after every book message. */
class Consumer {
  readonly books = new Map<string, OrderBook>();
  readonly violations: string[] = [];
  readonly states: string[] = [];
  /** Everything published, as it was published. */
  readonly all: Outgoing[] = [];
  publish = (message: Outgoing): void => {
    this.all.push(structuredClone(message));
    if (message.type === 'MarketDataStatus') this.states.push(message.state);
    if (message.type !== 'BookSnapshot' && message.type !== 'BookUpdate') return;
    let book = this.books.get(message.symbol);
    if (message.type === 'BookSnapshot') {
      if (book === undefined) this.books.set(message.symbol, (book = new OrderBook()));
      book.setSnapshot(message.bids, message.asks);
    } else {
      if (book === undefined) return void this.violations.push('update before any snapshot');
      book.apply(message.bids, message.asks);
    }
    const problem = book.checkInvariants();
    if (problem !== undefined) this.violations.push(problem);
  };
}

/** The raw traffic in memory, as the gateway's recorder would journal it. */
class MemoryRaw implements RawSink {
  readonly records: RawRecord[] = [];
  record(market: 'spot' | 'usdm', kind: Parameters<RawSink['record']>[1], topic: string, text: string, now: number): void {
    this.records.push({ time: now, port: rawPort(market, kind), topic, payload: Buffer.from(text) });
  }
}

/** Replays `raw` and expects exactly what the live adapter published (the gateway's core passes it all on here). */
function expectReplayed(raw: MemoryRaw, spec: InstrumentSpec, consumer: Consumer): void {
  const replay = replayRaw(raw.records, { depth: 1000 });
  expect(replay.instruments).toEqual([spec]);
  expect(replay.notes).toEqual([]);
  const stripped = replay.published.map(({ message }) => {
    const { v: _v, seq: _seq, ...rest } = message;
    return rest;
  });
  expect(stripped).toEqual(consumer.all);
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

for (const market of ['spot', 'usdm'] as const) {
  describe(`${market} adapter against the fake Binance`, () => {
    async function setup(): Promise<{ fake: FakeMarketServer; link: MarketLink; consumer: Consumer; instrument: Instrument; raw: MemoryRaw; spec: InstrumentSpec }> {
      const fake = new FakeMarketServer({ market, symbols: market === 'spot' ? SPOT_SYMBOLS : FUTURES_SYMBOLS, seed: 11 });
      await fake.start();
      cleanups.push(() => fake.stop());
      const info = (await (await fetch(`${fake.restUrl}${market === 'spot' ? '/api/v3' : '/fapi/v1'}/exchangeInfo`)).json()) as unknown;
      const [spec] = instrumentsFromExchangeInfo(market, info, ['BTCUSDT']);
      const instrument = makeInstrument(spec!);
      const consumer = new Consumer();
      const raw = new MemoryRaw();
      const link = new MarketLink({
        market, restUrl: fake.restUrl, wsUrl: fake.wsUrl, instruments: [instrument], snapshotDepth: 1000,
        reconnect: { initialMs: 20, maxMs: 200 }, silenceMs: 5_000, publish: consumer.publish, log: () => undefined, raw,
      });
      link.start();
      cleanups.push(() => link.stop());
      return { fake, link, consumer, instrument, raw, spec: spec! };
    }

    /** True when the consumer's book is exactly the fake's true book, every level. */
    function matches(fake: FakeMarketServer, consumer: Consumer, instrument: Instrument): boolean {
      const book = consumer.books.get('BTCUSDT');
      const truth = fake.books.get('BTCUSDT')!;
      if (book === undefined) return false;
      const prices = gridStep(instrument.tick);
      const qtys = gridStep(instrument.lot);
      const want = truth.depth(10_000);
      const toLevels = (side: Array<[string, string]>) => side.map(([p, q]) => [toGridUnits(p, prices), toGridUnits(q, qtys)]);
      const have = book.top(10_000);
      return JSON.stringify(have) === JSON.stringify({ bids: toLevels(want.bids), asks: toLevels(want.asks) });
    }

    async function drive(fake: FakeMarketServer, steps: number): Promise<void> {
      for (let i = 0; i < steps; i++) {
        fake.stepSymbol('BTCUSDT', 5);
        // Let the events reach the client between steps, as a real stream spreads them in time.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }

    it('builds the true book and keeps it through every kind of fault', async () => {
      const { fake, consumer, instrument, raw, spec } = await setup();
      await waitFor('a connection', () => fake.connections === 1);
      await drive(fake, 5);
      await waitFor('the first book equal to the true one', () => matches(fake, consumer, instrument));
      const faults: Fault[] = ['gap', 'duplicate', 'swap', 'off-grid', 'gap'];
      for (const fault of faults) {
        fake.inject('BTCUSDT', fault);
        await drive(fake, 8);
        await waitFor(`the true book after a ${fault}`, () => matches(fake, consumer, instrument));
      }
      expect(consumer.states.filter((s) => s === 'gap').length).toBeGreaterThanOrEqual(3);
      expect(consumer.violations).toEqual([]);
      await waitFor('the exchangeInfo recorded', () => raw.records.some((r) => r.port === rawPort(market, 'info')));
      expectReplayed(raw, spec, consumer);
    });

    it('rebuilds the book after the connection drops, and the stream goes on', async () => {
      const { fake, link, consumer, instrument, raw, spec } = await setup();
      await waitFor('a connection', () => fake.connections === 1);
      await drive(fake, 3);
      await waitFor('the first book', () => matches(fake, consumer, instrument));
      for (let round = 0; round < 2; round++) {
        fake.disconnectAll();
        await drive(fake, 3); // the market moves on while the client is away
        await waitFor('a reconnection', () => fake.connections === 1 && link.connects === round + 2);
        await drive(fake, 3);
        await waitFor('the true book after reconnecting', () => matches(fake, consumer, instrument));
      }
      expect(consumer.states).toContain('gap');
      expect(consumer.states.at(-1)).toBe('ok');
      expect(consumer.violations).toEqual([]);
      await waitFor('the exchangeInfo recorded', () => raw.records.some((r) => r.port === rawPort(market, 'info')));
      expect(raw.records.filter((r) => r.port === rawPort(market, 'down'))).toHaveLength(2);
      expectReplayed(raw, spec, consumer);
    });
  });
}
