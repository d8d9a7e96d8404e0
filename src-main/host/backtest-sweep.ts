/**
 * A backtest request from the terminal, checked, expanded into the grid of runs a sweep makes, turned into the
 * backtest command's arguments, and its finished runs ranked. Pure: no I/O.
 */
import { DEFAULT_CHART_BARS } from '../../workers/backtest/chart-bars.js';
import { strategyDefinition, strategyDefinitions } from '../../workers/strategies/registry.js';
import type { BacktestCommand, BacktestParam, BacktestReport } from '../../workers/protocol/channels.js';

/** One parameter: a single value, or a list of values to sweep over. */
export type SweepValue = BacktestParam;

/** What the renderer asks for (the `runBacktest` command without its requestId). */
export type BacktestRequest = Omit<BacktestCommand, 'requestId'>;

/** Statistics a sweep can be ranked by; higher is better except for maxDrawdown. */
export const RANK_STATISTICS = ['sharpe', 'sortino', 'calmar', 'totalReturn', 'cagr', 'profitFactor', 'winRate', 'expectancy', 'netProfit', 'maxDrawdown'] as const;
const LOWER_IS_BETTER = new Set(['maxDrawdown']);
/** Refused above this: a sweep is meant to compare settings, not to occupy the machine for an hour. */
export const MAX_SWEEP_RUNS = 500;

/** Bounds on a sweep's parameter map from a window, far above real use. */
const MAX_PARAMS = 50;
const MAX_VALUES = 100;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function scalarProblem(value: unknown): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must be a finite number';
  if (typeof value === 'string') return value.length >= 1 && value.length <= 100 ? undefined : 'must be 1..100 characters';
  return 'must be a number, true/false, text or a list of those';
}

/** The bridge's check of `runBacktest.params`: names, values or lists of values; why it is refused, or undefined. */
export function sweepParamsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a map of parameters';
  const entries = Object.entries(value);
  if (entries.length > MAX_PARAMS) return `must hold at most ${MAX_PARAMS} parameters`;
  for (const [name, param] of entries) {
    if (!PARAM_NAME.test(name)) return `has a bad parameter name ${JSON.stringify(name.slice(0, 70))}`;
    const values: unknown[] = Array.isArray(param) ? param : [param];
    if (values.length === 0 || values.length > MAX_VALUES) return `${name} must list 1..${MAX_VALUES} values`;
    for (const item of values) {
      const problem = scalarProblem(item);
      if (problem !== undefined) return `${name} ${problem}`;
    }
  }
  return undefined;
}

/** A refusal of the request, with the reason shown to the user. */
export class BacktestRequestError extends Error {}

/** Every combination of the listed values, in the order the parameters and values were given. */
export function expandGrid(params: Record<string, SweepValue>): Array<Record<string, string>> {
  let grid: Array<Record<string, string>> = [{}];
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) throw new BacktestRequestError(`parameter ${key}: no values`);
    const next: Array<Record<string, string>> = [];
    for (const combination of grid) for (const v of values) next.push({ ...combination, [key]: String(v) });
    grid = next;
  }
  return grid;
}

/** Checks what the command line would refuse only after starting, so the user hears it at once. */
export function checkRequest(request: BacktestRequest): Array<Record<string, string>> {
  const definition = strategyDefinition(request.strategy);
  if (definition === undefined) {
    throw new BacktestRequestError(`unknown strategy ${request.strategy} (one of ${strategyDefinitions().map((d) => d.kind).join(', ')})`);
  }
  for (const key of Object.keys(request.params)) {
    if (!Object.hasOwn(definition.params, key)) {
      throw new BacktestRequestError(`strategy ${request.strategy} has no parameter ${key} (it has ${Object.keys(definition.params).join(', ')})`);
    }
  }
  if (request.data.trim() === '') throw new BacktestRequestError('choose a data file');
  if (request.rankBy !== undefined && !(RANK_STATISTICS as readonly string[]).includes(request.rankBy)) {
    throw new BacktestRequestError(`rank by ${request.rankBy}: one of ${RANK_STATISTICS.join(', ')}`);
  }
  const grid = expandGrid(request.params);
  if (grid.length > MAX_SWEEP_RUNS) throw new BacktestRequestError(`${grid.length} runs in the sweep: at most ${MAX_SWEEP_RUNS}`);
  return grid;
}

/** The backtest command's arguments for one run of the grid; the report carries the run's bars for its price chart. */
export function cliArgs(request: BacktestRequest, params: Record<string, string>): string[] {
  const args = ['--strategy', request.strategy, '--data', request.data, '--mode', request.mode];
  for (const [key, value] of Object.entries(params)) args.push('--param', `${key}=${value}`);
  if (request.tf !== undefined) args.push('--tf', request.tf);
  if (request.feeBps !== undefined) args.push('--fee-bps', request.feeBps);
  if (request.slippageBps !== undefined) args.push('--slippage-bps', request.slippageBps);
  if (request.quantity !== undefined) args.push('--quantity', request.quantity);
  args.push('--chart-bars', String(DEFAULT_CHART_BARS), '--json');
  return args;
}

/** A finished run of a sweep: its place in the grid, its parameters and the command's JSON report. */
export interface FinishedRun {
  index: number;
  params: Record<string, string>;
  report: BacktestReport;
}

/** The statistic as a number; cash figures come as decimal text, and a missing ratio (null) ranks last. */
function statisticOf(run: FinishedRun, key: string): number | null {
  const value = run.report.statistics[key];
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/** The runs best first by `rankBy` (default Sharpe); ties and missing values keep the grid's order. */
export function rankRuns(runs: readonly FinishedRun[], rankBy = 'sharpe'): FinishedRun[] {
  const sign = LOWER_IS_BETTER.has(rankBy) ? 1 : -1;
  return [...runs].sort((a, b) => {
    const x = statisticOf(a, rankBy);
    const y = statisticOf(b, rankBy);
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    return x === y ? a.index - b.index : sign * (x - y);
  });
}
