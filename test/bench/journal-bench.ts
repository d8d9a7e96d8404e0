/**
 * `npm run bench -- --only journal`: the journal's write throughput and the replay's speed, in one process.
 *
 * Writes: ~100-byte msgpack trade messages (distinct, prepared before timing) appended through the real writer with
 * the default settings (segments, in-memory buffer, flushes), timed until `close()` has written the last byte to the
 * file; each round in a fresh folder, read back and checked afterwards. Replay: a synthetic session of the feed's
 * inputs (the simulated exchange's books and trades, and the feed's timer ticks) is journaled, then read back and fed
 * through the feed's core by the worker shell's recovery path — decoding, validation, sequence checks, core — as a
 * restart or `npm run replay` does. Prints its figures and saves them to `bench-results/journal-latest.json`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InstrumentRegistry, priceToTicks } from '../../workers/core/instrument.js';
import { encodeFrame } from '../../workers/protocol/codec.js';
import { defaultConfig, JOURNAL_DEFAULTS } from '../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message } from '../../workers/protocol/messages.js';
import { topics } from '../../workers/protocol/topics.js';
import { readJournal, type JournalRecord } from '../../workers/runtime/journal-file.js';
import { JournalWriter } from '../../workers/runtime/journal-writer.js';
import { WorkerShell } from '../../workers/runtime/worker-shell.js';
import { SIM_PORTS, SimVenueCore } from '../../workers/venues/sim/sim-venue-core.js';
import { replayableWorker } from '../../src-main/replay/worker-cores.js';

/** Journal writes per second the issue asks for. */
export const JOURNAL_TARGET_RECORDS_PER_SECOND = 1_000_000;

export interface JournalBenchOptions {
  /** Records per write round. */
  records: number;
  rounds: number;
  /** Simulated seconds of the synthetic session replayed through the feed core. */
  replaySeconds: number;
}

export interface JournalBenchResult {
  write: { records: number; meanRecordBytes: number; roundsPerSecond: number[]; medianRecordsPerSecond: number; medianMegabytesPerSecond: number };
  read: { recordsPerSecond: number };
  replay: { core: string; records: number; outputs: number; recordsPerSecond: number; readAndReplayRecordsPerSecond: number };
  pass: boolean;
  problems: string[];
}

/** Runs both parts; `progress` gets a line per step. */
export function runJournalBench(options: JournalBenchOptions, progress: (text: string) => void): JournalBenchResult {
  const root = mkdtempSync(join(tmpdir(), 'tt-journal-bench-'));
  const problems: string[] = [];
  try {
    progress(`journal: ${options.rounds} rounds of ${options.records.toLocaleString('en-US')} appends…`);
    const write = measureWrites(root, options, problems);
    progress(`journal: replaying ${options.replaySeconds} s of a synthetic session through the feed core…`);
    const { read, replay } = measureReplay(root, options.replaySeconds, problems);
    return { write, read, replay, pass: write.medianRecordsPerSecond >= JOURNAL_TARGET_RECORDS_PER_SECOND, problems };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function measureWrites(root: string, options: JournalBenchOptions, problems: string[]): JournalBenchResult['write'] {
  const records = tradeRecords(4096);
  const meanRecordBytes = records.reduce((sum, r) => sum + r.payload.length, 0) / records.length;
  const rates: number[] = [];
  let bytes = 0;
  for (let round = 0; round <= options.rounds; round++) {
    const dir = join(root, `write-${round}`);
    mkdirSync(dir);
    const writer = new JournalWriter(dir, 1, JOURNAL_DEFAULTS);
    const started = process.hrtime.bigint();
    for (let i = 0; i < options.records; i++) writer.append(records[i & 4095]!);
    writer.close();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const read = readJournal(dir);
    if (read.records.length !== options.records || read.tornBytes !== 0) problems.push(`write round ${round}: read back ${read.records.length} records, ${read.tornBytes} torn bytes`);
    bytes = writer.bytes;
    rmSync(dir, { recursive: true });
    if (round > 0) rates.push(options.records / seconds); // round 0 warms up
  }
  const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
  return {
    records: options.records,
    meanRecordBytes: Math.round(meanRecordBytes),
    roundsPerSecond: rates.map(Math.round),
    medianRecordsPerSecond: Math.round(median),
    medianMegabytesPerSecond: Math.round(((median * bytes) / options.records / 1e6) * 10) / 10,
  };
}

/** Trade messages as the feed publishes them, each encoded alone: ~100 bytes of msgpack. */
function tradeRecords(count: number): JournalRecord[] {
  const out: JournalRecord[] = [];
  const start = 1_795_000_000_000_000;
  for (let i = 0; i < count; i++) {
    const ts = start + i * 137;
    const message = {
      type: 'Trade', v: SCHEMA_VERSION, seq: i + 1, ts, rts: ts + 41, venue: 'sim', symbol: 'BTC-USD',
      price: 130_000 + ((i * 7919) % 400), qty: 1 + (i % 37), aggressor: i % 3 === 0 ? 'sell' : 'buy', tradeId: `BTC-USD-${1_000_000 + i}`,
    } as unknown as Message;
    out.push({ time: ts + 55, port: 'venue', topic: topics.trade('sim', 'BTC-USD'), payload: encodeFrame(message) });
  }
  return out;
}

function measureReplay(root: string, seconds: number, problems: string[]): Pick<JournalBenchResult, 'read' | 'replay'> {
  const config = defaultConfig(root);
  const registry = new InstrumentRegistry(config.instruments);
  const dir = join(root, 'feed.jnl');
  mkdirSync(dir);
  const writer = new JournalWriter(dir, 1, JOURNAL_DEFAULTS);
  recordFeedInputs(config, registry, seconds, (record) => writer.append(record));
  writer.close();
  const readStarted = process.hrtime.bigint();
  const { records } = readJournal(dir);
  const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
  const spec = replayableWorker('feed', config, registry)!;
  let outputs = 0;
  const title = process.title;
  const shell = new WorkerShell({
    worker: 'feed', runDir: root, ctlEndpoint: '', ports: spec.ports, timerMs: 0, heartbeatMs: 0, validation: registry, journal: false,
    makeCore: (emit) => spec.makeCore((port, topic, message) => {
      emit(port, topic, message);
      outputs += 1;
    }),
  });
  process.title = title;
  const started = process.hrtime.bigint();
  shell.replayInputs(records);
  const replaySeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (outputs === 0) problems.push('replay: the feed core produced nothing from the synthetic session');
  return {
    read: { recordsPerSecond: Math.round(records.length / readSeconds) },
    replay: {
      core: 'feed',
      records: records.length,
      outputs,
      recordsPerSecond: Math.round(records.length / replaySeconds),
      readAndReplayRecordsPerSecond: Math.round(records.length / (readSeconds + replaySeconds)),
    },
  };
}

/** The feed's inputs of a session on the simulated exchange: its market data as frames, and a timer tick every 50 ms. */
function recordFeedInputs(config: ReturnType<typeof defaultConfig>, registry: InstrumentRegistry, seconds: number, append: (record: JournalRecord) => void): void {
  const instruments = registry.all().filter((i) => i.venue === 'sim');
  const startPrices = Object.fromEntries(instruments.map((i) => [i.symbol, priceToTicks(i, config.sim.startPrices[i.symbol] ?? '100') ?? 1000]));
  const seqs = new Map<string, number>();
  let now = 1_795_000_000_000_000;
  const sim = new SimVenueCore(
    { venue: 'sim', instruments, startPrices, seed: 7, ratePerSecond: 2_000, depth: config.sim.depth, touchSizes: {}, orderLatencyUs: 0, mdLatencyUs: 0 },
    (port, topic, outgoing) => {
      if (port !== SIM_PORTS.md) return;
      const message = outgoing as Message;
      const seq = (seqs.get(topic) ?? 0) + 1;
      seqs.set(topic, seq);
      message.v = SCHEMA_VERSION;
      message.seq = seq;
      append({ time: now + 40, port: 'venue', topic, payload: encodeFrame(message) });
    },
  );
  const end = now + seconds * 1_000_000;
  for (; now < end; now += 1_000) {
    sim.onTimer(now);
    if (now % 50_000 === 0) append({ time: now + 1, port: '@timer', topic: '', payload: new Uint8Array(0) });
  }
}

/** The section's lines for the bench's printout. */
export function formatJournalBench(result: JournalBenchResult): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  return [
    'Journal (one process):',
    `  writes   ${n(result.write.medianRecordsPerSecond)} records/s (${result.write.medianMegabytesPerSecond} MB/s, ~${result.write.meanRecordBytes}-byte payloads; target ≥ ${n(JOURNAL_TARGET_RECORDS_PER_SECOND)}) ${result.pass ? 'PASS' : 'MISS'}`,
    `  reads    ${n(result.read.recordsPerSecond)} records/s`,
    `  replay   ${n(result.replay.recordsPerSecond)} records/s through the ${result.replay.core} core (${n(result.replay.records)} inputs → ${n(result.replay.outputs)} outputs; with reading ${n(result.replay.readAndReplayRecordsPerSecond)}/s)`,
    ...result.problems.map((p) => `  problem: ${p}`),
  ].join('\n');
}

/** Saves the figures as `journal-latest.json` in `dir`. */
export function saveJournalBench(result: JournalBenchResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'journal-latest.json');
  writeFileSync(path, `${JSON.stringify({ savedAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  return path;
}
