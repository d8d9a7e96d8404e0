/**
 * The workers' lifecycle over a session, for playback: the host appends a mark to `<session>/journal/workers.jnl/`
 * each time a worker's state, process, restart count or reason changes (a few per worker per session: off any hot
 * path), and the session player reads them back to show the Workers panel as it was at any moment. Each mark is a
 * versioned msgpack map, checked when read; a bad one is skipped and counted.
 */
import { decode, encode } from '@msgpack/msgpack';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerRow } from '../../workers/protocol/channels.js';
import type { JournalSettings } from '../../workers/protocol/config.js';
import { readJournal } from '../../workers/runtime/journal-file.js';
import { JournalWriter } from '../../workers/runtime/journal-writer.js';
import type { WorkerStatus } from '../supervisor/supervisor.js';

/** The journal folder's name in `<session>/journal/`. */
export const WORKER_MARKS = 'workers';
const MARK_VERSION = 1;
const PORT = 'host';

/** A worker's lifecycle as of one moment. */
export interface WorkerMark {
  v: typeof MARK_VERSION;
  name: string;
  state: string;
  pid: number;
  restarts: number;
  /** When its process started, µs (0 when it has none). */
  startedAt: number;
  reason: string;
  wanted: boolean;
}

/** Appends a mark for every worker whose lifecycle changed since the last call. */
export class WorkerMarkRecorder {
  private readonly writer: JournalWriter;
  private readonly last = new Map<string, string>();

  constructor(journalDir: string, settings: JournalSettings, onError: (error: Error) => void) {
    const dir = join(journalDir, `${WORKER_MARKS}.jnl`);
    mkdirSync(dir, { recursive: true });
    // A host restarted on the same session folder goes on after what is there.
    const { nextSeq } = readJournal(dir, { repair: true });
    this.writer = new JournalWriter(dir, nextSeq, settings, { onError });
  }

  /** Offers the supervisor's statuses as of `timeUs`; writes those that changed. */
  record(statuses: readonly WorkerStatus[], timeUs: number): void {
    for (const status of statuses) {
      const mark: WorkerMark = {
        v: MARK_VERSION,
        name: status.name,
        state: status.state,
        pid: status.pid,
        restarts: status.restarts,
        startedAt: status.startedAt * 1000,
        reason: status.reason,
        wanted: status.wanted,
      };
      const key = JSON.stringify(mark);
      if (this.last.get(status.name) === key) continue;
      this.last.set(status.name, key);
      this.writer.append({ time: timeUs, port: PORT, topic: status.name, payload: encode(mark) });
    }
  }

  close(): void {
    this.writer.close();
  }
}

/** A mark with the time it was written, µs. */
export interface TimedMark {
  time: number;
  mark: WorkerMark;
}

/** Reads a session's worker marks, oldest first; `refused` counts those that are not marks of this version. */
export function readWorkerMarks(journalDir: string): { marks: TimedMark[]; refused: number } {
  const marks: TimedMark[] = [];
  let refused = 0;
  for (const record of readJournal(join(journalDir, `${WORKER_MARKS}.jnl`)).records) {
    const mark = parseMark(record.payload);
    if (mark === undefined) refused += 1;
    else marks.push({ time: record.time, mark });
  }
  return { marks, refused };
}

/** The Workers panel's rows at `timeUs`: each worker as its latest mark at or before then left it. */
export function workerRowsAt(marks: readonly TimedMark[], timeUs: number): WorkerRow[] {
  const latest = new Map<string, WorkerMark>();
  for (const { time, mark } of marks) {
    if (time > timeUs) break;
    latest.set(mark.name, mark);
  }
  return [...latest.values()].map((mark) => ({
    name: mark.name,
    state: mark.state,
    pid: mark.pid,
    restarts: mark.restarts,
    uptimeMs: mark.pid === 0 || mark.startedAt === 0 ? 0 : Math.max(0, Math.round((timeUs - mark.startedAt) / 1000)),
    heartbeatAgeMs: 0,
    msgsIn: 0,
    msgsOut: 0,
    refused: 0,
    rateIn: 0,
    rateOut: 0,
    reason: mark.reason,
    counters: {},
    wanted: mark.wanted,
    external: false,
  }));
}

function parseMark(payload: Uint8Array): WorkerMark | undefined {
  let value: unknown;
  try {
    value = decode(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const ok =
    m.v === MARK_VERSION &&
    typeof m.name === 'string' &&
    typeof m.state === 'string' &&
    Number.isSafeInteger(m.pid) &&
    Number.isSafeInteger(m.restarts) &&
    Number.isSafeInteger(m.startedAt) &&
    typeof m.reason === 'string' &&
    typeof m.wanted === 'boolean';
  return ok ? (m as unknown as WorkerMark) : undefined;
}
