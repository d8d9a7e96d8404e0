/**
 * Tick-to-order latency read back from the execution worker's input journal. Execution journals each input frame
 * with the time it received it, and that same time is the `now` its engine uses both to send the order to the venue
 * and to record `now - causeTs` in its histogram. Replaying the journal's `SubmitOrder`s therefore gives exactly the
 * engine's figures, for any window — which the engine's counters (cumulative since start) cannot.
 */
import { join } from 'node:path';
import { LatencyHistogram } from '../../workers/core/latency-histogram.js';
import { decodeFrame } from '../../workers/protocol/codec.js';
import type { ValidationContext } from '../../workers/protocol/validate.js';
import { readJournal } from '../../workers/runtime/journal-file.js';

/** Percentiles of a set of latencies, µs. */
export interface LatencyFigures {
  count: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

/** Figures of a histogram. */
export function figuresOf(histogram: LatencyHistogram): LatencyFigures {
  return {
    count: histogram.count,
    p50Us: histogram.percentile(50),
    p99Us: histogram.percentile(99),
    p999Us: histogram.percentile(99.9),
    maxUs: histogram.max,
  };
}

/** What the journal says: the window's figures, and everything up to the window's end (to check against counters). */
export interface JournalLatency {
  window: LatencyFigures;
  upToEnd: LatencyFigures;
  /** Orders first seen in the window whose command carried no cause time (not measured). */
  uncaused: number;
}

/** The execution port orders arrive on, as the execution worker names it. */
const ORDERS_PORT = 'in';

/**
 * Replays `<runDir>/inputs/execution.jnl`: each new client order id (retries are not new orders, as in the engine)
 * with a cause time counts `received - causeTs`, in the window `from < received ≤ to` (µs).
 */
export function latencyFromJournal(runDir: string, validation: ValidationContext, from: number, to: number): JournalLatency {
  const { records } = readJournal(join(runDir, 'inputs', 'execution.jnl'));
  const seen = new Set<string>();
  const window = new LatencyHistogram();
  const upToEnd = new LatencyHistogram();
  let uncaused = 0;
  for (const record of records) {
    if (record.port !== ORDERS_PORT || record.time > to) continue;
    for (const message of decodeFrame(record.payload, validation).messages) {
      if (message.type !== 'SubmitOrder' || seen.has(message.clientOrderId)) continue;
      seen.add(message.clientOrderId);
      const inWindow = record.time > from;
      if (message.causeTs <= 0) {
        if (inWindow) uncaused += 1;
        continue;
      }
      const latency = record.time - message.causeTs;
      upToEnd.record(latency);
      if (inWindow) window.record(latency);
    }
  }
  return { window: figuresOf(window), upToEnd: figuresOf(upToEnd), uncaused };
}
