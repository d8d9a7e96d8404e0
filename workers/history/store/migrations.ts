/**
 * The history database's schema as an ordered list of migrations. A database records the last version applied in
 * `schema_version`; opening it applies the rest in order, each in one transaction. Never edit a released migration:
 * append a new one, so every older file reaches the same schema.
 *
 * Units, as on the wire: prices in ticks, quantities in lots, money in ticks×lots of the instrument, fees in 10⁻⁸ of
 * the quote currency, times in µs since the epoch. Decimals exist only where rows leave the store.
 */

/** One step of the schema. */
export interface Migration {
  version: number;
  /** What it adds, for the log. */
  name: string;
  sql: string;
}

/** Every migration, oldest first; versions are 1, 2, 3, … without gaps. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'orders, fills, positions and conditions',
    sql: `
      CREATE TABLE order_events (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL, stream TEXT NOT NULL, topic TEXT NOT NULL, seq INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        venue TEXT NOT NULL, symbol TEXT NOT NULL, client_order_id TEXT NOT NULL, strategy_id TEXT NOT NULL,
        side TEXT NOT NULL, event TEXT NOT NULL, state TEXT NOT NULL,
        order_type TEXT, tif TEXT, price INTEGER, qty INTEGER, stop_price INTEGER,
        filled_qty INTEGER, leaves_qty INTEGER,
        reason TEXT NOT NULL DEFAULT '', rule TEXT NOT NULL DEFAULT '', limit_value INTEGER, value INTEGER,
        UNIQUE (session, stream, topic, seq)
      );
      CREATE TABLE fills (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL, ts INTEGER NOT NULL,
        venue TEXT NOT NULL, symbol TEXT NOT NULL, client_order_id TEXT NOT NULL, strategy_id TEXT NOT NULL,
        side TEXT NOT NULL, fill_id TEXT NOT NULL, venue_order_id TEXT NOT NULL,
        price INTEGER NOT NULL, qty INTEGER NOT NULL, liquidity TEXT NOT NULL, fee INTEGER NOT NULL,
        scope TEXT NOT NULL,
        UNIQUE (venue, scope, fill_id)
      );
      CREATE TABLE positions (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL, stream TEXT NOT NULL, topic TEXT NOT NULL, seq INTEGER NOT NULL,
        ts INTEGER NOT NULL, venue TEXT NOT NULL, symbol TEXT NOT NULL,
        qty INTEGER NOT NULL, cost INTEGER NOT NULL, realized INTEGER NOT NULL, unrealized INTEGER NOT NULL,
        mark INTEGER NOT NULL, fees INTEGER NOT NULL,
        UNIQUE (session, stream, topic, seq)
      );
      CREATE TABLE conditions (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL, stream TEXT NOT NULL, topic TEXT NOT NULL, seq INTEGER NOT NULL,
        ts INTEGER NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, source TEXT NOT NULL,
        cause TEXT NOT NULL, detail TEXT NOT NULL,
        UNIQUE (session, stream, topic, seq)
      );
    `,
  },
  {
    version: 2,
    name: 'equity samples and strategy parameter changes',
    sql: `
      CREATE TABLE equity (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL, stream TEXT NOT NULL, topic TEXT NOT NULL, seq INTEGER NOT NULL,
        ts INTEGER NOT NULL, venue TEXT NOT NULL, symbol TEXT NOT NULL,
        qty INTEGER NOT NULL, realized INTEGER NOT NULL, unrealized INTEGER NOT NULL, mark INTEGER NOT NULL,
        fees INTEGER NOT NULL,
        UNIQUE (session, stream, topic, seq)
      );
      CREATE TABLE strategy_params (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL, ts INTEGER NOT NULL,
        strategy_id TEXT NOT NULL, kind TEXT NOT NULL, venue TEXT NOT NULL, symbol TEXT NOT NULL,
        state TEXT NOT NULL, params TEXT NOT NULL,
        UNIQUE (session, strategy_id, ts)
      );
    `,
  },
  {
    version: 3,
    name: 'backtest runs, and indexes for the terminal’s filters',
    sql: `
      CREATE TABLE backtest_runs (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL, strategy TEXT NOT NULL, venue TEXT NOT NULL, symbol TEXT NOT NULL,
        data TEXT NOT NULL, params TEXT NOT NULL, settings TEXT NOT NULL, stats TEXT NOT NULL
      );
      CREATE INDEX order_events_ts ON order_events (ts);
      CREATE INDEX order_events_instrument ON order_events (symbol, ts);
      CREATE INDEX order_events_strategy ON order_events (strategy_id, ts);
      CREATE INDEX order_events_order ON order_events (client_order_id);
      CREATE INDEX fills_ts ON fills (ts);
      CREATE INDEX fills_instrument ON fills (symbol, ts);
      CREATE INDEX fills_strategy ON fills (strategy_id, ts);
      CREATE INDEX positions_instrument ON positions (symbol, ts);
      CREATE INDEX positions_ts ON positions (ts);
      CREATE INDEX equity_instrument ON equity (symbol, ts);
      CREATE INDEX equity_ts ON equity (ts);
      CREATE INDEX conditions_ts ON conditions (ts);
      CREATE INDEX strategy_params_strategy ON strategy_params (strategy_id, ts);
      CREATE INDEX strategy_params_ts ON strategy_params (ts);
      CREATE INDEX backtest_runs_created ON backtest_runs (created_at);
      CREATE INDEX backtest_runs_strategy ON backtest_runs (strategy, created_at);
    `,
  },
];

/** The version a fully migrated database is at. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
