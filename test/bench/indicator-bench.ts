/**
 * The indicators in one process, on one core: mean nanoseconds per update of each indicator, and of all of them
 * updated together on one instrument's bar stream (what a chart or strategy does per closed bar). The stream is real:
 * one-minute bars of XRP/ETH built from exchange trades (test/fixtures/indicators/xrp-eth-1m.csv), loaded into bar
 * objects before timing and replayed in a loop. Each measurement is a warm-up round then timed rounds on fresh
 * indicators; the verdict takes the median round.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Atr } from '../../workers/core/indicators/atr.js';
import { BollingerBands } from '../../workers/core/indicators/bollinger.js';
import { parseBarsCsv } from '../../workers/core/indicators/csv.js';
import { Donchian } from '../../workers/core/indicators/donchian.js';
import { Ema } from '../../workers/core/indicators/ema.js';
import { Macd } from '../../workers/core/indicators/macd.js';
import { PivotPoints } from '../../workers/core/indicators/pivots.js';
import { Rsi } from '../../workers/core/indicators/rsi.js';
import { Sma } from '../../workers/core/indicators/sma.js';
import { Stochastic } from '../../workers/core/indicators/stochastic.js';
import type { BarInput } from '../../workers/core/indicators/types.js';
import { Vwap } from '../../workers/core/indicators/vwap.js';
import { Wma } from '../../workers/core/indicators/wma.js';
import { CpuWindow, type MachineUse } from './process-cpu.js';

const BARS_FILE = fileURLToPath(new URL('../../../test/fixtures/indicators/xrp-eth-1m.csv', import.meta.url));

/** How long to run. */
export interface IndicatorBenchOptions {
  /** Bar updates per round, per indicator (and per indicator in the all-together loop). */
  updates: number;
  /** Timed rounds after one warm-up round. */
  rounds: number;
}

/** Nanoseconds per update over timed rounds. */
export interface NsPerUpdate {
  median: number;
  best: number;
  rounds: number[];
}

/** Everything the indicator bench measured. */
export interface IndicatorBenchResult {
  source: string;
  bars: number;
  updatesPerRound: number;
  /** Each indicator alone, in a loop of its own. */
  each: { name: string; nsPerUpdate: NsPerUpdate }[];
  /** All indicators updated on every bar: ns per bar, and that divided by the number of indicators. */
  together: { indicators: number; nsPerBar: NsPerUpdate; nsPerUpdate: number };
  /** The same loop with a trivial step instead of an indicator: the cost of the loop and the call, included above. */
  loopNs: number;
  slowest: { name: string; nsPerUpdate: number };
  machine: MachineUse | undefined;
  problems: string[];
}

/** One indicator behind a uniform step that returns a number, so the work cannot be optimised away. */
interface Subject {
  name: string;
  make(): { step: (bar: BarInput) => number; ready: () => boolean };
}

function subject<T extends { readonly ready: boolean }>(name: string, create: () => T, step: (indicator: T, bar: BarInput) => number): Subject {
  return {
    name,
    make: () => {
      const indicator = create();
      return { step: (bar) => step(indicator, bar), ready: () => indicator.ready };
    },
  };
}

const SUBJECTS: Subject[] = [
  subject('sma(20)', () => new Sma(20), (s, b) => s.update(b.close) ?? 0),
  subject('ema(20)', () => new Ema(20), (s, b) => s.update(b.close) ?? 0),
  subject('wma(20)', () => new Wma(20), (s, b) => s.update(b.close) ?? 0),
  subject('rsi(14)', () => new Rsi(14), (s, b) => s.update(b.close) ?? 0),
  subject('macd(12,26,9)', () => new Macd(12, 26, 9), (s, b) => s.update(b.close)?.histogram ?? 0),
  subject('bbands(20,2)', () => new BollingerBands(20, 2), (s, b) => s.update(b.close)?.upper ?? 0),
  subject('atr(14)', () => new Atr(14), (s, b) => s.update(b) ?? 0),
  subject('stoch(14,3,3)', () => new Stochastic(14, 3, 3), (s, b) => s.update(b)?.d ?? 0),
  subject('vwap', () => new Vwap(), (s, b) => s.update(b) ?? 0),
  subject('donchian(20)', () => new Donchian(20), (s, b) => s.update(b)?.middle ?? 0),
  subject('pivots(60)', () => new PivotPoints(60), (s, b) => s.update(b)?.p ?? 0),
];

/** Keeps results observable so the JIT cannot drop the work; checked to be finite at the end. */
let sink = 0;

/** Loads the bars, then times each indicator alone, the trivial loop, and all indicators together. */
export function runIndicatorBench(options: IndicatorBenchOptions, progress: (text: string) => void = () => {}): IndicatorBenchResult {
  const bars = loadBars();
  const problems: string[] = [];
  const cpu = new CpuWindow(new Map());
  cpu.start();
  const each = SUBJECTS.map((subject) => {
    progress(`indicators: ${subject.name}, ${options.updates.toLocaleString('en-US')} updates × ${options.rounds} rounds…`);
    return { name: subject.name, nsPerUpdate: rounds(options, () => timeLoop(subject.make().step, bars, options.updates)) };
  });
  const loop = rounds(options, () => timeLoop((bar) => bar.close, bars, options.updates));
  progress(`indicators: all ${SUBJECTS.length} together on every bar…`);
  const nsPerBar = rounds(options, () => timeTogether(bars, options.updates));
  const processes = cpu.stop();
  if (!Number.isFinite(sink)) problems.push('an indicator produced a non-finite value on real bars');
  checkOutputs(bars, problems);
  const slowest = each.reduce((a, b) => (b.nsPerUpdate.median > a.nsPerUpdate.median ? b : a));
  return {
    source: 'test/fixtures/indicators/xrp-eth-1m.csv (XRP/ETH one-minute bars from real trades)',
    bars: bars.length,
    updatesPerRound: options.updates,
    each,
    together: { indicators: SUBJECTS.length, nsPerBar, nsPerUpdate: round1(nsPerBar.median / SUBJECTS.length) },
    loopNs: loop.median,
    slowest: { name: slowest.name, nsPerUpdate: slowest.nsPerUpdate.median },
    machine: cpu.machine(processes),
    problems,
  };
}

function loadBars(): BarInput[] {
  const rows = parseBarsCsv(readFileSync(BARS_FILE, 'utf8'), ['open', 'high', 'low', 'close', 'volume']);
  return rows.map((row) => ({ open: row.open as number, high: row.high as number, low: row.low as number, close: row.close as number, volume: row.volume as number }));
}

/** A warm-up round, then `rounds` timed ones; each returns ns per update. */
function rounds(options: IndicatorBenchOptions, round: () => number): NsPerUpdate {
  round();
  const times: number[] = [];
  for (let r = 0; r < options.rounds; r++) times.push(round());
  const sorted = [...times].sort((a, b) => a - b);
  return { median: round1(sorted[Math.floor(sorted.length / 2)] as number), best: round1(sorted[0] as number), rounds: times.map(round1) };
}

/** Feeds `updates` bars, cycling through the stream, to one step; ns per update. */
function timeLoop(step: (bar: BarInput) => number, bars: readonly BarInput[], updates: number): number {
  let acc = 0;
  let at = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < updates; i++) {
    acc += step(bars[at] as BarInput);
    at += 1;
    if (at === bars.length) at = 0;
  }
  const elapsed = Number(process.hrtime.bigint() - started);
  sink += acc;
  return elapsed / updates;
}

/** Every indicator on every bar, called directly as a chart or strategy would; ns per bar. */
function timeTogether(bars: readonly BarInput[], updates: number): number {
  const sma = new Sma(20);
  const ema = new Ema(20);
  const wma = new Wma(20);
  const rsi = new Rsi(14);
  const macd = new Macd(12, 26, 9);
  const bands = new BollingerBands(20, 2);
  const atr = new Atr(14);
  const stoch = new Stochastic(14, 3, 3);
  const vwap = new Vwap();
  const channel = new Donchian(20);
  const pivots = new PivotPoints(60);
  let acc = 0;
  let at = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < updates; i++) {
    const bar = bars[at] as BarInput;
    const close = bar.close;
    acc += sma.update(close) ?? 0;
    acc += ema.update(close) ?? 0;
    acc += wma.update(close) ?? 0;
    acc += rsi.update(close) ?? 0;
    acc += macd.update(close)?.histogram ?? 0;
    acc += bands.update(close)?.upper ?? 0;
    acc += atr.update(bar) ?? 0;
    acc += stoch.update(bar)?.d ?? 0;
    acc += vwap.update(bar) ?? 0;
    acc += channel.update(bar)?.middle ?? 0;
    acc += pivots.update(bar)?.p ?? 0;
    at += 1;
    if (at === bars.length) at = 0;
  }
  const elapsed = Number(process.hrtime.bigint() - started);
  sink += acc;
  return elapsed / updates;
}

/** Every indicator must be warm after one pass over the stream: a bench of indicators that never answer is void. */
function checkOutputs(bars: readonly BarInput[], problems: string[]): void {
  for (const subject of SUBJECTS) {
    const { step, ready } = subject.make();
    let acc = 0;
    for (const bar of bars) acc += step(bar);
    if (!ready() || !Number.isFinite(acc)) problems.push(`${subject.name} gave no finite value after ${bars.length} real bars`);
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
