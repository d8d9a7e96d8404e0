/**
 * One outbound socket and its single queue (zeromq.js allows one pending send per socket). Messages are stamped with
 * the schema version and their stream's next sequence number when emitted, so order is fixed before they leave.
 * When the socket is idle a message goes once the input that produced it has been handled (a microtask later), or
 * with `immediate` in the very call that emitted it; while a send is in flight the queue fills, and the next send
 * takes every queued message of the same topic as one batch frame (throughput when it is needed).
 */
import type { Socket, Writable } from 'zeromq';

/** A socket we can send multipart messages on. */
export type SendSocket = Socket & Writable;
import { encodeFrame } from '../protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../protocol/messages.js';
import type { Outgoing } from '../core/worker-core.js';

/** How a socket frames a message: with a topic frame (PUB), a peer id frame (ROUTER), or bare (PUSH, DEALER). */
export type OutboundFraming = 'topic' | 'peer' | 'bare';

/** A stamped message with its topic, as kept for resending. */
export interface Stamped {
  topic: string;
  message: Message;
}

/** A queued item: a stamped message, or an already encoded payload (a resend) that goes alone. */
interface Queued {
  topic: string;
  message: Message | undefined;
  raw: Uint8Array | undefined;
}

export interface OutboundOptions {
  framing: OutboundFraming;
  /** Keep every stamped message so a subscriber that missed some can ask for them again. */
  replayable: boolean;
  /** Largest batch in one frame. */
  maxBatch: number;
  /**
   * Send on an idle socket inside `emit` rather than after the input is handled: for a port whose one message per
   * input must not wait for the rest of the core's work on that input (the Binance gateway's books before its paper
   * engine). What follows it while the send is in flight batches as usual.
   */
  immediate?: boolean;
  /** Told about each batch before it is encoded and after its send returned (benchmarks' stage probes). */
  observer?: SendObserver;
}

/** Watches an outbound port's batches: see {@link OutboundOptions.observer}. */
export interface SendObserver {
  encoding(batch: readonly Message[]): void;
  sent(batch: readonly Message[]): void;
}

/** A socket's outbound side: stamping, queueing, batching and the replay store. */
export class OutboundPort {
  private readonly seqs = new Map<string, number>();
  private readonly queue: Queued[] = [];
  private head = 0;
  private pumping = false;
  private drainWaiters: Array<() => void> = [];
  /** Every stamped message in emission order, when replayable. */
  readonly history: Stamped[] = [];
  /** While false (journal replay), messages are stamped and stored but not sent. */
  sending = false;
  sent = 0;
  failures = 0;

  constructor(
    readonly name: string,
    private socket: SendSocket | undefined,
    private readonly options: OutboundOptions,
    private readonly onError: (error: Error) => void,
  ) {}

  attach(socket: SendSocket): void {
    this.socket = socket;
  }

  /** Stamps and queues a message on `topic`; returns the stamped message. */
  emit(topic: string, outgoing: Outgoing): Message {
    const seq = (this.seqs.get(topic) ?? 0) + 1;
    this.seqs.set(topic, seq);
    const message = outgoing as Message;
    message.v = SCHEMA_VERSION;
    message.seq = seq;
    if (this.options.replayable) this.history.push({ topic, message });
    if (this.sending) this.enqueue({ topic, message, raw: undefined });
    return message;
  }

  /** Queues an encoded payload as it is (answers to resend requests), behind everything already queued. */
  sendRaw(topic: string, payload: Uint8Array): void {
    this.enqueue({ topic, message: undefined, raw: payload });
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    if (this.pumping || this.flushScheduled) return;
    if (this.options.immediate === true) {
      // Runs synchronously up to its first await, which is after ZeroMQ has taken the frame.
      void this.pump();
      return;
    }
    // Send once the current input has been handled (a microtask, before any other input): everything it produced on
    // one topic leaves as one frame, and nothing waits for a later event.
    this.flushScheduled = true;
    queueMicrotask(this.flush);
  }

  private flushScheduled = false;
  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (!this.pumping) void this.pump();
  };

  /** Stamps a state snapshot with the stream's current sequence number (it describes the state after that message). */
  stampSnapshot(topic: string, outgoing: Outgoing): Message {
    const message = outgoing as Message;
    message.v = SCHEMA_VERSION;
    message.seq = Math.max(1, this.seqs.get(topic) ?? 0);
    return message;
  }

  /** Last sequence number per topic. */
  sequences(): Record<string, number> {
    return Object.fromEntries(this.seqs);
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Resolves when everything queued has been handed to ZeroMQ. */
  drained(): Promise<void> {
    if (!this.pumping && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.head < this.queue.length && this.socket !== undefined) {
        const { topic, batch, raw } = this.takeBatch();
        const observer = this.options.observer;
        observer?.encoding(batch);
        const payload = raw ?? encodeFrame(batch.length === 1 ? batch[0]! : batch);
        const frames = this.options.framing === 'bare' ? [payload] : [topic, payload];
        try {
          const sending = this.socket.send(frames);
          // zeromq.js sends at once when the socket can take it: the frame is with ZeroMQ when send returns.
          observer?.sent(batch);
          await sending;
          this.sent += batch.length;
        } catch (error) {
          // A closed socket or an unroutable peer: counted, never thrown into the worker.
          this.failures += batch.length;
          this.onError(error as Error);
          if (this.socket.closed) break;
        }
      }
    } finally {
      this.pumping = false;
      if (this.head >= this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
      }
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private takeBatch(): { topic: string; batch: Message[]; raw: Uint8Array | undefined } {
    const first = this.queue[this.head]!;
    this.head += 1;
    if (first.raw !== undefined) return { topic: first.topic, batch: [], raw: first.raw };
    const batch = [first.message!];
    while (this.head < this.queue.length && batch.length < this.options.maxBatch) {
      const next = this.queue[this.head]!;
      if (next.topic !== first.topic || next.message === undefined) break;
      batch.push(next.message);
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return { topic: first.topic, batch, raw: undefined };
  }
}
