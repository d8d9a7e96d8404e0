/** The Log panel's lines: from every worker and the UI itself, bounded. */
import type { HostToRenderer } from '../../../workers/protocol/channels.js';

/** One line of the log. */
export interface LogLine {
  /** Unique within the session, for keyed lists. */
  id: number;
  /** Host time as sent (µs since the epoch, or ms; format.ts copes with both). */
  time: number;
  worker: string;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** Lines kept: memory stays flat however long the terminal runs. */
export const LOG_LIMIT = 500;

export class LogStore {
  /** Oldest first. */
  lines = $state.raw<LogLine[]>([]);
  #nextId = 1;

  applyLog(message: Extract<HostToRenderer, { channel: 'log' }>): void {
    this.append(message.worker, message.level, message.text, message.time);
  }

  /** Adds a line; the oldest goes when the log is full. */
  append(worker: string, level: LogLine['level'], text: string, time = Date.now() * 1000): void {
    const line: LogLine = { id: this.#nextId++, time, worker, level, text };
    const kept = this.lines.length >= LOG_LIMIT ? this.lines.slice(this.lines.length - LOG_LIMIT + 1) : this.lines;
    this.lines = [...kept, line];
  }
}
