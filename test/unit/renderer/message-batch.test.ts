import { describe, expect, it } from 'vitest';
import type { BarView, BookView, HostToRenderer, TradeView } from '../../../workers/protocol/channels.js';
import { compactMessages, mergeMarket } from '../../../src-renderer/src/model/message-batch.js';
import { batchPerFrame, type FrameScheduler } from '../../../src-renderer/src/stores/frame-batch.js';

type Market = Extract<HostToRenderer, { channel: 'market' }>;

function book(symbol: string, bid: number): BookView {
  return { venue: 'sim', symbol, bids: [[bid, 1]], asks: [[bid + 1, 1]], ts: bid } as BookView;
}
function trade(price: number): TradeView {
  return { venue: 'sim', symbol: 'BTC-USD', price, qty: 1, aggressor: 'buy', ts: price };
}
function bar(start: number, close: number): BarView {
  return { venue: 'sim', symbol: 'BTC-USD', tf: '1s', start, open: close, high: close, low: close, close, volume: 1, closed: false };
}
function market(books: BookView[], trades: TradeView[], bars: BarView[]): Market {
  return { channel: 'market', books, trades, bars };
}

describe('mergeMarket', () => {
  it('keeps each book\'s newest state, every print in order, and each bar\'s newest state', () => {
    const merged = mergeMarket([
      market([book('BTC-USD', 10), book('ETH-USD', 5)], [trade(1)], [bar(0, 1)]),
      market([book('BTC-USD', 11)], [trade(2), trade(3)], [bar(0, 2), bar(1000, 3)]),
      market([], [trade(4)], [bar(1000, 4)]),
    ]);
    expect(merged.books.map((b) => [b.symbol, b.bids[0]![0]])).toEqual([['BTC-USD', 11], ['ETH-USD', 5]]);
    expect(merged.trades.map((t) => t.price)).toEqual([1, 2, 3, 4]);
    expect(merged.bars.map((b) => [b.start, b.close])).toEqual([[0, 2], [1000, 4]]);
  });
});

describe('compactMessages', () => {
  it('merges only consecutive market messages and keeps every other message in its place', () => {
    const log: HostToRenderer = { channel: 'log', worker: 'ui', level: 'info', text: 'x', time: 0 };
    const out = compactMessages([market([], [trade(1)], []), market([], [trade(2)], []), log, market([], [trade(3)], [])]);
    expect(out.map((m) => m.channel)).toEqual(['market', 'log', 'market']);
    expect((out[0] as Market).trades.map((t) => t.price)).toEqual([1, 2]);
  });
});

describe('batchPerFrame', () => {
  function scheduler(): FrameScheduler & { frame(): void; timer(): void } {
    let frame: (() => void) | undefined;
    let timer: (() => void) | undefined;
    return {
      requestFrame: (callback) => ((frame = callback), () => (frame = undefined)),
      setTimer: (callback) => ((timer = callback), () => (timer = undefined)),
      frame: () => frame?.(),
      timer: () => timer?.(),
    };
  }

  it('delivers what arrived since the last frame, once, in order', () => {
    const clock = scheduler();
    const batches: number[][] = [];
    const take = batchPerFrame<number>((batch) => batches.push(batch), clock);
    take(1);
    take(2);
    expect(batches).toEqual([]);
    clock.frame();
    take(3);
    clock.frame();
    clock.frame();
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('falls back to the timer when no frame comes (a hidden window)', () => {
    const clock = scheduler();
    const batches: number[][] = [];
    const take = batchPerFrame<number>((batch) => batches.push(batch), clock);
    take(1);
    clock.timer();
    clock.frame();
    expect(batches).toEqual([[1]]);
  });
});
