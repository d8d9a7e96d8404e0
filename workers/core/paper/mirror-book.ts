/**
 * The external venue's L2 book, mirrored inside a {@link MatchingEngine} as resting orders of one transient owner, so
 * paper orders queue, match and pay the spread against it under the engine's own rules.
 *
 * Each level is a list of "chunks" (mirror orders), oldest first. When the venue reports a level larger than its
 * mirror, a new chunk joins the back of the queue: external orders that arrive after ours queue behind ours. When it
 * reports a level smaller than its mirror (cancels the tape did not explain), every chunk at the price shrinks in
 * proportion to its size, by an amend that keeps its place: cancels happen both ahead of and behind our orders. A
 * level where none of our orders rests is kept as a single chunk, since queue order there cannot matter to anyone.
 *
 * Sizes are reconciled to the venue's absolute size. Whatever our orders took from the mirror is therefore given back
 * by the venue's next report of that level: we cannot change the external book, so our consumption is temporary (it
 * is counted in `taken` until then, for checks).
 */
import type { Level, Side } from '../../protocol/messages.js';
import type { MatchingEngine } from '../matching-engine.js';
import { OrderBook } from '../order-book.js';

/** Owner of the mirror's orders; it must be a transient owner of the engine. */
export const MIRROR_OWNER = '~book';

/** A live chunk and its open quantity. */
interface Chunk {
  id: string;
  leaves: number;
  filled: number;
}

/**
 * Splits `cut` lots over chunks of `sizes` in proportion to their sizes (largest remainder, earlier chunks first on
 * ties), never taking more from a chunk than it has.
 */
export function apportion(cut: number, sizes: readonly number[]): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (cut >= total) return sizes.slice();
  if (cut <= 0) return sizes.map(() => 0);
  const cuts = sizes.map((size) => Math.floor((cut * size) / total));
  let left = cut - cuts.reduce((sum, c) => sum + c, 0);
  const byRemainder = sizes.map((_, i) => i).sort((a, b) => ((cut * (sizes[b] as number)) % total) - ((cut * (sizes[a] as number)) % total) || a - b);
  for (let pass = 0; left > 0 && pass < 2; pass++) {
    for (const i of byRemainder) {
      if (left === 0) break;
      if ((cuts[i] as number) < (sizes[i] as number)) {
        cuts[i] = (cuts[i] as number) + 1;
        left--;
      }
    }
  }
  return cuts;
}

const opposite = (side: Side): Side => (side === 'buy' ? 'sell' : 'buy');

/** True if an order of `side` at `price` trades with a resting order at `resting`. */
const crosses = (side: Side, price: number, resting: number): boolean => (side === 'buy' ? resting <= price : resting >= price);

/** Keeps an engine's mirror orders equal to an external L2 book stream. */
export class MirrorBook {
  /** Per side, price → ids of the chunks there, oldest first (finished ones are pruned when next looked at). */
  private readonly chunks: Record<Side, Map<number, string[]>> = { buy: new Map(), sell: new Map() };
  /** Per side, price → lots our orders took from the mirror there since the venue last reported the level. */
  private readonly takenBy: Record<Side, Map<number, number>> = { buy: new Map(), sell: new Map() };
  private readonly external = new OrderBook();
  private seq = 0;
  private readonly counts = { chunks_added: 0, chunks_refused: 0, levels_evicted: 0 };

  constructor(
    private readonly engine: MatchingEngine,
    readonly owner = MIRROR_OWNER,
  ) {}

  /** The venue's book replaces ours: every level is reconciled, and mirror levels it no longer has go. */
  snapshot(bids: readonly Level[], asks: readonly Level[], now: number): void {
    this.external.setSnapshot(bids, asks);
    this.takenBy.buy.clear();
    this.takenBy.sell.clear();
    this.reconcile(this.targets('buy', bids, true), this.targets('sell', asks, true), now);
  }

  /** Levels changed to these absolute sizes (0 = gone). */
  update(bids: readonly Level[], asks: readonly Level[], now: number): void {
    this.external.apply(bids, asks);
    this.reconcile(this.targets('buy', bids, false), this.targets('sell', asks, false), now);
  }

  /**
   * A print took `qty` lots more of the venue's queue at `price` than the mirror gave up, because our orders filled
   * instead: the venue's queue lost those lots too, so the chunks next in line (behind ours) lose them, front first.
   */
  consume(side: Side, price: number, qty: number, now: number): void {
    const live = this.live(side, price);
    let left = qty;
    this.cut(
      live,
      live.map((chunk) => {
        const c = Math.min(left, chunk.leaves);
        left -= c;
        return c;
      }),
      now,
    );
  }

  /** Our order traded `qty` lots with the mirror chunk of `side` at `price`. */
  noteTaken(side: Side, price: number, qty: number): void {
    const map = this.takenBy[side];
    map.set(price, (map.get(price) ?? 0) + qty);
  }

  /** Lots our orders took at a level since the venue last reported it. */
  taken(side: Side, price: number): number {
    return this.takenBy[side].get(price) ?? 0;
  }

  /** Mirror quantity resting at a price (external liquidity as the paper engine sees it now). */
  size(side: Side, price: number): number {
    return this.live(side, price).reduce((sum, chunk) => sum + chunk.leaves, 0);
  }

  /** Mirror levels of a side, best first. */
  levels(side: Side): Level[] {
    const out: Level[] = [];
    for (const price of [...this.chunks[side].keys()]) {
      const size = this.size(side, price);
      if (size > 0) out.push([price, size]);
    }
    return out.sort((a, b) => (side === 'buy' ? b[0] - a[0] : a[0] - b[0]));
  }

  /** The venue's book exactly as it was reported (read only). */
  externalBook(): OrderBook {
    return this.external;
  }

  /** Mirror chunks resting, both sides. */
  chunkCount(): number {
    let n = 0;
    for (const side of ['buy', 'sell'] as const) for (const price of [...this.chunks[side].keys()]) n += this.live(side, price).length;
    return n;
  }

  /**
   * Where the mirror and what our orders took from it do not add up to the venue's book, or undefined. Holds after
   * each book message when the venue's book is not crossed; a print makes the mirror run ahead of the book message
   * that will report it.
   */
  mismatch(): string | undefined {
    for (const side of ['buy', 'sell'] as const) {
      const book = side === 'buy' ? this.external.bids : this.external.asks;
      for (let rank = 0; rank < book.size; rank++) {
        const price = book.priceAt(rank) as number;
        const mirrored = this.size(side, price) + this.taken(side, price);
        if (mirrored !== book.qtyAt(rank)) return `${side} ${price}: venue ${book.qtyAt(rank)}, mirror ${mirrored}`;
      }
      for (const [price] of this.levels(side)) if (book.get(price) === 0) return `${side} ${price}: mirrored but not on the venue`;
    }
    return undefined;
  }

  /** The engine refused a mirror order (one of its rules binds the transient owner): the mirror is short there. */
  noteRefused(): void {
    this.counts.chunks_refused++;
  }

  counters(): Record<string, number> {
    return { ...this.counts };
  }

  // ------------------------------------------------------------------ reconciling

  /** The wanted size per price of one side (the last one wins), with 0 for mirror levels a snapshot leaves out. */
  private targets(side: Side, levels: readonly Level[], full: boolean): Map<number, number> {
    const wanted = new Map<number, number>();
    for (const [price, qty] of levels) if (Number.isSafeInteger(price) && price > 0) wanted.set(price, Math.max(0, Math.floor(qty)));
    if (full) for (const price of this.chunks[side].keys()) if (!wanted.has(price)) wanted.set(price, 0);
    return wanted;
  }

  /**
   * Decreases and removals first, then increases: a mirror order never meets another, and an increase that reaches
   * one of our resting orders trades with it (someone sold into our bid), at our price.
   */
  private reconcile(bids: Map<number, number>, asks: Map<number, number>, now: number): void {
    // The venue's new size replaces whatever our orders took there before; what they take now (a crossing) counts.
    for (const [side, wanted] of [['buy', bids], ['sell', asks]] as const) for (const price of wanted.keys()) this.takenBy[side].delete(price);
    for (const growing of [false, true]) {
      for (const [side, wanted] of [['buy', bids], ['sell', asks]] as const) {
        for (const [price, target] of wanted) {
          const current = this.size(side, price);
          if (growing ? target > current : target < current) this.setLevel(side, price, target, current, now);
        }
      }
    }
  }

  private setLevel(side: Side, price: number, target: number, current: number, now: number): void {
    if (target > current) this.evictCrossed(side, price, now);
    const live = this.live(side, price);
    const ours = this.engine.levels(side).get(price) - current;
    if (ours === 0) this.setSingle(side, price, live, target, now);
    else if (target > current) this.append(side, price, target - current, now);
    else this.cut(live, apportion(current - target, live.map((chunk) => chunk.leaves)), now);
  }

  /**
   * The venue's book is crossed (a level arrived before the opposite one it crosses was removed): the newer level
   * wins, and the mirror drops the opposite levels it would trade with. Our orders there stay, and trade.
   */
  private evictCrossed(side: Side, price: number, now: number): void {
    const other = opposite(side);
    const levels = this.engine.levels(other);
    const crossed: number[] = [];
    for (let rank = 0; rank < levels.size; rank++) {
      const resting = levels.priceAt(rank) as number;
      if (!crosses(side, price, resting)) break;
      if (this.chunks[other].has(resting)) crossed.push(resting);
    }
    for (const resting of crossed) {
      const live = this.live(other, resting);
      if (live.length === 0) continue;
      this.counts.levels_evicted++;
      this.cut(live, live.map((chunk) => chunk.leaves), now);
    }
  }

  /** No order of ours at the price: one chunk of exactly `target` (0 = none). */
  private setSingle(side: Side, price: number, live: Chunk[], target: number, now: number): void {
    const [first, ...rest] = live;
    this.cut(rest, rest.map((chunk) => chunk.leaves), now);
    if (first === undefined) {
      if (target > 0) this.append(side, price, target, now);
      return;
    }
    if (target === 0) this.cut([first], [first.leaves], now);
    else if (target !== first.leaves && !this.resize(first, target, now)) {
      // Refused (an engine rule): start over with a fresh chunk of the right size.
      this.cut([first], [first.leaves], now);
      this.append(side, price, target, now);
    }
  }

  /** A new chunk at the back of the price's queue; it may trade first with our orders it crosses. */
  private append(side: Side, price: number, qty: number, now: number): void {
    const id = `b${++this.seq}`;
    this.engine.submit({ owner: this.owner, clientOrderId: id, side, type: 'limit', price, qty, tif: 'GTC' }, now);
    this.counts.chunks_added++;
    // Still working unless it traded in full with our orders (or the engine refused it: see `noteRefused`).
    if (this.engine.orderStatus(this.owner, id) === 'working') this.listAt(side, price).push(id);
  }

  /** Takes `cuts[i]` lots from chunk i, keeping its place; a chunk cut to 0 is canceled. */
  private cut(live: readonly Chunk[], cuts: readonly number[], now: number): void {
    live.forEach((chunk, i) => {
      const cut = cuts[i] ?? 0;
      if (cut <= 0) return;
      if (cut >= chunk.leaves) this.engine.cancel(this.owner, chunk.id, now);
      else if (!this.resize(chunk, chunk.leaves - cut, now)) this.noteRefused();
    });
  }

  /** Sets a chunk's open quantity (an amend: lower keeps the place, higher goes to the back). */
  private resize(chunk: Chunk, leaves: number, now: number): boolean {
    return this.engine.amend(this.owner, chunk.id, { qty: chunk.filled + leaves }, now) === undefined;
  }

  /** The chunks still resting at a price, oldest first, with their open quantities; drops finished ones. */
  private live(side: Side, price: number): Chunk[] {
    const ids = this.chunks[side].get(price);
    if (ids === undefined) return [];
    const out: Chunk[] = [];
    for (const id of ids) {
      const order = this.engine.order(this.owner, id);
      if (order !== undefined) out.push({ id, leaves: order.leavesQty, filled: order.filledQty });
    }
    if (out.length === 0) this.chunks[side].delete(price);
    else if (out.length !== ids.length) this.chunks[side].set(price, out.map((chunk) => chunk.id));
    return out;
  }

  private listAt(side: Side, price: number): string[] {
    let ids = this.chunks[side].get(price);
    if (ids === undefined) {
      ids = [];
      this.chunks[side].set(price, ids);
    }
    return ids;
  }
}
