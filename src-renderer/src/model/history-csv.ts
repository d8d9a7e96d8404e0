/** Saving a History export: its file name, and the download (a Blob link: the same in a browser and in Electron). */
import type { HistoryFilter } from '../../../workers/protocol/channels.js';

/** `history-fills-BTC-USD-2026-11-23.csv`: what was exported, in its name. */
export function csvFileName(filter: HistoryFilter): string {
  const parts = ['history', filter.kind, filter.venue, filter.symbol, filter.strategy, filter.day].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  return `${parts.join('-').replace(/[^A-Za-z0-9_.-]+/g, '_')}.csv`;
}

/** Offers `csv` to the user as a file download. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Released a while after the click, once the download has surely read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
