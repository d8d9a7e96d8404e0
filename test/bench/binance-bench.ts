/**
 * `npm run bench -- --only binance`: the Binance market-data path.
 *
 * 1. Normalisation, one process, one thread: spot diff-depth frames of 20 levels (combined-stream JSON text, as
 *    Binance sends them, generated before timing by the fake exchange's book) through the real adapter — JSON
 *    decode, decimal strings to ticks and lots, the documented update-id checks, the local book, our BookUpdate —
 *    in rounds on a synced book; frames per second of the median round.
 * 2. Frame arrival to bus publication, real processes: the fake exchange on 127.0.0.1 sends 20-level frames at a
 *    steady rate over WebSocket to the real gateway process (its shell journaling every input, or not), which
 *    publishes on its ZeroMQ PUB; a subscriber in this process takes each BookUpdate's `rts` (stamped by the adapter
 *    as the frame arrived) from its receive time. The clock is `performance.timeOrigin + performance.now()` in both
 *    processes (workers/runtime/clock.ts). Percentiles are exact over every update after a warm-up. The gateway's
 *    stage probe (workers/venues/binance/gateway-probe.ts) says where the time goes inside it, up to the moment
 *    ZeroMQ has the frame; the rest is the hop to the subscriber.
 * 3. The transport floor of that last hop (binance-floor.ts): bare zeromq.js, the same payload, PUB → SUB.
 *
 * Prints the figures against the targets (≥ 100,000 frames/s, p99 < 500 µs) and saves them as
 * `bench-results/binance-<timestamp>.json` and `binance-latest.json`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zmq from 'zeromq';
import { InstrumentRegistry, makeInstrument, type InstrumentSpec } from '../../workers/core/instrument.js';
import { defaultConfig, type TerminalConfig } from '../../workers/protocol/config.js';
import { decodeFrame } from '../../workers/protocol/codec.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { BinanceAdapter } from '../../workers/venues/binance/binance-adapter.js';
import { instrumentsFromExchangeInfo } from '../../workers/venues/binance/exchange-info.js';
import { FakeBook } from '../fakes/binance/fake-book.js';
import { SPOT_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { FakeMarketServer } from '../fakes/binance/market-server.js';
import type { StageFigures } from '../../workers/runtime/stage-probe.js';
import type { Message } from '../../workers/protocol/messages.js';
import { runBinanceFloor, type FloorFigures } from './binance-floor.js';

export const BINANCE_TARGETS = { framesPerSecond: 100_000, latencyP99Us: 500 } as const;

export interface BinanceBenchResult {
  startedAt: string;
  normalise: {
    levelsPerFrame: number;
    frames: number;
    rounds: number;
    /** Frames per second of this process's CPU time (user + system), median round: the rate on one core of its own. */
    framesPerCpuSecond: number;
    /** Frames per wall-clock second, median round: what this (shared) machine gave it. */
    framesPerWallSecond: number;
    cpuRoundRates: number[];
    wallRoundRates: number[];
    published: number;
  };
  loadAverage: number[];
  /** Frame arrival → received by a subscriber on the bus; `stages`: arrival → each stage inside the gateway. */
  latency: Array<{ journal: boolean; ratePerSecond: number; samples: number; p50Us: number; p99Us: number; p999Us: number; maxUs: number; stages: StageFigures[] }>;
  /** The last hop alone: bare zeromq.js PUB → SUB, the gateway's payload. */
  floor: FloorFigures | undefined;
  verdicts: Array<{ figure: string; value: number; target: string; pass: boolean }>;
  notes: string[];
}

const DIST_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GATEWAY = join(DIST_ROOT, 'workers/venues/binance/main.js');

/** Runs the section; `quick` shortens it. */
export async function runBinanceBench(resultsDir: string, quick: boolean, progress: (text: string) => void): Promise<BinanceBenchResult> {
  const startedAt = new Date().toISOString();
  progress('binance: normalising 20-level diff-depth frames…');
  const normalise = runNormalise(quick ? 50_000 : 200_000, quick ? 3 : 7);
  const latency: BinanceBenchResult['latency'] = [];
  let sample: Message | undefined;
  for (const journal of [false, true]) {
    progress(`binance: frame arrival → bus publication through the gateway process, journal ${journal ? 'on' : 'off'}…`);
    const run = await runLatency({ journal, ratePerSecond: 1_000, warmupMs: 2_000, measureMs: quick ? 4_000 : 15_000 });
    latency.push(run.figures);
    sample ??= run.sample;
  }
  progress('binance: the transport floor of the last hop (bare zeromq.js PUB → SUB, the same payload)…');
  const floor = sample === undefined ? undefined : await runBinanceFloor(sample, { periodMs: 1, warmupMs: 2_000, measureMs: quick ? 4_000 : 15_000 });
  const verdicts = [
    { figure: 'diff-depth frames (20 levels) normalised per second, one core (CPU time)', value: normalise.framesPerCpuSecond, target: `≥ ${BINANCE_TARGETS.framesPerSecond}`, pass: normalise.framesPerCpuSecond >= BINANCE_TARGETS.framesPerSecond },
    { figure: 'diff-depth frames (20 levels) normalised per wall-clock second, this machine as it was', value: normalise.framesPerWallSecond, target: `≥ ${BINANCE_TARGETS.framesPerSecond}`, pass: normalise.framesPerWallSecond >= BINANCE_TARGETS.framesPerSecond },
    ...latency.map((l) => ({
      figure: `frame arrival → received by a subscriber on the bus, p99, journal ${l.journal ? 'on' : 'off'} (µs)`, value: l.p99Us, target: `< ${BINANCE_TARGETS.latencyP99Us}`, pass: l.p99Us < BINANCE_TARGETS.latencyP99Us,
    })),
  ];
  const result: BinanceBenchResult = {
    startedAt, normalise, latency, floor, verdicts, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    notes: [
      'Normalisation: one Node process, one thread; the frames are the fake exchange\'s spot BTCUSDT diff events with 20 level changes each (a few more when its mid moves), wrapped as a combined stream, held as strings before timing; each round replays them on a freshly synced book through BinanceAdapter.onFrame, the output handed to a counting sink.',
      'Latency: the fake exchange sends one 20-level frame per millisecond (built before timing); the gateway is the real worker process (its WebSocket side hands normalised messages to its shell in the same call, the shell validates and, with the journal on, journals them before its core republishes on the ipc:// PUB); the subscriber is this process, which also runs the fake exchange. The figure is arrival at the gateway (the adapter\'s `rts`, stamped when `ws` hands over the frame) to receipt by the subscriber; the stages are arrival to each point inside the gateway (each stage\'s own distribution, not a per-message split).',
      'Floor: a bare zeromq.js PUB in a child process sends a copy of a real encoded BookUpdate of the run (same bytes, so zero-copy as in the gateway) every millisecond, stamped just before send; the SUB in this process stamps on receipt. No WebSocket, no adapter, no shell.',
    ],
  };
  mkdirSync(resultsDir, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(join(resultsDir, `binance-${startedAt.replace(/[:.]/g, '-')}.json`), text);
  writeFileSync(join(resultsDir, 'binance-latest.json'), text);
  for (const v of verdicts) progress(`binance: ${v.figure}: ${Math.round(v.value).toLocaleString('en-US')} (target ${v.target}) ${v.pass ? 'PASS' : 'FAIL'}`);
  progress(`binance: load average at the end ${result.loadAverage.join(' ')} on ${availableParallelism()} cores`);
  for (const l of latency) {
    progress(`binance: journal ${l.journal ? 'on' : 'off'}: arrival → subscriber p50 ${l.p50Us} µs, p99 ${l.p99Us} µs, p99.9 ${l.p999Us} µs, max ${l.maxUs} µs over ${l.samples} updates`);
    for (const stage of l.stages) progress(`binance:   arrival → ${stage.stage}: p50 ${stage.p50Us} µs, p99 ${stage.p99Us} µs, p99.9 ${stage.p999Us} µs (${stage.samples})`);
  }
  if (floor !== undefined) progress(`binance: floor, bare PUB → SUB of a ${floor.payloadBytes}-byte BookUpdate: p50 ${floor.p50Us} µs, p99 ${floor.p99Us} µs, p99.9 ${floor.p999Us} µs, max ${floor.maxUs} µs over ${floor.samples}`);
  return result;
}

function runNormalise(frames: number, rounds: number): BinanceBenchResult['normalise'] {
  const spec = SPOT_SYMBOLS[0]!;
  const info = { symbols: [{ symbol: spec.symbol, baseAsset: spec.base, quoteAsset: spec.quote, filters: [
    { filterType: 'PRICE_FILTER', tickSize: spec.tickSize }, { filterType: 'LOT_SIZE', stepSize: spec.stepSize }, { filterType: 'NOTIONAL', minNotional: spec.minNotional },
  ] }] };
  const instrument = makeInstrument(instrumentsFromExchangeInfo('spot', info, [spec.symbol])[0]!);
  const book = new FakeBook(spec, false, 99);
  const start = book.depth(1000);
  const startId = book.lastUpdateId;
  const texts: string[] = [];
  for (let i = 0; i < frames; i++) texts.push(JSON.stringify({ stream: 'btcusdt@depth@100ms', data: book.step(20, 1_700_000_000_000 + i) }));
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  let published = 0;
  for (let round = 0; round < rounds + 1; round++) {
    let count = 0;
    const adapter = new BinanceAdapter('spot', [instrument], { publish: () => void count++, requestSnapshot: () => undefined }, 1000);
    adapter.onFrame(texts[0]!, 0); // buffered: the snapshot then syncs the book
    adapter.onSnapshot(spec.symbol, { lastUpdateId: startId, bids: start.bids, asks: start.asks }, 0);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 1; i < texts.length; i++) adapter.onFrame(texts[i]!, i);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (adapter.counts.resyncs > 0 || count < texts.length - 1) throw new Error(`binance bench: the adapter lost sync (${adapter.counts.resyncs} resyncs, ${count} outputs)`);
    published = count;
    // The first round warms up.
    if (round > 0) {
      wallRates.push(Math.round((texts.length - 1) / seconds));
      cpuRates.push(Math.round((texts.length - 1) / cpuSeconds));
    }
  }
  const median = (rates: number[]) => [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
  return {
    levelsPerFrame: 20, frames, rounds, framesPerCpuSecond: median(cpuRates), framesPerWallSecond: median(wallRates),
    cpuRoundRates: cpuRates, wallRoundRates: wallRates, published,
  };
}

async function runLatency(options: { journal: boolean; ratePerSecond: number; warmupMs: number; measureMs: number }): Promise<{ figures: BinanceBenchResult['latency'][number]; sample: Message | undefined }> {
  const fake = new FakeMarketServer({ market: 'spot', symbols: [SPOT_SYMBOLS[0]!], seed: 5 });
  await fake.start();
  const runDir = mkdtempSync(join(tmpdir(), 'tt-bnb-bench-'));
  let child: ChildProcess | undefined;
  const sub = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 1_000_000 });
  try {
    const info = await (await fetch(`${fake.restUrl}/api/v3/exchangeInfo`)).json();
    const specs: InstrumentSpec[] = instrumentsFromExchangeInfo('spot', info, ['BTCUSDT']);
    const base = defaultConfig(runDir);
    const config: TerminalConfig = {
      ...base, instruments: [...base.instruments, ...specs], journal: options.journal, strategies: [],
      venues: { binance: { restUrl: fake.restUrl, wsUrl: fake.wsUrl, futuresRestUrl: fake.restUrl, futuresWsUrl: fake.wsUrl, symbols: [{ symbol: 'BTCUSDT', market: 'spot', mode: 'paper' }], snapshotDepth: 1000, staleAfterMs: 5_000, reconnect: { initialMs: 100, maxMs: 1_000 } } },
    };
    const registry = new InstrumentRegistry(config.instruments);
    sub.subscribe('book.binance.');
    sub.connect(config.endpoints.binanceMd);
    const probeFile = join(runDir, 'stages.json');
    child = spawn(process.execPath, [GATEWAY], { env: { ...process.env, TERMINAL_CONFIG: JSON.stringify(config), TERMINAL_WORKER: 'binance', TERMINAL_STAGE_PROBE: probeFile }, stdio: ['ignore', 'ignore', 'inherit'] });
    const samples: number[] = [];
    let sample: Message | undefined;
    let measuring = false;
    // Any book message says the gateway is publishing (its first snapshot may predate this subscription: slow joiner).
    let books = 0;
    const reading = (async () => {
      for await (const [, payload] of sub) {
        const now = nowMicros();
        for (const message of decodeFrame(payload!, registry).messages) {
          if (message.type === 'BookSnapshot' || message.type === 'BookUpdate') books++;
          if (message.type === 'BookUpdate' && measuring) {
            samples.push(now - message.rts);
            sample ??= message;
          }
        }
      }
    })().catch(() => undefined);
    // The frames are built before timing from a twin of the fake's book (same seed, same start), so the sender in this
    // process costs only a send while the subscriber here measures.
    const twin = new FakeBook(SPOT_SYMBOLS[0]!, false, 5);
    const frameCount = Math.ceil(((options.warmupMs + options.measureMs) / 1000 + 30) * options.ratePerSecond);
    const frames: string[] = [];
    for (let i = 0; i < frameCount; i++) frames.push(JSON.stringify(twin.step(20, Date.now())));
    let next = 0;
    // The fake's book stays where it started, so the stream must start at its first event: once the gateway is there.
    const connectBy = Date.now() + 20_000;
    while (fake.connections === 0) {
      if (Date.now() > connectBy) throw new Error('binance bench: the gateway did not connect');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const period = 1000 / options.ratePerSecond;
    const timer = setInterval(() => {
      if (next < frames.length) fake.broadcast('btcusdt@depth', frames[next++]!);
    }, period);
    try {
      const deadline = Date.now() + 20_000;
      while (books === 0) {
        if (Date.now() > deadline) throw new Error('binance bench: the gateway published no book');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
      measuring = true;
      child.kill('SIGUSR2'); // the gateway's probe: start
      await new Promise((resolve) => setTimeout(resolve, options.measureMs));
      measuring = false;
      child.kill('SIGUSR2'); // stop, and write the figures
    } finally {
      clearInterval(timer);
    }
    const stages = await readWhenWritten(probeFile, 10_000);
    sub.close();
    await reading;
    const sorted = samples.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      figures: { journal: options.journal, ratePerSecond: options.ratePerSecond, samples: sorted.length, p50Us: at(0.5), p99Us: at(0.99), p999Us: at(0.999), maxUs: sorted.at(-1) ?? 0, stages },
      sample,
    };
  } finally {
    if (!sub.closed) sub.close();
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await fake.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

async function readWhenWritten(file: string, timeoutMs: number): Promise<StageFigures[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as StageFigures[];
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`binance bench: the gateway wrote no stage figures (${(error as Error).message})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
