/**
 * Compares what a stream's owner produced on replay with what the journal worker recorded of that stream, message
 * by message, matched by topic and sequence number. Pure.
 *
 * Every recorded message must have been produced, identically. Produced messages the recording lacks are a difference
 * too when they fall inside the recorded range of a stream recorded whole (orders, fills and positions are caught up
 * from their owner after any gap); after the recording's end (the journal worker stops first) they are only counted.
 * Only the topic kinds that carry the session's trading state are compared (status topics may hold snapshots).
 */
import type { Message } from '../../workers/protocol/messages.js';
import { topicKind } from '../../workers/protocol/topics.js';
import { firstDifference, type Difference } from './message-diff.js';

/** The input a produced message came from. */
export interface InputRef {
  worker: string;
  /** Its number in the worker's input journal. */
  seq: number;
  port: string;
  topic: string;
  time: number;
  /** Types of the messages in it (`@timer` and `@recovered` inputs have none); filled in for inputs behind a difference. */
  types?: string[];
}

/** A message the replay produced. */
export interface Produced {
  topic: string;
  message: Message;
  input: InputRef;
}

/** A message of the recording, with the number of the stream journal's record it is in. */
export interface Recorded {
  topic: string;
  message: Message;
  record: number;
}

/** One mismatch. */
export interface StreamDifference {
  stream: string;
  topic: string;
  seq: number;
  kind: 'different' | 'not reproduced' | 'not recorded';
  /** For `different`: the first differing field. */
  field?: Difference;
  recorded?: Message;
  replayed?: Message;
  /** The recording's record, when there is one. */
  record?: number;
  /** The input that produced the replayed message, when there is one. */
  input?: InputRef;
}

/** The outcome for one stream. */
export interface StreamComparison {
  stream: string;
  recorded: number;
  compared: number;
  identical: number;
  /** Produced after the recording ended, or on a stream not recorded whole outside what it holds. */
  notRecorded: number;
  /** Recorded messages of topic kinds that are not compared. */
  skipped: number;
  differences: StreamDifference[];
}

/** What to compare on a stream. */
export interface CompareOptions {
  /** Topic kinds compared, e.g. `order`, `fill`, `position`. */
  kinds: readonly string[];
  /** The recording has every message of its range (streams the journal worker catches up on after gaps). */
  whole: boolean;
}

/** Compares one stream. */
export function compareStream(stream: string, recorded: readonly Recorded[], produced: readonly Produced[], options: CompareOptions): StreamComparison {
  const result: StreamComparison = { stream, recorded: recorded.length, compared: 0, identical: 0, notRecorded: 0, skipped: 0, differences: [] };
  const byKey = new Map<string, Produced>();
  for (const item of produced) if (options.kinds.includes(topicKind(item.topic))) byKey.set(key(item.topic, item.message.seq), item);
  const seen = new Map<string, Recorded>();
  const range = new Map<string, { first: number; last: number }>();
  for (const item of recorded) {
    if (!options.kinds.includes(topicKind(item.topic))) {
      result.skipped += 1;
      continue;
    }
    const k = key(item.topic, item.message.seq);
    const earlier = seen.get(k);
    if (earlier !== undefined) {
      // Recorded twice (a resend): both copies must be the same message.
      const field = firstDifference(earlier.message, item.message);
      if (field !== undefined) result.differences.push({ stream, topic: item.topic, seq: item.message.seq, kind: 'different', field, recorded: item.message, record: item.record });
      continue;
    }
    seen.set(k, item);
    const span = range.get(item.topic);
    range.set(item.topic, { first: Math.min(span?.first ?? Infinity, item.message.seq), last: Math.max(span?.last ?? 0, item.message.seq) });
    result.compared += 1;
    const replayed = byKey.get(k);
    if (replayed === undefined) {
      result.differences.push({ stream, topic: item.topic, seq: item.message.seq, kind: 'not reproduced', recorded: item.message, record: item.record });
      continue;
    }
    const field = firstDifference(item.message, replayed.message);
    if (field === undefined) result.identical += 1;
    else result.differences.push({ stream, topic: item.topic, seq: item.message.seq, kind: 'different', field, recorded: item.message, replayed: replayed.message, record: item.record, input: replayed.input });
  }
  for (const item of byKey.values()) {
    if (seen.has(key(item.topic, item.message.seq))) continue;
    const span = range.get(item.topic);
    const inside = span !== undefined && item.message.seq > span.first && item.message.seq < span.last;
    if (options.whole && inside) result.differences.push({ stream, topic: item.topic, seq: item.message.seq, kind: 'not recorded', replayed: item.message, input: item.input });
    else result.notRecorded += 1;
  }
  return result;
}

function key(topic: string, seq: number): string {
  return `${topic}#${seq}`;
}
