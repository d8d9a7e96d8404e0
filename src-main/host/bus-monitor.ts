/**
 * The host's view of the trading streams: it subscribes to execution's and risk's publications (catching up from
 * their snapshot endpoints first, like any late joiner) and keeps order totals and the latest position per
 * instrument, for the summary and the windows.
 */
import * as zmq from 'zeromq';
import { instrumentKey } from '../../workers/core/instrument.js';
import type { Endpoints } from '../../workers/protocol/config.js';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { mergeVenueAccount } from './account-view.js';
import { SCHEMA_VERSION, type AccountStatus, type Message, type OwnerPosition, type ReconcileReport, type VenueAccount, type PositionChanged, type TradingStatus } from '../../workers/protocol/messages.js';
import type { OrderTotals } from '../../workers/protocol/channels.js';
import { topics } from '../../workers/protocol/topics.js';
import type { ValidationContext } from '../../workers/protocol/validate.js';
import { SequenceTracker } from '../../workers/runtime/sequence-tracker.js';
import { createSocket, readLoop } from '../../workers/runtime/sockets.js';
import { nowMicros } from '../../workers/runtime/clock.js';

const TOTAL_OF: Partial<Record<Message['type'], keyof OrderTotals>> = {
  OrderSubmitted: 'submitted',
  OrderAccepted: 'accepted',
  OrderRejected: 'rejected',
  OrderDenied: 'denied',
  OrderCanceled: 'canceled',
  OrderExpired: 'expired',
  OrderAmended: 'amended',
  OrderFilled: 'fills',
};

/** How often an unanswered catch-up request is repeated, ms. */
const RESYNC_RETRY_MS = 1_000;

/** Order totals and positions, from the bus. */
export class BusMonitor {
  readonly totals: OrderTotals = { submitted: 0, accepted: 0, rejected: 0, denied: 0, canceled: 0, expired: 0, amended: 0, filled: 0, fills: 0 };
  readonly positions = new Map<string, PositionChanged>();
  /** Risk's latest trading state (`status.risk`), once it has said one. */
  riskStatus: TradingStatus | undefined;
  /** Positions per owner, keyed `<owner>|<venue>:<symbol>`. */
  readonly owners = new Map<string, OwnerPosition>();
  /** Live venue accounts' balances and their latest reconciliation, by `<venue>:<account>`. */
  readonly venueAccounts = new Map<string, VenueAccount>();
  readonly reconciliations = new Map<string, ReconcileReport>();
  /** Risk's trading account, as last published. */
  account: AccountStatus | undefined;
  private readonly trackers = new Map<string, SequenceTracker>();
  private readonly sockets: zmq.Socket[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  refused = 0;

  constructor(
    private readonly endpoints: Endpoints,
    private readonly validation: ValidationContext,
    /** Every new message from execution's and risk's streams, in order (for the order board and manual orders). */
    private readonly onMessage: (message: Message) => void = () => undefined,
  ) {}

  start(): void {
    this.follow('exec', this.endpoints.exec, this.endpoints.execSnap, [topics.prefix('order'), topics.prefix('fill'), topics.prefix('account'), topics.prefix('reconcile')]);
    this.follow('risk', this.endpoints.risk, this.endpoints.riskSnap, [topics.prefix('order'), topics.prefix('position'), topics.status('risk'), topics.prefix('margin'), topics.prefix('pnl')]);
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
    // A publisher that restarted may have published before this subscriber was connected again (PUB drops what no
    // one receives): on every reconnection, catch up on what was missed, holding live frames until caught up. The
    // request is repeated until answered, since it may have gone to the old, dead connection.
    let connections = 0;
    sub.events.on('connect', () => {
      connections += 1;
      if (connections === 1) return;
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
    if (message.type === 'PositionChanged') {
      this.positions.set(instrumentKey(message.venue, message.symbol), message);
    } else if (message.type === 'TradingStatus') {
      this.riskStatus = message;
    } else if (message.type === 'AccountStatus') {
      this.account = message;
    } else if (message.type === 'VenueAccount') {
      const key = `${message.venue}:${message.account}`;
      this.venueAccounts.set(key, mergeVenueAccount(this.venueAccounts.get(key), message));
    } else if (message.type === 'ReconcileReport') {
      this.reconciliations.set(`${message.venue}:${message.account}`, message);
    } else if (message.type === 'OwnerPosition') {
      this.owners.set(`${message.owner}|${instrumentKey(message.venue, message.symbol)}`, message);
    } else {
      const total = TOTAL_OF[message.type];
      if (total === undefined) return;
      this.totals[total] += 1;
      if (message.type === 'OrderFilled' && message.state === 'filled') this.totals.filled += 1;
    }
  }
}
