/**
 * The feed's data-quality reports: a venue's gap, a crossed or locked book, a silent stream — each published once
 * when it starts and once when it ends, and given to late joiners while it lasts.
 */
import { describe, expect, it } from 'vitest';
import { FeedEngine } from '../../../workers/feed/feed-engine.js';
import { makeInstrument } from '../../../workers/core/instrument.js';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import type { Message } from '../../../workers/protocol/messages.js';

const instrument = makeInstrument({ venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });
const base = { v: 2, seq: 1, venue: 'binance', symbol: 'BTCUSDT', ts: 1, rts: 1 };

function feed(staleAfterMs?: number) {
  const out: Array<{ topic: string; message: Outgoing }> = [];
  const engine = new FeedEngine(
    { instruments: [instrument], timeframes: ['1s'], depth: 10, staleAfterMs: staleAfterMs === undefined ? undefined : { binance: staleAfterMs } },
    (_port, topic, message) => out.push({ topic, message }),
  );
  const send = (message: Omit<Message, 'v' | 'seq' | 'ts' | 'rts' | 'venue' | 'symbol'> & Record<string, unknown>, now: number) =>
    engine.onMessage('venue-binance', '', { ...base, ...message } as Message, now);
  const qualities = () => out.filter((o) => o.topic === 'quality.binance.BTCUSDT').map((o) => (o.message as { state: string }).state);
  return { engine, out, send, qualities };
}

describe('feed data quality', () => {
  it('reports a crossed or locked book and its end', () => {
    const { send, qualities } = feed();
    send({ type: 'BookSnapshot', bids: [[100, 1]], asks: [[101, 1]] }, 10);
    expect(qualities()).toEqual([]);
    send({ type: 'BookUpdate', bids: [[101, 2]], asks: [] }, 20);
    send({ type: 'BookUpdate', bids: [[102, 2]], asks: [] }, 30);
    send({ type: 'BookUpdate', bids: [[101, 0], [102, 0]], asks: [] }, 40);
    expect(qualities()).toEqual(['crossed', 'ok']);
  });

  it('passes on the venue’s gap, withholds the old book from late joiners, and clears on the new snapshot', () => {
    const { engine, send, qualities } = feed();
    send({ type: 'BookSnapshot', bids: [[100, 1]], asks: [[101, 1]] }, 10);
    send({ type: 'MarketDataStatus', state: 'gap', reason: 'update 7 missing' }, 20);
    expect(qualities()).toEqual(['gap']);
    const late = engine.snapshot('', 25).map((s) => s.message.type);
    expect(late).toContain('MarketDataStatus');
    expect(late).not.toContain('BookSnapshot');
    send({ type: 'BookUpdate', bids: [[99, 1]], asks: [] }, 30);
    expect(qualities()).toEqual(['gap']);
    send({ type: 'BookSnapshot', bids: [[100, 2]], asks: [[101, 1]] }, 40);
    expect(qualities()).toEqual(['gap', 'ok']);
    expect(engine.snapshot('book.', 45)).toHaveLength(1);
  });

  it('turns stale after the configured silence, once, and fresh with the next data', () => {
    const { engine, send, qualities } = feed(1000);
    send({ type: 'BookSnapshot', bids: [[100, 1]], asks: [[101, 1]] }, 1_000_000);
    engine.onTimer(1_900_000);
    expect(qualities()).toEqual([]);
    engine.onTimer(2_100_000);
    engine.onTimer(3_100_000);
    expect(qualities()).toEqual(['stale']);
    send({ type: 'Trade', price: 100, qty: 1, aggressor: 'buy', tradeId: 1 }, 3_200_000);
    expect(qualities()).toEqual(['stale', 'ok']);
  });

  it('never calls a venue without a stale time stale', () => {
    const { engine, qualities } = feed();
    engine.onTimer(1);
    engine.onTimer(10_000_000_000);
    expect(qualities()).toEqual([]);
  });
});
