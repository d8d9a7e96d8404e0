/**
 * ccxt's books and trades to our messages: the first book whole, then only what changed; off-grid levels, a nonce
 * that goes back and a failed watch reported as gaps; and a crossed ccxt book flagged by the feed downstream.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import { OrderBook } from '../../../../workers/core/order-book.js';
import type { Outgoing } from '../../../../workers/core/worker-core.js';
import { FeedEngine } from '../../../../workers/feed/feed-engine.js';
import type { Message } from '../../../../workers/protocol/messages.js';
import { BookNormaliser } from '../../../../workers/venues/ccxt/book-normaliser.js';
import { gridOf } from '../../../../workers/venues/ccxt/ccxt-numbers.js';
import { NewTrades } from '../../../../workers/venues/ccxt/new-trades.js';

const instrument = makeInstrument({ venue: 'kraken', symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', lotSize: '0.001', minNotional: '5', multiplier: 1 });
const normaliser = (depth = 3) => new BookNormaliser(instrument, { price: gridOf('0.1'), amount: gridOf('0.001') }, depth);
const types = (out: Outgoing[]) => out.map((m) => (m.type === 'MarketDataStatus' ? `${m.type}:${m.state}` : m.type));

describe('ccxt book normaliser', () => {
  it('publishes the first book whole on the grid, then the changed levels only', () => {
    const n = normaliser();
    const first = n.onBook({ bids: [[100.1, 0.5], [100, 1.25]], asks: [[100.2, 0.003]], nonce: 10, timestamp: 1_700_000_000_000 }, 5);
    expect(first).toEqual([{ type: 'BookSnapshot', venue: 'kraken', symbol: 'BTC-USDT', bids: [[1001, 500], [1000, 1250]], asks: [[1002, 3]], ts: 1_700_000_000_000_000, rts: 5 }]);
    const next = n.onBook({ bids: [[100.1, 0.4], [99.9, 2]], asks: [[100.2, 0.003]], nonce: 11 }, 6);
    expect(next).toEqual([{ type: 'BookUpdate', venue: 'kraken', symbol: 'BTC-USDT', bids: [[1001, 400], [999, 2000], [1000, 0]], asks: [], ts: 6, rts: 6 }]);
    expect(n.onBook({ bids: [[100.1, 0.4], [99.9, 2]], asks: [[100.2, 0.003]], nonce: 12 }, 7)).toEqual([]);
  });

  it('keeps the top `depth` levels: one pushed out is removed, so our book equals ccxt’s top', () => {
    const n = normaliser(2);
    const book = new OrderBook();
    const apply = (out: Outgoing[]) => out.forEach((m) => (m.type === 'BookSnapshot' ? book.setSnapshot(m.bids, m.asks) : m.type === 'BookUpdate' && book.apply(m.bids, m.asks)));
    apply(n.onBook({ bids: [[100, 1], [99.9, 1], [99.8, 1]], asks: [[100.2, 1]] }, 1));
    apply(n.onBook({ bids: [[100.1, 1], [100, 1], [99.9, 1]], asks: [[100.2, 1]] }, 2));
    expect(book.top(5)).toEqual({ bids: [[1001, 1000], [1000, 1000]], asks: [[1002, 1000]] });
    expect(book.checkInvariants()).toBeUndefined();
  });

  it('reports an off-grid level as a gap, publishes nothing of it, and starts over with a snapshot', () => {
    const n = normaliser();
    n.onBook({ bids: [[100, 1]], asks: [[100.2, 1]] }, 1);
    const bad = n.onBook({ bids: [[100.05, 1]], asks: [[100.2, 1]] }, 2);
    expect(types(bad)).toEqual(['MarketDataStatus:gap']);
    expect(n.onBook({ bids: [[100.07, 1]], asks: [] }, 3)).toEqual([]);
    expect(types(n.onBook({ bids: [[100, 2]], asks: [[100.2, 1]] }, 4))).toEqual(['BookSnapshot', 'MarketDataStatus:ok']);
    expect(n.counts.off_grid).toBe(2);
  });

  it('treats a repeated nonce as a duplicate and a nonce going back as a gap and a new snapshot', () => {
    const n = normaliser();
    n.onBook({ bids: [[100, 1]], asks: [[100.2, 1]], nonce: 50 }, 1);
    expect(n.onBook({ bids: [[100, 3]], asks: [[100.2, 1]], nonce: 50 }, 2)).toEqual([]);
    const back = n.onBook({ bids: [[100, 2]], asks: [[100.2, 1]], nonce: 7 }, 3);
    expect(types(back)).toEqual(['MarketDataStatus:gap', 'BookSnapshot', 'MarketDataStatus:ok']);
    expect(back[0]).toMatchObject({ reason: 'book nonce went back from 50 to 7' });
    expect(n.counts).toMatchObject({ duplicates: 1, nonce_back: 1 });
  });

  it('reports a failed watch once, however often it fails', () => {
    const n = normaliser();
    n.onBook({ bids: [[100, 1]], asks: [[100.2, 1]] }, 1);
    expect(types(n.gap('connection closed', 2))).toEqual(['MarketDataStatus:gap']);
    expect(n.gap('connection closed', 3)).toEqual([]);
    expect(types(n.onBook({ bids: [[100, 1]], asks: [[100.2, 1]] }, 4))).toEqual(['BookSnapshot', 'MarketDataStatus:ok']);
  });

  it('maps trades with the taker’s side, counting the ones it cannot place', () => {
    const n = normaliser();
    const out = n.onTrades([
      { id: 't1', timestamp: 1000, side: 'sell', price: 100.1, amount: 0.002 },
      { id: 't2', timestamp: 1001, side: 'buy', price: 100.15, amount: 0.002 },
      { id: 't3', timestamp: 1002, side: undefined, price: 100.1, amount: 0.002 },
    ], 9);
    expect(out).toEqual([{ type: 'Trade', venue: 'kraken', symbol: 'BTC-USDT', price: 1001, qty: 2, aggressor: 'sell', tradeId: 't1', ts: 1_000_000, rts: 9 }]);
    expect(n.counts.bad_trades).toBe(2);
  });

  it('lets a crossed ccxt book through, for the feed to flag it', () => {
    const out: Array<{ topic: string; message: Outgoing }> = [];
    const feed = new FeedEngine({ instruments: [instrument], timeframes: ['1s'], depth: 10, staleAfterMs: { kraken: 1000 } }, (_p, topic, message) => out.push({ topic, message }));
    const n = normaliser();
    const send = (messages: Outgoing[], now: number) => messages.forEach((m, i) => feed.onMessage('venue-ccxt', '', { ...m, v: 2, seq: now * 10 + i } as Message, now));
    send(n.onBook({ bids: [[100, 1]], asks: [[100.2, 1]] }, 1_000_000), 1_000_000);
    send(n.onBook({ bids: [[100.2, 1], [100, 1]], asks: [[100.2, 1]] }, 1_100_000), 1_100_000);
    feed.onTimer(3_000_000);
    const states = out.filter((o) => o.topic === 'quality.kraken.BTC-USDT').map((o) => (o.message as { state: string }).state);
    expect(states).toEqual(['crossed']);
  });
});

describe('new trades', () => {
  it('lets each trade through once, by id or by its terms', () => {
    const seen = new NewTrades(3);
    expect(seen.filter([{ id: 'a', timestamp: 5 }, { id: 'b', timestamp: 6 }]).map((t) => t.id)).toEqual(['a', 'b']);
    expect(seen.filter([{ id: 'b', timestamp: 6 }, { id: 'c', timestamp: 7 }]).map((t) => t.id)).toEqual(['c']);
    expect(seen.newest).toBe(7);
    const anonymous = { timestamp: 8, price: 1, amount: 2, side: 'buy' };
    expect(seen.filter([anonymous, { ...anonymous }])).toHaveLength(1);
  });
});
