/**
 * The bench's report: one JSON document (saved as `bench-results/bench-<timestamp>.json` and `latest.json`) and the
 * same figures printed next to their targets with PASS or FAIL.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CodecCheck } from '../fixtures/codec-equivalence.js';
import type { IndicatorBenchResult } from './indicator-bench.js';
import type { ThroughputResult, Rung } from './feed-throughput.js';
import type { LatencyFigures } from './journal-latency.js';
import type { ProfileSummary } from './profile-summary.js';
import type { RendererLoadResult } from './renderer-load.js';
import { formatRenderer, RENDERER_TARGETS, rendererVerdicts } from './renderer-report.js';
import type { RiskCheckResult } from './risk-check-bench.js';
import type { TickToOrderResult } from './tick-to-order.js';
import type { TransportFloorResult, TransportFloorVariant } from './transport-floor.js';
import type { RoundRates, VenueCoreResult } from './venue-core.js';

/** The targets the figures are judged against. */
export const TARGETS = {
  tickToOrderP50Us: 300,
  tickToOrderP99Us: 2_000,
  throughputPerSecond: 500_000,
  rendererMedianFps: RENDERER_TARGETS.medianFps,
  rendererLongestFrameMs: RENDERER_TARGETS.longestFrameMs,
  rendererHeapGrowthPercent: RENDERER_TARGETS.heapGrowthPercent,
  l2UpdatesPerSecond: 5_000_000,
  orderOpsPerSecond: 1_000_000,
  /** The synthetic flow must outrun the highest rate its configuration asks for. */
  syntheticFlowEventsPerSecond: 50_000,
  /** Mean cost of one indicator update, ns: every indicator, and all of them together, under 1 µs. */
  indicatorUpdateNs: 1_000,
  /** The strategy worker with ten strategies keeps up with this event rate. */
  strategyLoadEventsPerSecond: 100_000,
  /** One pre-trade check (a `SubmitOrder` through the risk core, every check on), µs at the 99th percentile. */
  riskCheckP99Us: 20,
} as const;

/** One figure against its target. */
export interface Verdict {
  figure: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

/** The whole report. */
export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: { cores: number; model: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  codecCheck: CodecCheck | undefined;
  tickToOrder: TickToOrderResult[];
  /** Bare zeromq.js in tick-to-order's shape: context for its figures, no verdict. */
  transportFloor: TransportFloorResult | undefined;
  throughput: ThroughputResult | undefined;
  /** The strategy worker with ten strategies at the target rate (one rung). */
  strategyLoad?: Rung | undefined;
  /** CPU profiles of a rung at the target rate, taken when the target was missed (or asked for). */
  profiles: Record<string, ProfileSummary> | undefined;
  renderer: RendererLoadResult | undefined;
  /** The simulated venue's book, engine and synthetic flow in one process. */
  venueCore: VenueCoreResult | undefined;
  /** The technical indicators' update cost in one process. */
  indicators?: IndicatorBenchResult | undefined;
  /** Pre-trade check latency in one process. */
  riskCheck?: RiskCheckResult | undefined;
  verdicts: Verdict[];
  problems: string[];
  notes: string[];
}

/** Machine facts for the report's head. */
export function machineFacts(loadAverageAtStart: number[]): BenchReport['machine'] {
  return {
    cores: availableParallelism(),
    model: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * The verdicts: each run's p50 and p99 against the latency targets, the highest sustained rate, the renderer, the
 * venue core's median rounds, and the indicators' update cost.
 */
export function verdictsOf(
  tickToOrder: TickToOrderResult[],
  throughput: ThroughputResult | undefined,
  renderer?: RendererLoadResult,
  venueCore?: VenueCoreResult,
  indicators?: IndicatorBenchResult,
  strategyLoad?: Rung,
  riskCheck?: RiskCheckResult,
): Verdict[] {
  const verdicts: Verdict[] = [
    ...(riskCheck === undefined ? [] : [riskVerdict(riskCheck)]),
    ...(indicators === undefined ? [] : indicatorVerdicts(indicators)),
    ...(venueCore === undefined ? [] : venueVerdicts(venueCore)),
  ];
  for (const run of tickToOrder) {
    const label = `tick-to-order ${run.journal ? 'journal on' : 'journal off'}`;
    verdicts.push(
      { figure: `${label} p50`, value: run.headline.p50Us, unit: 'µs', target: `≤ ${number(TARGETS.tickToOrderP50Us)}`, pass: run.headline.p50Us <= TARGETS.tickToOrderP50Us },
      { figure: `${label} p99`, value: run.headline.p99Us, unit: 'µs', target: `≤ ${number(TARGETS.tickToOrderP99Us)}`, pass: run.headline.p99Us <= TARGETS.tickToOrderP99Us },
    );
  }
  if (throughput !== undefined) {
    const value = throughput.maxSustainedRate;
    verdicts.push({ figure: 'feed → strategy max sustained rate', value, unit: 'events/s', target: `≥ ${number(TARGETS.throughputPerSecond)}`, pass: value >= TARGETS.throughputPerSecond });
  }
  if (strategyLoad !== undefined) {
    verdicts.push({
      figure: 'strategy worker, ten strategies: events/s received with nothing lost',
      value: strategyLoad.pass ? strategyLoad.targetRate : strategyLoad.receivedRate,
      unit: 'events/s',
      target: `≥ ${number(TARGETS.strategyLoadEventsPerSecond)}`,
      pass: strategyLoad.pass && strategyLoad.targetRate >= TARGETS.strategyLoadEventsPerSecond,
    });
  }
  if (renderer !== undefined) verdicts.push(...rendererVerdicts(renderer));
  return verdicts;
}

/** The pre-trade check's 99th percentile against its target. */
function riskVerdict(result: RiskCheckResult): Verdict {
  const value = result.p99Us;
  return { figure: 'pre-trade check p99, all checks on', value, unit: 'µs', target: `≤ ${TARGETS.riskCheckP99Us}`, pass: value <= TARGETS.riskCheckP99Us };
}

/** The indicators against their target: the slowest one alone, and all of them updated together (median rounds). */
function indicatorVerdicts(result: IndicatorBenchResult): Verdict[] {
  const target = `≤ ${number(TARGETS.indicatorUpdateNs)}`;
  const slowest = result.slowest.nsPerUpdate;
  const together = result.together.nsPerUpdate;
  return [
    { figure: `indicator update, slowest: ${result.slowest.name}`, value: slowest, unit: 'ns', target, pass: slowest <= TARGETS.indicatorUpdateNs },
    { figure: `indicator update, all ${result.together.indicators} on one bar`, value: together, unit: 'ns', target, pass: together <= TARGETS.indicatorUpdateNs },
  ];
}

/** The venue core against its targets: the median round, so one lucky round does not pass it. */
function venueVerdicts(venue: VenueCoreResult): Verdict[] {
  const l2 = venue.l2.updatesPerSecond.median;
  const ops = venue.orders.opsPerSecond.median;
  const flow = venue.flow.bare.actionsPerSecond;
  return [
    { figure: 'venue L2 level updates (median round)', value: l2, unit: '/s', target: `≥ ${number(TARGETS.l2UpdatesPerSecond)}`, pass: l2 >= TARGETS.l2UpdatesPerSecond },
    { figure: 'venue order operations (median round)', value: ops, unit: '/s', target: `≥ ${number(TARGETS.orderOpsPerSecond)}`, pass: ops >= TARGETS.orderOpsPerSecond },
    {
      figure: 'synthetic flow max event rate',
      value: flow,
      unit: 'events/s',
      target: `≥ ${number(TARGETS.syntheticFlowEventsPerSecond)}`,
      pass: flow >= TARGETS.syntheticFlowEventsPerSecond,
    },
  ];
}

/** Writes the report under `folder`; returns the timestamped file's path. */
export function saveReport(report: BenchReport, folder: string): string {
  mkdirSync(folder, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const path = join(folder, `bench-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(path, text);
  writeFileSync(join(folder, 'latest.json'), text);
  return path;
}

/** The report as text for the terminal. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const { machine } = report;
  lines.push(`Bench ${report.startedAt} · ${machine.cores} cores (${machine.model}) · Node ${machine.node} · load average ${machine.loadAverageAtStart.join(' ')} → ${machine.loadAverageAtEnd.join(' ')}`);
  if (report.codecCheck !== undefined) lines.push(`Codec fast path agrees with @msgpack/msgpack on ${report.codecCheck.cases} cases: ${report.codecCheck.mismatches.length === 0 ? 'yes' : 'NO'}`);
  if (report.riskCheck !== undefined) lines.push('', ...formatRiskCheck(report.riskCheck));
  if (report.indicators !== undefined) lines.push('', ...formatIndicators(report.indicators));
  if (report.venueCore !== undefined) lines.push('', ...formatVenueCore(report.venueCore));
  for (const run of report.tickToOrder) lines.push('', ...formatTickToOrder(run, report.transportFloor));
  if (report.transportFloor !== undefined) lines.push('', ...formatTransportFloor(report.transportFloor));
  if (report.throughput !== undefined) lines.push('', ...formatThroughput(report.throughput));
  if (report.strategyLoad !== undefined) lines.push('', 'Strategy worker with ten strategies (flood feed)', `  ${rungLine(report.strategyLoad)}`);
  if (report.profiles !== undefined) lines.push('', ...formatProfiles(report.profiles));
  if (report.renderer !== undefined) lines.push('', ...formatRenderer(report.renderer));
  lines.push('', 'Verdicts');
  for (const v of report.verdicts) {
    const value = Math.abs(v.value) < 100 && !Number.isInteger(v.value) ? v.value.toFixed(2) : number(v.value);
    lines.push(`  ${v.figure.padEnd(40)} ${value.padStart(10)} ${v.unit.padEnd(9)} target ${v.target.padEnd(10)} ${v.pass ? 'PASS' : 'FAIL'}`);
  }
  if (report.problems.length > 0) lines.push('', 'Problems', ...report.problems.map((p) => `  ! ${p}`));
  lines.push('', 'Notes', ...report.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

function formatTickToOrder(run: TickToOrderResult, floor: TransportFloorResult | undefined): string[] {
  const lines = [
    `Tick-to-order latency · ${number(run.rate)} trades/s → ${number(run.ordersPerSecond)} orders/s · journal ${run.journal ? 'on' : 'off'} · warm-up ${run.warmupSeconds} s, window ${run.measureSeconds.toFixed(1)} s`,
    `  verdict figures: ${run.headline.scope} (${number(run.headline.count)} orders)`,
    `  ${'p50'.padEnd(8)} ${us(run.headline.p50Us)}   target ≤ ${us(TARGETS.tickToOrderP50Us)}   ${run.headline.p50Us <= TARGETS.tickToOrderP50Us ? 'PASS' : 'FAIL'}`,
    `  ${'p99'.padEnd(8)} ${us(run.headline.p99Us)}   target ≤ ${us(TARGETS.tickToOrderP99Us)}   ${run.headline.p99Us <= TARGETS.tickToOrderP99Us ? 'PASS' : 'FAIL'}`,
    `  ${'p99.9'.padEnd(8)} ${us(run.headline.p999Us)}   (no target)`,
    ...(floor?.variants ?? []).map((v) => `  ${floorLine(v)}`),
    `  execution's counters since start: ${figures(run.sinceStart)}; at the end of the warm-up: ${figures(run.atWarmupEnd)}`,
  ];
  if (run.window !== undefined) lines.push(`  journal replay reproduces execution's counters exactly: ${run.window.matchesCounters ? 'yes' : 'NO'}`);
  if (run.stages !== undefined) {
    lines.push(
      `  hops in the window: feed→strategy ${figures(run.stages.feedToStrategy)}`,
      `                      strategy→risk ${figures(run.stages.strategyToRisk)}`,
      `                      risk→execution ${figures(run.stages.riskToExecution)}`,
    );
  }
  const exec = run.counters.execution ?? {};
  const strategy = run.counters.strategy ?? {};
  lines.push(
    `  orders in the window ${number(run.ordersInWindow)} · feed achieved ${number(run.achievedFeedRate)} trades/s · execution resends ${exec.resends ?? 0} · strategy resends ${strategy.resends ?? 0} · venue fills ${exec.fills ?? 0}, rejects ${exec.rejected ?? 0}`,
    `  workers: ${Object.entries(run.workers).map(([name, w]) => `${name} ${w.state}${w.restarts > 0 ? ` (${w.restarts} restarts)` : ''}`).join(', ')}`,
    `  CPU % of a core: ${cpuLine(run.cpu)}${run.machine === undefined ? '' : ` · machine busy ${run.machine.busyPercent} % (others ${run.machine.othersPercent} %)`}`,
  );
  return lines;
}

/** The floor's figures in the words printed next to the system's. */
function floorLine(v: TransportFloorVariant): string {
  const f = v.endToEnd;
  return `bare zeromq.js, same shape: p50 ${us(f.p50Us)} p99 ${us(f.p99Us)} p99.9 ${us(f.p999Us)}   (${payloadLabel(v)})`;
}

function payloadLabel(v: TransportFloorVariant): string {
  return `${v.payload === 'small' ? 'small payloads' : 'order-sized payloads'}: trade ${v.tradeBytes} B, order ${v.orderBytes} B`;
}

function formatTransportFloor(floor: TransportFloorResult): string[] {
  const lines = [`Transport floor (no verdict) · ${floor.shape} · warm-up ${floor.warmupSeconds} s`];
  for (const v of floor.variants) {
    lines.push(
      `  ${payloadLabel(v)}`,
      `    end to end          ${figures(v.endToEnd)}`,
      `    source→SUB fwd      ${figures(v.stages.feedToStrategy)}`,
      `    SUB fwd→PULL fwd    ${figures(v.stages.strategyToRisk)}`,
      `    PULL fwd→sink       ${figures(v.stages.riskToExecution)}`,
      `    ${number(v.ordersPerSecond)} orders/s · gaps ${v.gaps} · payload decodes to the stamps read: ${v.payloadChecked ? 'yes' : 'NO'}`,
    );
  }
  return lines;
}

function formatThroughput(result: ThroughputResult): string[] {
  const lines = [
    'Feed → strategy throughput (journal off, no strategies, bars 1s; a fresh terminal per rate)',
    `  sustained = ${result.criteria}`,
    `  ${'target/s'.padStart(10)} ${'achieved/s'.padStart(10)} ${'received'.padStart(9)} ${'gaps'.padStart(5)}  CPU % feed/strategy/risk  machine busy (others)  verdict`,
  ];
  for (const rung of result.rungs) lines.push(`  ${rungLine(rung)}`);
  lines.push(`  highest sustained rate: ${number(result.maxSustainedRate)} events/s   target ≥ ${number(TARGETS.throughputPerSecond)}   ${result.maxSustainedRate >= TARGETS.throughputPerSecond ? 'PASS' : 'FAIL'}`);
  return lines;
}

function rungLine(rung: Rung): string {
  const cpu = ['feed', 'strategy', 'risk'].map((name) => String(Math.round(rung.cpu[name]?.totalPercent ?? 0))).join('/');
  const machine = rung.machine === undefined ? '?' : `${Math.round(rung.machine.busyPercent)} % (${Math.round(rung.machine.othersPercent)} %)`;
  const verdict = rung.pass ? 'PASS' : `FAIL: ${rung.why.join('; ')}`;
  return `${number(rung.targetRate).padStart(10)} ${number(rung.achievedRate).padStart(10)} ${`${(100 * rung.deliveredRatio).toFixed(2)} %`.padStart(9)} ${String(rung.mdGaps).padStart(5)}  ${cpu.padEnd(24)} ${machine.padEnd(22)} ${verdict}`;
}

function formatProfiles(profiles: Record<string, ProfileSummary>): string[] {
  const lines = ['CPU profiles at the target rate (share of each process\'s samples)'];
  for (const [worker, summary] of Object.entries(profiles)) {
    const inclusive = summary.inclusive.filter((f) => f.percent > 0).map((f) => `${f.name} ${f.percent} %`).join(', ');
    lines.push(`  ${worker}: idle ${summary.idlePercent} % · inclusive: ${inclusive}`);
    lines.push(`    top self: ${summary.topSelf.slice(0, 8).map((f) => `${f.name} ${f.percent} %`).join(', ')}`);
  }
  return lines;
}

function figures(f: LatencyFigures): string {
  const max = f.maxUs === null ? '' : ` max ${us(f.maxUs)}`;
  return `p50 ${us(f.p50Us)} p99 ${us(f.p99Us)} p99.9 ${us(f.p999Us)}${max} (n=${number(f.count)})`;
}

function cpuLine(cpu: Record<string, { totalPercent: number }>): string {
  return Object.entries(cpu).map(([name, use]) => `${name} ${Math.round(use.totalPercent)}`).join(', ');
}

function us(value: number): string {
  return `${number(value)} µs`.padStart(10);
}

function number(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function machineNote(v: VenueCoreResult): string {
  return v.machine === undefined ? '' : ` · machine busy ${v.machine.busyPercent} % (others ${v.machine.othersPercent} %)`;
}

function formatVenueCore(v: VenueCoreResult): string[] {
  const { l2, orders, flow } = v;
  const rates = (r: RoundRates): string => `median ${number(r.median)}/s · best ${number(r.best)}/s`;
  const share = (x: number): string => `${Math.round(100 * x)} %`;
  const verdict = (value: number, target: number): string => `target ≥ ${number(target)}/s   ${value >= target ? 'PASS' : 'FAIL'}`;
  const run = (r: VenueCoreResult['flow']['bare']): string =>
    `${number(r.actionsPerSecond)} events/s, ${number(r.tradesPerSecond)} trades/s, ${r.simulatedPerWallSecond.toFixed(2)} simulated s per wall s`;
  return [
    `Simulated venue in one process (one core; streams generated before timing; a warm-up round, then timed rounds)${machineNote(v)}`,
    `  L2 level updates  ${rates(l2.updatesPerSecond)}   ${verdict(l2.updatesPerSecond.median, TARGETS.l2UpdatesPerSecond)}`,
    `    ${l2.updatesPerSecond.rounds.length} rounds of ${number(l2.updatesPerRound)}: ${share(l2.mix.changes)} size changes, ${share(l2.mix.inserts)} inserts, ${share(l2.mix.deletes)} deletes; ${share(l2.mix.nearTouch)} within 10 ticks of the touch; ${l2.levelsPerSide.min}–${l2.levelsPerSide.max} levels a side; the touch walked over ${number(l2.touchRangeTicks)} ticks`,
    `  order operations  ${rates(orders.opsPerSecond)}   ${verdict(orders.opsPerSecond.median, TARGETS.orderOpsPerSecond)}`,
    `    trades ${rates(orders.tradesPerSecond)} · ${orders.opsPerSecond.rounds.length} rounds of ${number(orders.opsPerRound)} operations → ${number(orders.tradesPerRound)} trades, ${number(orders.fillsPerRound)} fills`,
    `    ${share(orders.mix.restingLimits)} resting limits, ${share(orders.mix.takers)} takers (marketable limits, market orders), ${share(orders.mix.cancels)} cancels, ${share(orders.mix.amends)} amends; ${number(orders.workingOrders)} working orders on ${orders.levels.bids}/${orders.levels.asks} levels at the end`,
    `  synthetic flow configured at ${number(flow.configuredRate)}/s, 1 ms steps (the configuration's ceiling is ${number(flow.configMaxRate)}/s):`,
    `    bare            ${run(flow.bare)}   ${verdict(flow.bare.actionsPerSecond, TARGETS.syntheticFlowEventsPerSecond)}`,
    `    book drained    ${run(flow.drained)}   (after every action, as the sim venue does; no encoding or publishing)`,
  ];
}

function formatIndicators(r: IndicatorBenchResult): string[] {
  const ns = (value: number): string => `${value.toFixed(1)} ns`.padStart(10);
  const verdict = (value: number): string => `target ≤ ${number(TARGETS.indicatorUpdateNs)} ns   ${value <= TARGETS.indicatorUpdateNs ? 'PASS' : 'FAIL'}`;
  const machine = r.machine === undefined ? '' : ` · machine busy ${r.machine.busyPercent} % (others ${r.machine.othersPercent} %)`;
  return [
    `Indicators in one process (TA-Lib conventions) · ${number(r.bars)} real bars replayed, ${number(r.updatesPerRound)} updates a round, median of ${r.together.nsPerBar.rounds.length} rounds${machine}`,
    `  source: ${r.source}`,
    ...r.each.map((e) => `  ${e.name.padEnd(16)} ${ns(e.nsPerUpdate.median)} per update (best ${e.nsPerUpdate.best.toFixed(1)})`),
    `  loop and call alone ${ns(r.loopNs)} (included in each figure above)`,
    `  all ${r.together.indicators} on every bar ${ns(r.together.nsPerBar.median)} per bar → ${ns(r.together.nsPerUpdate)} per indicator update   ${verdict(r.together.nsPerUpdate)}`,
    `  slowest alone: ${r.slowest.name} ${ns(r.slowest.nsPerUpdate)}   ${verdict(r.slowest.nsPerUpdate)}`,
  ];
}

function formatRiskCheck(r: RiskCheckResult): string[] {
  const us = (value: number): string => `${value.toFixed(2)} µs`.padStart(10);
  const machine = r.machine === undefined ? '' : ` · machine busy ${r.machine.busyPercent} % (others ${r.machine.othersPercent} %)`;
  const share = (n: number): string => `${Math.round((100 * n) / r.orders)} %`;
  const types = Object.entries(r.mix.orderTypes).map(([type, n]) => `${type} ${share(n)}`).join(', ');
  const rules = Object.entries(r.mix.byRule).sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${number(n)}`).join(', ');
  return [
    `Pre-trade checks in one process (the risk core, every check on) · ${number(r.orders)} orders timed one by one after ${number(r.warmup)} warm-up${machine}`,
    `  limits at ${r.state.scopes}: ${r.state.strategies} strategies × ${r.state.instruments} instruments; ${number(r.state.workingMin)}–${number(r.state.workingMax)} working orders while timed`,
    `  orders: ${types}; reduce-only ${share(r.mix.reduceOnly)} · forwarded ${share(r.mix.forwarded)}, denied ${share(r.mix.denied)} (${rules})`,
    `  p50 ${us(r.p50Us)} · p99 ${us(r.p99Us)} · p99.9 ${us(r.p999Us)} · max ${us(r.maxUs)} · mean ${us(r.meanUs)}   target p99 ≤ ${TARGETS.riskCheckP99Us} µs   ${r.p99Us <= TARGETS.riskCheckP99Us ? 'PASS' : 'FAIL'}`,
    `  (each figure includes the two clock reads around the call: ${r.clockNs} ns)`,
  ];
}
