import { describe, it, expect } from 'vitest';
import { BarBuilder, intervalStart, timeframeMicros } from '../../../workers/core/bar-builder.js';

const S = 1_000_000;
const M = 60 * S;
/** A realistic epoch time: 2024-01-01T00:00:00Z in µs, a whole hour. */
const T0 = 1_704_067_200 * S;

describe('timeframeMicros', () => {
  it('gives each timeframe its length in µs', () => {
    expect(timeframeMicros('1s')).toBe(S);
    expect(timeframeMicros('1m')).toBe(M);
    expect(timeframeMicros('5m')).toBe(5 * M);
    expect(timeframeMicros('1h')).toBe(60 * M);
  });
});

describe('intervalStart', () => {
  it('aligns to the epoch', () => {
    expect(intervalStart(T0 + 61 * S + 5, M)).toBe(T0 + M);
    expect(intervalStart(T0 + M, M)).toBe(T0 + M);
    expect(intervalStart(T0 + M - 1, M)).toBe(T0);
  });
  it('floors negative times too', () => {
    expect(intervalStart(-1, S)).toBe(-S);
  });
});

describe('BarBuilder.onTrade', () => {
  it('opens a bar on the first trade, aligned to its interval', () => {
    const builder = new BarBuilder(['1m']);
    const out = builder.onTrade(100, 3, T0 + 7 * S);
    expect(out).toEqual([
      { tf: '1m', start: T0, open: 100, high: 100, low: 100, close: 100, volume: 3, trades: 1, closed: false },
    ]);
  });

  it('tracks open, high, low, close, volume and trade count within the interval', () => {
    const builder = new BarBuilder(['1m']);
    builder.onTrade(100, 1, T0 + 1);
    builder.onTrade(105, 2, T0 + 2 * S);
    builder.onTrade(97, 4, T0 + 3 * S);
    const [bar] = builder.onTrade(101, 1, T0 + 59 * S);
    expect(bar).toEqual({ tf: '1m', start: T0, open: 100, high: 105, low: 97, close: 101, volume: 8, trades: 4, closed: false });
  });

  it('closes the previous bar first when a trade starts a new interval', () => {
    const builder = new BarBuilder(['1m']);
    builder.onTrade(100, 1, T0);
    builder.onTrade(102, 1, T0 + 30 * S);
    const out = builder.onTrade(99, 5, T0 + M);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ start: T0, open: 100, close: 102, volume: 2, closed: true });
    expect(out[1]).toEqual({ tf: '1m', start: T0 + M, open: 99, high: 99, low: 99, close: 99, volume: 5, trades: 1, closed: false });
  });

  it('reports every timeframe, each closing independently', () => {
    const builder = new BarBuilder(['1s', '1m']);
    builder.onTrade(100, 1, T0);
    const out = builder.onTrade(101, 1, T0 + S);
    expect(out.map((bar) => [bar.tf, bar.start, bar.closed])).toEqual([
      ['1s', T0, true],
      ['1s', T0 + S, false],
      ['1m', T0, false],
    ]);
    expect(out[2]).toMatchObject({ open: 100, close: 101, volume: 2, trades: 2 });
  });

  it('leaves a gap instead of inventing bars for intervals without trades', () => {
    const builder = new BarBuilder(['1m']);
    builder.onTrade(100, 1, T0);
    const out = builder.onTrade(110, 1, T0 + 10 * M + 1);
    expect(out.map((bar) => bar.start)).toEqual([T0, T0 + 10 * M]);
  });

  it('refuses and counts a trade older than the current interval', () => {
    const builder = new BarBuilder(['1s', '1m']);
    builder.onTrade(100, 1, T0 + 2 * S);
    expect(builder.onTrade(50, 9, T0 + S)).toEqual([]);
    expect(builder.outOfOrder).toBe(1);
    const [oneSecond, oneMinute] = builder.current();
    expect(oneSecond).toMatchObject({ low: 100, volume: 1, trades: 1 });
    expect(oneMinute).toMatchObject({ low: 100, volume: 1, trades: 1 });
  });

  it('accepts a trade out of order within the current interval', () => {
    const builder = new BarBuilder(['1m']);
    builder.onTrade(100, 1, T0 + 10 * S);
    const [bar] = builder.onTrade(90, 1, T0 + 5 * S);
    expect(bar).toMatchObject({ low: 90, volume: 2 });
    expect(builder.outOfOrder).toBe(0);
  });

  it('returns copies, so later trades do not change bars already handed out', () => {
    const builder = new BarBuilder(['1m']);
    const [first] = builder.onTrade(100, 1, T0);
    builder.onTrade(120, 1, T0 + 1);
    expect(first).toMatchObject({ high: 100, volume: 1 });
  });

  it('ignores duplicate timeframes', () => {
    const builder = new BarBuilder(['1m', '1m']);
    expect(builder.onTrade(100, 1, T0)).toHaveLength(1);
  });
});

describe('BarBuilder.onTime', () => {
  it('closes bars whose interval has ended and only those', () => {
    const builder = new BarBuilder(['1s', '1m']);
    builder.onTrade(100, 2, T0 + 500);
    expect(builder.onTime(T0 + S - 1)).toEqual([]);
    const closed = builder.onTime(T0 + S);
    expect(closed).toEqual([
      { tf: '1s', start: T0, open: 100, high: 100, low: 100, close: 100, volume: 2, trades: 1, closed: true },
    ]);
    expect(builder.onTime(T0 + 2 * S)).toEqual([]);
    expect(builder.onTime(T0 + M).map((bar) => bar.tf)).toEqual(['1m']);
  });

  it('does not close a bar again when the next trade arrives', () => {
    const builder = new BarBuilder(['1s']);
    builder.onTrade(100, 1, T0);
    builder.onTime(T0 + S);
    const out = builder.onTrade(101, 1, T0 + 3 * S);
    expect(out).toEqual([
      { tf: '1s', start: T0 + 3 * S, open: 101, high: 101, low: 101, close: 101, volume: 1, trades: 1, closed: false },
    ]);
  });

  it('refuses a late trade for an interval already closed by time', () => {
    const builder = new BarBuilder(['1s']);
    builder.onTrade(100, 1, T0);
    builder.onTime(T0 + S);
    expect(builder.onTrade(99, 1, T0 + S - 1)).toEqual([]);
    expect(builder.outOfOrder).toBe(1);
  });

  it('does nothing before the first trade', () => {
    expect(new BarBuilder(['1s', '1h']).onTime(T0)).toEqual([]);
  });
});
