import { describe, expect, it } from 'vitest';
import { HistoryCore, type HistorySink } from '../../../../workers/history/history-core.js';
import { SCHEMA_VERSION, type Message } from '../../../../workers/protocol/messages.js';
import { batchSize, emptyBatch, type HistoryBatch } from '../../../../workers/history/store/rows.js';

const S = 1_000_000;

/** A sink that keeps what it is given, and fails while `failing`. */
class ListSink implements HistorySink {
  batches: HistoryBatch[] = [];
  failing = false;
  write(batch: HistoryBatch) {
    if (this.failing) throw new Error('disk full');
    this.batches.push(structuredClone(batch));
    return { orders: batch.orders.length, fills: batch.fills.length, positions: batch.positions.length, equity: batch.equity.length, conditions: batch.conditions.length, params: batch.params.length };
  }
  all(): HistoryBatch {
    const all = emptyBatch();
    for (const batch of this.batches) for (const key of Object.keys(all) as Array<keyof HistoryBatch>) (all[key] as unknown[]).push(...batch[key]);
    return all;
  }
}

function core(sink: HistorySink, errors: string[] = []): HistoryCore {
  return new HistoryCore(sink, {
    session: 'run-1', sessionScopedVenues: ['sim'], equityEveryUs: S, batchRows: 1000, maxPendingRows: 5,
    lastParams: new Map([['sr-btc', { params: '{"conditions":[]}', state: 'running' }]]),
    onError: (e) => errors.push(e.message),
  });
}

const position = (seq: number, ts: number, qty: number, mark: number): Message =>
  ({ type: 'PositionChanged', v: SCHEMA_VERSION, seq, ts, rts: ts, venue: 'sim', symbol: 'BTC-USD', qty, cost: qty * 130_000, realized: 0, unrealized: qty * (mark - 130_000), mark, fees: 0 }) as Message;

const status = (ts: number, params: Record<string, unknown>): Message =>
  ({ type: 'StrategyStatus', v: SCHEMA_VERSION, seq: ts, ts, rts: ts, worker: 'strategy', strategyId: 'sr-btc', kind: 'support-resistance', venue: 'sim', symbol: 'BTC-USD', state: 'running', reason: '', params, schema: '{}', position: 0 }) as Message;

describe('history core', () => {
  it('writes nothing until its tick, then the whole batch at once', () => {
    const sink = new ListSink();
    const history = core(sink);
    history.onMessage('exec', 'fill.sim.BTC-USD', {
      type: 'OrderFilled', v: SCHEMA_VERSION, seq: 4, ts: 10, rts: 10, venue: 'sim', symbol: 'BTC-USD', clientOrderId: 'ui-1', strategyId: 'manual',
      side: 'buy', state: 'filled', venueOrderId: 'BTC-USD-1', fillId: '9-t', price: 130_001, qty: 3, filledQty: 3, leavesQty: 0, liquidity: 'taker', fee: 19_500,
    } as Message, 11);
    expect(sink.batches).toEqual([]);
    history.onTimer(20);
    expect(sink.batches).toHaveLength(1);
    const [batch] = sink.batches;
    expect(batch?.orders).toMatchObject([{ stream: 'exec', seq: 4, event: 'OrderFilled', state: 'filled', price: 130_001, qty: 3, filledQty: 3 }]);
    expect(batch?.fills).toMatchObject([{ fillId: '9-t', scope: 'run-1', price: 130_001, fee: 19_500 }]);
  });

  it('keeps position changes, not mark-only updates, and samples equity at most once a second', () => {
    const sink = new ListSink();
    const history = core(sink);
    history.onMessage('risk', 'position.sim.BTC-USD', position(1, 0, 3, 130_000), 0);
    history.onMessage('risk', 'position.sim.BTC-USD', position(2, 0.3 * S, 3, 130_004), 0);
    history.onMessage('risk', 'position.sim.BTC-USD', position(3, 1.1 * S, 3, 130_008), 0);
    history.onMessage('risk', 'position.sim.BTC-USD', position(4, 1.2 * S, 5, 130_008), 0);
    history.onTimer(0);
    const all = sink.all();
    expect(all.positions.map((p) => [p.seq, p.qty])).toEqual([[1, 3], [4, 5]]);
    expect(all.equity.map((e) => [e.seq, e.unrealized])).toEqual([[1, 0], [3, 24], [4, 40]]);
  });

  it('records a strategy’s parameters only when they change, whatever the key order', () => {
    const sink = new ListSink();
    const history = core(sink);
    history.onMessage('ctl', '', status(1, { conditions: [] }), 0);
    history.onMessage('ctl', '', status(2, { conditions: [{ side: 'buy', trigger: 130_000 }] }), 0);
    history.onMessage('ctl', '', status(3, { conditions: [{ trigger: 130_000, side: 'buy' }] }), 0);
    history.onTimer(0);
    expect(sink.all().params.map((p) => [p.ts, p.params])).toEqual([[2, '{"conditions":[{"side":"buy","trigger":130000}]}']]);
  });

  it('keeps rows while the store fails, bounded, and writes them when it is back', () => {
    const sink = new ListSink();
    const errors: string[] = [];
    const history = core(sink, errors);
    sink.failing = true;
    for (let seq = 1; seq <= 7; seq++) history.onMessage('risk', 'position.sim.BTC-USD', position(seq, seq * 2 * S, seq, 130_000), 0);
    history.onTimer(0);
    expect(errors).toEqual(['disk full']);
    expect(batchSize(history.pending())).toBe(5);
    expect(history.counters()).toMatchObject({ writeErrors: 1, dropped: 9 });
    sink.failing = false;
    history.onTimer(1);
    expect(batchSize(sink.all())).toBe(5);
    expect(history.counters()).toMatchObject({ pending: 0, stored: 5 });
  });
});
