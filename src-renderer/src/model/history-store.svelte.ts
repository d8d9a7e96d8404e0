/**
 * The History panel's state: the last query's table, and the queries and exports in flight. Answers come back on
 * the `historyResult` channel to every window; each request carries an id, so a window takes only its own.
 */
import type { HistoryFilter, HistoryTable, HostToRenderer, RendererToHost } from '../../../workers/protocol/channels.js';
import { csvFileName } from './history-csv.ts';

type Send = (command: RendererToHost) => boolean;
type HistoryResult = Extract<HostToRenderer, { channel: 'historyResult' }>;

/** A request id unique across windows and reloads. */
function newRequestId(counter: number): string {
  const random = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `h-${counter}-${random}`;
}

export class HistoryStore {
  /** The table of the last query answered; undefined before the first. */
  table = $state.raw<HistoryTable | undefined>(undefined);
  loading = $state(false);
  exporting = $state(false);
  #counter = 0;
  #queryId = '';
  #exportId = '';
  #exportFilter: HistoryFilter | undefined;
  #download: ((fileName: string, csv: string) => void) | undefined;

  /** Asks for the newest rows matching `filter`; a newer query supersedes one still in flight. */
  query(filter: HistoryFilter, send: Send): void {
    this.#queryId = newRequestId(++this.#counter);
    this.loading = send({ channel: 'historyQuery', requestId: this.#queryId, filter: { ...filter } });
  }

  /** Asks for the whole result as CSV; `download` gets the file name and text when it comes. */
  exportCsv(filter: HistoryFilter, send: Send, download: (fileName: string, csv: string) => void): void {
    this.#exportId = newRequestId(++this.#counter);
    this.#exportFilter = { ...filter };
    this.#download = download;
    this.exporting = send({ channel: 'historyQuery', requestId: this.#exportId, filter: { ...filter }, csv: true });
  }

  /** Takes an answer if it is this window's. */
  apply(message: HistoryResult): void {
    if (message.requestId === this.#queryId) {
      this.table = message.table;
      this.loading = false;
    } else if (message.requestId === this.#exportId) {
      this.exporting = false;
      if (message.table.error !== '') this.table = message.table;
      else if (message.csv !== undefined && this.#exportFilter !== undefined) this.#download?.(csvFileName(this.#exportFilter), message.csv);
    }
  }
}
