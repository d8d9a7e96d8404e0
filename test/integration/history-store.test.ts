/**
 * The history store with the real terminal: host and workers as real processes, an order placed and filled by hand,
 * then the History query (through the host's API, as the windows send it) returns that order and fill with exact
 * prices, exports them as CSV, and still has them after the host is restarted on the same state folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillRow, HistoryFilter, HistoryTable, HostToRenderer } from '../../workers/protocol/channels.js';
import type { RunningHost } from '../../src-main/host/start-host.js';
import { formatPrice, formatQty, InstrumentRegistry } from '../../workers/core/instrument.js';
import { SIM_INSTRUMENTS } from '../../workers/protocol/config.js';
import { historyPath, openHistoryForReading } from '../../workers/history/store/history-db.js';
import { HistoryReader } from '../../workers/history/store/history-reader.js';

const DIST = new URL('../../dist/', import.meta.url);
const BTC = new InstrumentRegistry(SIM_INSTRUMENTS).get('sim', 'BTC-USD');

/** Polls `condition` every 100 ms until it holds; fails with `what` after `timeoutMs`. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let nextRequest = 0;
/** Sends a History query as a window does and resolves with the answer to it. */
function ask(host: RunningHost, filter: HistoryFilter, csv = false): Promise<{ table: HistoryTable; csv?: string }> {
  const requestId = `test-${++nextRequest}`;
  return new Promise((resolve) => {
    const dispose = host.api.subscribe((message) => {
      if (message.channel !== 'historyResult' || message.requestId !== requestId) return;
      dispose();
      resolve(message);
    });
    host.api.handle({ channel: 'historyQuery', requestId, filter, ...(csv ? { csv } : {}) });
  });
}

const cell = (table: HistoryTable, row: string[], column: string): string | undefined => row[table.columns.indexOf(column)];

describe('history store in the running terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-history-'));
  const stateDir = join(dir, 'state');
  const configFile = join(dir, 'config.json');
  let host: RunningHost | undefined;
  let fill: FillRow | undefined;

  async function start(session: string): Promise<RunningHost> {
    const { startHost } = (await import(new URL('src-main/host/start-host.js', DIST).href)) as typeof import('../../src-main/host/start-host.js');
    const { NodeSpawner } = (await import(new URL('src-main/supervisor/node-spawner.js', DIST).href)) as typeof import('../../src-main/supervisor/node-spawner.js');
    return startHost(new NodeSpawner(), ['--no-ui', '--no-journal', '--run-dir', join(dir, session), '--config', configFile, '--state-dir', stateDir]);
  }

  beforeAll(async () => {
    writeFileSync(configFile, JSON.stringify({ strategies: [] }));
    host = await start('session-1');
  });

  afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the history worker like the others, stoppable and startable', async () => {
    const running = host!;
    await waitFor('history running', () => running.summary().workers.history?.state === 'running');
    running.api.handle({ channel: 'stopWorker', name: 'history' });
    await waitFor('history stopped', () => running.summary().workers.history?.state === 'stopped');
    running.api.handle({ channel: 'startWorker', name: 'history' });
    await waitFor('history running again', () => running.summary().workers.history?.state === 'running');
  });

  it('returns a filled order and its fill with exact prices, raw in ticks and formatted at the edge', async () => {
    const running = host!;
    const fills: FillRow[] = [];
    let bookReady = false;
    running.api.subscribe((message: HostToRenderer) => {
      if (message.channel === 'fills') fills.push(...message.fills);
      if (message.channel === 'market') bookReady ||= message.books.some((b) => b.symbol === 'BTC-USD' && b.asks.length > 0);
    });
    await waitFor('a BTC book', () => bookReady);
    running.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 3, tif: 'IOC' });
    await waitFor('the fill', () => fills.some((f) => f.strategyId === 'manual'));
    fill = fills.find((f) => f.strategyId === 'manual')!;

    let table: HistoryTable | undefined;
    await waitFor('the fill in the history', async () => {
      table = (await ask(running, { kind: 'fills', symbol: 'BTC-USD', strategy: 'manual' })).table;
      return table.rows.some((row) => cell(table!, row, 'Fill') === fill!.fillId);
    });
    expect(table!.error).toBe('');
    const row = table!.rows.find((r) => cell(table!, r, 'Fill') === fill!.fillId)!;
    expect(cell(table!, row, 'Price')).toBe(formatPrice(BTC, fill.price));
    expect(cell(table!, row, 'Qty')).toBe(formatQty(BTC, fill.qty));
    expect(cell(table!, row, 'Order')).toBe(fill.clientOrderId);

    // The store itself holds integers of the tick and the lot.
    const reader = new HistoryReader(openHistoryForReading(historyPath(stateDir)));
    const [stored] = reader.query({ kind: 'fills', strategy: 'manual' }, 10).rows;
    reader.close();
    expect(stored).toMatchObject({ fillId: fill.fillId, price: fill.price, qty: 3, fee: fill.fee });

    let orders: HistoryTable | undefined;
    await waitFor('the order filled in the history', async () => {
      orders = (await ask(running, { kind: 'orders', strategy: 'manual' })).table;
      return orders.rows.some((r) => cell(orders!, r, 'State') === 'filled');
    });
    const events = orders!.rows.filter((r) => cell(orders!, r, 'Order') === fill!.clientOrderId).map((r) => cell(orders!, r, 'Event'));
    expect(events).toEqual(expect.arrayContaining(['OrderSubmitted', 'OrderAccepted', 'OrderFilled']));
    const filled = orders!.rows.find((r) => cell(orders!, r, 'Event') === 'OrderFilled')!;
    expect(cell(orders!, filled, 'Price')).toBe(formatPrice(BTC, fill.price));
  });

  it('exports the query as CSV', async () => {
    const { table, csv } = await ask(host!, { kind: 'fills', symbol: 'BTC-USD' }, true);
    const lines = csv!.split('\r\n');
    expect(lines[0]).toBe(table.columns.join(','));
    expect(lines.some((line) => line.includes(`,${formatPrice(BTC, fill!.price)},`) && line.includes(fill!.fillId))).toBe(true);
    expect(csv!.endsWith('\r\n')).toBe(true);
  });

  it('still has the order and fill after the host restarts on the same state folder', async () => {
    await host!.stop();
    host = await start('session-2');
    const { table } = await ask(host, { kind: 'fills', symbol: 'BTC-USD', strategy: 'manual' });
    const row = table.rows.find((r) => cell(table, r, 'Fill') === fill!.fillId);
    expect(row).toBeDefined();
    expect(cell(table, row!, 'Price')).toBe(formatPrice(BTC, fill!.price));
    expect(cell(table, row!, 'Session')).toBe('session-1');
    const orders = (await ask(host, { kind: 'orders', strategy: 'manual' })).table;
    expect(orders.rows.some((r) => cell(orders, r, 'Order') === fill!.clientOrderId && cell(orders, r, 'State') === 'filled')).toBe(true);
  });
});
