/**
 * The Backtest panel's price chart, pure: the report's own bars (`chart`, as the backtester wrote them at the tick's
 * precision) as candles, and each trade's entry and exit as markers on the bar holding it — buys below with an up
 * arrow, sells above with a down arrow, the exit's text its P&L. The chart draws floats; the text shown is the
 * report's exact decimal text.
 */
import type { BacktestReport } from '../../../workers/protocol/channels.js';

/** A candle in chart numbers (time in whole UTC seconds). */
export interface BacktestCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** An entry or exit on the chart. */
export interface TradeMarker {
  /** Start of the chart bar holding it, seconds. */
  time: number;
  side: 'buy' | 'sell';
  position: 'belowBar' | 'aboveBar';
  shape: 'arrowUp' | 'arrowDown';
  text: string;
  /** The trade's row in the report's trades. */
  trade: number;
  kind: 'entry' | 'exit';
}

/** The candles of a report's chart and how its prices print. */
export interface ChartCandles {
  candles: BacktestCandle[];
  intervalSeconds: number;
  /** Decimals of the tick, and the tick as a float: the price scale's format. */
  precision: number;
  minMove: number;
}

interface ChartSection {
  intervalSeconds?: unknown;
  rows?: unknown;
}

// A report's chart is the same object while the report is shown: its candles are made once.
const made = new WeakMap<object, ChartCandles>();

/** The candles of the report's chart, or undefined if the report has none. */
export function chartCandles(report: BacktestReport): ChartCandles | undefined {
  const chart = report.chart as ChartSection | undefined;
  if (chart === undefined || chart === null || !Array.isArray(chart.rows)) return undefined;
  const known = made.get(chart);
  if (known !== undefined) return known;
  const candles: BacktestCandle[] = [];
  for (const row of chart.rows as unknown[]) {
    if (!Array.isArray(row) || row.length < 5) continue;
    const time = Date.parse(String(row[0]));
    if (!Number.isFinite(time)) continue;
    candles.push({ time: Math.floor(time / 1000), open: Number(row[1]), high: Number(row[2]), low: Number(row[3]), close: Number(row[4]) });
  }
  const tick = String((report.assumptions as { tick?: unknown } | undefined)?.tick ?? '');
  const decimals = tick.includes('.') ? tick.length - tick.indexOf('.') - 1 : 0;
  const result = { candles, intervalSeconds: Number(chart.intervalSeconds) || 60, precision: decimals, minMove: Number(tick) > 0 ? Number(tick) : 10 ** -decimals };
  made.set(chart, result);
  return result;
}

/** The index of the last candle starting at or before `seconds` (the first candle for a time before them all). */
export function candleAt(candles: readonly BacktestCandle[], seconds: number): number {
  let low = 0;
  let high = candles.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((candles[mid] as BacktestCandle).time <= seconds) low = mid;
    else high = mid - 1;
  }
  return low;
}

interface TradeRow {
  side?: unknown;
  qty?: unknown;
  entryTime?: unknown;
  entryPrice?: unknown;
  exitTime?: unknown;
  exitPrice?: unknown;
  pnl?: unknown;
}

/** Entry and exit markers of the report's trades on `candles`, oldest first as the chart requires. */
export function tradeMarkers(report: BacktestReport, candles: readonly BacktestCandle[]): TradeMarker[] {
  if (candles.length === 0) return [];
  const markers: TradeMarker[] = [];
  const trades = (report.trades ?? []) as TradeRow[];
  trades.forEach((trade, index) => {
    const long = trade.side !== 'short';
    const entry = Date.parse(String(trade.entryTime));
    const exit = Date.parse(String(trade.exitTime));
    if (Number.isFinite(entry)) markers.push(marker(candles, entry, long ? 'buy' : 'sell', `${long ? 'buy' : 'sell'} ${String(trade.qty)}`, index, 'entry'));
    if (Number.isFinite(exit)) markers.push(marker(candles, exit, long ? 'sell' : 'buy', `P&L ${String(trade.pnl)}`, index, 'exit'));
  });
  // Stable: markers of one bar keep the trades' order.
  return markers.sort((a, b) => a.time - b.time);
}

function marker(candles: readonly BacktestCandle[], ms: number, side: 'buy' | 'sell', text: string, trade: number, kind: 'entry' | 'exit'): TradeMarker {
  const time = (candles[candleAt(candles, Math.floor(ms / 1000))] as BacktestCandle).time;
  return { time, side, position: side === 'buy' ? 'belowBar' : 'aboveBar', shape: side === 'buy' ? 'arrowUp' : 'arrowDown', text, trade, kind };
}

/** The candles (logical indices) to show for trade `index`: its entry to its exit with some bars around them. */
export function tradeRange(report: BacktestReport, candles: readonly BacktestCandle[], index: number, margin = 20): { from: number; to: number } | undefined {
  const trade = ((report.trades ?? []) as TradeRow[])[index];
  if (trade === undefined || candles.length === 0) return undefined;
  const entry = Date.parse(String(trade.entryTime));
  const exit = Date.parse(String(trade.exitTime));
  if (!Number.isFinite(entry) || !Number.isFinite(exit)) return undefined;
  return { from: candleAt(candles, Math.floor(entry / 1000)) - margin, to: candleAt(candles, Math.floor(exit / 1000)) + margin };
}

/**
 * The report with its chart shared with an earlier run's when their bars are the same (every run of a sweep on one
 * file and timeframe): the window keeps one copy, and the chart is not redrawn when switching between such runs.
 */
export function shareChart(report: BacktestReport, earlier: readonly BacktestReport[]): BacktestReport {
  const chart = report.chart as ChartSection | undefined;
  if (chart === undefined || chart === null || !Array.isArray(chart.rows)) return report;
  const text = chartText(chart);
  // Shared charts are one object: each distinct one is compared once.
  const seen = new Set<object>();
  for (const other of earlier) {
    const known = other.chart as ChartSection | undefined;
    if (known === undefined || known === null || seen.has(known) || !Array.isArray(known.rows)) continue;
    seen.add(known);
    if (known.rows.length === chart.rows.length && chartText(known) === text) return { ...report, chart: known };
  }
  return report;
}

const texts = new WeakMap<object, string>();

function chartText(chart: object): string {
  let text = texts.get(chart);
  if (text === undefined) texts.set(chart, (text = JSON.stringify(chart)));
  return text;
}
