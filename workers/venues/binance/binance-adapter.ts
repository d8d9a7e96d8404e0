/**
 * The Binance market-data adapter for one market (spot or USD-M futures), pure: raw WebSocket frames and REST
 * snapshots in, our normalised messages out (`BookSnapshot`, `BookUpdate`, `Trade`, and `MarketDataStatus` while a
 * book is being rebuilt). It keeps each instrument's {@link LocalBook} and tells its I/O shell when to fetch a
 * snapshot; it never publishes a book it has not verified.
 */
import type { Instrument } from '../../core/instrument.js';
import type { Outgoing } from '../../core/worker-core.js';
import type { Level } from '../../protocol/messages.js';
import { parseFrame, parseSnapshot, type RawDepth, type RawLevel, type RawTrade } from './binance-frames.js';
import { gridStep, toGridUnits, type GridStep } from './decimal-units.js';
import { scanDepth, type ScannedDepth } from './depth-scanner.js';
import { LocalBook, type BookAction, type BookMarket } from './local-book.js';

/** Where the adapter's outputs go. */
export interface AdapterSink {
  /** A normalised message for the bus. */
  publish(message: Outgoing): void;
  /** Fetch a REST depth snapshot of `symbol` (Binance's symbol) and hand it to {@link BinanceAdapter.onSnapshot}. */
  requestSnapshot(symbol: string): void;
}

interface SymbolState {
  readonly instrument: Instrument;
  readonly prices: GridStep;
  readonly qtys: GridStep;
  readonly book: LocalBook;
  snapshotRequested: boolean;
  /** A gap status was sent and no snapshot has replaced it yet. */
  inGap: boolean;
}

/** Adapter for one Binance market: see the module comment. */
export class BinanceAdapter {
  private readonly symbols = new Map<string, SymbolState>();
  readonly counts = { frames: 0, depth_events: 0, trades: 0, ignored: 0, bad_frames: 0, off_grid: 0, unknown_symbol: 0, resyncs: 0, snapshots: 0, bad_snapshots: 0 };

  constructor(
    readonly market: BookMarket,
    instruments: readonly Instrument[],
    private readonly sink: AdapterSink,
    /** Levels per side in the `BookSnapshot`s it publishes. */
    private readonly publishDepth = 1000,
  ) {
    for (const instrument of instruments) {
      this.symbols.set(instrument.symbol, {
        instrument,
        prices: gridStep(instrument.tick),
        qtys: gridStep(instrument.lot),
        book: new LocalBook(market),
        snapshotRequested: false,
        inGap: false,
      });
    }
  }

  /** Binance's symbols this adapter follows. */
  symbolNames(): string[] {
    return [...this.symbols.keys()];
  }

  /** The verified book of `symbol`, or undefined while it is being (re)built. */
  bookOf(symbol: string): LocalBook | undefined {
    const state = this.symbols.get(symbol);
    return state !== undefined && state.book.isSynced ? state.book : undefined;
  }

  /** The connection is gone: every book starts over, and consumers hear why. */
  onDisconnected(reason: string, now: number): void {
    for (const state of this.symbols.values()) {
      state.book.restart();
      state.snapshotRequested = false;
      this.reportGap(state, `disconnected: ${reason}`, now);
    }
  }

  /** One WebSocket text frame, received at `now` (µs). */
  onFrame(text: string, now: number): void {
    this.counts.frames++;
    // The fast path reads the common, well-formed depth frame in one pass; everything else takes the careful one.
    const scanned = scanDepth(text, this.gridsOf);
    if (scanned !== undefined) return this.onScannedDepth(scanned, now);
    const frame = parseFrame(text);
    if (frame.kind === 'depth') this.onDepth(frame, now);
    else if (frame.kind === 'trade') this.onTrade(frame, now);
    else if (frame.kind === 'ignored') this.counts.ignored++;
    else this.counts.bad_frames++;
  }

  /** A REST snapshot's decoded JSON body for `symbol`. */
  onSnapshot(symbol: string, body: unknown, now: number): void {
    const state = this.symbols.get(symbol);
    if (state === undefined) return;
    state.snapshotRequested = false;
    const raw = parseSnapshot(body);
    const bids = typeof raw === 'string' ? undefined : this.levels(state, raw.bids);
    const asks = typeof raw === 'string' ? undefined : this.levels(state, raw.asks);
    if (typeof raw === 'string' || bids === undefined || asks === undefined) {
      this.counts.bad_snapshots++;
      this.askSnapshot(state);
      return;
    }
    const { action, pending } = state.book.onSnapshot(raw.lastUpdateId, bids, asks);
    if (action.kind === 'resync') {
      this.resync(state, action.reason, now);
      return;
    }
    this.counts.snapshots++;
    const { venue, symbol: ours } = state.instrument;
    const top = state.book.book.top(this.publishDepth);
    this.sink.publish({ type: 'BookSnapshot', venue, symbol: ours, bids: top.bids, asks: top.asks, ts: now, rts: now });
    if (state.inGap) {
      state.inGap = false;
      this.sink.publish({ type: 'MarketDataStatus', venue, symbol: ours, state: 'ok', reason: '', ts: now, rts: now });
    }
    for (const update of pending) this.publishAction(state, update, now, now);
  }

  /** The snapshot request failed (network, HTTP error): ask again (the shell paces retries). */
  onSnapshotFailed(symbol: string, reason: string, now: number): void {
    const state = this.symbols.get(symbol);
    if (state === undefined) return;
    state.snapshotRequested = false;
    this.reportGap(state, `snapshot failed: ${reason}`, now);
    this.askSnapshot(state);
  }

  counters(): Record<string, number> {
    let buffered = 0;
    let dropped = 0;
    for (const state of this.symbols.values()) {
      buffered += state.book.counts.buffered;
      dropped += state.book.counts.dropped_old;
    }
    return { ...this.counts, buffered_events: buffered, dropped_old_events: dropped };
  }

  private readonly gridsOf = (symbol: string): SymbolState | undefined => this.symbols.get(symbol);

  private onScannedDepth(frame: ScannedDepth, now: number): void {
    const state = this.symbols.get(frame.symbol) as SymbolState;
    this.counts.depth_events++;
    this.applyDepth(state, frame, frame.bids, frame.asks, frame.eventTime, now);
  }

  private onDepth(frame: RawDepth, now: number): void {
    const state = this.symbols.get(frame.symbol);
    if (state === undefined) {
      this.counts.unknown_symbol++;
      return;
    }
    this.counts.depth_events++;
    const bids = this.levels(state, frame.bids);
    const asks = this.levels(state, frame.asks);
    if (bids === undefined || asks === undefined) {
      // A level we cannot place is an update we cannot apply: the book would be wrong, so it is rebuilt.
      this.resync(state, `an update of ${frame.symbol} is off the tick or lot grid`, now);
      return;
    }
    this.applyDepth(state, frame, bids, asks, frame.eventTime, now);
  }

  private applyDepth(state: SymbolState, ids: { firstId: number; lastId: number; prevLastId: number }, bids: Level[], asks: Level[], eventTime: number, now: number): void {
    const action = state.book.onDiff({ firstId: ids.firstId, lastId: ids.lastId, prevLastId: ids.prevLastId, bids, asks });
    if (!state.book.isSynced && action.kind === 'none') this.askSnapshot(state);
    else this.publishAction(state, action, eventTime * 1000, now);
  }

  private onTrade(frame: RawTrade, now: number): void {
    const state = this.symbols.get(frame.symbol);
    if (state === undefined) {
      this.counts.unknown_symbol++;
      return;
    }
    const price = toGridUnits(frame.price, state.prices);
    const qty = toGridUnits(frame.qty, state.qtys);
    if (price <= 0 || qty <= 0) {
      this.counts.off_grid++;
      return;
    }
    this.counts.trades++;
    const { venue, symbol } = state.instrument;
    this.sink.publish({
      type: 'Trade', venue, symbol, price, qty, aggressor: frame.buyerIsMaker ? 'sell' : 'buy', tradeId: frame.tradeId,
      ts: frame.tradeTime * 1000, rts: now,
    });
  }

  private publishAction(state: SymbolState, action: BookAction, ts: number, now: number): void {
    if (action.kind === 'update') {
      const { venue, symbol } = state.instrument;
      this.sink.publish({ type: 'BookUpdate', venue, symbol, bids: action.bids, asks: action.asks, ts, rts: now });
    } else if (action.kind === 'resync') {
      this.resync(state, action.reason, now);
    }
  }

  private resync(state: SymbolState, reason: string, now: number): void {
    this.counts.resyncs++;
    this.reportGap(state, reason, now);
    this.askSnapshot(state);
  }

  private reportGap(state: SymbolState, reason: string, now: number): void {
    state.inGap = true;
    const { venue, symbol } = state.instrument;
    this.sink.publish({ type: 'MarketDataStatus', venue, symbol, state: 'gap', reason, ts: now, rts: now });
  }

  private askSnapshot(state: SymbolState): void {
    if (state.snapshotRequested) return;
    state.snapshotRequested = true;
    this.sink.requestSnapshot(state.instrument.symbol);
  }

  /** Levels on the grid, or undefined if any is off it. */
  private levels(state: SymbolState, raw: RawLevel[]): Level[] | undefined {
    const out: Level[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const level = raw[i] as RawLevel;
      const price = toGridUnits(level[0], state.prices);
      const qty = toGridUnits(level[1], state.qtys);
      if (price <= 0 || qty < 0) {
        this.counts.off_grid++;
        return undefined;
      }
      out[i] = [price, qty];
    }
    return out;
  }
}
