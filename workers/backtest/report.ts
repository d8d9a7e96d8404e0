/**
 * The backtest report: one JSON document (stable key order, decimals as exact strings, ratios rounded to 6 places,
 * times as ISO-8601 UTC) and the same content for people. Nothing about the run itself (no wall-clock time), so the
 * same inputs give the same bytes.
 */
import { formatUnits, multiplyDecimals, type Decimal } from '../core/fixed-point.js';
import { FILL_RULES } from './bar-fill-model.js';
import { ENGINE_RULES, type BacktestRun } from './backtest-engine.js';
import type { ChartBars } from './chart-bars.js';
import { boundedEquity, MAX_EQUITY_POINTS } from './equity-series.js';
import { roundTrips, STATISTICS_CONVENTIONS, type Statistics } from './statistics.js';

/** What the report says about how the run was set up. */
export interface ReportSetup {
  strategy: string;
  params: Record<string, unknown>;
  dataFile: string;
  intervalUs: number;
  tick: Decimal;
  lot: Decimal;
  feeBps: string;
  slippageBps: string;
  /** How the starting capital was chosen, for the assumptions. */
  capitalNote: string;
  /** Anything else about this run's inputs worth saying (a timeframe label...). */
  notes?: readonly string[];
  /** `bar` (default) or `trade`. */
  mode?: 'bar' | 'trade';
  /** The rules of the mode, replacing the bar-level ones. */
  rules?: readonly string[];
  /** Assumptions of the mode beyond costs (latency, queue), printed after them. */
  modeAssumptions?: Record<string, string>;
  /** Counts of the mode's run (orders denied by risk...), added to `statistics`. */
  runCounts?: Record<string, number>;
  /** What the import found (format, rows, bad rows with their lines), added to `data`. */
  importInfo?: Record<string, unknown>;
}

/** Money, prices and quantities of one instrument grid as decimal strings. */
class Units {
  readonly money: Decimal;
  constructor(readonly tick: Decimal, readonly lot: Decimal) {
    this.money = multiplyDecimals(tick, lot);
  }
  price(ticks: number): string {
    return formatUnits(ticks, this.tick, Math.max(0, -this.tick.exponent));
  }
  qty(lots: number): string {
    return formatUnits(lots, this.lot, Math.max(0, -this.lot.exponent));
  }
  cash(units: number): string {
    return formatUnits(units, this.money, Math.max(0, -this.money.exponent));
  }
}

/**
 * The report as one JSON-ready object, keys in a fixed order. `chart`, when given, adds the run's bars for a price
 * chart (`--chart-bars`).
 */
export function buildReport(setup: ReportSetup, run: BacktestRun, stats: Statistics, chart?: ChartBars): Record<string, unknown> {
  const units = new Units(setup.tick, setup.lot);
  const first = run.equity.at(0);
  const last = run.equity.at(-1);
  return {
    strategy: setup.strategy,
    params: setup.params,
    data: {
      file: setup.dataFile,
      bars: stats.bars,
      from: first === undefined ? null : iso(first.time),
      to: last === undefined ? null : iso(last.time + setup.intervalUs),
      intervalSeconds: setup.intervalUs / 1_000_000,
      ...(setup.importInfo ?? {}),
    },
    assumptions: {
      mode: setup.mode ?? 'bar',
      fill: (setup.mode ?? 'bar') === 'bar' ? 'next-open' : 'tape',
      feeBps: setup.feeBps,
      slippageBps: setup.slippageBps,
      ...(setup.modeAssumptions ?? {}),
      tick: formatPlain(setup.tick),
      lot: formatPlain(setup.lot),
      capital: units.cash(run.capital),
      capitalNote: setup.capitalNote,
      notes: setup.notes ?? [],
      rules: setup.rules ?? [...ENGINE_RULES, ...FILL_RULES],
      statistics: STATISTICS_CONVENTIONS,
    },
    statistics: {
      startEquity: units.cash(stats.startEquity),
      endEquity: units.cash(stats.endEquity),
      netProfit: units.cash(stats.netProfit),
      totalReturn: ratio(stats.totalReturn),
      cagr: ratio(stats.cagr),
      sharpe: ratio(stats.sharpe),
      sortino: ratio(stats.sortino),
      calmar: ratio(stats.calmar),
      maxDrawdown: ratio(stats.maxDrawdown),
      maxDrawdownPeak: stats.maxDrawdownPeak === null ? null : iso(stats.maxDrawdownPeak),
      maxDrawdownTrough: stats.maxDrawdownTrough === null ? null : iso(stats.maxDrawdownTrough),
      trades: stats.trades,
      winRate: ratio(stats.winRate),
      profitFactor: ratio(stats.profitFactor),
      expectancy: stats.expectancy === null ? null : units.cash(stats.expectancy),
      exposure: ratio(stats.exposure),
      fees: units.cash(stats.fees),
      fills: run.fills.length,
      endPosition: units.qty(last?.position ?? 0),
      openOrders: run.openOrders,
      ...(setup.runCounts ?? {}),
    },
    trades: roundTrips(run.fills).map((trip) => ({
      side: trip.side,
      qty: units.qty(trip.qty),
      entryTime: iso(trip.entryTime),
      entryPrice: units.price(trip.entryPrice),
      exitTime: iso(trip.exitTime),
      exitPrice: units.price(trip.exitPrice),
      fees: units.cash(trip.fees),
      pnl: units.cash(trip.pnl),
    })),
    equityCurve: equitySection(setup, run, units),
    ...(chart === undefined ? {} : { chart: chartSection(chart, units) }),
  };
}

/** Equity and drawdown per bar, bounded (equity-series.ts); rows of [bar start, equity, drawdown from the peak]. */
function equitySection(setup: ReportSetup, run: BacktestRun, units: Units): Record<string, unknown> {
  const series = boundedEquity(run.capital, run.equity, MAX_EQUITY_POINTS);
  return {
    mark: (setup.mode ?? 'bar') === 'bar'
      ? 'cash + position x close of each bar'
      : 'cash + position x last print, at the end of each bar of the timeframe that had prints (without a print nothing can change it)',
    bars: series.bars,
    points: series.points.length,
    bucketBars: series.bucketBars,
    downsampling: series.bucketBars === 1
      ? 'none: every bar'
      : `at most ${MAX_EQUITY_POINTS} points: per bucket of ${series.bucketBars} bars its highest and lowest equity and deepest drawdown, and the first and last bars`,
    columns: ['time', 'equity', 'drawdown'],
    rows: series.points.map((point) => [iso(point.time), units.cash(point.equity), units.cash(point.drawdown)]),
  };
}

/** The run's bars for a price chart; rows of [start, open, high, low, close] at the tick's precision. */
function chartSection(chart: ChartBars, units: Units): Record<string, unknown> {
  return {
    intervalSeconds: chart.intervalUs / 1_000_000,
    merged: chart.merged,
    bars: chart.time.length,
    columns: ['time', 'open', 'high', 'low', 'close'],
    rows: chart.time.map((time, i) => [iso(time), units.price(chart.open[i] as number), units.price(chart.high[i] as number), units.price(chart.low[i] as number), units.price(chart.close[i] as number)]),
  };
}

/** The report for people: setup, assumptions, statistics, then the trades. */
export function formatReport(report: Record<string, unknown>): string {
  const data = report.data as Record<string, unknown>;
  const assumptions = report.assumptions as Record<string, unknown>;
  const stats = report.statistics as Record<string, unknown>;
  const trades = report.trades as Array<Record<string, string>>;
  const lines = [
    `Backtest of ${String(report.strategy)} ${Object.entries(report.params as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`,
    `Data: ${String(data.file)}, ${String(data.bars)} bars of ${String(data.intervalSeconds)} s from ${String(data.from)} to ${String(data.to)}`,
    ...importLines(data),
    '',
    'Assumptions',
    assumptions.mode === 'trade'
      ? `  mode trade-level, fills from the tape, fee ${String(assumptions.feeBps)} bps, slippage ${String(assumptions.slippageBps)} bps, latency ${String(assumptions.latencyMs)} ms, queue ahead ${String(assumptions.queueAhead)}, tick ${String(assumptions.tick)}, lot ${String(assumptions.lot)}`
      : `  mode bar-level, fill next-open, fee ${String(assumptions.feeBps)} bps, slippage ${String(assumptions.slippageBps)} bps, tick ${String(assumptions.tick)}, lot ${String(assumptions.lot)}`,
    `  capital ${String(assumptions.capital)} (${String(assumptions.capitalNote)})`,
    ...(assumptions.notes as string[]).map((note) => `  note: ${note}`),
    ...(assumptions.rules as string[]).map((rule) => `  - ${rule}`),
    ...(assumptions.statistics as string[]).map((rule) => `  - ${rule}`),
    '',
    'Statistics',
    ...Object.entries(stats).map(([name, value]) => `  ${name.padEnd(18)} ${value === null ? 'n/a' : String(value)}`),
    '',
    `Trades (${trades.length})`,
    `  ${['side', 'qty', 'entry time', 'entry', 'exit time', 'exit', 'fees', 'pnl'].join('  ')}`,
    ...trades.map((t) => `  ${[t.side, t.qty, t.entryTime, t.entryPrice, t.exitTime, t.exitPrice, t.fees, t.pnl].join('  ')}`),
    ...seriesLines(report),
  ];
  return `${lines.join('\n')}\n`;
}

/** What the series sections hold (their rows are for --json). */
function seriesLines(report: Record<string, unknown>): string[] {
  const equity = report.equityCurve as { points: number; bars: number; downsampling: string } | undefined;
  const chart = report.chart as { bars: number; intervalSeconds: number } | undefined;
  return [
    '',
    ...(equity === undefined ? [] : [`Equity and drawdown: ${equity.points} points of ${equity.bars} bars (${equity.downsampling}; rows in --json)`]),
    ...(chart === undefined ? [] : [`Chart: ${chart.bars} bars of ${chart.intervalSeconds} s (rows in --json)`]),
  ];
}

/** The import's facts, when the report has them. */
function importLines(data: Record<string, unknown>): string[] {
  if (data.format === undefined) return [];
  const issues = (data.issues as Array<{ line: number; reason: string }> | undefined) ?? [];
  return [
    `  format ${String(data.format)}, ${String(data.rows)} rows, ${String(data.badRows)} bad${data.events === undefined ? '' : `, ${String(data.events)} trade events`}`,
    ...issues.map((issue) => `  bad row: line ${issue.line}: ${issue.reason}`),
  ];
}

/** A ratio rounded to 6 decimal places; null stays null. */
function ratio(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const rounded = Number(value.toFixed(6));
  return Object.is(rounded, -0) ? 0 : rounded;
}

function iso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

function formatPlain(value: Decimal): string {
  return formatUnits(1, value, Math.max(0, -value.exponent));
}
