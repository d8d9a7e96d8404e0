/**
 * A recorded session as one timeline: the journal worker's recordings of the market-data, risk and execution streams
 * (`<session>/journal/<stream>.jnl/`), merged by the time each frame was recorded — what the terminal knew, in the
 * order it knew it. Frames stay encoded until played; only the topics the live host follows are kept.
 */
import type { InstrumentRegistry } from '../../workers/core/instrument.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import { readTimelineColumns, timelineFromColumns } from './timeline-columns.js';
import type { TimedMark } from './worker-marks.js';

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

/**
 * Loads the recording in session folder `dir` on this thread; throws with a clear message if there is none. The host
 * opens sessions off its thread (timeline-loader.ts); the command line and tests read them here.
 */
export function loadTimeline(dir: string): SessionTimeline {
  return timelineFromColumns(readTimelineColumns(dir));
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
