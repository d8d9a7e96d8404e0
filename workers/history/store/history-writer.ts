/**
 * Writes batches of history rows: prepared statements, one transaction per batch (a transaction per row would make
 * every row wait for its own sync). Rows already stored — a stream's owner resending after a restart, a venue
 * reporting a fill twice — are ignored by the tables' unique keys, so writing is idempotent.
 */
import type Database from 'better-sqlite3';
import type { BacktestRunRecord, HistoryBatch, ParamChangeRecord } from './rows.js';

/** How many rows of each kind a write stored (duplicates not counted). */
export interface WriteCounts {
  orders: number;
  fills: number;
  positions: number;
  equity: number;
  conditions: number;
  params: number;
}

const INSERT_ORDER = `INSERT OR IGNORE INTO order_events
  (session, stream, topic, seq, ts, venue, symbol, client_order_id, strategy_id, side, event, state, order_type, tif,
   price, qty, stop_price, filled_qty, leaves_qty, reason, rule, limit_value, value)
  VALUES (@session, @stream, @topic, @seq, @ts, @venue, @symbol, @clientOrderId, @strategyId, @side, @event, @state,
   @orderType, @tif, @price, @qty, @stopPrice, @filledQty, @leavesQty, @reason, @rule, @limitValue, @value)`;
const INSERT_FILL = `INSERT OR IGNORE INTO fills
  (session, ts, venue, symbol, client_order_id, strategy_id, side, fill_id, venue_order_id, price, qty, liquidity, fee, scope)
  VALUES (@session, @ts, @venue, @symbol, @clientOrderId, @strategyId, @side, @fillId, @venueOrderId, @price, @qty,
   @liquidity, @fee, @scope)`;
const INSERT_POSITION = `INSERT OR IGNORE INTO positions
  (session, stream, topic, seq, ts, venue, symbol, qty, cost, realized, unrealized, mark, fees)
  VALUES (@session, @stream, @topic, @seq, @ts, @venue, @symbol, @qty, @cost, @realized, @unrealized, @mark, @fees)`;
const INSERT_EQUITY = `INSERT OR IGNORE INTO equity
  (session, stream, topic, seq, ts, venue, symbol, qty, realized, unrealized, mark, fees)
  VALUES (@session, @stream, @topic, @seq, @ts, @venue, @symbol, @qty, @realized, @unrealized, @mark, @fees)`;
const INSERT_CONDITION = `INSERT OR IGNORE INTO conditions
  (session, stream, topic, seq, ts, kind, state, source, cause, detail)
  VALUES (@session, @stream, @topic, @seq, @ts, @kind, @state, @source, @cause, @detail)`;
const INSERT_PARAMS = `INSERT OR IGNORE INTO strategy_params
  (session, ts, strategy_id, kind, venue, symbol, state, params)
  VALUES (@session, @ts, @strategyId, @kind, @venue, @symbol, @state, @params)`;
const INSERT_BACKTEST = `INSERT INTO backtest_runs (created_at, strategy, venue, symbol, data, params, settings, stats)
  VALUES (@createdAt, @strategy, @venue, @symbol, @data, @params, @settings, @stats)`;

/** The store's write side, over a database opened for writing (history-db.ts). */
export class HistoryWriter {
  private readonly statements;
  private readonly writeAll: (batch: HistoryBatch) => WriteCounts;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      orders: db.prepare(INSERT_ORDER),
      fills: db.prepare(INSERT_FILL),
      positions: db.prepare(INSERT_POSITION),
      equity: db.prepare(INSERT_EQUITY),
      conditions: db.prepare(INSERT_CONDITION),
      params: db.prepare(INSERT_PARAMS),
      backtest: db.prepare(INSERT_BACKTEST),
    };
    this.writeAll = db.transaction((batch: HistoryBatch): WriteCounts => {
      const counts: WriteCounts = { orders: 0, fills: 0, positions: 0, equity: 0, conditions: 0, params: 0 };
      for (const kind of Object.keys(counts) as Array<keyof WriteCounts>) {
        const statement = this.statements[kind];
        for (const row of batch[kind]) counts[kind] += statement.run(row).changes;
      }
      return counts;
    });
  }

  /** Writes a batch in one transaction; all or nothing. */
  write(batch: HistoryBatch): WriteCounts {
    return this.writeAll(batch);
  }

  /** Records a backtest run; returns its id. */
  insertBacktestRun(run: BacktestRunRecord): number {
    const result = this.statements.backtest.run({
      createdAt: run.createdAt,
      strategy: run.strategy,
      venue: run.venue,
      symbol: run.symbol,
      data: run.data,
      params: JSON.stringify(run.params),
      settings: JSON.stringify(run.settings),
      stats: JSON.stringify(run.stats),
    });
    return Number(result.lastInsertRowid);
  }

  /** Each strategy instance's last recorded parameters and state, so a change is told from a repeat across restarts. */
  lastParams(): Map<string, Pick<ParamChangeRecord, 'params' | 'state'>> {
    const rows = this.db
      .prepare(
        `SELECT p.strategy_id AS strategyId, p.params, p.state FROM strategy_params p
         WHERE p.id = (SELECT MAX(id) FROM strategy_params q WHERE q.strategy_id = p.strategy_id)`,
      )
      .all() as Array<{ strategyId: string; params: string; state: string }>;
    return new Map(rows.map((row) => [row.strategyId, { params: row.params, state: row.state }]));
  }

  close(): void {
    this.db.close();
  }
}
