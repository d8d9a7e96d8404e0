/**
 * The backtester's door into the history store: record a finished run in the state folder's database, so the
 * terminal can list and compare runs across sessions.
 */
import { historyPath, openHistoryForWriting } from './history-db.js';
import { HistoryWriter } from './history-writer.js';
import type { BacktestRunRecord } from './rows.js';

/** Records `run` in `<stateDir>/history.sqlite`; returns the run's id. Opens and closes the database itself. */
export function recordBacktestRun(stateDir: string, run: BacktestRunRecord): number {
  const writer = new HistoryWriter(openHistoryForWriting(historyPath(stateDir)));
  try {
    return writer.insertBacktestRun(run);
  } finally {
    writer.close();
  }
}
