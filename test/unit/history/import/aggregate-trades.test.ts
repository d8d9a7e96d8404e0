/** Trades into bars: exact epoch-aligned boundaries for any length from 1 s to 1 day. */
import { describe, expect, it } from 'vitest';
import { aggregateTrades } from '../../../../workers/history/import/aggregate-trades.js';
import type { TradeColumns } from '../../../../workers/history/import/import-types.js';
import { timeframeUs } from '../../../../workers/history/import/timeframe.js';

const DAY = 86_400_000_000;
const T0 = 1_704_067_200_000_000; // 2024-01-01T00:00:00Z in µs

function tape(rows: Array<[number, number, number]>): TradeColumns {
  return {
    kind: 'trades',
    time: Float64Array.from(rows.map((r) => r[0])),
    price: Float64Array.from(rows.map((r) => r[1])),
    qty: Float64Array.from(rows.map((r) => r[2])),
    side: new Uint8Array(rows.length),
    length: rows.length,
  };
}

describe('aggregateTrades', () => {
  it('puts a trade exactly on a boundary into the bar that starts there', () => {
    const minute = timeframeUs('1m') as number;
    const bars = aggregateTrades(tape([[T0, 10, 1], [T0 + minute - 1, 12, 2], [T0 + minute, 9, 3], [T0 + minute + 5, 11, 1]]), minute);
    expect(bars.length).toBe(2);
    expect(Array.from(bars.time)).toEqual([T0, T0 + minute]);
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0], bars.trades[0]]).toEqual([10, 12, 10, 12, 3, 2]);
    expect([bars.open[1], bars.high[1], bars.low[1], bars.close[1], bars.volume[1], bars.trades[1]]).toEqual([9, 11, 9, 11, 4, 2]);
  });

  it('aligns bars to the epoch, not to the first trade, and leaves gaps without bars', () => {
    const fifteen = timeframeUs('15s') as number;
    const bars = aggregateTrades(tape([[T0 + 7_000_000, 5, 1], [T0 + 16_000_000, 6, 1], [T0 + 61_000_000, 7, 1]]), fifteen);
    expect(Array.from(bars.time)).toEqual([T0, T0 + 15_000_000, T0 + 60_000_000]);
    const days = aggregateTrades(tape([[T0 + DAY - 1, 5, 1], [T0 + DAY, 6, 1]]), timeframeUs('1d') as number);
    expect(Array.from(days.time)).toEqual([T0, T0 + DAY]);
  });

  it('knows lengths from 1s to 1d and nothing outside', () => {
    expect(timeframeUs('1s')).toBe(1_000_000);
    expect(timeframeUs('4h')).toBe(4 * 3_600_000_000);
    expect(timeframeUs('1d')).toBe(DAY);
    expect(timeframeUs('2d')).toBeUndefined();
    expect(timeframeUs('500ms')).toBeUndefined();
  });
});
