/**
 * The shell every worker runs its pure core in: it opens the sockets, journals each input before the core sees it,
 * rebuilds the core from that journal after a crash (start-up and recovery are the same path), validates and counts
 * what comes in, stamps and sends what goes out, resynchronises streams that have gaps, and talks to the host over
 * the control channel (heartbeats, lifecycle, commands).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as zmq from 'zeromq';
import { CONTROL_PORT, type Emit, type Outgoing, type WorkerCore } from '../core/worker-core.js';
import { decodeFrame, encodeFrame } from '../protocol/codec.js';
import { journalSettingsOf, type JournalSettings } from '../protocol/config.js';
import { SCHEMA_VERSION, type Message, type WorkerState } from '../protocol/messages.js';
import { validateMessage, type ValidationContext } from '../protocol/validate.js';
import { nowMicros } from './clock.js';
import { ControlClient } from './control-client.js';
import { readJournal, type JournalRecord } from './journal-file.js';
import { journalGated } from './journal-gate.js';
import { JournalWriter } from './journal-writer.js';
import { createLogger, RateLimitedLog, type Logger } from './log.js';
import { OutboundPort, type SendObserver, type SendSocket } from './outbound-port.js';
import { InboundStream } from './inbound-stream.js';
import { SnapshotServer } from './snapshot-server.js';
import { bindSocket, createSocket, readLoop } from './sockets.js';
import { watchHost } from './worker-env.js';

/** A socket of the worker, as the worker's entry file declares it. */
export type PortSpec =
  | { name: string; kind: 'pub'; endpoint: string; replayable?: boolean; noDrop?: boolean; maxBatch?: number; immediate?: boolean; observer?: SendObserver }
  | { name: string; kind: 'push'; endpoint: string }
  | { name: string; kind: 'pull'; endpoint: string }
  | { name: string; kind: 'sub'; endpoint: string; prefixes: string[]; resync?: { endpoint: string; prefix: string } }
  | { name: string; kind: 'router'; endpoint: string; replayable?: boolean }
  | { name: string; kind: 'dealer'; endpoint: string; routingId: string; resync?: boolean }
  /** Inputs made in this process (a venue adapter), handed over by {@link WorkerShell.input}: no socket, no hop. */
  | { name: string; kind: 'local' };

/** What a worker's entry file gives the shell. */
export interface ShellOptions {
  /** Unique name, e.g. `risk` or `strategy-2`. */
  worker: string;
  runDir: string;
  ctlEndpoint: string;
  /** This worker's snapshot ROUTER, if it owns streams others may need to catch up on. */
  snapEndpoint?: string;
  ports: PortSpec[];
  timerMs: number;
  heartbeatMs: number;
  validation: ValidationContext;
  makeCore(emit: Emit): WorkerCore;
  /** Journal inputs and recover from them: `false` is off; `true` (the default) or settings is on. */
  journal?: boolean | Partial<JournalSettings>;
}

const TIMER_PORT = '@timer';
const RECOVERED_PORT = '@recovered';
/** An inbound SUB connected (its port name is the record's topic): a catch-up, journaled so recovery repeats it. */
const CONNECTED_PORT = '@connected';

/** Runs a worker until it is told to stop (or its host goes away). */
export class WorkerShell {
  readonly log: Logger;
  private readonly core: WorkerCore;
  private readonly outbound = new Map<string, OutboundPort>();
  private readonly inbound = new Map<string, InboundStream>();
  private readonly sockets: zmq.Socket[] = [];
  private readonly refusalLog: RateLimitedLog;
  private journal: JournalWriter | undefined;
  private control: ControlClient | undefined;
  private snapshots: SnapshotServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private replaying = true;
  private state: WorkerState = 'starting';
  private reason = '';
  private msgsIn = 0;
  private refused = 0;
  private stopping: Promise<void> | undefined;
  /** Per local port: the last sequence number stamped, and what arrived before the shell ran. */
  private readonly localSeqs = new Map<string, number>();
  private pendingInputs: Array<{ port: string; message: Message }> | undefined = [];

  constructor(private readonly options: ShellOptions) {
    process.title = `terminal:${options.worker}`;
    this.log = createLogger(options.worker);
    this.refusalLog = new RateLimitedLog((text) => this.log.warn(text));
    for (const spec of options.ports) {
      if (spec.kind === 'pub' || spec.kind === 'push' || spec.kind === 'router' || spec.kind === 'dealer') {
        const framing = spec.kind === 'pub' || spec.kind === 'router' ? 'topic' : 'bare';
        const replayable = (spec.kind === 'pub' || spec.kind === 'router') && spec.replayable === true;
        const maxBatch = spec.kind === 'pub' ? (spec.maxBatch ?? 512) : 64;
        const observer = spec.kind === 'pub' ? spec.observer : undefined;
        const immediate = spec.kind === 'pub' && spec.immediate === true;
        this.outbound.set(spec.name, new OutboundPort(spec.name, undefined, { framing, replayable, maxBatch, immediate, observer }, (e) => this.log.warn(`send on ${spec.name}: ${e.message}`)));
      }
    }
    for (const spec of options.ports) {
      if (spec.kind === 'sub' || spec.kind === 'pull' || spec.kind === 'dealer') {
        this.inbound.set(spec.name, new InboundStream(spec, {
          deliver: (topic, payload) => this.record(spec.name, topic, payload, nowMicros()),
          onError: (error) => this.log.warn(`${spec.name}: ${error.message}`),
          refuse: (reason) => this.countRefusal(spec.name, undefined, reason),
          sendOnPort: (message) => this.outbound.get(spec.name)?.sendRaw(spec.name, encodeFrame(message)),
          connected: () => this.record(CONNECTED_PORT, spec.name, new Uint8Array(0), nowMicros()),
        }));
      }
    }
    const emit: Emit = (port, topic, message) => {
      // The control channel is the shell's; a core's messages there (statuses, logs) are live only, never replayed.
      if (port === CONTROL_PORT) {
        if (this.replaying) return;
        this.journal?.flush(); // write-ahead: what the host is told must survive a crash
        this.control?.send(message);
        return;
      }
      const out = this.outbound.get(port);
      if (out === undefined) throw new Error(`core emitted on unknown port ${port}`);
      out.emit(topic, message);
    };
    this.core = options.makeCore(emit);
  }

  /** Recovers from the journal, opens the sockets and runs. Resolves when the worker has stopped. */
  async run(): Promise<void> {
    watchHost(() => void this.stop('host went away'));
    try {
      this.recover();
      await this.open();
    } catch (error) {
      // Stopped while opening (a socket closed under its bind or connect): that is a stop, not a failure.
      if (this.stopping !== undefined) return this.stopping;
      await this.fail((error as Error).message);
      return;
    }
    // Stopped while the sockets opened: shutdown has closed them already, so there is nothing to start.
    if (this.stopping !== undefined) return this.stopping;
    this.replaying = false;
    for (const port of this.outbound.values()) port.sending = true;
    this.record(RECOVERED_PORT, '', new Uint8Array(0), nowMicros());
    this.setState('running');
    const early = this.pendingInputs ?? [];
    this.pendingInputs = undefined;
    for (const { port, message } of early) this.deliverLocal(port, message, nowMicros());
    for (const start of this.pendingStarts) start();
    this.timer = setInterval(() => this.record(TIMER_PORT, '', new Uint8Array(0), nowMicros()), this.options.timerMs);
    await this.stopped;
  }

  private onStopped: () => void = () => undefined;
  /** Settles when the worker has stopped or failed; made at construction, so a stop at any moment settles it. */
  private readonly stopped = new Promise<void>((resolve) => {
    this.onStopped = resolve;
  });
  private readonly pendingStarts: Array<() => void> = [];

  /** Stops gracefully: no new inputs, queues drained (briefly), sockets closed. */
  stop(why: string): Promise<void> {
    this.stopping ??= this.shutdown(why);
    return this.stopping;
  }

  private async shutdown(why: string): Promise<void> {
    this.log.info(`stopping: ${why}`);
    this.setState('stopping');
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    const drained = Promise.all([...this.outbound.values()].map((port) => port.drained()));
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    this.setState('stopped');
    await this.control?.flush();
    for (const stream of this.inbound.values()) stream.close();
    for (const socket of this.sockets) socket.close();
    this.control?.close();
    this.journal?.close();
    this.onStopped();
  }

  private async fail(reason: string): Promise<void> {
    this.log.error(reason);
    this.reason = reason;
    this.setState('failed');
    await this.control?.flush();
    for (const socket of this.sockets) socket.close();
    this.control?.close();
    process.exitCode = 3;
    this.onStopped();
  }

  private recover(): void {
    const settings = journalSettingsOf(this.options.journal);
    if (settings === undefined) return;
    const dir = join(this.options.runDir, 'inputs', `${this.options.worker}.jnl`);
    mkdirSync(dir, { recursive: true });
    const { records, tornBytes, nextSeq, notes } = readJournal(dir, { repair: true });
    if (tornBytes > 0) this.log.warn(`input journal ended in a torn record: ${notes.join('; ')}`);
    this.replayInputs(records);
    if (records.length > 0) this.log.info(`recovered from ${records.length} journaled inputs`);
    // Input journals are never pruned: they are what a restart rebuilds the core from.
    this.journal = new JournalWriter(dir, nextSeq, settings, { onError: (e) => this.log.error(`input journal: ${e.message}`) });
  }

  /** Feeds journaled inputs to the core as a restart does, sending nothing: recovery, and the replay command. */
  replayInputs(records: Iterable<JournalRecord>): void {
    for (const record of records) this.dispatch(record.port, record.topic, record.payload, record.time);
  }

  private async open(): Promise<void> {
    this.control = new ControlClient(this.options.worker, this.options.ctlEndpoint, this.options.heartbeatMs, {
      heartbeat: () => this.heartbeat(),
      onFrame: (payload) => this.onControl(payload),
      onError: (error) => this.log.warn(`control: ${error.message}`),
    });
    this.log.setSink((level, text) => this.control?.sendLog(level, text));
    this.control.start();
    const snapSources = [...this.outbound.values()];
    if (this.options.snapEndpoint !== undefined) {
      const router = createSocket('router');
      this.sockets.push(router);
      await bindSocket(router, this.options.snapEndpoint, `${this.options.worker} snapshots`);
      this.snapshots = new SnapshotServer(journalGated(router as zmq.Router, this.flushJournal), snapSources, this.core, (e) => this.log.warn(e.message), (reason) => this.countRefusal('snap', undefined, reason));
      void this.snapshots.serve();
    }
    for (const spec of this.options.ports) await this.openPort(spec);
  }

  private async openPort(spec: PortSpec): Promise<void> {
    if (spec.kind === 'local') return;
    const socket = createSocket(spec.kind, {
      routingId: spec.kind === 'dealer' ? spec.routingId : undefined,
      noDrop: spec.kind === 'pub' ? spec.noDrop : undefined,
    });
    this.sockets.push(socket);
    const binds = spec.kind === 'pub' || spec.kind === 'pull' || spec.kind === 'router';
    if (binds) await bindSocket(socket, spec.endpoint, `${this.options.worker}.${spec.name}`);
    else socket.connect(spec.endpoint);
    this.outbound.get(spec.name)?.attach(journalGated(socket as SendSocket, this.flushJournal));
    this.pendingStarts.push(() => this.inbound.get(spec.name)?.start(socket));
    if (spec.kind === 'router') {
      void readLoop(socket as zmq.Router, (frames) => this.onRouterFrames(spec.name, frames), (e) => this.log.warn(e.message));
    }
  }

  /** A ROUTER frame: snapshot requests are the shell's; everything else is the core's input. */
  private onRouterFrames(port: string, frames: Buffer[]): void {
    const [peer, payload] = frames;
    if (peer === undefined || payload === undefined) return this.countRefusal(port, undefined, 'frame without payload');
    const peerId = peer.toString('utf8');
    const decoded = decodeFrame(payload, this.options.validation);
    const request = decoded.messages.find((m) => m.type === 'RequestSnapshot');
    if (request !== undefined && request.type === 'RequestSnapshot') {
      void this.snapshots?.answerOnPort(this.outbound.get(port)!, peerId, request);
      return;
    }
    this.record(port, peerId, payload, nowMicros());
  }

  /** Write-ahead: journal the input, then let the core have it. */
  private record(port: string, topic: string, payload: Uint8Array, now: number): void {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.journal?.append({ time: now, port, topic, payload });
    // A command from the host is rare and must survive a crash once handled: written at once.
    if (port === CONTROL_PORT) this.journal?.flush();
    this.dispatch(port, topic, payload, now);
    if (!this.replaying) this.scheduleWake();
  }

  private readonly flushJournal = (): void => this.journal?.flush();

  /**
   * An input made in this process on local port `port`: stamped, validated and journaled exactly as a frame from a
   * socket would be, then handed to the core in this same call — no socket hop, no event-loop turn. What arrives
   * before the shell runs (during recovery) waits, in order, like frames queued in a socket.
   */
  input(port: string, outgoing: Outgoing): void {
    const message = outgoing as Message;
    message.v = SCHEMA_VERSION;
    const seq = (this.localSeqs.get(port) ?? 0) + 1;
    this.localSeqs.set(port, seq);
    message.seq = seq;
    if (this.pendingInputs !== undefined) this.pendingInputs.push({ port, message });
    else this.deliverLocal(port, message, nowMicros());
  }

  private deliverLocal(port: string, message: Message, now: number): void {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    // Only encoded when journaled: the journal's copy is what a recovery decodes and validates, as below.
    if (this.journal !== undefined) this.journal.append({ time: now, port, topic: '', payload: encodeFrame(message) });
    const checked = validateMessage(message, this.options.validation);
    if (!checked.ok) {
      this.countRefusal(port, checked.src, checked.reason);
      return;
    }
    this.msgsIn += 1;
    this.core.onMessage(port, '', message, now);
    this.scheduleWake();
  }

  private wakeAt: number | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;

  /** Ticks the core early when it asks to be woken before the next periodic tick. */
  private scheduleWake(): void {
    const due = this.core.nextWake?.();
    if (due === undefined || (this.wakeAt !== undefined && this.wakeAt <= due)) return;
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeAt = due;
    this.wakeTimer = setTimeout(() => {
      this.wakeAt = undefined;
      this.wakeTimer = undefined;
      this.record(TIMER_PORT, '', new Uint8Array(0), nowMicros());
    }, Math.max(0, (due - nowMicros()) / 1000));
  }

  private dispatch(port: string, topic: string, payload: Uint8Array, now: number): void {
    if (port === TIMER_PORT) return this.core.onTimer(now);
    if (port === RECOVERED_PORT) return this.core.onRecovered(now);
    if (port === CONNECTED_PORT) return this.inbound.get(topic)?.catchUp();
    const decoded = decodeFrame(payload, this.options.validation);
    for (const refusal of decoded.refusals) this.countRefusal(port, refusal.src, refusal.reason);
    const stream = this.inbound.get(port);
    for (const message of decoded.messages) {
      this.msgsIn += 1;
      if (port === CONTROL_PORT) this.applyControl(message, now);
      else if (stream !== undefined) stream.accept(topic, message, (m, t) => this.core.onMessage(port, t, m, now));
      else this.core.onMessage(port, topic, message, now);
    }
  }

  private countRefusal(port: string, src: string | undefined, reason: string): void {
    this.refused += 1;
    if (this.replaying) return;
    const from = src === undefined ? `an unnamed sender on ${port}` : `${src} on ${port}`;
    this.refusalLog.write(`refused a frame from ${from}: ${reason}`, Date.now());
  }

  private onControl(payload: Uint8Array): void {
    const decoded = decodeFrame(payload, this.options.validation);
    for (const refusal of decoded.refusals) this.countRefusal(CONTROL_PORT, refusal.src, refusal.reason);
    for (const message of decoded.messages) {
      if (message.type === 'Shutdown') void this.stop('asked by the host');
      else this.record(CONTROL_PORT, '', payload, nowMicros());
    }
  }

  private applyControl(message: Message, now: number): void {
    if (message.type === 'SetPaused' && !this.replaying) this.setState(message.paused ? 'paused' : 'running');
    this.core.onMessage(CONTROL_PORT, '', message, now);
  }

  private setState(state: WorkerState): void {
    this.state = state;
    this.control?.sendHeartbeat();
  }

  private heartbeat() {
    let msgsOut = 0;
    for (const port of this.outbound.values()) msgsOut += port.sent;
    const counters = { ...this.core.counters() };
    for (const stream of this.inbound.values()) {
      counters[`${stream.name}_gaps`] = stream.gaps;
      counters[`${stream.name}_duplicates`] = stream.duplicates;
    }
    return {
      worker: this.options.worker,
      pid: process.pid,
      state: this.state,
      reason: this.reason,
      stats: { msgsIn: this.msgsIn, msgsOut, refused: this.refused, counters },
    };
  }
}
