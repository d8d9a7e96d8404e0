/**
 * A test's view of the terminal's market-data bus, as an outside client would build it: subscribes to the feed's
 * `md` for some prefixes, asks `mdSnap` for the current books (the clone pattern), and keeps each book, the quality
 * reports and the trades it saw. After every book message it checks the book is sound (sorted, uncrossed, no empty
 * levels) and counts any message that left it otherwise.
 */
import * as zmq from 'zeromq';
import { InstrumentRegistry, type InstrumentSpec } from '../../../workers/core/instrument.js';
import { OrderBook } from '../../../workers/core/order-book.js';
import { decodeFrame, encodeFrame } from '../../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message, type MarketDataStatus, type Trade } from '../../../workers/protocol/messages.js';

/** One followed book. */
export interface FollowedBook {
  book: OrderBook;
  seq: number;
}

/** The follower: see the module comment. */
export class MdFollower {
  readonly books = new Map<string, FollowedBook>();
  readonly statuses: MarketDataStatus[] = [];
  readonly trades: Trade[] = [];
  /** Book messages after which the book was unsound, with why. */
  readonly violations: string[] = [];
  private readonly sub = new zmq.Subscriber({ linger: 0 });
  private readonly snap = new zmq.Dealer({ linger: 0 });
  private readonly registry: InstrumentRegistry;
  private snapshotDone = false;
  private pending: Array<{ topic: string; message: Message }> = [];

  constructor(
    private readonly endpoints: { md: string; mdSnap: string },
    instruments: InstrumentSpec[],
    private readonly prefixes: string[],
  ) {
    this.registry = new InstrumentRegistry(instruments);
  }

  async start(): Promise<void> {
    for (const prefix of this.prefixes) this.sub.subscribe(prefix);
    // Catch up once the subscription is connected, and again after every reconnection, as the host does: a catch-up
    // answered before the SUB was connected would miss what the feed published in between (a first BookSnapshot).
    this.sub.events.on('handshake', () => {
      this.requesting = this.requesting.then(() => this.requestSnapshots()).catch(() => undefined);
    });
    this.sub.connect(this.endpoints.md);
    this.snap.connect(this.endpoints.mdSnap);
    void this.read(this.sub, (topic, message) => (this.snapshotDone ? this.apply(topic, message) : this.pending.push({ topic, message })));
    void this.read(this.snap, (topic, message) => this.onSnapshotItem(topic, message));
  }

  private requesting: Promise<void> = Promise.resolve();

  private async requestSnapshots(): Promise<void> {
    const now = Date.now() * 1000;
    for (const prefix of this.prefixes) {
      const request: Message = { type: 'RequestSnapshot', v: SCHEMA_VERSION, seq: 1, ts: now, rts: now, src: 'test', prefix, afterSeq: {} };
      await this.snap.send(encodeFrame(request));
    }
  }

  close(): void {
    this.sub.close();
    this.snap.close();
  }

  /** The latest quality state of a venue's symbol (`ok` if none was reported). */
  quality(venue: string, symbol: string): string {
    for (let i = this.statuses.length - 1; i >= 0; i--) {
      const s = this.statuses[i]!;
      if (s.venue === venue && s.symbol === symbol) return s.state;
    }
    return 'ok';
  }

  /** The book of `book.<venue>.<symbol>`, if one has arrived. */
  bookOf(venue: string, symbol: string): OrderBook | undefined {
    return this.books.get(`book.${venue}.${symbol}`)?.book;
  }

  private snapshotsLeft = -1;

  private onSnapshotItem(topic: string, message: Message): void {
    if (message.type === 'SnapshotEnd') {
      this.snapshotsLeft = this.snapshotsLeft < 0 ? this.prefixes.length - 1 : this.snapshotsLeft - 1;
      if (this.snapshotsLeft > 0) return;
      this.snapshotDone = true;
      const pending = this.pending;
      this.pending = [];
      for (const item of pending) this.apply(item.topic, item.message);
      return;
    }
    this.apply(topic, message);
  }

  private apply(topic: string, message: Message): void {
    if (message.type === 'MarketDataStatus') {
      this.statuses.push(message);
      return;
    }
    if (message.type === 'Trade') {
      this.trades.push(message);
      return;
    }
    if (message.type !== 'BookSnapshot' && message.type !== 'BookUpdate') return;
    let followed = this.books.get(topic);
    if (message.type === 'BookSnapshot') {
      if (followed === undefined) this.books.set(topic, (followed = { book: new OrderBook(), seq: 0 }));
      followed.book.setSnapshot(message.bids, message.asks);
      followed.seq = message.seq;
    } else {
      // Before any snapshot, or already contained in the snapshot we got: not ours to apply.
      if (followed === undefined || message.seq <= followed.seq) return;
      if (message.seq !== followed.seq + 1) this.violations.push(`${topic}: bus sequence ${followed.seq} → ${message.seq}`);
      followed.book.apply(message.bids, message.asks);
      followed.seq = message.seq;
    }
    const problem = followed.book.checkInvariants();
    if (problem !== undefined) this.violations.push(`${topic} after ${message.type} ${message.seq}: ${problem}`);
  }

  private async read(socket: zmq.Subscriber | zmq.Dealer, onMessage: (topic: string, message: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const [topicFrame, payload] = frames.length === 2 ? frames : [undefined, frames[0]];
        if (payload === undefined) continue;
        const decoded = decodeFrame(payload, this.registry);
        for (const message of decoded.messages) onMessage(topicFrame?.toString('utf8') ?? '', message);
      }
    } catch {
      // closed
    }
  }
}
