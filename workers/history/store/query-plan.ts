/**
 * How a filter of the History panel becomes one indexed SELECT: which table and columns a kind lists, and the WHERE
 * clause its filters make. Values are always bound parameters, never spliced into the SQL.
 */
import type { HistoryFilter, HistoryKind } from '../../protocol/channels.js';

/** Where a kind's rows are and which filters apply to it. */
interface KindTable {
  table: string;
  columns: string;
  time: string;
  /** The column a strategy filter matches; none: the filter does not apply to this kind. */
  strategy?: string;
  /** Whether rows belong to one instrument (`venue`, `symbol` columns). */
  instrument: boolean;
}

const TABLES: Record<HistoryKind, KindTable> = {
  orders: {
    table: 'order_events',
    columns: `id, session, ts, venue, symbol, client_order_id AS clientOrderId, strategy_id AS strategyId, side, event, state,
      order_type AS orderType, tif, price, qty, stop_price AS stopPrice, filled_qty AS filledQty, leaves_qty AS leavesQty,
      reason, rule, limit_value AS limitValue, value`,
    time: 'ts',
    strategy: 'strategy_id',
    instrument: true,
  },
  fills: {
    table: 'fills',
    columns: `id, session, ts, venue, symbol, client_order_id AS clientOrderId, strategy_id AS strategyId, side,
      fill_id AS fillId, venue_order_id AS venueOrderId, price, qty, liquidity, fee`,
    time: 'ts',
    strategy: 'strategy_id',
    instrument: true,
  },
  positions: { table: 'positions', columns: 'id, session, ts, venue, symbol, qty, cost, realized, unrealized, mark, fees', time: 'ts', instrument: true },
  equity: { table: 'equity', columns: 'id, session, ts, venue, symbol, qty, realized, unrealized, mark, fees', time: 'ts', instrument: true },
  conditions: { table: 'conditions', columns: 'id, session, ts, kind, state, source, cause, detail', time: 'ts', instrument: false },
  params: {
    table: 'strategy_params',
    columns: 'id, session, ts, strategy_id AS strategyId, kind, venue, symbol, state, params',
    time: 'ts',
    strategy: 'strategy_id',
    instrument: true,
  },
  backtests: {
    table: 'backtest_runs',
    columns: 'id, created_at AS ts, strategy, venue, symbol, data, params, settings, stats',
    time: 'created_at',
    strategy: 'strategy',
    instrument: true,
  },
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_US = 86_400_000_000;

/** The UTC day `YYYY-MM-DD` as [start, end) in µs since the epoch; undefined if it is not a real date. */
export function dayRange(day: string): [number, number] | undefined {
  const match = DAY.exec(day);
  if (match === null) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = Date.UTC(year, month - 1, date);
  const back = new Date(start);
  // Date.UTC rolls 2026-02-30 over into March: a date that does not come back the same did not exist.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) return undefined;
  return [start * 1000, start * 1000 + DAY_US];
}

/** A statement and its parameters. */
export interface QueryPlan {
  sql: string;
  params: Array<string | number>;
}

/**
 * The newest `limit` rows of the filter's kind (newest first), or why the filter cannot be run. Filters that do not
 * apply to a kind (a strategy for positions) are ignored.
 */
export function planQuery(filter: HistoryFilter, limit: number): QueryPlan | { error: string } {
  const kind = TABLES[filter.kind];
  if (kind === undefined) return { error: `unknown kind ${String(filter.kind)}` };
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.day !== undefined && filter.day !== '') {
    const range = dayRange(filter.day);
    if (range === undefined) return { error: `day must be a date as YYYY-MM-DD, got ${JSON.stringify(filter.day)}` };
    where.push(`${kind.time} >= ? AND ${kind.time} < ?`);
    params.push(...range);
  }
  if (kind.instrument && filter.symbol !== undefined && filter.symbol !== '') {
    where.push('symbol = ?');
    params.push(filter.symbol);
  }
  if (kind.instrument && filter.venue !== undefined && filter.venue !== '') {
    where.push('venue = ?');
    params.push(filter.venue);
  }
  if (kind.strategy !== undefined && filter.strategy !== undefined && filter.strategy !== '') {
    where.push(`${kind.strategy} = ?`);
    params.push(filter.strategy);
  }
  const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  params.push(Math.max(1, Math.floor(limit)));
  return { sql: `SELECT ${kind.columns} FROM ${kind.table}${clause} ORDER BY ${kind.time} DESC, id DESC LIMIT ?`, params };
}
