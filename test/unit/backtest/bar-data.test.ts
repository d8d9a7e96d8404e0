/** Reading bars for a backtest: exact ticks, time formats, and errors that name the line. */
import { describe, expect, it } from 'vitest';
import { BarDataError, parseBacktestCsv, timeframeOf } from '../../../workers/backtest/bar-data.js';
import { parseDecimal } from '../../../workers/core/fixed-point.js';

const tick = parseDecimal('0.01');

describe('backtest bar data', () => {
  it('converts decimal prices to exact ticks and finds the common interval', () => {
    const csv = 'Close,Open,High,Low,Time\n1.23,1.20,1.25,1.19,1704067200\n1.24,1.23,1.30,1.22,1704067260\n1.25,1.24,1.26,1.20,1704067380\n1.26,1.25,1.27,1.24,1704067440\n';
    const { bars, intervalUs } = parseBacktestCsv(csv, tick, '1m');
    expect(bars.map((b) => [b.open, b.high, b.low, b.close])).toEqual([[120, 125, 119, 123], [123, 130, 122, 124], [124, 126, 120, 125], [125, 127, 124, 126]]);
    expect(intervalUs).toBe(60_000_000);
    expect(timeframeOf(intervalUs)).toBe('1m');
    expect(bars[0]).toMatchObject({ type: 'Bar', tf: '1m', start: 1_704_067_200_000_000, closed: true, volume: 0 });
  });

  it('reads epoch milliseconds and ISO 8601 times (UTC without a zone)', () => {
    const at = (time: string) => parseBacktestCsv(`time,open,high,low,close\n${time},1,1,1,1\n`, tick, '1m').bars[0]?.start;
    expect(at('1704067200000')).toBe(1_704_067_200_000_000);
    expect(at('2024-01-01T00:00:00Z')).toBe(1_704_067_200_000_000);
    expect(at('2024-01-01 00:00')).toBe(1_704_067_200_000_000);
    expect(at('2024-01-01')).toBe(1_704_067_200_000_000);
  });

  it('refuses off-grid prices, missing columns, bad ranges and times that do not increase, naming the line', () => {
    const refuse = (csv: string) => () => parseBacktestCsv(csv, tick, '1m');
    expect(refuse('time,open,high,low,close\n1,1.001,2,1,1\n')).toThrow(/line 2: open 1.001 is not a multiple of the tick size/);
    expect(refuse('time,open,high,close\n1,1,2,1\n')).toThrow(/lacks column\(s\) low/);
    expect(refuse('time,open,high,low,close\n1,1,2,1.5,1\n')).toThrow(/line 2: high\/low/);
    expect(refuse('time,open,high,low,close\n2,1,1,1,1\n1,1,1,1,1\n')).toThrow(/line 3: times must increase/);
    expect(refuse('')).toThrow(BarDataError);
  });
});
