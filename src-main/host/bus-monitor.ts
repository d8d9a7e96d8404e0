/**
 * The host's view of the trading streams: it subscribes to execution's and risk's publications (catching up from
 * their snapshot endpoints first, like any late joiner) and keeps order totals and the latest position per
 * instrument, for the summary and the windows.
 */
import * as zmq from 'zeromq';
import type { Endpoints } from '../../workers/protocol/config.js';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../../workers/protocol/messages.js';
import { topics } from '../../workers/protocol/topics.js';
import type { ValidationContext } from '../../workers/protocol/validate.js';
import { SequenceTracker } from '../../workers/runtime/sequence-tracker.js';
import { createSocket, readLoop } from '../../workers/runtime/sockets.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { TradingView } from './trading-view.js';

/** What the host follows of execution's and of risk's streams (the session player reads the same of a recording). */
export const FOLLOWED_TOPICS = {
  exec: [topics.prefix('order'), topics.prefix('fill'), topics.prefix('account'), topics.prefix('reconcile')],
  risk: [topics.prefix('order'), topics.prefix('position'), topics.status('risk'), topics.prefix('margin'), topics.prefix('pnl')],
} as const;

/** How often an unanswered catch-up request is repeated, ms. */
const RESYNC_RETRY_MS = 1_000;

/** Order totals and positions, from the bus. */
export class BusMonitor extends TradingView {
  private readonly trackers = new Map<string, SequenceTracker>();
  private readonly sockets: zmq.Socket[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  refused = 0;

  constructor(
    private readonly endpoints: Endpoints,
    private readonly validation: ValidationContext,
    /** Every new message from execution's and risk's streams, in order (for the order board and manual orders). */
    private readonly onMessage: (message: Message) => void = () => undefined,
  ) {
    super();
  }

  start(): void {
    this.follow('exec', this.endpoints.exec, this.endpoints.execSnap, [...FOLLOWED_TOPICS.exec]);
    this.follow('risk', this.endpoints.risk, this.endpoints.riskSnap, [...FOLLOWED_TOPICS.risk]);
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.sockets) socket.close();
  }

  private follow(stream: string, endpoint: string, snapEndpoint: string, prefixes: string[]): void {
    const tracker = new SequenceTracker();
    this.trackers.set(stream, tracker);
    const sub = createSocket('sub') as zmq.Subscriber;
    sub.connect(endpoint);
    for (const prefix of prefixes) sub.subscribe(prefix);
    const snap = createSocket('dealer') as zmq.Dealer;
    snap.connect(snapEndpoint);
    this.sockets.push(sub, snap);
    // Live frames wait until the catch-up has been applied, so history is applied in order; the tracker then lets
    // each message through once where the two overlap.
    let caughtUp = false;
    const waiting: Buffer[][] = [];
    const onFrames = (frames: Buffer[]): void => {
      const [topic, payload] = frames;
      if (topic === undefined || payload === undefined) return;
      const decoded = decodeFrame(payload, this.validation);
      this.refused += decoded.refusals.length;
      for (const message of decoded.messages) {
        if (message.type === 'SnapshotEnd') {
          caughtUp = true;
          for (const early of waiting.splice(0)) onFrames(early);
          continue;
        }
        const name = topic.toString('utf8');
        const verdict = tracker.check(name, message);
        if (verdict === 'duplicate') continue;
        if (verdict === 'gap') tracker.skipTo(name, message.seq);
        this.apply(message);
      }
    };
    void readLoop(sub, (frames) => (caughtUp ? onFrames(frames) : waiting.push(frames)), () => undefined);
    void readLoop(snap, onFrames, () => undefined);
    let asks = 0;
    const ask = (): void => {
      const now = nowMicros();
      const request: Message = { type: 'RequestSnapshot', v: SCHEMA_VERSION, seq: ++asks, ts: now, rts: now, src: 'host', prefix: '', afterSeq: tracker.snapshot() };
      void snap.send(encodeFrame(request)).catch(() => undefined);
    };
    ask();
    // PUB drops what no subscriber receives: whatever the publisher sent before this subscription was connected is in
    // its history only. So catch up on every connection, the first one too (the host follows the streams before the
    // workers bind them, so the first answer may predate the connection), once the handshake is done and the
    // subscription is on its way, holding live frames until caught up. The request is repeated until answered,
    // since it may have gone to an old, dead connection.
    sub.events.on('handshake', () => {
      caughtUp = false;
      ask();
    });
    const retry = setInterval(() => {
      if (!caughtUp) ask();
    }, RESYNC_RETRY_MS);
    retry.unref();
    this.timers.push(retry);
  }

  private apply(message: Message): void {
    this.onMessage(message);
    this.take(message);
  }
}
