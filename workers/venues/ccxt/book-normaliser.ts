/**
 * One instrument's market data from ccxt to our messages, pure. ccxt pro keeps the venue's book itself (snapshot,
 * deltas, its own checks) and hands over the whole book on every change; we put its top `depth` levels on our
 * integer grid and publish the first as a `BookSnapshot`, then only the levels that changed as `BookUpdate`s.
 * On top of ccxt: a level off the tick or lot grid, or a nonce that goes backwards (the venue's sequence started
 * over behind ccxt's back), is a `gap` report and a fresh snapshot; crossed books and silence are the feed's checks.
 */
import type { Instrument } from '../../core/instrument.js';
import type { Outgoing } from '../../core/worker-core.js';
import type { Level, Side } from '../../protocol/messages.js';
import type { GridStep } from '../binance/decimal-units.js';
import { unitsOfNumber } from './ccxt-numbers.js';

/** The fields of a ccxt order book this reads: levels `[price, amount, …]`, best first. */
export interface CcxtBookLike {
  bids: ArrayLike<ArrayLike<unknown>>;
  asks: ArrayLike<ArrayLike<unknown>>;
  nonce?: number;
  /** ms since the epoch, when the venue says. */
  timestamp?: number;
}

/** The fields of a ccxt trade this reads. */
export interface CcxtTradeLike {
  id?: string;
  timestamp?: number;
  side?: string;
  price?: number;
  amount?: number;
}

/** Counters of what was refused. */
export interface NormaliserCounts {
  books: number;
  trades: number;
  off_grid: number;
  bad_trades: number;
  nonce_back: number;
  duplicates: number;
  gaps: number;
}

/** One instrument's normaliser: see the module comment. */
export class BookNormaliser {
  private bids = new Map<number, number>();
  private asks = new Map<number, number>();
  private synced = false;
  private inGap = false;
  private lastNonce: number | undefined;
  readonly counts: NormaliserCounts = { books: 0, trades: 0, off_grid: 0, bad_trades: 0, nonce_back: 0, duplicates: 0, gaps: 0 };

  constructor(
    private readonly instrument: Instrument,
    /** ccxt's price step (our tick) and amount step (our lot, in ccxt's amount units). */
    private readonly grids: { price: GridStep; amount: GridStep },
    private readonly depth: number,
  ) {}

  /** The messages for ccxt's book as it now is, received at `now` (µs). */
  onBook(book: CcxtBookLike, now: number): Outgoing[] {
    const nonce = typeof book.nonce === 'number' ? book.nonce : undefined;
    if (nonce !== undefined && this.lastNonce !== undefined && this.synced) {
      if (nonce === this.lastNonce) {
        this.counts.duplicates++;
        return [];
      }
      if (nonce < this.lastNonce) {
        this.counts.nonce_back++;
        const gap = this.gap(`book nonce went back from ${this.lastNonce} to ${nonce}`, now);
        this.lastNonce = nonce;
        return [...gap, ...this.onBook(book, now)];
      }
    }
    const bids = this.levels(book.bids);
    const asks = this.levels(book.asks);
    if (bids === undefined || asks === undefined) {
      this.counts.off_grid++;
      return this.gap('a level of the book is off the tick or lot grid', now);
    }
    this.lastNonce = nonce;
    this.counts.books++;
    const ts = typeof book.timestamp === 'number' && book.timestamp > 0 ? Math.round(book.timestamp * 1000) : now;
    const { venue, symbol } = this.instrument;
    if (!this.synced) {
      this.bids = new Map(bids);
      this.asks = new Map(asks);
      this.synced = true;
      const out: Outgoing[] = [{ type: 'BookSnapshot', venue, symbol, bids, asks, ts, rts: now }];
      if (this.inGap) {
        this.inGap = false;
        out.push({ type: 'MarketDataStatus', venue, symbol, state: 'ok', reason: '', ts: now, rts: now });
      }
      return out;
    }
    const bidChanges = changes(this.bids, bids);
    const askChanges = changes(this.asks, asks);
    if (bidChanges.length === 0 && askChanges.length === 0) return [];
    return [{ type: 'BookUpdate', venue, symbol, bids: bidChanges, asks: askChanges, ts, rts: now }];
  }

  /** ccxt's new trades, each as our `Trade`; one it cannot place is counted and left out. */
  onTrades(trades: readonly CcxtTradeLike[], now: number): Outgoing[] {
    const out: Outgoing[] = [];
    const { venue, symbol } = this.instrument;
    for (const trade of trades) {
      const price = unitsOfNumber(trade.price, this.grids.price);
      const qty = unitsOfNumber(trade.amount, this.grids.amount);
      const side = trade.side;
      if (price <= 0 || qty <= 0 || (side !== 'buy' && side !== 'sell')) {
        this.counts.bad_trades++;
        continue;
      }
      this.counts.trades++;
      const ts = typeof trade.timestamp === 'number' && trade.timestamp > 0 ? Math.round(trade.timestamp * 1000) : now;
      out.push({ type: 'Trade', venue, symbol, price, qty, aggressor: side as Side, tradeId: trade.id ?? `${ts}-${this.counts.trades}`, ts, rts: now });
    }
    return out;
  }

  /** The book can no longer be trusted (a watch failed, the connection dropped): report why, start over. */
  gap(reason: string, now: number): Outgoing[] {
    this.synced = false;
    this.lastNonce = undefined;
    if (this.inGap) return [];
    this.inGap = true;
    this.counts.gaps++;
    const { venue, symbol } = this.instrument;
    return [{ type: 'MarketDataStatus', venue, symbol, state: 'gap', reason, ts: now, rts: now }];
  }

  /** Top `depth` levels on our grid (best first, no empty ones), or undefined if any is off the grid. */
  private levels(side: ArrayLike<ArrayLike<unknown>>): Level[] | undefined {
    const n = Math.min(side.length, this.depth);
    const out: Level[] = [];
    for (let i = 0; i < n; i++) {
      const level = side[i] as ArrayLike<unknown>;
      const price = unitsOfNumber(level[0], this.grids.price);
      const qty = unitsOfNumber(level[1], this.grids.amount);
      if (price <= 0 || qty < 0) return undefined;
      if (qty > 0) out.push([price, qty]);
    }
    return out;
  }
}

/** Levels of `next` that differ from `held`, and `held`'s that are gone (quantity 0); `held` becomes `next`. */
function changes(held: Map<number, number>, next: Level[]): Level[] {
  const out: Level[] = [];
  const seen = new Set<number>();
  for (const [price, qty] of next) {
    seen.add(price);
    if (held.get(price) !== qty) {
      out.push([price, qty]);
      held.set(price, qty);
    }
  }
  for (const price of held.keys()) {
    if (!seen.has(price)) {
      out.push([price, 0]);
      held.delete(price);
    }
  }
  return out;
}
