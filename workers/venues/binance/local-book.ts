/**
 * One instrument's local order book, kept exactly as Binance documents ("How to manage a local order book
 * correctly"), as a pure state machine: diff events and snapshots in, what to publish out. Prices and quantities are
 * already integers of tick and lot.
 *
 * Spot: buffer diff events until a snapshot arrives; a snapshot older than the first buffered event is fetched again;
 * events with `u` ≤ the snapshot's `lastUpdateId` are dropped; the first applied event must straddle
 * `lastUpdateId + 1` (`U` ≤ id + 1 ≤ `u`), and every later one must start at the previous `u` + 1.
 * USD-M futures: events with `u` < `lastUpdateId` are dropped; the first applied one must have `U` ≤ id ≤ `u`, and
 * every later one's `pu` must equal the previous event's `u`.
 * Any break restarts the procedure (buffer again, new snapshot); nothing is published for the book until the new
 * snapshot has been applied, so a consumer never sees a wrong book — only an old one, flagged as a gap.
 */
import { OrderBook } from '../../core/order-book.js';
import type { Level } from '../../protocol/messages.js';

/** Which of Binance's two procedures applies. */
export type BookMarket = 'spot' | 'usdm';

/** A diff-depth event with its levels on our grid. `pu` is the futures' previous final update id (-1 on spot). */
export interface DiffEvent {
  firstId: number;
  lastId: number;
  prevLastId: number;
  bids: Level[];
  asks: Level[];
}

/** What the caller should do after an input. */
export type BookAction =
  | { kind: 'none' }
  /** The book was (re)built: publish it whole. */
  | { kind: 'snapshot' }
  /** These levels changed (absolute sizes; 0 removes): publish them. */
  | { kind: 'update'; bids: Level[]; asks: Level[] }
  /** The stream broke: the book is not to be trusted until a new snapshot, which the caller must now fetch. */
  | { kind: 'resync'; reason: string };

const NONE: BookAction = { kind: 'none' };
/** Bound on events held while a snapshot is on its way: a stuck REST call must not grow memory without limit. */
const MAX_BUFFER = 10_000;

/** A Binance local book: see the module comment. */
export class LocalBook {
  readonly book = new OrderBook();
  /** Final update id of the last event applied (or the snapshot's id); -1 while not synced. */
  private lastId = -1;
  private synced = false;
  private buffer: DiffEvent[] = [];
  private expectFirst = false;
  readonly counts = { applied: 0, buffered: 0, dropped_old: 0, resyncs: 0, stale_snapshots: 0 };

  constructor(readonly market: BookMarket) {}

  /** True once a snapshot has been applied and no gap has been seen since. */
  get isSynced(): boolean {
    return this.synced;
  }

  /** Final update id of the book as it stands (-1 while not synced). */
  get updateId(): number {
    return this.lastId;
  }

  /** A diff event from the stream. */
  onDiff(event: DiffEvent): BookAction {
    if (!this.synced) {
      if (this.buffer.length >= MAX_BUFFER) this.buffer.shift();
      this.buffer.push(event);
      this.counts.buffered++;
      return NONE;
    }
    return this.applyLive(event);
  }

  /**
   * A REST snapshot. Returns `snapshot` when the book is now synced (publish it, then the updates it returns in
   * `pending`), or `resync` when this snapshot cannot be used (fetch another).
   */
  onSnapshot(lastUpdateId: number, bids: Level[], asks: Level[]): { action: BookAction; pending: BookAction[] } {
    const first = this.buffer[0];
    // Older than everything buffered: the events between it and the buffer are lost (step 4: fetch again).
    if (first !== undefined && this.isTooOld(lastUpdateId, first)) {
      this.counts.stale_snapshots++;
      return { action: { kind: 'resync', reason: `snapshot ${lastUpdateId} is older than the first buffered event ${first.firstId}` }, pending: [] };
    }
    this.book.setSnapshot(bids, asks);
    this.lastId = lastUpdateId;
    this.synced = true;
    this.expectFirst = true;
    const buffered = this.buffer;
    this.buffer = [];
    const pending: BookAction[] = [];
    for (const event of buffered) {
      const action = this.applyLive(event);
      if (action.kind === 'update') pending.push(action);
      else if (action.kind === 'resync') return { action, pending: [] };
    }
    return { action: { kind: 'snapshot' }, pending };
  }

  /** Forgets everything (a new connection): buffer from the next event, then a snapshot. */
  restart(): void {
    this.synced = false;
    this.lastId = -1;
    this.buffer = [];
    this.book.setSnapshot([], []);
  }

  private isTooOld(lastUpdateId: number, first: DiffEvent): boolean {
    return this.market === 'spot' ? lastUpdateId + 1 < first.firstId : lastUpdateId < first.firstId;
  }

  private applyLive(event: DiffEvent): BookAction {
    if (this.expectFirst) {
      if (this.market === 'spot' ? event.lastId <= this.lastId : event.lastId < this.lastId) {
        this.counts.dropped_old++;
        return NONE;
      }
      const target = this.market === 'spot' ? this.lastId + 1 : this.lastId;
      if (event.firstId > target || event.lastId < target) {
        return this.breakOff(`first event ${event.firstId}-${event.lastId} does not cover update ${target}`, event);
      }
      this.expectFirst = false;
    } else if (this.market === 'spot') {
      // An event wholly before the book is a duplicate or a late one: harmless, dropped.
      if (event.lastId <= this.lastId) {
        this.counts.dropped_old++;
        return NONE;
      }
      if (event.firstId !== this.lastId + 1) {
        return this.breakOff(`update ${this.lastId + 1} missing (event starts at ${event.firstId})`, event);
      }
    } else if (event.prevLastId !== this.lastId) {
      if (event.lastId <= this.lastId) {
        this.counts.dropped_old++;
        return NONE;
      }
      return this.breakOff(`event's previous id ${event.prevLastId} is not the book's ${this.lastId}`, event);
    }
    this.book.apply(event.bids, event.asks);
    this.lastId = event.lastId;
    this.counts.applied++;
    return { kind: 'update', bids: event.bids, asks: event.asks };
  }

  /** A break: start over, keeping the event that showed it (it may be the first of the next good run). */
  private breakOff(reason: string, event: DiffEvent): BookAction {
    this.counts.resyncs++;
    this.restart();
    this.buffer.push(event);
    return { kind: 'resync', reason };
  }
}
