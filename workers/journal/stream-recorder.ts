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

/** One recorded stream. */
export interface RecordedStream {
  name: string;
  endpoint: string;
}

/** Records streams into `<dir>/<name>.jnl`. */
export class StreamRecorder {
  private readonly sockets: zmq.Subscriber[] = [];
  private readonly writers: JournalWriter[] = [];
  frames = 0;
  bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly onError: (error: Error) => void,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  start(streams: readonly RecordedStream[]): void {
    for (const stream of streams) {
      const socket = createSocket('sub') as zmq.Subscriber;
      socket.connect(stream.endpoint);
      socket.subscribe();
      const writer = new JournalWriter(join(this.dir, `${stream.name}.jnl`));
      this.sockets.push(socket);
      this.writers.push(writer);
      void readLoop(socket, (frames) => {
        const [topic, payload] = frames;
        if (topic === undefined || payload === undefined) return;
        writer.append({ time: nowMicros(), port: stream.name, topic: topic.toString('utf8'), payload });
        this.frames += 1;
        this.bytes += payload.length;
      }, this.onError);
    }
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
    for (const writer of this.writers) writer.close();
  }
}
