/**
 * One inbound socket: reads frames, and for sequenced streams checks every message's number, drops duplicates and,
 * on a gap (or on joining late, and on every connection of a SUB), asks the stream's owner for what it missed while
 * buffering what runs ahead — the ZeroMQ "clone" pattern. Frames (and connections) go to the shell first (to be
 * journaled); the shell hands decoded messages back to {@link accept}, so recovery from the journal takes exactly the
 * same decisions as the live run did.
 */
import type * as zmq from 'zeromq';
import { encodeFrame } from '../protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../protocol/messages.js';
import { nowMicros } from './clock.js';
import { SequenceTracker } from './sequence-tracker.js';
import { createSocket, readLoop } from './sockets.js';
import type { PortSpec } from './worker-shell.js';

export interface InboundHooks {
  /** A raw frame arrived (live or as a resend): journal it and dispatch it. */
  deliver(topic: string, payload: Uint8Array): void;
  onError(error: Error): void;
  /** A frame that is not framed as this socket's protocol says: counted as refused. */
  refuse(reason: string): void;
  /** Sends a request on the port's own socket (DEALER ports resync in-band). */
  sendOnPort?(message: Message): void;
  /** A resynchronising SUB's connection is up (again): journal it, then call {@link InboundStream.catchUp}. */
  connected?(): void;
}

/** The inbound side of one port. */
export class InboundStream {
  readonly name: string;
  private readonly tracker: SequenceTracker | undefined;
  private socket: zmq.Socket | undefined;
  private snapSocket: zmq.Dealer | undefined;
  private resyncing = false;
  private buffered: Array<{ topic: string; message: Message }> = [];
  private live = false;
  private requests = 0;

  constructor(
    private readonly spec: PortSpec,
    private readonly hooks: InboundHooks,
  ) {
    this.name = spec.name;
    this.tracker = spec.kind === 'sub' || spec.kind === 'dealer' ? new SequenceTracker() : undefined;
  }

  get gaps(): number {
    return this.tracker?.gaps ?? 0;
  }

  get duplicates(): number {
    return this.tracker?.duplicates ?? 0;
  }

  /** Starts reading `socket`; streams that resynchronise ask for what they missed first. */
  start(socket: zmq.Socket): void {
    this.socket = socket;
    this.live = true;
    const spec = this.spec;
    if (spec.kind === 'sub') for (const prefix of spec.prefixes) (socket as zmq.Subscriber).subscribe(prefix);
    void readLoop(socket as zmq.Socket & AsyncIterable<Buffer[]>, (frames) => this.onFrames(frames), this.hooks.onError);
    if (spec.kind === 'sub' && spec.resync !== undefined) {
      // PUB drops what no subscriber receives, and the catch-up below may be answered before this SUB is connected:
      // what the owner published in between is in its history only. So catch up again on every connection.
      socket.events.on('handshake', () => this.hooks.connected?.());
      this.snapSocket = createSocket('dealer') as zmq.Dealer;
      this.snapSocket.connect(spec.resync.endpoint);
      void readLoop(this.snapSocket, (frames) => this.onSnapFrames(frames), this.hooks.onError);
    }
    if (this.resyncs()) this.beginResync();
  }

  /** Asks the owner for what was missed (a journaled connection, live or replayed), if this stream resynchronises. */
  catchUp(): void {
    if (this.resyncs()) this.beginResync();
  }

  close(): void {
    this.live = false;
    this.snapSocket?.close();
  }

  /** Decides what to do with one decoded message of this port; `deliver` gets what the core should see. */
  accept(topic: string, message: Message, deliver: (message: Message, topic: string) => void): void {
    if (message.type === 'SnapshotEnd') return this.endResync(deliver);
    if (this.tracker === undefined) return deliver(message, topic);
    const trackTopic = this.spec.kind === 'dealer' ? this.spec.routingId : topic;
    const verdict = this.tracker.check(trackTopic, message);
    if (verdict === 'accept') return deliver(message, topic);
    if (verdict === 'duplicate') return;
    if (!this.resyncs()) {
      this.tracker.skipTo(trackTopic, message.seq);
      return deliver(message, topic);
    }
    this.buffered.push({ topic, message });
    if (!this.resyncing) this.beginResync();
  }

  private resyncs(): boolean {
    return (this.spec.kind === 'sub' && this.spec.resync !== undefined) || (this.spec.kind === 'dealer' && this.spec.resync === true);
  }

  private beginResync(): void {
    this.resyncing = true;
    if (!this.live) return; // recovering from the journal: the journal holds whatever the answer was
    this.requests += 1;
    const prefix = this.spec.kind === 'sub' && this.spec.resync !== undefined ? this.spec.resync.prefix : this.spec.kind === 'dealer' ? this.spec.routingId : '';
    const now = nowMicros();
    const request: Message = {
      type: 'RequestSnapshot',
      v: SCHEMA_VERSION,
      seq: this.requests,
      ts: now,
      rts: now,
      src: this.spec.kind === 'dealer' ? this.spec.routingId : this.name,
      prefix,
      afterSeq: this.tracker?.snapshot(prefix) ?? {},
    };
    if (this.snapSocket !== undefined) void this.snapSocket.send(encodeFrame(request)).catch(this.hooks.onError);
    else this.hooks.sendOnPort?.(request);
  }

  private endResync(deliver: (message: Message, topic: string) => void): void {
    if (!this.resyncing) return;
    this.resyncing = false;
    const pending = this.buffered;
    this.buffered = [];
    for (const { topic, message } of pending) {
      const trackTopic = this.spec.kind === 'dealer' ? this.spec.routingId : topic;
      const verdict = this.tracker!.check(trackTopic, message);
      if (verdict === 'duplicate') continue;
      // What the owner could not resend is lost for good: accept the gap rather than ask forever.
      if (verdict === 'gap') this.tracker!.skipTo(trackTopic, message.seq);
      deliver(message, topic);
    }
  }

  private onFrames(frames: Buffer[]): void {
    const kind = this.spec.kind;
    if (kind === 'sub') {
      if (frames.length !== 2) return this.hooks.refuse(`expected [topic, payload], got ${frames.length} frames`);
      return this.hooks.deliver(frames[0]!.toString('utf8'), frames[1]!);
    }
    if (frames.length !== 1) return this.hooks.refuse(`expected one frame, got ${frames.length}`);
    this.hooks.deliver(kind === 'dealer' ? this.spec.routingId : '', frames[0]!);
  }

  private onSnapFrames(frames: Buffer[]): void {
    if (frames.length !== 2) return this.hooks.refuse(`snapshot reply: expected [topic, payload], got ${frames.length} frames`);
    this.hooks.deliver(frames[0]!.toString('utf8'), frames[1]!);
  }
}
