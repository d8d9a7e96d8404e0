import { describe, it, expect } from 'vitest';
import { BookSide, OrderBook } from '../../../workers/core/order-book.js';
import type { Level } from '../../../workers/protocol/messages.js';
import { SeededRandom } from '../../../workers/core/random.js';

describe('BookSide', () => {
  it('keeps bids best (highest) first', () => {
    const side = new BookSide('bid');
    for (const price of [100, 98, 103, 99, 101]) side.set(price, price - 90);
    expect(side.top(10)).toEqual([
      [103, 13],
      [101, 11],
      [100, 10],
      [99, 9],
      [98, 8],
    ]);
    expect(side.best()).toBe(103);
    expect(side.bestQty()).toBe(13);
    expect(side.priceAt(2)).toBe(100);
    expect(side.qtyAt(4)).toBe(8);
    expect(side.priceAt(5)).toBeUndefined();
  });

  it('keeps asks best (lowest) first', () => {
    const side = new BookSide('ask');
    for (const price of [100, 98, 103, 99, 101]) side.set(price, 1);
    expect(side.top(3).map(([price]) => price)).toEqual([98, 99, 100]);
    expect(side.isBetter(98, 99)).toBe(true);
    expect(side.isBetter(99, 98)).toBe(false);
  });

  it('updates in place and removes a level set to zero', () => {
    const side = new BookSide('ask');
    side.set(10, 5);
    side.set(11, 6);
    side.set(10, 7);
    expect(side.get(10)).toBe(7);
    side.set(10, 0);
    expect(side.get(10)).toBe(0);
    expect(side.size).toBe(1);
    side.set(42, 0); // removing an absent level is a no-op
    expect(side.top(5)).toEqual([[11, 6]]);
  });

  it('stays sorted under random updates, matching a naive model', () => {
    const rng = new SeededRandom(7);
    const side = new BookSide('bid');
    const model = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const price = rng.int(1, 200);
      const qty = rng.chance(0.3) ? 0 : rng.int(1, 50);
      side.set(price, qty);
      if (qty === 0) model.delete(price);
      else model.set(price, qty);
    }
    const expected: Level[] = [...model.entries()].sort((a, b) => b[0] - a[0]);
    expect(side.top(1000)).toEqual(expected);
    expect(side.checkInvariants()).toBeUndefined();
  });
});

describe('OrderBook', () => {
  it('is empty at first', () => {
    const book = new OrderBook();
    expect(book.bestBid()).toBeUndefined();
    expect(book.bestAsk()).toBeUndefined();
    expect(book.mid()).toBeUndefined();
    expect(book.top(5)).toEqual({ bids: [], asks: [] });
    expect(book.checkInvariants()).toBeUndefined();
  });

  it('applies absolute sizes and deletes zero levels', () => {
    const book = new OrderBook();
    book.apply(
      [
        [99, 5],
        [98, 3],
      ],
      [
        [101, 4],
        [102, 2],
      ],
    );
    expect(book.bestBid()).toBe(99);
    expect(book.bestAsk()).toBe(101);
    expect(book.mid()).toBe(100);
    book.apply([[99, 0]], [[101, 7], [100, 1]]);
    expect(book.top(2)).toEqual({
      bids: [[98, 3]],
      asks: [
        [100, 1],
        [101, 7],
      ],
    });
    expect(book.mid()).toBe(99);
  });

  it('replaces everything on a snapshot', () => {
    const book = new OrderBook();
    book.apply([[50, 1]], [[60, 1]]);
    book.setSnapshot([[70, 2]], [[72, 3], [71, 1]]);
    expect(book.top(10)).toEqual({ bids: [[70, 2]], asks: [[71, 1], [72, 3]] });
    expect(book.mid()).toBe(70.5);
  });

  it('top(n) returns at most n levels per side, best first', () => {
    const book = new OrderBook();
    book.apply(
      Array.from({ length: 10 }, (_, i): Level => [100 - i, i + 1]),
      Array.from({ length: 10 }, (_, i): Level => [101 + i, i + 1]),
    );
    const { bids, asks } = book.top(3);
    expect(bids).toEqual([
      [100, 1],
      [99, 2],
      [98, 3],
    ]);
    expect(asks).toEqual([
      [101, 1],
      [102, 2],
      [103, 3],
    ]);
    expect(book.top(0)).toEqual({ bids: [], asks: [] });
  });

  it('reports a crossed or locked book', () => {
    const book = new OrderBook();
    book.apply([[100, 1]], [[100, 1]]);
    expect(book.checkInvariants()).toMatch(/crossed/);
    book.apply([[100, 0]], []);
    expect(book.checkInvariants()).toBeUndefined();
  });
});
