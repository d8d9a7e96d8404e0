import { describe, it, expect } from 'vitest';
import { PositionBook, type PositionFill } from '../../../workers/core/positions.js';

const KEY = 'sim:BTC-USD';
let nextId = 0;
function fill(side: PositionFill['side'], qty: number, price: number, key = KEY): PositionFill {
  nextId += 1;
  return { key, side, qty, price, fillId: `f${nextId}` };
}

describe('PositionBook FIFO', () => {
  it('adds lots in the same direction and closes them oldest first', () => {
    const book = new PositionBook();
    book.applyFill(fill('buy', 2, 100));
    book.applyFill(fill('buy', 3, 110));
    book.applyFill(fill('buy', 1, 120));
    expect(book.get(KEY)).toMatchObject({ qty: 6, cost: 650, realized: 0 });

    // Closes 2@100 (+60) and 2 of the 3@110 (+40).
    book.applyFill(fill('sell', 4, 130));
    expect(book.get(KEY)).toMatchObject({ qty: 2, cost: 230, realized: 100 });
    expect(book.openLots(KEY)).toEqual([
      { price: 110, qty: 1 },
      { price: 120, qty: 1 },
    ]);
  });

  it('flips long to short: the remainder opens a short lot at the fill price', () => {
    const book = new PositionBook();
    book.applyFill(fill('buy', 1, 110));
    book.applyFill(fill('buy', 1, 120));
    book.applyFill(fill('sell', 5, 100)); // closes 1@110 (−10) and 1@120 (−20), opens short 3@100
    expect(book.get(KEY)).toMatchObject({ qty: -3, cost: 300, realized: -30 });
    expect(book.openLots(KEY)).toEqual([{ price: 100, qty: 3 }]);
  });

  it('computes short P&L reversed: profit when the price falls', () => {
    const book = new PositionBook();
    book.applyFill(fill('sell', 4, 200));
    book.applyFill(fill('sell', 2, 210));
    book.applyFill(fill('buy', 3, 190)); // 3 of 4@200: +30
    expect(book.get(KEY)).toMatchObject({ qty: -3, cost: 620, realized: 30 });
    book.applyFill(fill('buy', 3, 215)); // 1@200: −15, 2@210: −10
    expect(book.get(KEY)).toMatchObject({ qty: 0, cost: 0, realized: 5, unrealized: 0 });
    expect(book.openLots(KEY)).toEqual([]);
  });

  it('closes in FIFO order across many lots and partial exits', () => {
    const book = new PositionBook();
    for (let i = 0; i < 40; i += 1) book.applyFill(fill('buy', 1, 100 + i));
    for (let i = 0; i < 30; i += 1) book.applyFill(fill('sell', 1, 200));
    // Exits took the lots at 100..129: Σ(200 − (100 + i)) for i < 30 = 3000 − 435.
    expect(book.get(KEY)).toMatchObject({ qty: 10, realized: 2565 });
    expect(book.openLots(KEY).map((lot) => lot.price)).toEqual([130, 131, 132, 133, 134, 135, 136, 137, 138, 139]);
    expect(book.get(KEY).cost).toBe(1345);
  });

  it('keeps instruments apart', () => {
    const book = new PositionBook();
    book.applyFill(fill('buy', 2, 100, 'sim:A'));
    book.applyFill(fill('sell', 1, 50, 'sim:B'));
    expect(book.get('sim:A').qty).toBe(2);
    expect(book.get('sim:B').qty).toBe(-1);
    expect(book.keys().sort()).toEqual(['sim:A', 'sim:B']);
  });

  it('stays exact over many small round trips', () => {
    const book = new PositionBook();
    for (let i = 0; i < 500; i += 1) {
      book.applyFill(fill('buy', 3, 1000 + i));
      book.applyFill(fill('sell', 3, 1001 + i));
    }
    expect(book.get(KEY)).toMatchObject({ qty: 0, cost: 0, realized: 1500 });
  });
});

describe('PositionBook fill dedupe', () => {
  it('ignores a fill id applied before and changes nothing', () => {
    const book = new PositionBook();
    const first: PositionFill = { key: KEY, side: 'buy', qty: 2, price: 100, fillId: 'dup' };
    expect(book.applyFill(first)).toBe(true);
    expect(book.applyFill(first)).toBe(false);
    expect(book.applyFill({ ...first, side: 'sell', price: 999 })).toBe(false);
    expect(book.get(KEY)).toMatchObject({ qty: 2, cost: 200, realized: 0 });
  });

  it('treats the same fill id on another instrument as another fill', () => {
    const book = new PositionBook();
    expect(book.applyFill({ key: 'sim:A', side: 'buy', qty: 1, price: 10, fillId: '1' })).toBe(true);
    expect(book.applyFill({ key: 'sim:B', side: 'buy', qty: 1, price: 10, fillId: '1' })).toBe(true);
  });

  it('refuses a fill with a non-positive or fractional quantity', () => {
    const book = new PositionBook();
    expect(() => book.applyFill(fill('buy', 0, 100))).toThrow(RangeError);
    expect(() => book.applyFill(fill('buy', 1.5, 100))).toThrow(RangeError);
    expect(book.keys()).toEqual([]);
  });
});

describe('PositionBook unrealised P&L', () => {
  it('is zero with mark 0 until a mark is set', () => {
    const book = new PositionBook();
    book.applyFill(fill('buy', 2, 100));
    expect(book.get(KEY)).toEqual({ qty: 2, cost: 200, realized: 0, unrealized: 0, mark: 0, fees: 0 });
  });

  it('values a long at mark×qty − cost', () => {
    const book = new PositionBook();
    book.applyFill(fill('buy', 2, 100));
    book.applyFill(fill('buy', 1, 130));
    book.mark(KEY, 125);
    expect(book.get(KEY)).toEqual({ qty: 3, cost: 330, realized: 0, unrealized: 45, mark: 125, fees: 0 });
    book.mark(KEY, 90);
    expect(book.get(KEY).unrealized).toBe(-60);
  });

  it('values a short at cost − mark×|qty|', () => {
    const book = new PositionBook();
    book.applyFill(fill('sell', 3, 100));
    book.mark(KEY, 90);
    expect(book.get(KEY)).toMatchObject({ qty: -3, cost: 300, unrealized: 30, mark: 90 });
    book.mark(KEY, 110);
    expect(book.get(KEY).unrealized).toBe(-30);
  });

  it('keeps realised and unrealised apart after a partial close', () => {
    const book = new PositionBook();
    book.applyFill(fill('buy', 4, 100));
    book.applyFill(fill('sell', 1, 120));
    book.mark(KEY, 110);
    expect(book.get(KEY)).toMatchObject({ qty: 3, cost: 300, realized: 20, unrealized: 30 });
  });

  it('keeps a mark for an instrument without fills but does not list it', () => {
    const book = new PositionBook();
    book.mark('sim:ETH-USD', 50);
    expect(book.get('sim:ETH-USD')).toEqual({ qty: 0, cost: 0, realized: 0, unrealized: 0, mark: 50, fees: 0 });
    expect(book.keys()).toEqual([]);
  });
});

describe('PositionBook fees', () => {
  it('adds up fees and rebates per instrument, once per fill id', () => {
    const book = new PositionBook();
    book.applyFill({ key: 'sim:BTC-USD', side: 'buy', price: 100, qty: 2, fillId: 'f1', fee: 500 });
    book.applyFill({ key: 'sim:BTC-USD', side: 'sell', price: 101, qty: 2, fillId: 'f2', fee: -120 });
    book.applyFill({ key: 'sim:BTC-USD', side: 'sell', price: 101, qty: 2, fillId: 'f2', fee: -120 });
    expect(book.get('sim:BTC-USD')).toMatchObject({ qty: 0, realized: 2, fees: 380 });
  });
});

describe('PositionBook average cost', () => {
  const fill = (side: 'buy' | 'sell', price: number, qty: number, n: number) => ({ key: 'k', side, price, qty, fillId: `f${n}` });

  it('measures an exit against the average entry, where FIFO uses the oldest', () => {
    const fifo = new PositionBook('fifo');
    const average = new PositionBook('average');
    for (const book of [fifo, average]) {
      book.applyFill(fill('buy', 100, 1, 1));
      book.applyFill(fill('buy', 110, 1, 2));
      book.applyFill(fill('sell', 120, 1, 3));
    }
    expect(fifo.get('k')).toMatchObject({ qty: 1, cost: 110, realized: 20 });
    expect(average.get('k')).toMatchObject({ qty: 1, cost: 105, realized: 15 });
  });

  it('rounds each exit’s share of the cost and is exact once flat, however the exits are split', () => {
    const book = new PositionBook('average');
    book.applyFill(fill('buy', 100, 3, 1));
    book.applyFill(fill('buy', 101, 1, 2)); // cost 401 for 4: average 100.25
    book.applyFill(fill('sell', 102, 1, 3));
    expect(book.get('k')).toMatchObject({ qty: 3, realized: 2 }); // share 100 of 401
    book.applyFill(fill('sell', 102, 3, 4));
    expect(book.get('k')).toMatchObject({ qty: 0, cost: 0, realized: 408 - 401 });
  });

  it('flips through zero: the rest opens a position at the fill price', () => {
    const book = new PositionBook('average');
    book.applyFill(fill('sell', 200, 2, 1));
    book.applyFill(fill('buy', 190, 5, 2));
    expect(book.get('k')).toMatchObject({ qty: 3, cost: 570, realized: 20 });
  });
});
