/**
 * Statistics of a backtest run, pure. Money stays exact (integers of ticks×lots); only ratios are floats.
 *
 * Conventions (printed in the report, see {@link STATISTICS_CONVENTIONS}):
 * - Per-bar simple returns of equity at each bar's close, the first against the starting capital.
 * - Sharpe = mean / sample standard deviation of per-bar returns × √(bars per year); Sortino = mean / downside
 *   deviation (root mean square of min(return, 0) over all bars) × √(bars per year). Risk-free rate 0. A year is
 *   365.25 days of the bar interval (markets that trade around the clock).
 * - CAGR by calendar time of the data: from the first bar's start to the last bar's close.
 * - Calmar = CAGR / max drawdown. Max drawdown is the largest fall of equity from a running peak, as a fraction of
 *   the peak, with the bars of the peak and the trough.
 * - Trades are round trips matched FIFO from fills; each one's P&L is net of its share of entry and exit fees.
 * - Exposure is the share of bars that end with a position.
 */
import type { Side } from '../protocol/messages.js';
import type { BacktestFill, BacktestRun } from './backtest-engine.js';
import type { EquitySeries } from './equity-curve.js';

export const STATISTICS_CONVENTIONS: readonly string[] = [
  'returns are per-bar simple returns of equity at each close (the first against the starting capital)',
  'Sharpe = mean / sample stdev of per-bar returns x sqrt(bars per year); risk-free rate 0',
  'Sortino = mean / downside deviation (RMS of min(r,0) over all bars) x sqrt(bars per year)',
  'a year is 365.25 days of 24 hours; bars per year = that / the bar interval',
  'CAGR by calendar time of the data, from the first bar start to the last bar close',
  'Calmar = CAGR / max drawdown; max drawdown as a fraction of the running peak of equity',
  'trades are FIFO round trips; P&L net of each trade\'s share of entry and exit fees',
  'exposure = share of bars that close with a position',
  'a drawdown from the starting capital is dated at the first bar; times are bar start times',
  'expectancy = mean net P&L per trade, rounded to a whole tick x lot; profit factor = gross profit / gross loss',
];

const YEAR_US = 365.25 * 24 * 3600 * 1_000_000;

/** A round trip: an entry matched with its exit. */
export interface RoundTrip {
  side: 'long' | 'short';
  qty: number;
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  /** Fees of the entry and exit share, ticks×lots. */
  fees: number;
  /** (exit − entry) × qty for a long (negated for a short) minus fees, ticks×lots. */
  pnl: number;
}

/** The numbers a report prints. Money in ticks×lots; null where a ratio is undefined (no trades, no variance...). */
export interface Statistics {
  bars: number;
  startEquity: number;
  endEquity: number;
  netProfit: number;
  totalReturn: number;
  cagr: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdown: number;
  maxDrawdownPeak: number | null;
  maxDrawdownTrough: number | null;
  trades: number;
  winRate: number | null;
  profitFactor: number | null;
  /** Mean P&L per trade, ticks×lots rounded to a whole unit. */
  expectancy: number | null;
  exposure: number;
  fees: number;
  barsPerYear: number;
}

interface OpenLot {
  side: Side;
  qty: number;
  price: number;
  time: number;
  fee: number;
}

/** Round trips from fills, FIFO; the last position, if still open, is not a trade. */
export function roundTrips(fills: readonly BacktestFill[]): RoundTrip[] {
  const lots: OpenLot[] = [];
  const trips: RoundTrip[] = [];
  for (const fill of fills) {
    let left = fill.qty;
    let fee = fill.fee;
    while (left > 0 && lots.length > 0 && (lots[0] as OpenLot).side !== fill.side) {
      const lot = lots[0] as OpenLot;
      const take = Math.min(lot.qty, left);
      const entryFee = share(lot.fee, take, lot.qty);
      const exitFee = share(fee, take, left);
      lot.fee -= entryFee;
      lot.qty -= take;
      fee -= exitFee;
      left -= take;
      const direction = lot.side === 'buy' ? 1 : -1;
      const fees = entryFee + exitFee;
      trips.push({ side: direction > 0 ? 'long' : 'short', qty: take, entryTime: lot.time, entryPrice: lot.price, exitTime: fill.time, exitPrice: fill.price, fees, pnl: (fill.price - lot.price) * take * direction - fees });
      if (lot.qty === 0) lots.shift();
    }
    if (left > 0) lots.push({ side: fill.side, qty: left, price: fill.price, time: fill.time, fee });
  }
  return trips;
}

/** `total` split pro rata: the share of `take` out of `of`, the last piece taking the rest so the sum is exact. */
function share(total: number, take: number, of: number): number {
  return take === of ? total : Math.floor((total * take) / of);
}

/** Every statistic of a run; `intervalUs` is the length of one bar. */
export function computeStatistics(run: BacktestRun, intervalUs: number): Statistics {
  const trips = roundTrips(run.fills);
  const values = equityValues(run.equity);
  const end = values.at(-1) ?? run.capital;
  const returns = perBarReturns(run.capital, values);
  const barsPerYear = YEAR_US / intervalUs;
  const first = run.equity.at(0);
  const last = run.equity.at(-1);
  const years = first !== undefined && last !== undefined ? (last.time + intervalUs - first.time) / YEAR_US : 0;
  const cagr = years > 0 && run.capital > 0 && end > 0 ? (end / run.capital) ** (1 / years) - 1 : null;
  const drawdown = maxDrawdown(run.capital, run.equity);
  const wins = trips.filter((trip) => trip.pnl > 0);
  const grossProfit = wins.reduce((sum, trip) => sum + trip.pnl, 0);
  const grossLoss = trips.reduce((sum, trip) => sum + (trip.pnl < 0 ? -trip.pnl : 0), 0);
  const pnl = trips.reduce((sum, trip) => sum + trip.pnl, 0);
  return {
    bars: run.equity.length,
    startEquity: run.capital,
    endEquity: end,
    netProfit: end - run.capital,
    totalReturn: run.capital > 0 ? end / run.capital - 1 : 0,
    cagr,
    sharpe: sharpe(returns, barsPerYear),
    sortino: sortino(returns, barsPerYear),
    calmar: cagr !== null && drawdown.depth > 0 ? cagr / drawdown.depth : null,
    maxDrawdown: drawdown.depth,
    maxDrawdownPeak: drawdown.peak,
    maxDrawdownTrough: drawdown.trough,
    trades: trips.length,
    winRate: trips.length > 0 ? wins.length / trips.length : null,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    expectancy: trips.length > 0 ? Math.round(pnl / trips.length) : null,
    exposure: run.equity.length > 0 ? exposed(run.equity) / run.equity.length : 0,
    fees: run.fills.reduce((sum, fill) => sum + fill.fee, 0),
    barsPerYear,
  };
}

function equityValues(series: EquitySeries): number[] {
  const out = new Array<number>(series.length);
  for (let i = 0; i < series.length; i++) out[i] = (series.at(i) as { equity: number }).equity;
  return out;
}

/** Bars that close with a position. */
function exposed(series: EquitySeries): number {
  let count = 0;
  for (let i = 0; i < series.length; i++) if ((series.at(i) as { position: number }).position !== 0) count++;
  return count;
}

/** Simple returns bar to bar, the first against `start`. */
export function perBarReturns(start: number, values: readonly number[]): number[] {
  const out: number[] = [];
  let previous = start;
  for (const value of values) {
    out.push(previous !== 0 ? value / previous - 1 : 0);
    previous = value;
  }
  return out;
}

/** Annualised Sharpe ratio (risk-free 0, sample standard deviation); null with fewer than 2 returns or no variance. */
export function sharpe(returns: readonly number[], periodsPerYear: number): number | null {
  if (returns.length < 2) return null;
  const mean = average(returns);
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  if (variance <= 0) return null;
  return (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear);
}

/** Annualised Sortino ratio (target 0, downside deviation over all returns); null without a losing bar. */
export function sortino(returns: readonly number[], periodsPerYear: number): number | null {
  if (returns.length < 2) return null;
  const downside = Math.sqrt(returns.reduce((sum, r) => sum + Math.min(r, 0) ** 2, 0) / returns.length);
  if (downside <= 0) return null;
  return (average(returns) / downside) * Math.sqrt(periodsPerYear);
}

/** Largest fall from a running peak as a fraction of it, with the times of that peak and trough (null if none). */
export function maxDrawdown(start: number, points: { readonly length: number; at(index: number): { time: number; equity: number } | undefined }): { depth: number; peak: number | null; trough: number | null } {
  let peakValue = start;
  let peakTime: number | null = null;
  let best = { depth: 0, peak: null as number | null, trough: null as number | null };
  for (let i = 0; i < points.length; i++) {
    const point = points.at(i) as { time: number; equity: number };
    if (point.equity > peakValue) {
      peakValue = point.equity;
      peakTime = point.time;
    }
    const depth = peakValue > 0 ? (peakValue - point.equity) / peakValue : 0;
    if (depth > best.depth) best = { depth, peak: peakTime ?? points.at(0)?.time ?? null, trough: point.time };
  }
  return best;
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
