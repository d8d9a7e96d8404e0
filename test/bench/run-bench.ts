/**
 * `npm run bench`: measures, in one process, the pre-trade checks' latency per order, the technical indicators' update cost and the simulated venue's core (L2 updates and order operations per second,
 * the synthetic flow's highest event rate); then, on the real processes and sockets, (a) tick-to-order latency at 10,000 events/s with
 * the journal off and on, next to the transport floor (bare zeromq.js in the same shape, no terminal code), and (b) the highest event rate the feed sustains into the strategy worker with nothing
 * lost; prints each figure next to its target and saves the report as JSON under `bench-results/`.
 *
 * Exit code: 0 when the bench ran (missed targets are figures, not failures); 1 when the bench itself broke (a
 * worker would not start, the codec check failed, an exception); 2 when it ran but something makes its figures
 * doubtful (a worker restarted or failed during a run, execution's counters could not be reproduced).
 *
 * Options: `--only risk|indicators|venue|backtest|journal|history|latency|throughput|strategies|renderer`, `--profile` (CPU-profile a rung at the target rate even if it passes),
 * `--quick` (short runs, to check the bench itself).
 */
import { rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCodec } from '../fixtures/codec-equivalence.js';
import { runThroughput, type Rung, type ThroughputResult } from './feed-throughput.js';
import { runStrategyLoad } from './strategy-load.js';
import { runIndicatorBench, type IndicatorBenchResult } from './indicator-bench.js';
import { profileRung } from './profile-rung.js';
import { formatReport, machineFacts, saveReport, TARGETS, verdictsOf, type BenchReport } from './report.js';
import { runTickToOrder, type TickToOrderResult } from './tick-to-order.js';
import { runTransportFloor, type TransportFloorResult } from './transport-floor.js';
import { runRendererLoad, type RendererLoadResult } from './renderer-load.js';
import { runRiskCheckBench, type RiskCheckResult } from './risk-check-bench.js';
import { runVenueCore, type VenueCoreResult } from './venue-core.js';
import { formatBacktestBench, runBacktestBench, type BacktestBenchResult } from './backtest-bench.js';
import { runBinanceBench } from './binance-bench.js';
import { runLiveOrdersBench } from './live-orders-bench.js';
import { runPlaybackBench } from './playback-bench.js';
import { formatJournalBench, runJournalBench, saveJournalBench, type JournalBenchResult } from './journal-bench.js';
import { formatHistoryBench, runHistoryBench, saveHistoryBench, type HistoryBenchResult } from './history-bench.js';

/** Order-flow actions per second per instrument that make the feed publish about 20,000 book updates a second
 * (three instruments; measured with the synthetic market of the exchange-grade simulator). */
const RENDERER_SIM_RATE = 7_500;

const LADDER = [100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 800_000, 1_000_000];
const RESULTS = fileURLToPath(new URL('../../../bench-results/', import.meta.url));

interface Args {
  only: 'risk' | 'indicators' | 'venue' | 'backtest' | 'journal' | 'history' | 'latency' | 'throughput' | 'strategies' | 'renderer' | 'binance' | 'live-orders' | 'playback' | undefined;
  profile: boolean;
  quick: boolean;
  /** Minutes of the renderer's soak run, if asked for. */
  soak: number | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { only: undefined, profile: false, quick: false, soak: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--profile') args.profile = true;
    else if (arg === '--quick') args.quick = true;
    else if (arg === '--only' && ['risk', 'indicators', 'venue', 'backtest', 'journal', 'history', 'latency', 'throughput', 'strategies', 'renderer', 'binance', 'live-orders', 'playback'].includes(argv[i + 1] ?? '')) args.only = argv[++i] as Args['only'];
    else if (arg === '--soak' && Number(argv[i + 1]) > 0) {
      args.soak = Number(argv[++i]);
      args.only = 'renderer';
    } else throw new Error(`unknown argument ${arg}; usage: npm run bench -- [--only risk|indicators|venue|backtest|journal|history|latency|throughput|strategies|renderer] [--soak <minutes>] [--profile] [--quick]`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  const codecCheck = checkCodec();
  if (codecCheck.mismatches.length > 0) throw new Error(`the codec's fast path disagrees with @msgpack/msgpack:\n${codecCheck.mismatches.join('\n')}`);
  const scale = args.quick ? 0.2 : 1;
  let riskCheck: RiskCheckResult | undefined;
  if (args.only === undefined || args.only === 'risk') {
    // In-process and the cheapest of all (a few seconds): first, on a quiet machine.
    riskCheck = runRiskCheckBench({ orders: args.quick ? 100_000 : 300_000, warmup: 50_000 }, progress);
  }
  let indicators: IndicatorBenchResult | undefined;
  if (args.only === undefined || args.only === 'indicators') {
    // In-process and cheap (a few seconds): first, on a quiet machine.
    indicators = runIndicatorBench(args.quick ? { updates: 200_000, rounds: 3 } : { updates: 1_000_000, rounds: 5 }, progress);
  }
  let venueCore: VenueCoreResult | undefined;
  if (args.only === undefined || args.only === 'venue') {
    // In-process and cheap (about 20 s): first, before the worker processes warm the machine up.
    venueCore = runVenueCore(
      args.quick
        ? { l2Updates: 2_000_000, l2Rounds: 3, orderOps: 300_000, orderRounds: 3, flowMs: 1_000 }
        : { l2Updates: 4_000_000, l2Rounds: 7, orderOps: 1_000_000, orderRounds: 5, flowMs: 3_000 },
      progress,
    );
  }
  let journal: JournalBenchResult | undefined;
  if (args.only === undefined || args.only === 'journal') {
    // In-process (a few seconds), its own figures and file (bench-results/journal-latest.json).
    journal = runJournalBench(args.quick ? { records: 300_000, rounds: 3, replaySeconds: 5 } : { records: 2_000_000, rounds: 5, replaySeconds: 20 }, progress);
  }
  if (args.only === undefined || args.only === 'binance') {
    // Its own figures and file (bench-results/binance-latest.json): test/bench/binance-bench.ts.
    await runBinanceBench(RESULTS, args.quick, progress);
  }
  if (args.only === undefined || args.only === 'live-orders') {
    // In-process and short: test/bench/live-orders-bench.ts, its own file (bench-results/live-orders-latest.json).
    await runLiveOrdersBench(RESULTS, args.quick, progress);
  }
  if (args.only === undefined || args.only === 'playback') {
    // Records a short session with the real terminal, then plays it in this process: test/bench/playback-bench.ts,
    // its own file (bench-results/playback-latest.json).
    await runPlaybackBench(RESULTS, args.quick, progress);
  }
  let history: HistoryBenchResult | undefined;
  if (args.only === undefined || args.only === 'history') {
    // In-process (a few seconds), its own figures and file (bench-results/history-latest.json).
    history = runHistoryBench(args.quick ? { orders: 50_000, queryRounds: 20 } : { orders: 250_000, queryRounds: 50 }, progress);
  }
  let backtest: BacktestBenchResult | undefined;
  if (args.only === undefined || args.only === 'backtest') {
    // In-process (about 30 s): with the other one-process sections, before the worker processes start.
    backtest = runBacktestBench(args.quick ? { trades: 500_000, bars: 200_000, rounds: 3 } : { trades: 2_000_000, bars: 500_000, rounds: 7 }, progress);
  }
  const tickToOrder: TickToOrderResult[] = [];
  let transportFloor: TransportFloorResult | undefined;
  if (args.only === undefined || args.only === 'latency') {
    for (const journal of [false, true]) {
      progress(`tick-to-order, journal ${journal ? 'on' : 'off'}…`);
      tickToOrder.push(await runTickToOrder({ rate: 10_000, every: 10, journal, warmupMs: 3_000 * scale, measureMs: 15_000 * scale }));
    }
    progress('transport floor: bare zeromq.js in the same shape, small and order-sized payloads…');
    transportFloor = await runTransportFloor({
      rate: 10_000,
      every: 10,
      tickMs: 1,
      warmupMs: 2_000 * scale,
      samples: Math.round(10_000 * scale),
      payloads: ['small', 'order'],
    });
  }
  let throughput: ThroughputResult | undefined;
  let profiles: BenchReport['profiles'];
  if (args.only === undefined || args.only === 'throughput') {
    const ladder = args.quick ? [100_000, 500_000] : LADDER;
    throughput = await runThroughput({ ladder, warmupMs: 1_500, measureMs: 5_000 * scale, stopAfterFailures: 2 }, (rung) =>
      progress(`throughput ${rung.targetRate.toLocaleString('en-US')}/s: ${rung.pass ? 'pass' : `fail (${rung.why.join('; ')})`}`),
    );
    if (args.profile || throughput.maxSustainedRate < TARGETS.throughputPerSecond) {
      progress(`profiling feed, strategy and risk at ${TARGETS.throughputPerSecond.toLocaleString('en-US')}/s…`);
      const dir = join(tmpdir(), `tt-bench-profiles-${process.pid}`);
      try {
        profiles = await profileRung(TARGETS.throughputPerSecond, dir, 5_000 * scale);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  let strategyLoad: Rung | undefined;
  if (args.only === undefined || args.only === 'strategies') {
    const rate = TARGETS.strategyLoadEventsPerSecond;
    progress(`strategy worker with ten strategies at ${rate.toLocaleString('en-US')}/s…`);
    strategyLoad = await runStrategyLoad(rate, 5_000 * scale);
    progress(`strategies: ${strategyLoad.pass ? 'pass' : `fail (${strategyLoad.why.join('; ')})`}`);
  }
  let renderer: RendererLoadResult | undefined;
  if (args.only === undefined || args.only === 'renderer') {
    const measureMs = args.soak !== undefined ? args.soak * 60_000 : 60_000 * scale;
    progress(`renderer under load for ${Math.round(measureMs / 1000)} s…`);
    // The warm-up lets the tape, the Orders and Fills panels' visible rows and the log fill and the code compile (the
    // DOM stops growing about 50 s after load at this order rate), so the heap's start is the loaded UI's, not a page
    // still filling up; the window's heap is read every 5 s.
    renderer = await runRendererLoad({ simRate: RENDERER_SIM_RATE, warmupMs: args.quick ? 5_000 : 60_000, measureMs, sampleEveryMs: 5_000, expectedBookUpdates: 20_000 }, progress);
  }
  const report: BenchReport = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    machine: machineFacts(loadAtStart),
    codecCheck,
    tickToOrder,
    transportFloor,
    throughput,
    strategyLoad,
    profiles,
    renderer,
    venueCore,
    indicators,
    riskCheck,
    verdicts: verdictsOf(tickToOrder, throughput, renderer, venueCore, indicators, strategyLoad, riskCheck),
    problems: [
      ...tickToOrder.flatMap((run) => run.problems.map((p) => `tick-to-order journal ${run.journal ? 'on' : 'off'}: ${p}`)),
      ...(transportFloor?.problems ?? []),
      ...throughputProblems(throughput),
      ...(renderer?.problems ?? []).map((p) => `renderer: ${p}`),
      ...(venueCore?.problems ?? []).map((p) => `venue core: ${p}`),
      ...(indicators?.problems ?? []).map((p) => `indicators: ${p}`),
      ...(riskCheck?.problems ?? []).map((p) => `risk checks: ${p}`),
      ...(journal?.problems ?? []).map((p) => `journal: ${p}`),
    ],
    notes: notes(),
  };
  if (backtest !== undefined) {
    // Kept beside the shared report's sections: its figures, verdicts, problems and note.
    Object.assign(report, { backtest });
    report.verdicts.push(...backtest.verdicts);
    report.problems.push(...backtest.problems.map((p) => `backtest: ${p}`));
    report.notes.push(backtest.note);
  }
  const path = saveReport(report, RESULTS);
  if (backtest !== undefined) process.stdout.write(`${formatBacktestBench(backtest).join('\n')}\n\n`);
  process.stdout.write(`${formatReport(report)}\n\nSaved ${path} (and ${join(RESULTS, 'latest.json')}) in ${report.durationSeconds} s.\n`);
  if (journal !== undefined) process.stdout.write(`\n${formatJournalBench(journal)}\nSaved ${saveJournalBench(journal, RESULTS)}.\n`);
  if (history !== undefined) process.stdout.write(`\n${formatHistoryBench(history)}\nSaved ${saveHistoryBench(history, RESULTS)}.\n`);
  return report.problems.length > 0 ? 2 : 0;
}

/** Rungs whose workers failed or restarted make the ladder's answer doubtful. */
function throughputProblems(result: ThroughputResult | undefined): string[] {
  return (result?.rungs ?? [])
    .flatMap((rung) => rung.why.filter((why) => why.startsWith('not running') || why.includes('restarted')).map((why) => `throughput ${rung.targetRate}/s: ${why}`));
}

function notes(): string[] {
  return [
    'Pre-trade checks: one Node process, one thread. The risk core with limits for every rule at every scope (flat defaults, account, each of three instruments, each of eight strategies); an order stream generated before timing (limit orders near the market, market orders, stops, reduce-only exits, a few oversized or far off the market) from strategies that lean against their positions; a simulated venue behind it (untimed) fills market orders, fills or cancels resting orders about as fast as new ones arrive (at most 300 rest) and moves the marks with a bar every 250 orders; 10,000 orders a second of simulated time, so rate limits are checked and mostly pass. Each SubmitOrder is timed alone with process.hrtime.bigint() around the core\'s onMessage (checks, bookkeeping, emit); percentiles are exact over every timed order.',
    'Indicators: one Node process, one thread. Real one-minute XRP/ETH bars (test/fixtures/indicators/xrp-eth-1m.csv) are loaded into bar objects before timing and replayed in a loop. Each indicator is timed alone in a loop of its own (fresh instance per round, a warm-up round, then timed rounds; the figure includes the loop and a closure call, shown separately), then all of them are updated on every bar in one loop, as a chart or strategy does; that time per bar divided by the number of indicators is the "all together" figure. Verdicts use the median round.',
    "Venue core: one Node process, one thread. The L2 stream (mostly size changes, inserts and deletes within a few ticks of the touch, some deep, the far end trimmed; ~300 levels a side; a trend that flips now and then walks the touch) and the engine's operation stream (resting GTC limits near the touch, marketable IOC/FOK/GTC limits and market orders, cancels of working orders; every submit and cancel is one operation) are generated into typed arrays before timing, then replayed in rounds on a fresh book or engine, each checked afterwards (invariants; the book against the generator's model; the engine's trade and fill counts against the generating run). Verdicts use the median round. The synthetic flow is configured far beyond what it can do (5,000,000/s) and stepped in 1 ms steps of simulated time as fast as it goes: its engine calls per wall second are its maximum event rate.",
    "Tick-to-order is measured by execution itself: now − causeTs as it sends the order to the venue, causeTs being the feed's receive stamp on the triggering trade (the flood source stamps it on the clock tick that produces it and publishes at once).",
    "Journal off: execution's histogram is cumulative since it started and cannot be reset, so those figures include the warm-up (its figures at the end of the warm-up are shown too).",
    "Transport floor: the same shape with bare zeromq.js and nothing else — a PUB at 10,000 msgs/s in 1 ms ticks of 10, a SUB process forwarding every 10th over PUSH, a PULL/PUSH forwarder, a PULL sink; four Node processes on ipc://, sockets with the terminal's options, stamps from performance.timeOrigin + performance.now(). Each message is a fresh copy of a msgpack template with its stamps written in place (no encoding, decoding or validation). Measured for small payloads (~40 B, which zeromq.js copies) and order-sized ones (117 B trades, 250 B orders, which it sends zero-copy and releases through finalizers). Its percentiles are exact over ~10,000 orders after a warm-up; the system's come from a histogram that reads up to 3 % high. The floor carries no verdict.",
    "Journal on (the realistic setting): every worker journals its inputs, and the journal worker records every stream. The window's figures are recomputed from execution's input journal (its receive time is the `now` the engine measures with); replaying up to the window's end reproduces execution's own counters exactly, which the report checks.",
    'Throughput: journal off, no strategies, bars on 1s only. A fresh terminal is started per rate; the ladder stops after two failed rates in a row.',
    'Strategies: the same rung at 100,000 events/s with ten strategies in the strategy worker (four crossovers, two RSI reversions, two breakouts, support-resistance with two repeating conditions, a probe), all on the flooded instrument on 1s bars, trading on the simulated exchange meanwhile.',
    "Renderer: the default terminal (journal on, the crossover strategy) with the simulated exchange's flow turned up; the built UI served as `npm start` serves it, in headless Chromium at 1600×1000 (software rendering: no GPU here). Once the ladder shows a price, the heap is read once (at load); then, after a 60 s warm-up under load (the tape, the tables' visible rows and the log filled; the DOM stops growing about 50 s after load), the window starts. Frames: the timestamps of a requestAnimationFrame loop in the page, one per frame Chromium produces; a frame's length is the gap to the previous one, so a main thread that is busy or gets no CPU shows as a long frame. Heap: every 5 s a full GC is forced (DevTools HeapProfiler.collectGarbage) and V8's used heap, Blink's (embedder) heap and the DOM's node and listener counts are read; the verdict is V8's heap: the least-squares line's rise over the window as a percent of its start (the raw first-to-last change is shown too). Blink's heap is shown but not judged: even after a forced GC it swings by megabytes between readings while the DOM's node count stays flat. Frames overlapping those forced GCs are the bench's, not the app's, and are counted apart. `--soak <minutes>` runs only this part, for that long.",
    'The machine is shared: "machine busy (others)" is all CPU use during the window, and the part not used by the bench\'s processes.',
  ];
}

function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench] broke: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
