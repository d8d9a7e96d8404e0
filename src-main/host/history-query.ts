/**
 * The terminal's queries of the history store, run in the host over its own read-only connection.
 *
 * Why here and not by request/reply to the history worker: every query is one indexed SELECT with a LIMIT (the
 * newest rows of one kind, filtered by day, instrument or strategy) and takes well under a millisecond to a few
 * milliseconds; WAL mode lets it read while the worker writes, neither waiting for the other; and a read-only
 * connection cannot harm the store. A round trip through the worker would add a protocol message, a socket and a
 * second place for the worker to stall, to save the host nothing it would notice. Exports are bounded too.
 */
import { existsSync } from 'node:fs';
import type { InstrumentRegistry } from '../../workers/core/instrument.js';
import type { HistoryFilter, HistoryTable } from '../../workers/protocol/channels.js';
import { csvRecord } from '../../workers/history/store/csv.js';
import { historyPath, openHistoryForReading } from '../../workers/history/store/history-db.js';
import { HistoryReader } from '../../workers/history/store/history-reader.js';
import { formatHistory, formatHistoryRow, historyColumns } from './history-format.js';

/** Rows a query shows in the panel, and the most an export writes. */
export const VIEW_LIMIT = 500;
export const EXPORT_LIMIT = 100_000;
/** Rows an export formats before it lets the event loop run. */
const EXPORT_SLICE = 1_000;

/** Queries the history database of a state folder; opens it when it first exists. */
export class HistoryQuery {
  private reader: HistoryReader | undefined;
  private readonly path: string;

  constructor(
    stateDir: string,
    private readonly registry: InstrumentRegistry,
  ) {
    this.path = historyPath(stateDir);
  }

  /** The newest rows matching `filter`, formatted; a failure comes back as the table's `error`. */
  query(filter: HistoryFilter, limit = VIEW_LIMIT): HistoryTable {
    try {
      const reader = this.open();
      if (reader === undefined) return formatHistory({ kind: filter.kind, rows: [], truncated: false }, this.registry);
      return formatHistory(reader.query(filter, limit), this.registry);
    } catch (error) {
      return { ...formatHistory({ kind: filter.kind, rows: [], truncated: false }, this.registry), error: (error as Error).message };
    }
  }

  /**
   * The whole result (up to `EXPORT_LIMIT` rows) as RFC 4180 CSV, and a table with its columns and any error (no
   * rows: they are in the CSV). Read on a connection of its own, a slice at a time with the event loop free in
   * between, so a large export never holds up the windows' updates or other queries.
   */
  async exportCsv(filter: HistoryFilter): Promise<{ table: HistoryTable; csv: string }> {
    const table: HistoryTable = { kind: filter.kind, ...historyColumns(filter.kind), rows: [], truncated: false, error: '' };
    if (!existsSync(this.path)) return { table, csv: csvRecord(table.columns) };
    let reader: HistoryReader | undefined;
    try {
      reader = new HistoryReader(openHistoryForReading(this.path));
      const lines = [csvRecord(table.columns)];
      let count = 0;
      for (const row of reader.iterate(filter, EXPORT_LIMIT + 1)) {
        if (++count > EXPORT_LIMIT) {
          table.truncated = true;
          break;
        }
        lines.push(csvRecord(formatHistoryRow(filter.kind, row, this.registry)));
        if (count % EXPORT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return { table, csv: lines.join('') };
    } catch (error) {
      return { table: { ...table, error: (error as Error).message }, csv: '' };
    } finally {
      reader?.close();
    }
  }

  close(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  /** The reader, once the history worker has created the database (until then there is no history to show). */
  private open(): HistoryReader | undefined {
    if (this.reader !== undefined) return this.reader;
    if (!existsSync(this.path)) return undefined;
    this.reader = new HistoryReader(openHistoryForReading(this.path));
    return this.reader;
  }
}
