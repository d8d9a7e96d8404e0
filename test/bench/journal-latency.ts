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
  /** Null where the source does not report it (execution's counters). */
  maxUs: number | null;
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

/**
 * Where the window's latency accrues, from the stamps an order carries when it reaches execution: `causeTs` (feed
 * publishes the trade), `ts` (strategy receives it and emits the order), `rts` (risk receives the order), and
 * execution's receive time.
 */
export interface LatencyStages {
  feedToStrategy: LatencyFigures;
  strategyToRisk: LatencyFigures;
  riskToExecution: LatencyFigures;
}

/** What the journal says: the window's figures, and everything up to the window's end (to check against counters). */
export interface JournalLatency {
  window: LatencyFigures;
  stages: LatencyStages;
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
  const stages = { feedToStrategy: new LatencyHistogram(), strategyToRisk: new LatencyHistogram(), riskToExecution: new LatencyHistogram() };
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
      if (!inWindow) continue;
      window.record(latency);
      stages.feedToStrategy.record(message.ts - message.causeTs);
      stages.strategyToRisk.record(message.rts - message.ts);
      stages.riskToExecution.record(record.time - message.rts);
    }
  }
  return {
    window: figuresOf(window),
    stages: {
      feedToStrategy: figuresOf(stages.feedToStrategy),
      strategyToRisk: figuresOf(stages.strategyToRisk),
      riskToExecution: figuresOf(stages.riskToExecution),
    },
    upToEnd: figuresOf(upToEnd),
    uncaused,
  };
}
