import { describe, expect, it } from 'vitest';
import type { BarView, FillRow, OrderRow } from '../../../workers/protocol/channels.js';
import { makeInstrument } from '../../../workers/core/instrument.js';
import { BarSeries } from '../../../src-renderer/src/model/bar-series.js';
import { sumDecimals } from '../../../src-renderer/src/model/money.js';
import { smaAt, smaSeries } from '../../../src-renderer/src/model/moving-average.js';
import { OrderLedger } from '../../../src-renderer/src/model/order-ledger.js';
import { prependFills, prependTrades, type TapeTrade } from '../../../src-renderer/src/model/tape.js';
import { formatFee } from '../../../src-renderer/src/format.js';
import { bucketTime, fillMarkers, formatChartPrice, scaleOf, toCandle } from '../../../src-renderer/src/chart/chart-data.js';
import { orderRow } from '../../fixtures/order-row.js';

function order(id: string, over: Partial<OrderRow> = {}): OrderRow {
  return orderRow({ clientOrderId: id, ...over });
}

function bar(start: number, close: number, over: Partial<BarView> = {}): BarView {
  return { venue: 'sim', symbol: 'BTC-USD', tf: '1s', start, open: close, high: close, low: close, close, volume: 1, closed: false, ...over };
}

describe('OrderLedger', () => {
  it('keeps working orders newest first and moves finished ones out', () => {
    const ledger = new OrderLedger();
    ledger.upsert([order('a', { updated: 1 }), order('b', { updated: 2 })]);
    expect(ledger.working().map((o) => o.clientOrderId)).toEqual(['b', 'a']);
    ledger.upsert([order('a', { state: 'filled', updated: 3 })]);
    expect(ledger.working().map((o) => o.clientOrderId)).toEqual(['b']);
    expect(ledger.finished().map((o) => o.clientOrderId)).toEqual(['a']);
  });

  it('ignores stale updates and never revives a finished order', () => {
    const ledger = new OrderLedger();
    ledger.upsert([order('a', { state: 'partially_filled', updated: 5 })]);
    expect(ledger.upsert([order('a', { state: 'accepted', updated: 4 })])).toBe(false);
    ledger.upsert([order('a', { state: 'canceled', updated: 6 })]);
    expect(ledger.upsert([order('a', { state: 'accepted', updated: 7 })])).toBe(false);
    expect(ledger.working()).toEqual([]);
  });

  it('bounds the finished orders', () => {
    const ledger = new OrderLedger(200);
    for (let i = 0; i < 1000; i += 1) ledger.upsert([order(`o${i}`, { state: 'filled', updated: i })]);
    expect(ledger.finished()).toHaveLength(200);
    expect(ledger.finished()[0]?.clientOrderId).toBe('o999');
  });
});

describe('tapes', () => {
  const trade = (id: number): TapeTrade => ({ id, venue: 'sim', symbol: 'BTC-USD', price: id, qty: 1, aggressor: 'buy', ts: id });

  it('puts the newest trade first and stays bounded', () => {
    let tape: TapeTrade[] = [];
    for (let i = 0; i < 500; i += 1) tape = prependTrades(tape, [trade(i * 2), trade(i * 2 + 1)], 200);
    expect(tape).toHaveLength(200);
    expect(tape[0]?.id).toBe(999);
    expect(tape[1]?.id).toBe(998);
  });

  it('keeps each fill once, newest first, bounded', () => {
    const fill = (id: number): FillRow => ({ fillId: `f${id}`, clientOrderId: 'a', strategyId: 'manual', venue: 'sim', symbol: 'BTC-USD', side: 'buy', price: 1, qty: 1, liquidity: 'maker', fee: 0, ts: id });
    let fills: FillRow[] = [];
    fills = prependFills(fills, [fill(1), fill(2)]);
    fills = prependFills(fills, [fill(2), fill(3)]);
    expect(fills.map((f) => f.fillId)).toEqual(['f3', 'f2', 'f1']);
    for (let i = 4; i < 1000; i += 1) fills = prependFills(fills, [fill(i)], 500);
    expect(fills).toHaveLength(500);
  });
});

describe('BarSeries', () => {
  const key = { venue: 'sim', symbol: 'BTC-USD', tf: '1s' as const };

  it('updates the last bar in place and appends new ones', () => {
    const series = new BarSeries();
    series.select(key);
    expect(series.push(bar(1_000_000, 10))).toEqual({ kind: 'bar', bar: bar(1_000_000, 10), index: 0 });
    expect(series.push(bar(1_000_000, 11))).toMatchObject({ kind: 'bar', index: 0 });
    expect(series.push(bar(2_000_000, 12))).toMatchObject({ kind: 'bar', index: 1 });
    expect(series.bars().map((b) => b.close)).toEqual([11, 12]);
  });

  it('ignores bars of another chart', () => {
    const series = new BarSeries();
    series.select(key);
    expect(series.push(bar(1, 1, { tf: '1m' }))).toEqual({ kind: 'none' });
    expect(series.push(bar(1, 1, { symbol: 'ETH-USD' }))).toEqual({ kind: 'none' });
  });

  it('merges history under live bars that came first', () => {
    const series = new BarSeries();
    series.select(key);
    series.push(bar(3_000_000, 30));
    const change = series.setHistory({ ...key, bars: [bar(1_000_000, 10), bar(2_000_000, 20), bar(3_000_000, 29)] });
    expect(change).toEqual({ kind: 'reset' });
    expect(series.bars().map((b) => b.close)).toEqual([10, 20, 30]);
  });

  it('stays bounded, trimming rarely', () => {
    const series = new BarSeries(100, 10);
    series.select(key);
    let resets = 0;
    for (let i = 1; i <= 1000; i += 1) if (series.push(bar(i * 1_000_000, i)).kind === 'reset') resets += 1;
    expect(series.bars().length).toBeLessThanOrEqual(110);
    expect(series.bars().at(-1)?.close).toBe(1000);
    expect(resets).toBeLessThan(100);
  });
});

describe('moving averages', () => {
  it('agree between the whole series and one point', () => {
    const values = [1, 2, 3, 4, 5, 6];
    expect(smaSeries(values, 3)).toEqual([
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    expect(smaAt(values, 5, 3)).toBe(5);
    expect(smaAt(values, 1, 3)).toBeUndefined();
  });
});

describe('money and chart numbers', () => {
  it('sums decimals exactly', () => {
    expect(sumDecimals(['0.10', '0.20', '-0.05'])).toBe('0.25');
    expect(sumDecimals(['1.5', '2.25', ''])).toBe('3.75');
    expect(sumDecimals([])).toBe('0');
  });

  const ETH = makeInstrument({ venue: 'sim', symbol: 'ETH-USD', base: 'ETH', quote: 'USD', tickSize: '0.01', lotSize: '0.01', minNotional: '5', multiplier: 1 });

  it('formats chart prices back exactly', () => {
    const scale = scaleOf(ETH);
    const candle = toCandle(bar(1_700_000_000_000_000, 300_001), scale);
    expect(candle.time).toBe(1_700_000_000);
    expect(formatChartPrice(ETH, scale, candle.close)).toBe('3000.01');
  });

  it('puts one fill marker per bar and side, oldest first', () => {
    expect(bucketTime(125_000_000, '1m')).toBe(120);
    const fill = (id: string, side: 'buy' | 'sell', ts: number, qty: number): FillRow => ({ fillId: id, clientOrderId: 'x', strategyId: 'm', venue: 'sim', symbol: 'ETH-USD', side, price: 1, qty, liquidity: 'taker', fee: 0, ts });
    const markers = fillMarkers([fill('c', 'sell', 200_000_000, 2), fill('a', 'buy', 61_000_000, 1), fill('b', 'buy', 119_000_000, 3)], '1m');
    expect(markers.map((m) => [m.time, m.shape, m.position, m.qty])).toEqual([
      [60, 'arrowUp', 'belowBar', 4],
      [180, 'arrowDown', 'aboveBar', 2],
    ]);
  });
});

describe('fees', () => {
  it('shows a fee in the quote currency exactly, with at least two decimals', () => {
    expect(formatFee(3_250_500)).toBe('0.032505');
    expect(formatFee(3_250_000)).toBe('0.0325');
    expect(formatFee(0)).toBe('0.00');
    expect(formatFee(-1_000_000)).toBe('-0.01');
    expect(formatFee(123_000_000_000)).toBe('1230.00');
  });
});
