/**
 * Backtest speed in one process, on one core, with one strategy (sma-cross, fast 10 / slow 30; 1 s bars from the prints,
 * 1 m bars for the bar level; trading in and out all along): trade-level events per second (each print through the tape market, bar building,
 * the strategy, the risk core and the matching engine when orders work) and bar-level bars per second (the bar fill
 * model and the strategy). The data is a seeded random walk generated before timing — prints every 0–40 ms with
 * volatility clustering, sides and sizes random — so the figures do not depend on a file; each round runs on a
 * fresh engine, after a warm-up round; the verdict takes the median round.
 */
import { runBacktest } from '../../workers/backtest/backtest-engine.js';
import { barsOf } from '../../workers/backtest/backtest-data.js';
import { boundedEquity } from '../../workers/backtest/equity-series.js';
import { runTradeBacktest } from '../../workers/backtest/trade/trade-backtest.js';
import { parseDecimal } from '../../workers/core/fixed-point.js';
import { SeededRandom } from '../../workers/core/random.js';
import { aggregateTrades } from '../../workers/history/import/aggregate-trades.js';
import type { TradeColumns } from '../../workers/history/import/import-types.js';
import { smaCross } from '../../workers/strategies/sma-cross.js';
import type { StrategyDefinition } from '../../workers/strategies/api.js';
import type { ParamSchema, ParamsOf } from '../../workers/strategies/params.js';

/** The targets (issue 7): trade-level events and bar-level bars per second on one core. */
export const BACKTEST_TARGETS = { tradeEventsPerSecond: 2_000_000, barsPerSecond: 5_000_000 } as const;

/** How much to run. */
export interface BacktestBenchOptions {
  /** Prints in the tape of the trade-level rounds. */
  trades: number;
  /** Bars of the bar-level rounds. */
  bars: number;
  /** Timed rounds, after two warm-up rounds. */
  rounds: number;
  seed?: number;
}

/** Rates of timed rounds: per CPU second of the process (the verdict), and per wall-clock second. */
export interface RoundFigures {
  median: number;
  best: number;
  rounds: number[];
  wallMedian: number;
  wallRounds: number[];
}

/** The section's result. */
export interface BacktestBenchResult {
  trade: RoundFigures & { events: number; fills: number; bars: number };
  bar: RoundFigures & { bars: number; fills: number };
  verdicts: Array<{ figure: string; value: number; unit: string; target: string; pass: boolean }>;
  problems: string[];
  note: string;
}

const MINUTE_US = 60_000_000;
const SECOND_US = 1_000_000;
const WARMUP_ROUNDS = 2;
const PARAMS = { fast: 10, slow: 30, tf: '1m', qty: 1, allowShort: true };

/** A seeded random walk of `n` prints from 2024-01-01, price around 100,000 ticks. */
export function syntheticTape(n: number, seed: number): TradeColumns {
  const random = new SeededRandom(seed);
  const tape: TradeColumns = { kind: 'trades', time: new Float64Array(n), price: new Float64Array(n), qty: new Float64Array(n), side: new Uint8Array(n), length: n };
  let time = 1_704_067_200_000_000;
  let price = 100_000;
  let volatility = 3;
  for (let i = 0; i < n; i++) {
    time += Math.floor(random.next() * 40_000);
    volatility = Math.min(20, Math.max(1, volatility + (random.next() - 0.5)));
    const step = Math.round((random.next() - 0.5) * volatility);
    price = Math.max(1_000, price + step);
    tape.time[i] = time;
    tape.price[i] = price;
    tape.qty[i] = 1 + Math.floor(random.next() * 20);
    tape.side[i] = step > 0 || (step === 0 && random.next() < 0.5) ? 1 : 0;
  }
  return tape;
}

/** Runs the section; `progress` gets a line per stage. */
export function runBacktestBench(options: BacktestBenchOptions, progress: (text: string) => void = () => {}): BacktestBenchResult {
  const seed = options.seed ?? 7;
  const definition = smaCross as unknown as StrategyDefinition<ParamSchema>;
  const params = PARAMS as unknown as ParamsOf<ParamSchema>;
  const tradeParams = { ...PARAMS, tf: '1s' } as unknown as ParamsOf<ParamSchema>;
  progress(`backtest: generating ${options.trades.toLocaleString('en-US')} prints and ${options.bars.toLocaleString('en-US')} bars…`);
  const tape = syntheticTape(options.trades, seed);
  // Bars with a minute's worth of prints each would need far more prints than bars: a walk of one print per bar
  // aggregated to one-minute bars gives bars that move like minutes.
  const barTape = syntheticTape(options.bars, seed + 1);
  for (let i = 0; i < barTape.length; i++) barTape.time[i] = 1_704_067_200_000_000 + i * MINUTE_US;
  const bars = barsOf(aggregateTrades(barTape, MINUTE_US), '1m');
  const tick = parseDecimal('0.01');
  const lot = parseDecimal('1');
  const capital = 100_000 * 100;

  let tradeFills = 0;
  let tradeBars = 0;
  const tradeRates = timeRounds(options.rounds, tape.length, () => {
    const run = runTradeBacktest({ definition, params: tradeParams, tape, barUs: SECOND_US, tf: '1s', tick, lot, feeBps: '2', slippageBps: '0', latencyUs: 1_000, queueAhead: { kind: 'traded', lookbackUs: MINUTE_US }, capital });
    tradeFills = run.fills.length;
    // The report's bounded equity series is part of every run's cost.
    tradeBars = boundedEquity(run.capital, run.equity).bars;
  });
  progress(`backtest: trade-level ${Math.round(tradeRates.median).toLocaleString('en-US')} events per CPU second`);

  let barFills = 0;
  const barRates = timeRounds(options.rounds, bars.length, () => {
    const run = runBacktest({ definition, params, bars, intervalUs: MINUTE_US, costs: { feeBps: '2', slippageBps: '0' }, capital });
    boundedEquity(run.capital, run.equity);
    barFills = run.fills.length;
  });
  progress(`backtest: bar-level ${Math.round(barRates.median).toLocaleString('en-US')} bars per CPU second`);

  const trade = { ...tradeRates, events: tape.length, fills: tradeFills, bars: tradeBars };
  const bar = { ...barRates, bars: bars.length, fills: barFills };
  const problems: string[] = [];
  if (tradeFills === 0) problems.push('the trade-level run made no fills: the strategy did not trade');
  if (barFills === 0) problems.push('the bar-level run made no fills: the strategy did not trade');
  return {
    trade,
    bar,
    verdicts: [
      { figure: 'backtest trade-level events/s', value: Math.round(trade.median), unit: 'events/s', target: `≥ ${BACKTEST_TARGETS.tradeEventsPerSecond.toLocaleString('en-US')}`, pass: trade.median >= BACKTEST_TARGETS.tradeEventsPerSecond },
      { figure: 'backtest bar-level bars/s', value: Math.round(bar.median), unit: 'bars/s', target: `≥ ${BACKTEST_TARGETS.barsPerSecond.toLocaleString('en-US')}`, pass: bar.median >= BACKTEST_TARGETS.barsPerSecond },
    ],
    problems,
    note: `Backtest: one Node process, one thread, sma-cross (fast 10, slow 30, long and short). Trade-level: 1 s bars from ${tape.length.toLocaleString('en-US')} prints of a seeded random walk (1 ms latency, 2 bps fees, queue ahead from the last minute's volume at the price) through the tape market, bar building, the strategy, the risk core and the matching engine, and the report's bounded equity series; ${tradeFills} fills over ${tradeBars} bars. Bar-level: ${bars.length.toLocaleString('en-US')} one-minute bars (2 bps fees), and the bounded equity series; ${barFills} fills. Data generated before timing; ${options.rounds} timed rounds after two warm-up rounds, each on fresh engines; rates are per second of the process\'s CPU time (user + system, GC threads included: other work on a shared machine does not count), wall-clock rates beside; verdicts use the median round.`,
  };
}

/** Lines for the printed report. */
export function formatBacktestBench(result: BacktestBenchResult): string[] {
  const rate = (value: number) => Math.round(value).toLocaleString('en-US');
  return [
    'Backtest speed (one core, sma-cross)',
    `  trade-level  ${rate(result.trade.median)} events per CPU second, median (best ${rate(result.trade.best)}; wall clock ${rate(result.trade.wallMedian)}/s) · ${result.trade.events.toLocaleString('en-US')} prints, ${result.trade.bars.toLocaleString('en-US')} 1 s bars, ${result.trade.fills} fills`,
    `  bar-level    ${rate(result.bar.median)} bars per CPU second, median (best ${rate(result.bar.best)}; wall clock ${rate(result.bar.wallMedian)}/s) · ${result.bar.bars.toLocaleString('en-US')} 1 m bars, ${result.bar.fills} fills`,
  ];
}

/**
 * Runs `work` twice to warm up (the JIT, and the promotion of the freshly made data to the old generation), then
 * `rounds` times; each round's rate is `items` per second of this process's CPU
 * time (user + system, GC threads included), so other work on a shared machine does not count against it. The
 * wall-clock rates are kept beside.
 */
function timeRounds(rounds: number, items: number, work: () => void): RoundFigures {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = -WARMUP_ROUNDS; round < rounds; round++) {
    const cpuStart = process.cpuUsage();
    const started = process.hrtime.bigint();
    work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpuStart);
    if (round < 0) continue;
    cpu.push(items / ((used.user + used.system) / 1e6));
    wall.push(items / seconds);
  }
  return { median: median(cpu), best: Math.max(...cpu), rounds: cpu.map(Math.round), wallMedian: median(wall), wallRounds: wall.map(Math.round) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
