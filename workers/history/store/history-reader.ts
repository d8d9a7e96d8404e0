/**
 * The store's read side: runs the History panel's filters as indexed SELECTs with a LIMIT over a read-only
 * connection, and returns the rows as stored (integers in ticks, lots and µs).
 */
import type Database from 'better-sqlite3';
import type { HistoryFilter, HistoryKind } from '../../protocol/channels.js';
import { planQuery } from './query-plan.js';

/** A stored row: column name to value. */
export type StoredRow = Record<string, string | number | null>;

/** The rows a filter matched, newest first. */
export interface StoredRows {
  kind: HistoryKind;
  rows: StoredRow[];
  /** More rows matched than `limit`. */
  truncated: boolean;
}

/** Runs queries on an open database; statements are prepared once per distinct shape and reused. */
export class HistoryReader {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** The newest `limit` rows matching `filter`; throws with the reason on a filter that cannot be run. */
  query(filter: HistoryFilter, limit: number): StoredRows {
    // One row more than asked tells whether the result was cut.
    const plan = planQuery(filter, limit + 1);
    if ('error' in plan) throw new Error(plan.error);
    let statement = this.statements.get(plan.sql);
    if (statement === undefined) {
      statement = this.db.prepare(plan.sql);
      this.statements.set(plan.sql, statement);
    }
    const rows = statement.all(...plan.params) as StoredRow[];
    const truncated = rows.length > limit;
    return { kind: filter.kind, rows: truncated ? rows.slice(0, limit) : rows, truncated };
  }

  /**
   * The same rows one at a time, for exports too large to hold twice. The connection is busy until the iterator
   * ends (or `return()` is called): give exports a reader of their own.
   */
  *iterate(filter: HistoryFilter, limit: number): Generator<StoredRow> {
    const plan = planQuery(filter, limit);
    if ('error' in plan) throw new Error(plan.error);
    yield* this.db.prepare(plan.sql).iterate(...plan.params) as IterableIterator<StoredRow>;
  }

  close(): void {
    this.db.close();
  }
}
