/** The raw replay's check against the recorded market-data stream, on hand-made streams. */
import { describe, expect, it } from 'vitest';
import type { Level, Message } from '../../../../workers/protocol/messages.js';
import { checkRawReplay } from '../../../../workers/venues/binance/raw-book-check.js';

const TOPIC = 'book.binance.BTCUSDT';
let seq = 0;
function book(type: 'BookSnapshot' | 'BookUpdate', ts: number, bids: Level[], asks: Level[]): { topic: string; message: Message } {
  return { topic: TOPIC, message: { type, v: 1, seq: ++seq, venue: 'binance', symbol: 'BTCUSDT', bids, asks, ts, rts: ts } as Message };
}

const replayed = [
  book('BookSnapshot', 1, [[100, 5], [99, 5]], [[101, 5], [102, 5]]),
  book('BookUpdate', 2, [[100, 7]], []),
  book('BookUpdate', 3, [], [[101, 0]]),
  book('BookUpdate', 4, [[98, 1]], []),
];

describe('checkRawReplay', () => {
  it('finds a recording that joined late: updates before its first snapshot, a snapshot served between two updates', () => {
    const recorded = [
      replayed[1]!,
      book('BookSnapshot', 9, [[100, 7], [99, 5]], [[102, 5]]), // the state after ts 3, as a resync answer
      replayed[3]!,
    ];
    const check = checkRawReplay(replayed, recorded, 20);
    expect(check.identical).toBe(true);
    expect(check.books).toEqual([{ topic: TOPIC, replayed: 4, recorded: 3, matched: 3, violations: [] }]);
  });

  it('reports a recorded update the replay never published', () => {
    const recorded = [replayed[0]!, book('BookUpdate', 2, [[100, 8]], [])];
    const check = checkRawReplay(replayed, recorded, 20);
    expect(check.identical).toBe(false);
    expect(check.books[0]!.difference).toBe('recorded update 2 (ts 2) not found in the replay');
  });

  it('reports a replayed book that breaks the contract', () => {
    const crossed = [...replayed, book('BookUpdate', 5, [[103, 1]], [])];
    const check = checkRawReplay(crossed, [], 20);
    expect(check.identical).toBe(false);
    expect(check.books[0]!.violations[0]).toContain('book crossed');
  });

  it('reports a recorded trade that differs', () => {
    const trade = (price: number): { topic: string; message: Message } => ({
      topic: 'trade.binance.BTCUSDT',
      message: { type: 'Trade', v: 1, seq: 1, venue: 'binance', symbol: 'BTCUSDT', price, qty: 1, aggressor: 'buy', tradeId: 7, ts: 1, rts: 1 } as Message,
    });
    expect(checkRawReplay([trade(100)], [trade(100)], 20).trades).toEqual({ recorded: 1, matched: 1 });
    expect(checkRawReplay([trade(100)], [trade(101)], 20).trades.difference).toBe('recorded trade 7 on trade.binance.BTCUSDT differs from the replayed one');
  });
});
