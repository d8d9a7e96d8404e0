/**
 * Answers "what did I miss?": for a `RequestSnapshot`, every kept message of the asked topics after the numbers the
 * requester already has, then the core's current state for them (e.g. book snapshots), then `SnapshotEnd`.
 */
import type * as zmq from 'zeromq';
import type { WorkerCore } from '../core/worker-core.js';
import { decodeFrame, encodeFrame } from '../protocol/codec.js';
import { SCHEMA_VERSION, type RequestSnapshot } from '../protocol/messages.js';
import { nowMicros } from './clock.js';
import type { OutboundPort, Stamped } from './outbound-port.js';
import { readLoop } from './sockets.js';

/** Serves snapshot requests from the worker's `*.snap` ROUTER, and in-band on its ROUTER ports. */
export class SnapshotServer {
  private answered = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly router: zmq.Router | undefined,
    private readonly sources: readonly OutboundPort[],
    private readonly core: WorkerCore,
    private readonly onError: (error: Error) => void,
    private readonly onRefused: (reason: string) => void = () => undefined,
  ) {}

  /** Reads requests from the snapshot ROUTER until it closes. */
  async serve(): Promise<void> {
    const router = this.router;
    if (router === undefined) return;
    await readLoop(
      router,
      (frames) => {
        const [peer, payload] = frames;
        if (peer === undefined || payload === undefined || frames.length !== 2) return this.onRefused(`snapshot request of ${frames.length - 1} frames`);
        const decoded = decodeFrame(payload, { isKnownInstrument: () => true });
        const request = decoded.messages[0];
        if (request?.type !== 'RequestSnapshot') return this.onRefused(decoded.refusals[0]?.reason ?? `not a RequestSnapshot`);
        const items = this.collect(request);
        // One pending send per socket: answers queue behind each other.
        this.chain = this.chain.then(() => this.send(items, (topic, body) => router.send([peer, topic, body])));
      },
      this.onError,
    );
  }

  /** Answers a request that came in on a ROUTER port: only that peer's own stream, framed as the port frames it. */
  async answerOnPort(port: OutboundPort, peer: string, request: RequestSnapshot): Promise<void> {
    const items = this.collect({ ...request, prefix: peer }, [port]).filter((item) => item.topic === peer);
    await this.send(items, async (_topic, body) => port.sendRaw(peer, body));
  }

  /** Number of requests answered. */
  get count(): number {
    return this.answered;
  }

  private collect(request: RequestSnapshot, sources: readonly OutboundPort[] = this.sources): Stamped[] {
    const out: Stamped[] = [];
    for (const port of sources) {
      for (const item of port.history) {
        if (item.topic.startsWith(request.prefix) && item.message.seq > (request.afterSeq[item.topic] ?? 0)) out.push(item);
      }
    }
    const now = nowMicros();
    for (const { topic, message } of this.core.snapshot(request.prefix, now)) {
      const owner = this.sources.find((port) => port.sequences()[topic] !== undefined) ?? this.sources[0];
      out.push({ topic, message: owner!.stampSnapshot(topic, message) });
    }
    return out;
  }

  private async send(items: Stamped[], sendOne: (topic: string, body: Uint8Array) => Promise<void>): Promise<void> {
    try {
      for (const { topic, message } of items) await sendOne(topic, encodeFrame(message));
      const now = nowMicros();
      await sendOne('', encodeFrame({ type: 'SnapshotEnd', v: SCHEMA_VERSION, seq: ++this.answered, ts: now, rts: now, count: items.length }));
    } catch (error) {
      this.onError(error as Error);
    }
  }
}
