/**
 * Replays a recorded session: each worker's input journal (`<session>/inputs/<worker>.jnl/`) goes through that
 * worker's core, inside the same shell code that recovers a restarted worker (no socket opened, nothing sent), and
 * what the core publishes on a recorded stream is compared with the journal worker's recording of it
 * (`<session>/journal/<stream>.jnl/`), built with the configuration saved there. The order commands strategies and
 * exits sent are compared with what the risk worker journaled on receiving them (`commands`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { loadSessionConfig } from '../../workers/journal/session-config.js';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import type { Message } from '../../workers/protocol/messages.js';
import { topics } from '../../workers/protocol/topics.js';
import { readJournal, type SequencedRecord } from '../../workers/runtime/journal-file.js';
import { WorkerShell } from '../../workers/runtime/worker-shell.js';
import { compareStream, type InputRef, type Produced, type Recorded, type StreamComparison } from './stream-compare.js';
import { replayableWorker } from './worker-cores.js';

/** What replaying one worker's inputs did. */
export interface WorkerOutcome {
  worker: string;
  inputs: number;
  /** Messages produced on recorded streams. */
  outputs: number;
  /** Why it was not replayed, if it was not. */
  skipped?: string;
  /** Torn tails and the like found in its journal (read only: nothing is repaired). */
  notes: string[];
}

/** The whole replay. */
export interface SessionReplay {
  session: string;
  workers: WorkerOutcome[];
  streams: StreamComparison[];
  identical: boolean;
  /** Wall time of the replay through the cores, ms, and the inputs it went through. */
  replayMs: number;
}

/**
 * The recorded streams and what is compared on each: the session's trading state, the market data behind it, and the
 * commands into risk (a command lost with a killed receiver is sent again under a new number: not recorded whole).
 */
const STREAMS: Record<string, { kinds: string[]; whole: boolean }> = {
  exec: { kinds: ['order', 'fill'], whole: true },
  risk: { kinds: ['order', 'position'], whole: true },
  md: { kinds: ['book', 'trade', 'bar'], whole: false },
  commands: { kinds: ['cmd'], whole: false },
};

/** Risk's input port for order commands, and the worker that journals them. */
const RISK = { worker: 'risk', port: 'in' };

/** Replays the session in `session` and compares; throws if it is not a recorded session. */
export function replaySession(session: string): SessionReplay {
  const config = loadSessionConfig(join(session, 'journal'));
  const registry = new InstrumentRegistry(config.instruments);
  const inputsDir = join(session, 'inputs');
  if (!existsSync(inputsDir)) throw new Error(`${inputsDir} not found: the session has no input journals`);
  const names = readdirSync(inputsDir).filter((name) => name.endsWith('.jnl')).map((name) => name.slice(0, -4)).sort();
  // The recording is read first: whatever it holds was sent after its inputs were written (write-ahead), so even a
  // session still running replays without differences up to where its recording was read.
  // Commands are compared for the senders replayed here (the user's, from the host, are not a core's).
  const senders = new Set(names.filter((name) => replayableWorker(name, config, registry)?.commands !== undefined));
  const recorded = new Map(Object.keys(STREAMS).map((stream) => [stream, stream === 'commands' ? readCommands(session, registry, senders) : readRecorded(session, stream, registry)]));
  const produced = new Map<string, Produced[]>(Object.keys(STREAMS).map((stream) => [stream, []]));
  const started = performance.now();
  const workers = names.map((name) => replayWorker(session, name, config, registry, produced));
  const replayMs = performance.now() - started;
  const streams = Object.entries(STREAMS).map(([stream, options]) => compareStream(stream, recorded.get(stream)!, produced.get(stream)!, options));
  for (const difference of streams.flatMap((s) => s.differences)) {
    const input = difference.input;
    const payload = input === undefined ? undefined : payloads.get(input);
    if (input !== undefined && payload !== undefined) input.types = payload.length === 0 ? [] : decodeFrame(payload, registry).messages.map((m) => m.type);
  }
  return { session, workers, streams, identical: streams.every((s) => s.differences.length === 0), replayMs };
}

function replayWorker(session: string, name: string, config: TerminalConfig, registry: InstrumentRegistry, produced: Map<string, Produced[]>): WorkerOutcome {
  const { records, notes } = readJournal(join(session, 'inputs', `${name}.jnl`));
  const outcome: WorkerOutcome = { worker: name, inputs: records.length, outputs: 0, notes };
  const spec = replayableWorker(name, config, registry);
  if (spec === undefined) return { ...outcome, skipped: 'no core of that name in this build' };
  let input: InputRef | undefined;
  const title = process.title;
  const shell = new WorkerShell({
    worker: name,
    runDir: session,
    ctlEndpoint: '',
    ports: spec.ports,
    timerMs: 0,
    heartbeatMs: 0,
    validation: registry,
    journal: false,
    makeCore: (emit) =>
      spec.makeCore((port, topic, message) => {
        emit(port, topic, message); // stamps the stream's sequence number, as the live shell does
        const stream = port === spec.commands ? 'commands' : spec.recorded[port];
        if (stream === undefined || input === undefined) return;
        if (stream === 'commands') topic = topics.command(name);
        // Kept as the wire carries it: later changes to the object by the core cannot alter what was "sent".
        produced.get(stream)?.push({ topic, message: normalise(message as Message, registry), input });
        outcome.outputs += 1;
      }),
  });
  process.title = title; // the shell names the process after its worker; this one is the replay
  for (const record of records) {
    input = inputRef(name, record);
    shell.replayInputs([record]);
  }
  return outcome;
}

/** Each input's payload, decoded only for the inputs behind a difference. */
const payloads = new WeakMap<InputRef, Uint8Array>();

function inputRef(worker: string, record: SequencedRecord): InputRef {
  const ref: InputRef = { worker, seq: record.seq, port: record.port, topic: record.topic, time: record.time };
  payloads.set(ref, record.payload);
  return ref;
}

/** A message as a receiver would decode it off the wire. */
function normalise(message: Message, registry: InstrumentRegistry): Message {
  return decodeFrame(encodeFrame(message), registry).messages[0] ?? message;
}

/** The commands risk journaled as it received them, each under its sender's command topic. */
function readCommands(session: string, registry: InstrumentRegistry, senders: ReadonlySet<string>): Recorded[] {
  const out: Recorded[] = [];
  for (const record of readJournal(join(session, 'inputs', `${RISK.worker}.jnl`)).records) {
    if (record.port !== RISK.port) continue;
    for (const message of decodeFrame(record.payload, registry).messages) {
      if ('src' in message && typeof message.src === 'string' && senders.has(message.src)) out.push({ topic: topics.command(message.src), message, record: record.seq });
    }
  }
  return out;
}

function readRecorded(session: string, stream: string, registry: InstrumentRegistry): Recorded[] {
  const out: Recorded[] = [];
  for (const record of readJournal(join(session, 'journal', `${stream}.jnl`)).records) {
    for (const message of decodeFrame(record.payload, registry).messages) out.push({ topic: record.topic, message, record: record.seq });
  }
  return out;
}
