/**
 * Appends every frame of the subscribed streams to one journal per stream (`<dir>/<name>.jnl/`, segmented, pruned by
 * the retention settings), as received (topic and msgpack payload, with the receive time), off the hot path: the
 * journal is a subscriber like any other. A restarted recorder goes on where its journal ends: order and fill streams
 * are caught up from their owners and what the journal already holds is not written twice.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as zmq from 'zeromq';
import { readJournal } from '../runtime/journal-file.js';
import { JournalWriter } from '../runtime/journal-writer.js';
import type { JournalSettings } from '../protocol/config.js';
import { nowMicros } from '../runtime/clock.js';
import { createSocket, readLoop } from '../runtime/sockets.js';
import { decodeFrame, encodeFrame } from '../protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../protocol/messages.js';
import { StreamCatchUp } from './stream-catch-up.js';
import type { ValidationContext } from '../protocol/validate.js';

/** One recorded stream; with `snapEndpoint`, gaps are filled from its owner (order and fill streams must be whole). */
export interface RecordedStream {
  name: string;
  endpoint: string;
  snapEndpoint?: string;
}

/** Records streams into `<dir>/<name>.jnl/`. */
export class StreamRecorder {
  private readonly sockets: zmq.Socket[] = [];
  private readonly writers: JournalWriter[] = [];
  private readonly catchUps: StreamCatchUp[] = [];
  /** Per stream, the last sequence number recorded per topic. */
  private readonly recorded = new Map<string, Map<string, number>>();
  frames = 0;
  bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly validation: ValidationContext,
    private readonly settings: JournalSettings,
    private readonly onError: (error: Error) => void,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  start(streams: readonly RecordedStream[]): void {
    for (const stream of streams) {
      const socket = createSocket('sub') as zmq.Subscriber;
      const writer = this.openWriter(stream.name);
      this.sockets.push(socket);
      this.writers.push(writer);
      if (stream.snapEndpoint !== undefined) {
        this.startResyncing(stream, socket, writer);
        continue;
      }
      socket.connect(stream.endpoint);
      socket.subscribe();
      void readLoop(socket, (frames) => {
        const [topic, payload] = frames;
        if (topic === undefined || payload === undefined) return;
        writer.append({ time: nowMicros(), port: stream.name, topic: topic.toString('utf8'), payload });
        this.frames += 1;
        this.bytes += payload.length;
      }, this.onError);
    }
  }

  /** Opens a stream's journal after repairing its tail; remembers the last number recorded per topic. */
  private openWriter(name: string): JournalWriter {
    const dir = join(this.dir, `${name}.jnl`);
    mkdirSync(dir, { recursive: true });
    const { records, nextSeq, notes } = readJournal(dir, { repair: true });
    for (const note of notes) this.onError(new Error(`stream journal: ${note}`));
    const last = new Map<string, number>();
    for (const record of records) {
      for (const message of decodeFrame(record.payload, { isKnownInstrument: () => true }).messages) last.set(record.topic, message.seq);
    }
    this.recorded.set(name, last);
    return new JournalWriter(dir, nextSeq, this.settings, { prune: true, onError: this.onError });
  }

  /** Records message by message, in sequence, catching up from the owner at start and after any gap. */
  private startResyncing(stream: RecordedStream, socket: zmq.Subscriber, writer: JournalWriter): void {
    const snap = createSocket('dealer') as zmq.Dealer;
    this.sockets.push(snap);
    let requests = 0;
    const catchUp = new StreamCatchUp(this.recorded.get(stream.name)!, {
      write: (topic, message) => {
        const body = encodeFrame(message);
        writer.append({ time: nowMicros(), port: stream.name, topic, payload: body });
        this.frames += 1;
        this.bytes += body.length;
      },
      request: (afterSeq) => {
        const now = nowMicros();
        const request: Message = { type: 'RequestSnapshot', v: SCHEMA_VERSION, seq: ++requests, ts: now, rts: now, src: 'journal', prefix: '', afterSeq };
        snap.send(encodeFrame(request)).catch(this.onError);
      },
      now: () => Date.now(),
    });
    this.catchUps.push(catchUp);
    const decoded = (frames: Buffer[], on: (topic: string, message: Message) => void): void => {
      const [topic, payload] = frames;
      if (topic === undefined || payload === undefined || frames.length !== 2) return;
      for (const message of decodeFrame(payload, this.validation).messages) on(topic.toString('utf8'), message);
    };
    snap.connect(stream.snapEndpoint!);
    void readLoop(snap, (frames) => decoded(frames, (topic, message) => catchUp.onReply(topic, message)), this.onError);
    socket.connect(stream.endpoint);
    socket.subscribe();
    void readLoop(socket, (frames) => decoded(frames, (topic, message) => catchUp.onLive(topic, message)), this.onError);
    catchUp.start();
  }

  /** Messages the streams' owners could no longer give the recorder. */
  get lost(): number {
    return this.catchUps.reduce((sum, c) => sum + c.lost, 0);
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
    for (const writer of this.writers) writer.close();
  }
}
