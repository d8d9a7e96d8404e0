/**
 * Benchmark (a): tick-to-order latency through the real processes. The feed floods trades at a fixed rate, stamping
 * each with its receive time as it publishes it; the `ping` strategy sends a market order on every 10th trade carrying
 * that time; risk checks it and passes it on; execution records `now - causeTs` as it sends the order to the venue.
 * The figures are execution's own (its heartbeat counters); with the journal on they are also recomputed for the
 * measured window alone from execution's input journal, which excludes the warm-up.
 */
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import { BenchSystem, sleep, type Sample } from './bench-system.js';
import { latencyFromJournal, type JournalLatency, type LatencyFigures, type LatencyStages } from './journal-latency.js';
import { CpuWindow, type CpuUse, type MachineUse } from './process-cpu.js';

/** How to run it. */
export interface TickToOrderOptions {
  /** Trades per second from the feed. */
  rate: number;
  /** An order every this many trades. */
  every: number;
  /** Journal every stream and every worker's inputs (the realistic setting). */
  journal: boolean;
  warmupMs: number;
  measureMs: number;
}

/** What it measured. */
export interface TickToOrderResult {
  journal: boolean;
  rate: number;
  ordersPerSecond: number;
  warmupSeconds: number;
  measureSeconds: number;
  /** Execution's counters at the end: every order since start, warm-up included. */
  sinceStart: LatencyFigures;
  /** Execution's counters at the end of the warm-up. */
  atWarmupEnd: LatencyFigures;
  /** The measured window alone, from execution's input journal (journal on only). */
  window: (LatencyFigures & { source: string; matchesCounters: boolean }) | undefined;
  /** Where the window's latency accrues, hop by hop (journal on only). */
  stages: LatencyStages | undefined;
  /** The figures the verdict uses: the window when there is one, else since start. */
  headline: LatencyFigures & { scope: string };
  /** Orders execution sent in the measured window. */
  ordersInWindow: number;
  /** Trades per second the feed actually published in the window. */
  achievedFeedRate: number;
  counters: Record<string, Record<string, number>>;
  refused: Record<string, number>;
  workers: Record<string, { state: string; restarts: number }>;
  cpu: Record<string, CpuUse>;
  machine: MachineUse | undefined;
  problems: string[];
}

const WATCHED = ['feed', 'strategy', 'risk', 'execution', 'sim'] as const;

/** The configuration: flood feed, one ping strategy, limits that never deny it. */
export function tickToOrderConfig(options: TickToOrderOptions): Partial<TerminalConfig> {
  return {
    feed: { source: 'flood', floodRate: options.rate, timeframes: ['1s'] },
    strategies: [
      {
        id: 'ping',
        kind: 'ping',
        venue: 'sim',
        symbol: 'BTC-USD',
        enabled: true,
        params: { qty: 1, every: options.every },
      },
    ],
    risk: { maxOrderQty: { '*': 1_000_000 }, maxPosition: { '*': 100_000_000 }, maxOpenOrders: 1_000_000 },
    // A moderate synthetic flow keeps liquidity in the sim's book, so the market orders fill.
    sim: { seed: 42, ratePerSecond: 200, startPrices: { 'BTC-USD': '65000', 'ETH-USD': '3200' }, depth: 20, timerMs: 20 },
    journal: options.journal,
  };
}

/** Runs the tick-to-order benchmark once. */
export async function runTickToOrder(options: TickToOrderOptions): Promise<TickToOrderResult> {
  const system = await BenchSystem.start(tickToOrderConfig(options));
  let stopped = false;
  try {
    await sleep(options.warmupMs);
    const cpu = new CpuWindow(system.spawner.pids);
    const atWarmup = await samplesNow(system);
    cpu.start();
    await sleep(options.measureMs);
    const atEnd = await samplesNow(system);
    const cpuUse = cpu.stop();
    const machine = cpu.machine(cpuUse);
    const workers = system.workerStates();
    const problems = system.notRunning().map((w) => `not running at the end: ${w}`);
    await system.stop(true);
    stopped = true;
    const journal = options.journal ? windowFromJournal(system, atWarmup, atEnd) : undefined;
    return summarise(options, atWarmup, atEnd, journal, { workers, cpu: cpuUse, machine, problems });
  } finally {
    if (!stopped) await system.stop();
    system.removeRunDir();
  }
}

/** Each watched worker's next heartbeat (counters read after this call). */
async function samplesNow(system: BenchSystem): Promise<Map<string, Sample>> {
  const names = WATCHED.filter((name) => system.statuses().some((s) => s.name === name));
  const samples = await Promise.all(names.map((name) => system.nextSample(name)));
  return new Map(names.map((name, i) => [name, samples[i]!]));
}

function windowFromJournal(system: BenchSystem, atWarmup: Map<string, Sample>, atEnd: Map<string, Sample>): JournalLatency {
  const registry = new InstrumentRegistry(system.config.instruments);
  return latencyFromJournal(system.runDir, registry, atWarmup.get('execution')!.ts, atEnd.get('execution')!.ts);
}

function figuresFromCounters(sample: Sample): LatencyFigures {
  const c = sample.counters;
  return {
    count: c.tick_to_order_count ?? 0,
    p50Us: c.tick_to_order_p50_us ?? 0,
    p99Us: c.tick_to_order_p99_us ?? 0,
    p999Us: c.tick_to_order_p999_us ?? 0,
    maxUs: null, // execution does not report its maximum
  };
}

interface Observed {
  workers: Record<string, { state: string; restarts: number }>;
  cpu: Record<string, CpuUse>;
  machine: MachineUse | undefined;
  problems: string[];
}

function summarise(
  options: TickToOrderOptions,
  atWarmup: Map<string, Sample>,
  atEnd: Map<string, Sample>,
  journal: JournalLatency | undefined,
  observed: Observed,
): TickToOrderResult {
  const execStart = atWarmup.get('execution')!;
  const execEnd = atEnd.get('execution')!;
  const sinceStart = figuresFromCounters(execEnd);
  const problems = [...observed.problems];
  let window: TickToOrderResult['window'];
  if (journal !== undefined) {
    const upToEnd = journal.upToEnd;
    const matchesCounters = upToEnd.count === sinceStart.count && upToEnd.p50Us === sinceStart.p50Us && upToEnd.p99Us === sinceStart.p99Us && upToEnd.p999Us === sinceStart.p999Us;
    if (!matchesCounters) problems.push(`journal replay (${JSON.stringify(upToEnd)}) does not reproduce execution's counters (${JSON.stringify(sinceStart)})`);
    window = { ...journal.window, source: "execution's input journal, measured window only", matchesCounters };
  }
  const ordersInWindow = (execEnd.counters.tick_to_order_count ?? 0) - (execStart.counters.tick_to_order_count ?? 0);
  if (ordersInWindow <= 0) problems.push('no orders were measured in the window');
  for (const name of ['resends'] as const) {
    const resends = (execEnd.counters[name] ?? 0) - (execStart.counters[name] ?? 0);
    if (resends > 0) problems.push(`execution resent ${resends} orders to the venue in the window (venue slow to answer)`);
  }
  const feedStart = atWarmup.get('feed')!;
  const feedEnd = atEnd.get('feed')!;
  const achievedFeedRate = rate((feedEnd.counters.trades ?? 0) - (feedStart.counters.trades ?? 0), feedEnd.ts - feedStart.ts);
  const headline = window !== undefined
    ? { ...window, scope: 'measured window (warm-up excluded), from the journal' }
    : { ...sinceStart, scope: `execution's counters since start (includes the ${options.warmupMs / 1000} s warm-up)` };
  return {
    journal: options.journal,
    rate: options.rate,
    ordersPerSecond: options.rate / options.every,
    warmupSeconds: options.warmupMs / 1000,
    measureSeconds: (execEnd.ts - execStart.ts) / 1e6,
    sinceStart,
    atWarmupEnd: figuresFromCounters(execStart),
    window,
    stages: journal?.stages,
    headline,
    ordersInWindow,
    achievedFeedRate,
    counters: Object.fromEntries([...atEnd].map(([name, sample]) => [name, sample.counters])),
    refused: Object.fromEntries([...atEnd].map(([name, sample]) => [name, sample.refused])),
    workers: observed.workers,
    cpu: observed.cpu,
    machine: observed.machine,
    problems,
  };
}

/** Events per second from a count over a µs interval. */
export function rate(count: number, micros: number): number {
  return micros > 0 ? Math.round((count * 1e6) / micros) : 0;
}
