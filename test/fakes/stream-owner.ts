/**
 * The owner of a published stream, made of the runtime's own parts (a replayable {@link OutboundPort} on a PUB, a
 * {@link SnapshotServer} on a ROUTER), whose PUB is bound only when a test says so: for late-joiner tests that need a
 * catch-up answered before the subscriber's connection exists.
 */
import * as zmq from 'zeromq';
import type { Outgoing, WorkerCore } from '../../workers/core/worker-core.js';
import { topics } from '../../workers/protocol/topics.js';
import { OutboundPort } from '../../workers/runtime/outbound-port.js';
import { SnapshotServer } from '../../workers/runtime/snapshot-server.js';
import { bindSocket, createSocket } from '../../workers/runtime/sockets.js';

/** A futures venue account with 10,000 USDT of margin, as the gateway publishes it once (and again only on change); fresh each call (emitting stamps it). */
export const marginAccount = (): { topic: string; message: Outgoing } => ({
  topic: topics.account('binanceusdm', 'fut'),
  message: {
    type: 'VenueAccount', venue: 'binanceusdm', account: 'fut', source: 'rest', balances: [], updateTime: 1, positions: [],
    margin: [{ asset: 'USDT', walletBalance: '10000', unrealizedPnl: '0', marginBalance: '10000', initialMargin: '0', maintMargin: '0', availableBalance: '10000' }],
    ts: 1, rts: 1,
  },
});

/** A core with no state of its own: catch-ups are answered from the port's history alone. */
const STATELESS: WorkerCore = { onMessage: () => undefined, onTimer: () => undefined, onRecovered: () => undefined, snapshot: () => [], counters: () => ({}) };

export class StreamOwner {
  private readonly pub = createSocket('pub', { noDrop: true }) as zmq.Publisher;
  private readonly router = createSocket('router') as zmq.Router;
  private readonly port: OutboundPort;
  private readonly snapshots: SnapshotServer;

  constructor(
    private readonly pubEndpoint: string,
    private readonly snapEndpoint: string,
  ) {
    this.port = new OutboundPort('pub', this.pub, { framing: 'topic', replayable: true, maxBatch: 64 }, () => undefined);
    this.port.sending = true;
    this.snapshots = new SnapshotServer(this.router, [this.port], STATELESS, () => undefined);
  }

  /** Binds the snapshot ROUTER and starts answering catch-ups; the PUB stays unbound. */
  async start(): Promise<void> {
    await bindSocket(this.router, this.snapEndpoint, 'test snapshots');
    void this.snapshots.serve();
  }

  /** Binds the PUB: subscribers can connect from now on. */
  async bindPublisher(): Promise<void> {
    await bindSocket(this.pub, this.pubEndpoint, 'test publisher');
  }

  /** Publishes (and keeps for catch-ups), as a worker's core emits. */
  emit(topic: string, message: Outgoing): void {
    this.port.emit(topic, message);
  }

  /** Catch-up requests answered so far. */
  get answered(): number {
    return this.snapshots.count;
  }

  close(): void {
    this.pub.close();
    this.router.close();
  }
}
