/**
 * Benchmark (b): the highest event rate the feed can publish and the strategy worker take in, with nothing lost.
 * For each rate of a rising ladder a fresh terminal runs with the flood source at that rate (no strategies, no
 * journal, one bar timeframe); after a warm-up, a window of heartbeats shows what the feed produced and what the
 * strategy worker received. A rate is sustained when the feed achieved it (the flood source skips ahead when it falls
 * behind, so an overloaded feed shows as a lower rate), the strategy received what was produced over the same
 * window, and its `md` stream had no gap.
 */
import type { StrategyConfig, TerminalConfig } from '../../workers/protocol/config.js';
import { BenchSystem, sleep, type ExtraEnv, type Sample } from './bench-system.js';
import { CpuWindow, type CpuUse, type MachineUse } from './process-cpu.js';
import { rate } from './tick-to-order.js';

/** How to run it. */
export interface ThroughputOptions {
  /** Rates to try, events per second, rising. */
  ladder: number[];
  warmupMs: number;
  measureMs: number;
  /** Stop climbing after this many failed rungs in a row. */
  stopAfterFailures: number;
  /** Extra environment per worker (profiling). */
  extraEnv?: ExtraEnv;
  /** Strategies running in the strategy worker (none by default: the bare pipe). */
  strategies?: StrategyConfig[];
}

/** One rung of the ladder. */
export interface Rung {
  targetRate: number;
  /** Trades per second the feed produced. */
  achievedRate: number;
  /** Messages per second (trades and bars) the strategy worker received. */
  receivedRate: number;
  /** Received / produced over the strategy's window (produced interpolated at its heartbeat times). */
  deliveredRatio: number;
  /** Produced minus received over the window: what was lost or is still queued at its end. */
  shortfall: number;
  mdGaps: number;
  mdDuplicates: number;
  refused: number;
  /** Messages per second risk received (it also subscribes to trades, for marks). */
  riskReceivedRate: number;
  riskDeliveredRatio: number;
  windowSeconds: number;
  cpu: Record<string, CpuUse>;
  machine: MachineUse | undefined;
  workers: Record<string, { state: string; restarts: number }>;
  pass: boolean;
  why: string[];
}

/** The ladder's outcome. */
export interface ThroughputResult {
  /** Highest target rate that passed; 0 if none did. */
  maxSustainedRate: number;
  rungs: Rung[];
  criteria: string;
}

export const CRITERIA = 'feed achieved ≥ 95 % of the target rate, strategy received ≥ 99.9 % of what the feed produced, zero md gaps, no refusals, every worker running with no restart';

/** The configuration for one rung. */
export function throughputConfig(floodRate: number, strategies: StrategyConfig[] = []): Partial<TerminalConfig> {
  return {
    feed: { source: 'flood', floodRate, timeframes: ['1s'] },
    strategies,
    journal: false,
  };
}

/** Climbs the ladder; stops after `stopAfterFailures` failed rungs in a row. */
export async function runThroughput(options: ThroughputOptions, onRung: (rung: Rung) => void = () => undefined): Promise<ThroughputResult> {
  const rungs: Rung[] = [];
  let failures = 0;
  for (const target of options.ladder) {
    const rung = await runRung(target, options);
    rungs.push(rung);
    onRung(rung);
    failures = rung.pass ? 0 : failures + 1;
    if (failures >= options.stopAfterFailures) break;
  }
  const passed = rungs.filter((r) => r.pass).map((r) => r.targetRate);
  return { maxSustainedRate: passed.length > 0 ? Math.max(...passed) : 0, rungs, criteria: CRITERIA };
}

/** One rung: the worker at `target` events/s for a window, judged like a ladder rung. */
export async function runRung(target: number, options: ThroughputOptions): Promise<Rung> {
  const system = await BenchSystem.start(throughputConfig(target, options.strategies), options.extraEnv);
  try {
    await sleep(options.warmupMs);
    const cpu = new CpuWindow(system.spawner.pids);
    const start = await system.nextSample('strategy');
    cpu.start();
    await sleep(options.measureMs);
    const end = await system.nextSample('strategy');
    const cpuUse = cpu.stop();
    const machine = cpu.machine(cpuUse);
    // One more feed heartbeat after the window, so the feed's count can be interpolated at the window's end.
    await system.nextSample('feed');
    await system.nextSample('risk');
    return judge(target, system, start, end, { cpu: cpuUse, machine });
  } finally {
    await system.stop();
  }
}

function judge(target: number, system: BenchSystem, start: Sample, end: Sample, use: { cpu: Record<string, CpuUse>; machine: MachineUse | undefined }): Rung {
  const feed = system.samples.get('feed') ?? [];
  const produced = (s: Sample): number => (s.counters.trades ?? 0) + (s.counters.bars ?? 0);
  const expected = interpolate(feed, end.ts, produced) - interpolate(feed, start.ts, produced);
  const received = end.msgsIn - start.msgsIn;
  const feedWindow = system.between('feed', start.ts, end.ts);
  const feedFirst = feedWindow[0];
  const feedLast = feedWindow[feedWindow.length - 1];
  const achievedRate = feedFirst !== undefined && feedLast !== undefined && feedLast !== feedFirst
    ? rate((feedLast.counters.trades ?? 0) - (feedFirst.counters.trades ?? 0), feedLast.ts - feedFirst.ts)
    : 0;
  const risk = riskDelivery(system, start.ts, end.ts, (ts) => interpolate(feed, ts, (s) => s.counters.trades ?? 0));
  const deliveredRatio = expected > 0 ? received / expected : 0;
  const mdGaps = (end.counters.md_gaps ?? 0) - (start.counters.md_gaps ?? 0);
  const refused = end.refused - start.refused;
  const workers = system.workerStates();
  const why: string[] = [];
  if (achievedRate < 0.95 * target) why.push(`feed achieved ${achievedRate}/s < 95 % of ${target}/s`);
  if (deliveredRatio < 0.999) why.push(`strategy received ${(100 * deliveredRatio).toFixed(2)} % of what was produced`);
  if (mdGaps > 0) why.push(`${mdGaps} gaps on md`);
  if (refused > 0) why.push(`${refused} frames refused`);
  for (const line of system.notRunning()) why.push(`not running: ${line}`);
  for (const [name, status] of Object.entries(workers)) if (status.restarts > 0) why.push(`${name} restarted ${status.restarts} times`);
  return {
    targetRate: target,
    achievedRate,
    receivedRate: rate(received, end.ts - start.ts),
    deliveredRatio: round4(deliveredRatio),
    shortfall: Math.round(expected - received),
    mdGaps,
    mdDuplicates: (end.counters.md_duplicates ?? 0) - (start.counters.md_duplicates ?? 0),
    refused,
    riskReceivedRate: risk.rate,
    riskDeliveredRatio: round4(risk.ratio),
    windowSeconds: (end.ts - start.ts) / 1e6,
    ...use,
    workers,
    pass: why.length === 0,
    why,
  };
}

/** Risk's intake of trades (it subscribes to trades only) over about the same window, for information. */
function riskDelivery(system: BenchSystem, from: number, to: number, producedAt: (ts: number) => number): { rate: number; ratio: number } {
  const samples = system.between('risk', from - 600_000, to + 600_000);
  const first = samples.find((s) => s.ts >= from) ?? samples[0];
  const last = samples.filter((s) => s.ts <= to).pop() ?? samples[samples.length - 1];
  if (first === undefined || last === undefined || last.ts <= first.ts) return { rate: 0, ratio: 0 };
  const expected = producedAt(last.ts) - producedAt(first.ts);
  const received = last.msgsIn - first.msgsIn;
  return { rate: rate(received, last.ts - first.ts), ratio: expected > 0 ? received / expected : 0 };
}

/** The value of `value(sample)` at time `ts`, interpolated linearly between the heartbeats around it. */
export function interpolate(samples: readonly Sample[], ts: number, value: (s: Sample) => number): number {
  let before: Sample | undefined;
  let after: Sample | undefined;
  for (const sample of samples) {
    if (sample.ts <= ts) before = sample;
    else {
      after = sample;
      break;
    }
  }
  if (before === undefined) return after === undefined ? 0 : value(after);
  if (after === undefined) return value(before);
  const fraction = (ts - before.ts) / (after.ts - before.ts);
  return value(before) + fraction * (value(after) - value(before));
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
