import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstrumentRegistry } from '../../../../workers/core/instrument.js';
import { SIM_INSTRUMENTS } from '../../../../workers/protocol/config.js';
import type { HostToRenderer, RendererToHost } from '../../../../workers/protocol/channels.js';
import { historyPath, openHistoryForWriting } from '../../../../workers/history/store/history-db.js';
import { HistoryWriter } from '../../../../workers/history/store/history-writer.js';
import { emptyBatch } from '../../../../workers/history/store/rows.js';
import { formatMicros } from '../../../../src-main/host/history-format.js';
import { HistoryQuery } from '../../../../src-main/host/history-query.js';
import { withHistory } from '../../../../src-main/host/history-api.js';
import type { HostApi } from '../../../../src-main/host-api.js';

const registry = new InstrumentRegistry(SIM_INSTRUMENTS);
const TS = Date.UTC(2026, 10, 23, 14, 5, 1) * 1000 + 123_456;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-format-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function seed(): void {
  const writer = new HistoryWriter(openHistoryForWriting(historyPath(dir)));
  writer.write({
    ...emptyBatch(),
    fills: [
      { session: 's1', ts: TS, venue: 'sim', symbol: 'BTC-USD', clientOrderId: 'ui-1', strategyId: 'manual', side: 'buy', fillId: '7-t', venueOrderId: 'v-1', price: 130_001, qty: 3, liquidity: 'taker', fee: 9_750_075, scope: 's1' },
      { session: 's1', ts: TS + 1, venue: 'sim', symbol: 'IDX-FUT', clientOrderId: 'ui-2', strategyId: 'manual', side: 'sell', fillId: '8-t', venueOrderId: 'v-2', price: 21_601, qty: 2, liquidity: 'maker', fee: -1, scope: 's1' },
    ],
    positions: [
      { session: 's1', stream: 'risk', topic: 'position.sim.IDX-FUT', seq: 1, ts: TS, venue: 'sim', symbol: 'IDX-FUT', qty: -2, cost: 43_202, realized: -3, unrealized: 5, mark: 21_599, fees: 0 },
    ],
  });
  writer.close();
}

describe('history as the terminal shows it', () => {
  it('formats prices, quantities, money and fees exactly at each instrument’s decimals', () => {
    seed();
    const query = new HistoryQuery(dir, registry);
    const fills = query.query({ kind: 'fills' });
    const byColumn = (row: string[]) => Object.fromEntries(fills.columns.map((c, i) => [c, row[i]]));
    expect(fills.rows.map(byColumn)).toEqual([
      expect.objectContaining({ Symbol: 'IDX-FUT', Price: '5400.25', Qty: '2', Fee: '-0.00000001', Fill: '8-t' }),
      expect.objectContaining({ Time: '2026-11-23T14:05:01.123456Z', Symbol: 'BTC-USD', Price: '65000.5', Qty: '0.003', Fee: '0.09750075' }),
    ]);
    // Money of the $50 index future: a tick×lot is 0.25 × 1 × 50 = $12.50.
    const positions = query.query({ kind: 'positions', symbol: 'IDX-FUT' });
    expect(Object.fromEntries(positions.columns.map((c, i) => [c, positions.rows[0]?.[i]]))).toMatchObject({
      Qty: '-2', Realized: '-37.50', Unrealized: '62.50', Mark: '5399.75',
    });
    query.close();
  });

  it('shows an empty table with the kind’s columns before the worker has created the file, and a bad day as an error', () => {
    const query = new HistoryQuery(dir, registry);
    expect(query.query({ kind: 'fills' })).toMatchObject({ rows: [], error: '', columns: expect.arrayContaining(['Price', 'Fee']) });
    seed();
    expect(query.query({ kind: 'fills', day: '23/11/2026' }).error).toMatch(/YYYY-MM-DD/);
    query.close();
  });

  it('exports more rows than one slice, all of them, newest first', async () => {
    const writer = new HistoryWriter(openHistoryForWriting(historyPath(dir)));
    const fills = Array.from({ length: 2_500 }, (_v, n) => ({
      session: 's1', ts: TS + n, venue: 'sim', symbol: 'BTC-USD', clientOrderId: `c-${n}`, strategyId: 'manual', side: 'buy',
      fillId: `${n}-t`, venueOrderId: 'v', price: 130_000 + n, qty: 1, liquidity: 'taker', fee: 0, scope: 's1',
    }));
    writer.write({ ...emptyBatch(), fills });
    writer.close();
    const { table, csv } = await new HistoryQuery(dir, registry).exportCsv({ kind: 'fills' });
    const lines = csv.split('\r\n').slice(1, -1);
    expect(table).toMatchObject({ truncated: false, error: '' });
    expect(lines).toHaveLength(2_500);
    expect(lines[0]).toContain(',2499-t,');
    expect(lines[2_499]).toContain(',65000.0,');
  });

  it('writes µs times in ISO 8601 UTC', () => {
    expect(formatMicros(TS)).toBe('2026-11-23T14:05:01.123456Z');
    expect(formatMicros(Date.UTC(2026, 0, 1) * 1000 + 7)).toBe('2026-01-01T00:00:00.000007Z');
  });

  it('answers a window’s query with its request id and hands every other command to the host', async () => {
    seed();
    const handled: RendererToHost[] = [];
    const host: HostApi = { current: () => [], subscribe: () => () => undefined, handle: (command) => void handled.push(command) };
    const api = withHistory(host, new HistoryQuery(dir, registry));
    const seen: HostToRenderer[] = [];
    const dispose = api.subscribe((message) => seen.push(message));
    api.handle({ channel: 'historyQuery', requestId: 'r-1', filter: { kind: 'fills', symbol: 'BTC-USD' } });
    api.handle({ channel: 'historyQuery', requestId: 'r-2', filter: { kind: 'fills' }, csv: true });
    api.handle({ channel: 'killSwitch' });
    expect(handled).toEqual([{ channel: 'killSwitch' }]);
    // The export answers once it has read every slice.
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[0]).toMatchObject({ channel: 'historyResult', requestId: 'r-1', table: { rows: [expect.arrayContaining(['65000.5'])] } });
    const exported = seen[1] as Extract<HostToRenderer, { channel: 'historyResult' }>;
    expect(exported).toMatchObject({ requestId: 'r-2', table: { rows: [], error: '' } });
    const csv = exported.csv!;
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv).toContain(',BTC-USD,buy,65000.5,0.003,taker,0.09750075,7-t,');
    dispose();
    api.handle({ channel: 'historyQuery', requestId: 'r-3', filter: { kind: 'fills' } });
    expect(seen).toHaveLength(2);
  });
});
