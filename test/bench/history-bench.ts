/**
 * The history store's speed, in one process: how many stream messages a second the history worker's core turns into
 * rows and writes (orders, fills, positions, equity samples, through its batches of 2,000 rows in one transaction
 * each, WAL mode, on a file in the temp folder), and how long the History panel's queries take on the filled file
 * (the newest 500 rows of a kind, filtered by day, instrument, strategy).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryFilter } from '../../workers/protocol/channels.js';
import type { Message } from '../../workers/protocol/messages.js';
import { HistoryCore } from '../../workers/history/history-core.js';
import { historyPath, openHistoryForReading, openHistoryForWriting } from '../../workers/history/store/history-db.js';
import { HistoryReader } from '../../workers/history/store/history-reader.js';
import { HistoryWriter } from '../../workers/history/store/history-writer.js';

export interface HistoryBenchOptions {
  /** Orders to record; each is three order events (the last a fill) and a position change: 4 messages. */
  orders: number;
  /** Times each query is run. */
  queryRounds: number;
}

export interface HistoryBenchResult {
  messages: number;
  rowsStored: number;
  messagesPerSecond: number;
  rowsPerSecond: number;
  fileMegabytes: number;
  /** Per query: median and slowest in ms over the rounds. */
  queries: Array<{ query: string; rows: number; medianMs: number; maxMs: number }>;
}

const SYMBOLS = ['BTC-USD', 'ETH-USD', 'IDX-FUT'];
const STRATEGIES = ['manual', 'sma-btc', 'sr-btc', 'rsi-eth'];
const DAY0 = Date.UTC(2026, 10, 20) * 1000;

/** The four messages of order `n`, 1.5 s apart (times in µs): 250,000 orders span four days. */
function orderMessages(n: number): Array<[string, string, Message]> {
  const symbol = SYMBOLS[n % SYMBOLS.length]!;
  const ts = DAY0 + n * 1_500_000;
  const base = { v: 2, ts, rts: ts, venue: 'sim', symbol, clientOrderId: `c-${n}`, strategyId: STRATEGIES[n % STRATEGIES.length]!, side: n % 2 === 0 ? 'buy' : 'sell' };
  const price = 130_000 + (n % 200);
  const topic = `order.sim.${symbol}`;
  return [
    ['exec', topic, { ...base, type: 'OrderSubmitted', seq: 3 * n + 1, state: 'pending_new', orderType: 'limit', price, qty: 3, tif: 'GTC' } as Message],
    ['exec', topic, { ...base, type: 'OrderAccepted', seq: 3 * n + 2, state: 'accepted', venueOrderId: `v-${n}` } as Message],
    ['exec', topic, { ...base, type: 'OrderFilled', seq: 3 * n + 3, state: 'filled', venueOrderId: `v-${n}`, fillId: `${n}-t`, price, qty: 3, filledQty: 3, leavesQty: 0, liquidity: 'taker', fee: 19_500 } as Message],
    ['risk', `position.sim.${symbol}`, { type: 'PositionChanged', v: 2, seq: n + 1, ts, rts: ts, venue: 'sim', symbol, qty: n % 7, cost: (n % 7) * price, realized: n, unrealized: 0, mark: price, fees: 19_500 * n } as Message],
  ];
}

export function runHistoryBench(options: HistoryBenchOptions, progress: (text: string) => void): HistoryBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'history-bench-'));
  try {
    const path = historyPath(dir);
    const writer = new HistoryWriter(openHistoryForWriting(path));
    const core = new HistoryCore(writer, {
      session: 'bench', sessionScopedVenues: ['sim'], equityEveryUs: 1_000_000, batchRows: 2_000, maxPendingRows: 1_000_000,
      lastParams: new Map(), onError: (error) => { throw error; },
    });
    // Messages are built before timing: the figure is the core and the store, not the generator.
    const messages: Array<[string, string, Message]> = [];
    for (let n = 0; n < options.orders; n++) messages.push(...orderMessages(n));
    progress(`history store: writing ${messages.length.toLocaleString('en-US')} messages…`);
    const started = process.hrtime.bigint();
    for (const [port, topic, message] of messages) core.onMessage(port, topic, message, message.ts);
    core.flush();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rowsStored = core.counters().stored ?? 0;
    writer.close();

    progress('history store: queries on the filled file…');
    const reader = new HistoryReader(openHistoryForReading(path));
    const filters: Array<[string, HistoryFilter]> = [
      ['orders, newest', { kind: 'orders' }],
      ['fills of one instrument', { kind: 'fills', venue: 'sim', symbol: 'BTC-USD' }],
      ['fills of one strategy on one day', { kind: 'fills', strategy: 'sr-btc', day: '2026-11-21' }],
      ['orders of one instrument on one day', { kind: 'orders', symbol: 'ETH-USD', day: '2026-11-22' }],
      ['positions of one instrument', { kind: 'positions', symbol: 'IDX-FUT' }],
    ];
    const queries = filters.map(([query, filter]) => {
      const times: number[] = [];
      let rows = 0;
      for (let round = 0; round < options.queryRounds; round++) {
        const t0 = process.hrtime.bigint();
        rows = reader.query(filter, 500).rows.length;
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      return { query, rows, medianMs: round3(times[Math.floor(times.length / 2)]!), maxMs: round3(times[times.length - 1]!) };
    });
    reader.close();
    const { size } = statSync(path);
    return {
      messages: messages.length,
      rowsStored,
      messagesPerSecond: Math.round(messages.length / seconds),
      rowsPerSecond: Math.round(rowsStored / seconds),
      fileMegabytes: Math.round(size / 1e5) / 10,
      queries,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function formatHistoryBench(result: HistoryBenchResult): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  return [
    'History store (one process, SQLite WAL, batches of 2,000 rows per transaction):',
    `  writes   ${n(result.messagesPerSecond)} messages/s → ${n(result.rowsPerSecond)} rows/s (${n(result.messages)} messages, ${n(result.rowsStored)} rows, ${result.fileMegabytes} MB)`,
    ...result.queries.map((q) => `  query    ${q.query}: median ${q.medianMs} ms, slowest ${q.maxMs} ms (${q.rows} rows)`),
  ].join('\n');
}

/** Saves the figures as `history-latest.json` in `dir`. */
export function saveHistoryBench(result: HistoryBenchResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'history-latest.json');
  writeFileSync(path, `${JSON.stringify({ savedAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  return path;
}
