/**
 * The Backtest panel's form rules, pure: the strategies and their parameters as the backtester knows them, typed
 * text (one value or a comma-separated list for a sweep) turned into the `runBacktest` command, and a report's
 * per-bar equity series turned into equity and drawdown lines.
 */
import type { BacktestCommand, BacktestParam, BacktestReport, ParamSchemaView } from '../../../workers/protocol/channels.js';

/** The sample data shipped with the terminal, offered first; any other path can be typed. */
export const SAMPLE_DATA = ['resources/data/xrp-eth-trades.csv'];

/** Statistics the runs can be ranked by (the host's RANK_STATISTICS). */
export const RANK_CHOICES = ['sharpe', 'sortino', 'calmar', 'totalReturn', 'netProfit', 'profitFactor', 'winRate', 'maxDrawdown'];

/** One editable parameter: its name, a hint from its schema, and its default as text. */
export interface ParamField {
  name: string;
  hint: string;
  defaultText: string;
}

/**
 * The strategies a backtest can run, from the built-in kinds and schemas the host sends (list parameters, such as
 * levels, are left to their defaults).
 */
export function backtestStrategies(kinds: ReadonlyArray<{ kind: string; schema: ParamSchemaView }>): Array<{ kind: string; fields: ParamField[] }> {
  return kinds.map(({ kind, schema }) => ({
    kind,
    fields: Object.entries(schema).flatMap(([name, spec]) => (spec.kind === 'list' ? [] : [{ name, hint: spec.description, defaultText: String(spec.default) }])),
  }));
}

/** What the user typed. */
export interface BacktestForm {
  strategy: string;
  params: Record<string, string>;
  data: string;
  mode: 'bar' | 'trade';
  tf: string;
  feeBps: string;
  slippageBps: string;
  quantity: string;
  rankBy: string;
}

/** Typed text as a value or, with commas, a list of values to sweep; empty text leaves the default. */
export function paramValue(text: string): BacktestParam | undefined {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : parts;
}

/** How many runs the form asks for. */
export function runCount(form: Pick<BacktestForm, 'params'>): number {
  let count = 1;
  for (const text of Object.values(form.params)) {
    const value = paramValue(text);
    if (Array.isArray(value)) count *= value.length;
  }
  return count;
}

/** The command for the form; the backtester checks the values and answers with its own reasons. */
export function backtestCommand(form: BacktestForm, requestId: string): { channel: 'runBacktest' } & BacktestCommand {
  const params: Record<string, BacktestParam> = {};
  for (const [name, text] of Object.entries(form.params)) {
    const value = paramValue(text);
    if (value !== undefined) params[name] = value;
  }
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  const optional = { tf: text(form.tf), feeBps: text(form.feeBps), slippageBps: text(form.slippageBps), quantity: text(form.quantity), rankBy: text(form.rankBy) };
  return {
    channel: 'runBacktest',
    requestId,
    strategy: form.strategy,
    params,
    data: form.data.trim(),
    mode: form.mode,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/**
 * Equity at each bar's close and its drawdown from the peak so far (a fraction, ≤ 0), as [time ms, value] lines,
 * from the report's per-bar series (`equityCurve`: [time, equity, drawdown from the peak] rows, bounded by the
 * backtester). A report without one (older runs) gets lines from its closed trades. The report's cash figures are
 * decimal text, drawn here only, never computed on.
 */
export function equityLines(report: BacktestReport): { equity: Array<[number, number]>; drawdown: Array<[number, number]> } {
  const rows = (report.equityCurve as { rows?: unknown } | undefined)?.rows;
  if (!Array.isArray(rows)) return tradeEquityLines(report);
  const equity: Array<[number, number]> = [];
  const drawdown: Array<[number, number]> = [];
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row)) continue;
    const time = Date.parse(String(row[0]));
    const value = Number(row[1]);
    const fall = Number(row[2]);
    if (!Number.isFinite(time) || !Number.isFinite(value) || !Number.isFinite(fall)) continue;
    const peak = value + fall;
    equity.push([time, value]);
    drawdown.push([time, peak === 0 ? 0 : -fall / peak]);
  }
  return { equity, drawdown };
}

/** Equity after each closed trade (start plus the running P&L) and its drawdown from the peak so far. */
function tradeEquityLines(report: BacktestReport): { equity: Array<[number, number]>; drawdown: Array<[number, number]> } {
  const start = Number(report.statistics.startEquity ?? 0);
  const trades = (report.trades ?? []) as Array<{ exitTime?: unknown; pnl?: unknown }>;
  const firstTime = Date.parse(String((report.data as { from?: unknown } | undefined)?.from ?? ''));
  const equity: Array<[number, number]> = Number.isFinite(firstTime) ? [[firstTime, start]] : [];
  const drawdown: Array<[number, number]> = Number.isFinite(firstTime) ? [[firstTime, 0]] : [];
  let value = start;
  let peak = start;
  for (const trade of trades) {
    const time = Date.parse(String(trade.exitTime));
    if (!Number.isFinite(time)) continue;
    value += Number(trade.pnl ?? 0);
    peak = Math.max(peak, value);
    equity.push([time, value]);
    drawdown.push([time, peak === 0 ? 0 : (value - peak) / peak]);
  }
  return { equity, drawdown };
}

/** Parameters as short text, `fast=5 slow=30`. */
export function paramsText(params: Record<string, string>): string {
  return Object.entries(params).map(([name, value]) => `${name}=${value}`).join(' ');
}
