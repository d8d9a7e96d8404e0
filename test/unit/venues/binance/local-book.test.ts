import { describe, expect, it } from 'vitest';
import { LocalBook, type DiffEvent } from '../../../../workers/venues/binance/local-book.js';
import type { Level } from '../../../../workers/protocol/messages.js';

const ev = (firstId: number, lastId: number, bids: Level[] = [], asks: Level[] = [], prevLastId = -1): DiffEvent => ({ firstId, lastId, prevLastId, bids, asks });

describe('spot local book (Binance procedure)', () => {
  it('buffers events, drops those the snapshot covers, applies the straddling one and the rest', () => {
    const book = new LocalBook('spot');
    expect(book.onDiff(ev(95, 99, [[100, 1]])).kind).toBe('none');
    expect(book.onDiff(ev(100, 103, [[101, 2]])).kind).toBe('none');
    expect(book.onDiff(ev(104, 104, [], [[105, 7]]))).toEqual({ kind: 'none' });
    const { action, pending } = book.onSnapshot(101, [[99, 5]], [[105, 3]]);
    expect(action.kind).toBe('snapshot');
    // 95-99 is older than the snapshot (dropped); 100-103 straddles 102; 104 follows.
    expect(pending).toEqual([{ kind: 'update', bids: [[101, 2]], asks: [] }, { kind: 'update', bids: [], asks: [[105, 7]] }]);
    expect(book.book.top(5)).toEqual({ bids: [[101, 2], [99, 5]], asks: [[105, 7]] });
    expect(book.updateId).toBe(104);
    expect(book.onDiff(ev(105, 106, [[101, 0]])).kind).toBe('update');
    expect(book.book.bestBid()).toBe(99);
  });

  it('asks for another snapshot when the one it got is older than the first buffered event', () => {
    const book = new LocalBook('spot');
    book.onDiff(ev(200, 210));
    const { action } = book.onSnapshot(150, [[1, 1]], [[2, 1]]);
    expect(action.kind).toBe('resync');
    expect(book.isSynced).toBe(false);
    expect(book.onSnapshot(205, [[1, 1]], [[2, 1]]).action.kind).toBe('snapshot');
  });

  it('restarts on a gap and publishes nothing until the next snapshot', () => {
    const book = new LocalBook('spot');
    book.onSnapshot(10, [[5, 1]], [[6, 1]]);
    expect(book.onDiff(ev(11, 12, [[5, 2]])).kind).toBe('update');
    const gap = book.onDiff(ev(15, 16, [[5, 9]]));
    expect(gap).toMatchObject({ kind: 'resync' });
    expect((gap as { reason: string }).reason).toContain('13');
    expect(book.isSynced).toBe(false);
    expect(book.onDiff(ev(17, 17, [[5, 8]])).kind).toBe('none');
    const { action, pending } = book.onSnapshot(16, [[5, 9]], [[6, 1]]);
    expect(action.kind).toBe('snapshot');
    expect(pending).toHaveLength(1);
    expect(book.book.top(1).bids).toEqual([[5, 8]]);
  });

  it('ignores duplicates and late events wholly before the book', () => {
    const book = new LocalBook('spot');
    book.onSnapshot(10, [[5, 1]], [[6, 1]]);
    book.onDiff(ev(11, 12, [[5, 2]]));
    expect(book.onDiff(ev(11, 12, [[5, 2]])).kind).toBe('none');
    expect(book.onDiff(ev(9, 10, [[5, 99]])).kind).toBe('none');
    expect(book.book.top(1).bids).toEqual([[5, 2]]);
    expect(book.counts.dropped_old).toBe(2);
  });

  it('treats an event that arrives ahead of a missing one (out of order) as a gap', () => {
    const book = new LocalBook('spot');
    book.onSnapshot(10, [], []);
    expect(book.onDiff(ev(13, 14)).kind).toBe('resync');
  });

  it('refuses a first event that does not straddle the snapshot', () => {
    const book = new LocalBook('spot');
    book.onSnapshot(10, [], []);
    expect(book.onDiff(ev(12, 14)).kind).toBe('resync');
  });
});

describe('USD-M futures local book (Binance procedure)', () => {
  it('applies the first event with U <= lastUpdateId <= u, then follows pu', () => {
    const book = new LocalBook('usdm');
    book.onDiff(ev(90, 95, [[1, 1]], [], 80));
    book.onDiff(ev(97, 105, [[2, 1]], [], 95));
    const { action, pending } = book.onSnapshot(100, [[3, 1]], [[9, 1]]);
    expect(action.kind).toBe('snapshot');
    expect(pending).toHaveLength(1);
    expect(book.onDiff(ev(110, 120, [[4, 1]], [], 105)).kind).toBe('update');
    expect(book.book.top(5).bids).toEqual([[4, 1], [3, 1], [2, 1]]);
  });

  it('restarts when pu is not the previous u', () => {
    const book = new LocalBook('usdm');
    book.onSnapshot(100, [], []);
    expect(book.onDiff(ev(99, 101, [], [], 98)).kind).toBe('update');
    expect(book.onDiff(ev(105, 108, [], [], 103)).kind).toBe('resync');
    expect(book.isSynced).toBe(false);
  });

  it('drops a duplicate without a restart', () => {
    const book = new LocalBook('usdm');
    book.onSnapshot(100, [], []);
    book.onDiff(ev(99, 101, [[7, 1]], [], 98));
    expect(book.onDiff(ev(99, 101, [[7, 1]], [], 98)).kind).toBe('none');
    expect(book.isSynced).toBe(true);
  });

  it('refuses a snapshot older than the first buffered event', () => {
    const book = new LocalBook('usdm');
    book.onDiff(ev(200, 210, [], [], 190));
    expect(book.onSnapshot(150, [], []).action.kind).toBe('resync');
  });
});
