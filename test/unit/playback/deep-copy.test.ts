import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../../workers/core/order-book.js';
import { deepCopy } from '../../../src-main/playback/deep-copy.js';

describe('deepCopy', () => {
  it('copies a class instance into an independent one of the same class', () => {
    const book = new OrderBook();
    book.setSnapshot([[100, 5], [99, 3]], [[101, 2]]);
    const copy = deepCopy(book);
    expect(copy).toBeInstanceOf(OrderBook);
    copy.apply([[100, 0]], [[101, 7]]);
    expect(book.top(5)).toEqual({ bids: [[100, 5], [99, 3]], asks: [[101, 2]] });
    expect(copy.top(5)).toEqual({ bids: [[99, 3]], asks: [[101, 7]] });
  });

  it('copies maps, sets and arrays, keeps shared objects and functions by reference, and one object reached twice stays one', () => {
    const shared = { registry: true };
    const inner = { n: 1 };
    const format = (x: number): string => String(x);
    const source = { map: new Map([['a', inner]]), set: new Set([inner]), list: [inner], shared, format };
    const copy = deepCopy(source, new Set([shared]));
    expect(copy.shared).toBe(shared);
    expect(copy.format).toBe(format);
    const copied = copy.map.get('a')!;
    expect(copied).not.toBe(inner);
    expect(copy.list[0]).toBe(copied);
    expect([...copy.set][0]).toBe(copied);
    copied.n = 2;
    expect(inner.n).toBe(1);
  });
});
