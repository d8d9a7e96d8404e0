import { describe, it, expect } from 'vitest';
import { QuoteSide } from '../../../workers/core/synthetic/quote-book.js';

describe('QuoteSide', () => {
  it('keeps bids best-first by price and hands back the newest quote at a price', () => {
    const bids = new QuoteSide('buy');
    bids.add(100, 'a');
    bids.add(102, 'b');
    bids.add(101, 'c');
    bids.add(102, 'd');
    expect([bids.best(), bids.worst(), bids.size]).toEqual([102, 100, 4]);
    expect(bids.count(102)).toBe(2);
    expect(bids.newest(102)).toBe('d');
    expect(bids.popNewest(102)).toBe('d');
    expect(bids.popNewest(102)).toBe('b');
    expect(bids.popNewest(102)).toBeUndefined();
    expect([bids.best(), bids.size]).toEqual([101, 2]);
  });

  it('treats lower ask prices as better', () => {
    const asks = new QuoteSide('sell');
    asks.add(105, 'a');
    asks.add(103, 'b');
    asks.add(104, 'c');
    expect([asks.best(), asks.worst()]).toEqual([103, 105]);
    expect(asks.dropBetterThan(104)).toBe(1);
    expect(asks.best()).toBe(104);
  });

  it('forgets quotes traded through: all better than the book best, and the dead ones at it', () => {
    const bids = new QuoteSide('buy');
    for (const [price, id] of [[98, 'a'], [99, 'b'], [99, 'c'], [100, 'd'], [101, 'e']] as const) bids.add(price, id);
    expect(bids.dropBetterThan(99)).toBe(2);
    expect(bids.retainAt(99, (id) => id === 'c')).toBe(1);
    expect([bids.best(), bids.count(99), bids.newest(99), bids.size]).toEqual([99, 1, 'c', 2]);
    expect(bids.retainAt(99, () => false)).toBe(1);
    expect([bids.best(), bids.size]).toEqual([98, 1]);
    expect(bids.dropBetterThan(undefined)).toBe(1);
    expect([bids.best(), bids.worst(), bids.size]).toEqual([undefined, undefined, 0]);
  });
});
