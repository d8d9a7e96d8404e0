/**
 * Importing history: every format the importer reads, bad rows reported by line without losing the good ones,
 * millisecond and microsecond Binance times, exact decimals on an inferred or given grid, and the cache.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../../workers/core/fixed-point.js';
import { importFile } from '../../../../workers/history/import/import-file.js';
import type { BarColumns, TradeColumns } from '../../../../workers/history/import/import-types.js';
import { ImportError, readImport } from '../../../../workers/history/import/read-import.js';

const dir = mkdtempSync(join(tmpdir(), 'tt-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0_MS = 1_704_067_200_000; // 2024-01-01T00:00:00Z

function bars(result: ReturnType<typeof readImport>): BarColumns {
  expect(result.data.kind).toBe('bars');
  return result.data as BarColumns;
}

function trades(result: ReturnType<typeof readImport>): TradeColumns {
  expect(result.data.kind).toBe('trades');
  return result.data as TradeColumns;
}

describe('Binance klines', () => {
  const row = (time: number, open: string, close: string) => `${time},${open},1.50000000,0.90000000,${close},12.50000000,${time + 59_999},18.0,7,6.0,9.0,0`;

  it('reads millisecond open times as µs, prices and volumes as exact integers of the inferred grid', () => {
    const result = readImport(`${row(T0_MS, '1.00000000', '1.20000000')}\n${row(T0_MS + 60_000, '1.20000000', '1.10000000')}\n`, { name: 'BTCUSDT-1m-2024-01-01.csv' });
    expect(result.format).toBe('binance-klines');
    const data = bars(result);
    expect(Array.from(data.time.subarray(0, data.length))).toEqual([T0_MS * 1000, (T0_MS + 60_000) * 1000]);
    expect(result.tick).toEqual(parseDecimal('0.00000001'));
    expect(data.open[0]).toBe(100_000_000);
    expect(data.close[1]).toBe(110_000_000);
    expect(data.volume[0]).toBe(1_250_000_000);
    expect(result.notes).toContain('times read as milliseconds');
  });

  it('reads microsecond open times (spot files since 2025) to the same instants', () => {
    const result = readImport(`${row(T0_MS * 1000, '1.0', '1.2')}\n${row((T0_MS + 60_000) * 1000, '1.2', '1.1')}\n`, { name: 'k.csv' });
    const data = bars(result);
    expect(Array.from(data.time.subarray(0, data.length))).toEqual([T0_MS * 1000, (T0_MS + 60_000) * 1000]);
    expect(result.notes).toContain('times read as microseconds');
  });

  it('skips bad rows, counting all and naming their lines, and keeps the good ones', () => {
    const text = [
      row(T0_MS, '1.0', '1.2'),
      '1704067260000,1.2,1.5', // too few columns
      row(T0_MS + 120_000, 'abc', '1.1'),
      row(T0_MS + 180_000, '1.6', '1.1'), // open above the high
      row(T0_MS, '1.0', '1.1'), // the time of line 1 again
      row(T0_MS + 240_000, '1.1', '1.0'),
    ].join('\n');
    const result = readImport(text, { name: 'k.csv', format: 'binance-klines' });
    expect(bars(result).length).toBe(2);
    expect(result.rows).toBe(6);
    expect(result.badRows).toBe(4);
    expect(result.issues).toEqual([
      { line: 2, reason: 'expected 12 kline columns, found 3' },
      { line: 3, reason: 'open "abc" is not a decimal number' },
      { line: 4, reason: 'high/low do not contain open and close' },
      { line: 5, reason: 'times must increase (oldest first)' },
    ]);
  });

  it('refuses prices off a given tick by line, and fails when no row is usable', () => {
    expect(() => readImport(row(T0_MS, '1.005', '1.2'), { name: 'k.csv', tick: parseDecimal('0.01') })).toThrow(/line 1: open 1.005 is not a multiple of the tick size/);
    expect(() => readImport('', { name: 'k.csv' })).toThrow(ImportError);
  });
});

describe('Binance trades and aggTrades', () => {
  it('reads trades: the taker sold when the buyer was the maker', () => {
    const text = `101,0.50,2.5,1.25,${T0_MS},true,true\n102,0.51,1.0,0.51,${T0_MS + 5},false,true\n`;
    const result = readImport(text, { name: 'XRPUSDT-trades-2024-01-01.csv' });
    expect(result.format).toBe('binance-trades');
    const data = trades(result);
    expect(Array.from(data.price.subarray(0, 2))).toEqual([50, 51]);
    expect(Array.from(data.qty.subarray(0, 2))).toEqual([25, 10]);
    expect(Array.from(data.side.subarray(0, 2))).toEqual([0, 1]);
    expect(result.lot).toEqual(parseDecimal('0.1'));
  });

  it('reads aggTrades with microsecond times, and a header line if there is one', () => {
    const text = `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match\n7,0.50,3,1,2,${T0_MS * 1000},false,true\n8,0.49,1,3,3,${T0_MS * 1000 + 250},true,true\n`;
    const result = readImport(text, { name: 'agg.csv' });
    expect(result.format).toBe('binance-aggtrades');
    const data = trades(result);
    expect(Array.from(data.time.subarray(0, 2))).toEqual([T0_MS * 1000, T0_MS * 1000 + 250]);
    expect(Array.from(data.side.subarray(0, 2))).toEqual([1, 0]);
  });
});

describe('generic CSV and JSON', () => {
  it('reads bars with any column order and case, ISO times', () => {
    const text = 'Close,Date,Open,High,Low,Volume\n10.5,2024-01-01T00:00:00Z,10,11,9.5,3\n10.25,2024-01-01 00:01:00,10.5,10.75,10,4.5\n';
    const data = bars(readImport(text, { name: 'bars.csv' }));
    expect(Array.from(data.time.subarray(0, 2))).toEqual([T0_MS * 1000, (T0_MS + 60_000) * 1000]);
    expect(Array.from(data.close.subarray(0, 2))).toEqual([1050, 1025]);
    expect(Array.from(data.volume.subarray(0, 2))).toEqual([30, 45]);
  });

  it('reads trades (price, amount, side) and infers a missing side by the tick rule', () => {
    const withSide = trades(readImport('time,id,side,price,amount\n1570752011620,1,sell,0.00141342,23.0\n1570752028907,2,buy,0.00141379,581.0\n', { name: 't.csv' }));
    expect(Array.from(withSide.side.subarray(0, 2))).toEqual([0, 1]);
    const ticked = trades(readImport('timestamp,price,qty\n1,10,1\n2,11,1\n3,10,1\n4,10,1\n', { name: 't.csv' }));
    expect(Array.from(ticked.side.subarray(0, 4))).toEqual([1, 1, 0, 0]);
  });

  it('refuses a header that names neither bars nor trades', () => {
    expect(() => readImport('a,b,c\n1,2,3\n', { name: 'x.csv' })).toThrow(/names neither bars/);
  });

  it('reads JSON arrays of [time, open, high, low, close, volume] and reports bad rows by their line', () => {
    const text = `[\n  [${T0_MS}, 1.5, 1.75, 1.25, 1.5, 10],\n  [${T0_MS + 60_000}, "1.5", "x", "1.25", "1.5", "2"],\n  [${T0_MS + 120_000}, "1.5", "1.5", "1.5", "1.5", "0.5"]\n]\n`;
    const result = readImport(text, { name: 'bars.json' });
    expect(result.format).toBe('json');
    const data = bars(result);
    expect(data.length).toBe(2);
    expect(result.issues).toEqual([{ line: 3, reason: 'high "x" is not a decimal number' }]);
    expect(Array.from(data.volume.subarray(0, 2))).toEqual([100, 5]);
  });
});

describe('importFile', () => {
  it('stores a large import under the state folder and answers the next read from it, identically', () => {
    const path = join(dir, 'trades.csv');
    const lines = ['time,price,amount,side'];
    for (let i = 0; i < 200; i++) lines.push(`${T0_MS + i * 10},${(1 + (i % 7) / 100).toFixed(2)},${(i % 5) + 1}.5,${i % 2 === 0 ? 'buy' : 'sell'}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const state = join(dir, 'state');
    const first = importFile(path, { stateDir: state, cacheFrom: 0 });
    const second = importFile(path, { stateDir: state, cacheFrom: 0 });
    expect(first.cached).toBe('stored');
    expect(second.cached).toBe('hit');
    const { cached: _a, ...a } = first;
    const { cached: _b, ...b } = second;
    expect(b).toEqual(a);
    writeFileSync(path, `${lines.slice(0, 100).join('\n')}\n`);
    expect(importFile(path, { stateDir: state, cacheFrom: 0 }).cached).toBe('stored'); // new bytes, new entry
  });

  it('reads the file again when its cache entry is damaged', () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'time,price,amount\n1,10,1\n2,11,2\n');
    const state = join(dir, 'state-damaged');
    const first = importFile(path, { stateDir: state, cacheFrom: 0 });
    const entry = join(state, 'history-cache', readdirSync(join(state, 'history-cache'))[0] as string);
    writeFileSync(entry, 'tt-import v1\nnot really');
    const again = importFile(path, { stateDir: state, cacheFrom: 0 });
    expect(again.cached).toBe('stored');
    expect(Array.from((again.data as TradeColumns).price)).toEqual(Array.from((first.data as TradeColumns).price));
  });
});

describe('grids', () => {
  it('converts to a tick that is not a power of ten exactly, and refuses prices between its steps', () => {
    const result = readImport('time,price,amount\n1,100.5,1\n2,100.25,1\n3,101.0,1\n', { name: 't.csv', tick: parseDecimal('0.5') });
    expect(Array.from(trades(result).price.subarray(0, 2))).toEqual([201, 202]);
    expect(result.issues).toEqual([{ line: 3, reason: 'price 100.25 is not a multiple of the tick size' }]);
  });
});
