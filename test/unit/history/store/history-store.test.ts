import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordBacktestRun } from '../../../../workers/history/store/backtest-runs.js';
import { historyPath, openHistoryForReading, openHistoryForWriting } from '../../../../workers/history/store/history-db.js';
import { HistoryReader } from '../../../../workers/history/store/history-reader.js';
import { HistoryWriter } from '../../../../workers/history/store/history-writer.js';
import { dayRange } from '../../../../workers/history/store/query-plan.js';
import { emptyBatch, type FillRecord, type OrderEventRecord } from '../../../../workers/history/store/rows.js';

const DAY1 = Date.UTC(2026, 10, 22, 10) * 1000;
const DAY2 = Date.UTC(2026, 10, 23, 10) * 1000;

function fill(overrides: Partial<FillRecord> = {}): FillRecord {
  return {
    session: 's1', ts: DAY2, venue: 'sim', symbol: 'BTC-USD', clientOrderId: 'ui-1', strategyId: 'manual', side: 'buy',
    fillId: '17-t', venueOrderId: 'BTC-USD-3', price: 130_001, qty: 3, liquidity: 'taker', fee: 9_750_075, scope: 's1',
    ...overrides,
  };
}

function order(overrides: Partial<OrderEventRecord> = {}): OrderEventRecord {
  return {
    session: 's1', stream: 'exec', topic: 'order.sim.BTC-USD', seq: 1, ts: DAY2, venue: 'sim', symbol: 'BTC-USD',
    clientOrderId: 'ui-1', strategyId: 'manual', side: 'buy', event: 'OrderSubmitted', state: 'pending_new',
    orderType: 'limit', tif: 'GTC', price: 130_001, qty: 3, stopPrice: null, filledQty: null, leavesQty: null,
    reason: '', rule: '', limitValue: null, value: null,
    ...overrides,
  };
}

let dir: string;
let writer: HistoryWriter;
let reader: HistoryReader;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-store-'));
  writer = new HistoryWriter(openHistoryForWriting(historyPath(dir)));
  reader = new HistoryReader(openHistoryForReading(historyPath(dir)));
});
afterEach(() => {
  reader.close();
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history store', () => {
  it('stores a fill once however often it is reported, per venue fill id and scope', () => {
    const first = writer.write({ ...emptyBatch(), fills: [fill(), fill()] });
    const again = writer.write({ ...emptyBatch(), fills: [fill({ ts: DAY2 + 5 })] });
    // The simulated exchange numbers trades from 1 each session: the same id in another session is another fill.
    const nextSession = writer.write({ ...emptyBatch(), fills: [fill({ session: 's2', scope: 's2' })] });
    expect([first.fills, again.fills, nextSession.fills]).toEqual([1, 0, 1]);
    expect(reader.query({ kind: 'fills' }, 10).rows.map((r) => [r.session, r.fillId, r.price, r.qty, r.fee])).toEqual([
      ['s2', '17-t', 130_001, 3, 9_750_075],
      ['s1', '17-t', 130_001, 3, 9_750_075],
    ]);
  });

  it('stores an order event once per stream, topic and sequence number (a resent stream adds nothing)', () => {
    const batch = { ...emptyBatch(), orders: [order(), order({ seq: 2, event: 'OrderAccepted', state: 'accepted' })] };
    expect(writer.write(batch).orders).toBe(2);
    expect(writer.write(batch).orders).toBe(0);
    // Risk's stream has its own sequence on the same topic.
    expect(writer.write({ ...emptyBatch(), orders: [order({ stream: 'risk', seq: 1, event: 'OrderDenied', state: 'rejected' })] }).orders).toBe(1);
    expect(reader.query({ kind: 'orders' }, 10).rows).toHaveLength(3);
  });

  it('keeps a denial with its rule and the numbers, and a rejection with its reason', () => {
    writer.write({
      ...emptyBatch(),
      orders: [
        order({ stream: 'risk', seq: 1, clientOrderId: 'ui-2', event: 'OrderDenied', state: 'rejected', rule: 'max_order_qty', reason: 'quantity 12 above 10', limitValue: 10, value: 12 }),
        order({ seq: 7, ts: DAY2 + 1, clientOrderId: 'ui-3', event: 'OrderRejected', state: 'rejected', reason: 'no liquidity: the ask side is empty' }),
      ],
    });
    const rows = reader.query({ kind: 'orders' }, 10).rows;
    expect(rows.map((r) => [r.clientOrderId, r.event, r.rule, r.limitValue, r.value, r.reason])).toEqual([
      ['ui-3', 'OrderRejected', '', null, null, 'no liquidity: the ask side is empty'],
      ['ui-2', 'OrderDenied', 'max_order_qty', 10, 12, 'quantity 12 above 10'],
    ]);
  });

  it('filters by UTC day, instrument and strategy, newest first, and says when it cut the result', () => {
    writer.write({
      ...emptyBatch(),
      fills: [
        fill({ fillId: 'a', ts: DAY1 }),
        fill({ fillId: 'b', ts: DAY2, symbol: 'ETH-USD' }),
        fill({ fillId: 'c', ts: DAY2 + 1, strategyId: 'sma-btc' }),
        fill({ fillId: 'd', ts: DAY2 + 2 }),
      ],
    });
    const ids = (filter: Parameters<HistoryReader['query']>[0], limit = 10) => reader.query(filter, limit).rows.map((r) => r.fillId);
    expect(ids({ kind: 'fills' })).toEqual(['d', 'c', 'b', 'a']);
    expect(ids({ kind: 'fills', day: '2026-11-22' })).toEqual(['a']);
    expect(ids({ kind: 'fills', day: '2026-11-23', symbol: 'BTC-USD' })).toEqual(['d', 'c']);
    expect(ids({ kind: 'fills', strategy: 'sma-btc' })).toEqual(['c']);
    expect(ids({ kind: 'fills', venue: 'other' })).toEqual([]);
    expect(reader.query({ kind: 'fills' }, 2)).toMatchObject({ truncated: true, rows: [{ fillId: 'd' }, { fillId: 'c' }] });
    expect(reader.query({ kind: 'fills' }, 4).truncated).toBe(false);
  });

  it('refuses a day that is not a date', () => {
    expect(() => reader.query({ kind: 'fills', day: '2026-02-30' }, 10)).toThrow(/YYYY-MM-DD/);
    expect(() => reader.query({ kind: 'fills', day: "1' OR 1=1" }, 10)).toThrow(/YYYY-MM-DD/);
    expect(dayRange('2026-11-23')).toEqual([Date.UTC(2026, 10, 23) * 1000, Date.UTC(2026, 10, 24) * 1000]);
  });

  it('treats filter values as values, never as SQL', () => {
    writer.write({ ...emptyBatch(), fills: [fill()] });
    expect(reader.query({ kind: 'fills', symbol: "BTC-USD' OR '1'='1" }, 10).rows).toEqual([]);
    expect(reader.query({ kind: 'fills', symbol: 'BTC-USD' }, 10).rows).toHaveLength(1);
  });

  it('records a backtest run for the backtester, listed by strategy', () => {
    const id = recordBacktestRun(dir, {
      createdAt: DAY2,
      strategy: 'sma-cross',
      venue: 'sim',
      symbol: 'BTC-USD',
      data: 'bars.csv',
      params: { fast: 10, slow: 30 },
      settings: { fill: 'next-open', feeBps: 5 },
      stats: { totalReturn: '0.12', trades: 14 },
    });
    expect(id).toBe(1);
    const [run] = reader.query({ kind: 'backtests', strategy: 'sma-cross' }, 10).rows;
    expect(run).toMatchObject({ id: 1, ts: DAY2, strategy: 'sma-cross', data: 'bars.csv' });
    expect(JSON.parse(String(run?.stats))).toEqual({ totalReturn: '0.12', trades: 14 });
    expect(reader.query({ kind: 'backtests', strategy: 'rsi-reversion' }, 10).rows).toEqual([]);
  });

  it('remembers each strategy’s last parameters across a reopen', () => {
    writer.write({
      ...emptyBatch(),
      params: [
        { session: 's1', ts: 1, strategyId: 'sma-btc', kind: 'sma-cross', venue: 'sim', symbol: 'BTC-USD', state: 'running', params: '{"fast":2}' },
        { session: 's1', ts: 2, strategyId: 'sma-btc', kind: 'sma-cross', venue: 'sim', symbol: 'BTC-USD', state: 'running', params: '{"fast":3}' },
      ],
    });
    writer.close();
    writer = new HistoryWriter(openHistoryForWriting(historyPath(dir)));
    expect(writer.lastParams().get('sma-btc')).toEqual({ params: '{"fast":3}', state: 'running' });
  });
});
