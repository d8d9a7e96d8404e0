/**
 * A recorded session as one timeline: the journal worker's recordings of the market-data, risk and execution streams
 * (`<session>/journal/<stream>.jnl/`), merged by the time each frame was recorded — what the terminal knew, in the
 * order it knew it. Frames stay encoded until played; only the topics the live host follows are kept.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { loadSessionConfig } from '../../workers/journal/session-config.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import { readJournal } from '../../workers/runtime/journal-file.js';
import { FOLLOWED_TOPICS } from '../host/bus-monitor.js';
import { MARKET_TOPICS } from '../host/market-view.js';
import { readWorkerMarks, type TimedMark } from './worker-marks.js';

/** The recorded streams a player reads, and the topics of each it keeps. */
const STREAMS: Record<TimelineStream, readonly string[]> = { md: MARKET_TOPICS, risk: FOLLOWED_TOPICS.risk, exec: FOLLOWED_TOPICS.exec };

export type TimelineStream = 'md' | 'risk' | 'exec';

/** One recorded frame. */
export interface TimelineEntry {
  /** When the journal worker received it, µs. */
  time: number;
  stream: TimelineStream;
  topic: string;
  payload: Uint8Array;
}

/** A session, loaded. */
export interface SessionTimeline {
  dir: string;
  config: TerminalConfig;
  registry: InstrumentRegistry;
  entries: TimelineEntry[];
  marks: TimedMark[];
  /** First and last recorded times, µs. */
  start: number;
  end: number;
  /** What reading found: torn tails cut, bad worker marks. */
  notes: string[];
}

/** Loads the recording in session folder `dir`; throws with a clear message if there is none. */
export function loadTimeline(dir: string): SessionTimeline {
  const journalDir = join(dir, 'journal');
  const config = loadSessionConfig(journalDir);
  const registry = new InstrumentRegistry(config.instruments);
  const notes: string[] = [];
  const perStream: TimelineEntry[][] = [];
  for (const [stream, prefixes] of Object.entries(STREAMS) as Array<[TimelineStream, readonly string[]]>) {
    const path = join(journalDir, `${stream}.jnl`);
    if (!existsSync(path)) continue;
    const contents = readJournal(path);
    notes.push(...contents.notes.map((note) => `${stream}: ${note}`));
    perStream.push(contents.records.filter((r) => prefixes.some((p) => r.topic.startsWith(p))).map((r) => ({ time: r.time, stream, topic: r.topic, payload: r.payload })));
  }
  const entries = mergeByTime(perStream);
  const { marks, refused } = readWorkerMarks(journalDir);
  if (refused > 0) notes.push(`workers: ${refused} unreadable lifecycle marks skipped`);
  const times = [entries[0]?.time, entries.at(-1)?.time, marks[0]?.time, marks.at(-1)?.time].filter((t): t is number => t !== undefined);
  if (times.length === 0) throw new Error(`${dir}: the session's recording is empty`);
  return { dir, config, registry, entries, marks, start: Math.min(...times), end: Math.max(...times), notes };
}

/**
 * Merges lists each in time order into one, stable: equal times keep the order of the lists, and a list's own order
 * is kept even where a clock step made its times go back.
 */
export function mergeByTime<T extends { time: number }>(lists: readonly T[][]): T[] {
  const out: T[] = [];
  const heads = lists.map(() => 0);
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  while (out.length < total) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const item = lists[i]![heads[i]!];
      if (item !== undefined && (best < 0 || item.time < lists[best]![heads[best]!]!.time)) best = i;
    }
    out.push(lists[best]![heads[best]!++]!);
  }
  return out;
}

/** The index of the first entry recorded after `time` (so entries before it are what was known at `time`). */
export function indexAfter(entries: readonly { time: number }[], time: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid]!.time <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}
