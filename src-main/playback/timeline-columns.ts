/**
 * A recorded session read into columns: every kept frame's record time, stream, topic and bytes in a few flat arrays,
 * so the reading can happen on another thread and cross to the host's thread by transfer, not by copy — opening a
 * long recording must not stall the host, which in the desktop app is the process every window depends on.
 * {@link timelineFromColumns} turns the columns into the {@link SessionTimeline} the player reads.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { loadSessionConfig } from '../../workers/journal/session-config.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import { readJournal } from '../../workers/runtime/journal-file.js';
import { FOLLOWED_TOPICS } from '../host/bus-monitor.js';
import { MARKET_TOPICS } from '../host/market-view.js';
import { mergeByTime, type SessionTimeline, type TimelineEntry, type TimelineStream } from './session-timeline.js';
import { readWorkerMarks, type TimedMark } from './worker-marks.js';

/** The recorded streams a player reads, and the topics of each it keeps. */
const STREAMS: Record<TimelineStream, readonly string[]> = { md: MARKET_TOPICS, risk: FOLLOWED_TOPICS.risk, exec: FOLLOWED_TOPICS.exec };
const STREAM_NAMES = Object.keys(STREAMS) as TimelineStream[];

/** A session's recording, flat: entry i is `times[i]`, `STREAM_NAMES[streams[i]]`, `topics[topicIndex[i]]`, bytes[offsets[i], offsets[i+1]). */
export interface TimelineColumns {
  dir: string;
  config: TerminalConfig;
  times: Float64Array;
  streams: Uint8Array;
  topicIndex: Uint32Array;
  topics: string[];
  offsets: Uint32Array;
  bytes: Uint8Array;
  marks: TimedMark[];
  notes: string[];
}

/** Reads the recording in session folder `dir`; throws with a clear message if there is none. */
export function readTimelineColumns(dir: string): TimelineColumns {
  const journalDir = join(dir, 'journal');
  const config = loadSessionConfig(journalDir);
  const notes: string[] = [];
  const perStream: TimelineEntry[][] = [];
  for (const stream of STREAM_NAMES) {
    const path = join(journalDir, `${stream}.jnl`);
    if (!existsSync(path)) continue;
    const contents = readJournal(path);
    notes.push(...contents.notes.map((note) => `${stream}: ${note}`));
    const prefixes = STREAMS[stream];
    perStream.push(contents.records.filter((r) => prefixes.some((p) => r.topic.startsWith(p))).map((r) => ({ time: r.time, stream, topic: r.topic, payload: r.payload })));
  }
  const entries = mergeByTime(perStream);
  const { marks, refused } = readWorkerMarks(journalDir);
  if (refused > 0) notes.push(`workers: ${refused} unreadable lifecycle marks skipped`);
  const n = entries.length;
  const times = new Float64Array(n);
  const streams = new Uint8Array(n);
  const topicIndex = new Uint32Array(n);
  const offsets = new Uint32Array(n + 1);
  const topics: string[] = [];
  const topicIds = new Map<string, number>();
  let size = 0;
  for (const entry of entries) size += entry.payload.length;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < n; i++) {
    const entry = entries[i]!;
    times[i] = entry.time;
    streams[i] = STREAM_NAMES.indexOf(entry.stream);
    let id = topicIds.get(entry.topic);
    if (id === undefined) {
      id = topics.push(entry.topic) - 1;
      topicIds.set(entry.topic, id);
    }
    topicIndex[i] = id;
    bytes.set(entry.payload, offsets[i]!);
    offsets[i + 1] = offsets[i]! + entry.payload.length;
  }
  return { dir, config, times, streams, topicIndex, topics, offsets, bytes, marks, notes };
}

/** The buffers to transfer (not copy) when the columns cross to another thread. */
export function transferablesOf(columns: TimelineColumns): ArrayBuffer[] {
  return [columns.times, columns.streams, columns.topicIndex, columns.offsets, columns.bytes].map((array) => array.buffer as ArrayBuffer);
}

/** The timeline the player reads; each entry's payload is a view into the one buffer of bytes. */
export function timelineFromColumns(columns: TimelineColumns): SessionTimeline {
  const { dir, config, times, streams, topicIndex, topics, offsets, bytes, marks, notes } = columns;
  const entries: TimelineEntry[] = new Array<TimelineEntry>(times.length);
  for (let i = 0; i < times.length; i++) {
    entries[i] = { time: times[i]!, stream: STREAM_NAMES[streams[i]!]!, topic: topics[topicIndex[i]!]!, payload: bytes.subarray(offsets[i]!, offsets[i + 1]!) };
  }
  const bounds = [entries[0]?.time, entries.at(-1)?.time, marks[0]?.time, marks.at(-1)?.time].filter((t): t is number => t !== undefined);
  if (bounds.length === 0) throw new Error(`${dir}: the session's recording is empty`);
  return { dir, config, registry: new InstrumentRegistry(config.instruments), entries, marks, start: Math.min(...bounds), end: Math.max(...bounds), notes: [...notes] };
}
