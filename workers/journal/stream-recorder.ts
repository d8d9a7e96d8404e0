/**
 * Appends every frame of the subscribed streams to one journal file per stream, as received (topic and msgpack
 * payload, with the receive time), off the hot path: the journal is a subscriber like any other.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as zmq from 'zeromq';
import { JournalWriter } from '../runtime/journal-file.js';
import { nowMicros } from '../runtime/clock.js';
import { createSocket, readLoop } from '../runtime/sockets.js';
import { InboundStream } from '../runtime/inbound-stream.js';
import type { PortSpec } from '../runtime/worker-shell.js';
import { decodeFrame, encodeFrame } from '../protocol/codec.js';
import type { ValidationContext } from '../protocol/validate.js';

/** One recorded stream; with `snapEndpoint`, gaps are filled from its owner (order and fill streams must be whole). */
export interface RecordedStream {
  name: string;
  endpoint: string;
  snapEndpoint?: string;
}

/** Records streams into `<dir>/<name>.jnl`. */
export class StreamRecorder {
  private readonly sockets: zmq.Subscriber[] = [];
  private readonly writers: JournalWriter[] = [];
  private readonly inbound: InboundStream[] = [];
  frames = 0;
  bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly validation: ValidationContext,
    private readonly onError: (error: Error) => void,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  start(streams: readonly RecordedStream[]): void {
    for (const stream of streams) {
      const socket = createSocket('sub') as zmq.Subscriber;
      const writer = new JournalWriter(join(this.dir, `${stream.name}.jnl`));
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

  /** Records message by message, in sequence, catching up from the owner at start and after any gap. */
  private startResyncing(stream: RecordedStream, socket: zmq.Subscriber, writer: JournalWriter): void {
    const spec: PortSpec = { name: stream.name, kind: 'sub', endpoint: stream.endpoint, prefixes: [''], resync: { endpoint: stream.snapEndpoint!, prefix: '' } };
    const inbound: InboundStream = new InboundStream(spec, {
      deliver: (topic, payload) => {
        for (const message of decodeFrame(payload, this.validation).messages) {
          inbound.accept(topic, message, (accepted, acceptedTopic) => {
            const body = encodeFrame(accepted);
            writer.append({ time: nowMicros(), port: stream.name, topic: acceptedTopic, payload: body });
            this.frames += 1;
            this.bytes += body.length;
          });
        }
      },
      onError: this.onError,
      refuse: () => undefined,
    });
    this.inbound.push(inbound);
    socket.connect(stream.endpoint);
    inbound.start(socket);
  }

  close(): void {
    for (const inbound of this.inbound) inbound.close();
    for (const socket of this.sockets) socket.close();
    for (const writer of this.writers) writer.close();
  }
}
