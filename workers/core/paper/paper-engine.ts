/**
 * Paper trading for one instrument against an external market: our orders fill against the venue's L2 book and tape
 * (the simulated venue's, a replay's or a live exchange's) without being able to change that book. Every order rule
 * is the {@link MatchingEngine}'s: the external book lives inside the engine as a mirror (see {@link MirrorBook}), and
 * the tape is replayed into it.
 *
 * The fill model:
 * - Queue position: an order joins the back of its price's queue; external size that arrives later queues behind it;
 *   external cancels at the price shrink the mirror ahead of and behind it in proportion, moving it up.
 * - Prints: a trade of `qty` at `price` by an aggressor of side `s` is replayed as an IOC limit of side `s` at `price`
 *   for `qty` (transient owner `~tape`). It takes the queue front first, so a resting order of ours fills only once
 *   the lots ahead of it have traded, and an order of ours at a better price than the print fills first. Whatever the
 *   print gave our orders, the venue's queue lost too: the chunks next in line lose it (front first), so the book
 *   message that follows the print matches. Then the print becomes the last price, for stops and trailing stops.
 *   Prints are expected before the book message that reports their effect, as venues publish them.
 * - Taking: our marketable orders walk the mirror and pay the spread. What they take is gone only until the venue
 *   next reports that level: the mirror is reconciled to the venue's absolute sizes, because the venue never saw our
 *   order. A second market order right after the first finds only what the first left, until that report.
 * - Crossing: a book message that grows a level through one of our resting orders (a seller arriving below our bid)
 *   trades with it at our price, ours as maker. As with taking, the venue's next report of that level restores it, so
 *   an order of ours still resting through it trades again on each report: optimistic, as any model of an order the
 *   venue never saw must be somewhere. A venue book that crosses itself keeps the newer level in the mirror.
 * - Latency: a submit, cancel or amend made at `t` takes effect at `t + latencyUs`, before any market event stamped at
 *   or after that time and after every one stamped before, so an order cannot react to a book it could not have seen.
 *
 * Only our orders' events come out; the mirror's and the tape's stay inside.
 */
import type { Level, Side } from '../../protocol/messages.js';
import { Fifo } from '../fifo.js';
import {
  MatchingEngine,
  type AmendRequest,
  type EngineOrderEvent,
  type EngineRules,
  type OrderRequest,
  type OrderView,
} from '../matching-engine.js';
import { MIRROR_OWNER, MirrorBook } from './mirror-book.js';

/** Owner of the IOC orders that replay the venue's prints. */
export const TAPE_OWNER = '~tape';

/** How to build a paper engine. */
export interface PaperEngineOptions {
  symbol: string;
  /** The instrument's rules (fees, band, minimum notional), applied to our orders. */
  rules?: EngineRules;
  /** Delay from a command to its effect, µs, on the clock market events are stamped with (default 0). */
  latencyUs?: number;
}

/** A cancel or amend the engine refused when it took effect; the order, if any, is unchanged. */
export interface PaperRefusal {
  owner: string;
  clientOrderId: string;
  request: 'cancel' | 'amend';
  reason: string;
  /** What the caller passed with the request (e.g. the strategy id), handed back. */
  tag: string;
}

/** Receives what happens to our orders, with the time it happened. */
export interface PaperListener {
  /** An event of one of our orders; read it now, the engine mutates the order afterwards. */
  onOrder(event: EngineOrderEvent, now: number): void;
  onRefused?(refusal: PaperRefusal, now: number): void;
}

type Command =
  | { kind: 'submit'; request: OrderRequest }
  | { kind: 'cancel'; owner: string; clientOrderId: string; tag: string }
  | { kind: 'amend'; owner: string; clientOrderId: string; changes: AmendRequest; tag: string };

const RESERVED = new Set([MIRROR_OWNER, TAPE_OWNER]);

/** True for the owners the paper engine keeps for the mirror and the tape; no caller may use them. */
export function isReservedOwner(owner: string): boolean {
  return RESERVED.has(owner);
}

/** Paper trading against an external L2 book and tape; see the module comment for the fill model. */
export class PaperEngine {
  readonly symbol: string;
  private readonly engine: MatchingEngine;
  private readonly mirror: MirrorBook;
  private readonly pending = new Fifo<{ due: number; command: Command }>();
  private readonly latency: number;
  private now = 0;
  private tapeSeq = 0;
  /** The trade the engine is reporting: the mirror order in it, and who else was. */
  private tradeMirror: { side: Side; price: number } | undefined = undefined;
  private tradeTape = false;
  private tradeOurs = false;
  /** Lots of the print being replayed that went to our orders instead of the venue's queue. */
  private tapeToOurs = 0;
  private readonly counts = { commands: 0, duplicates: 0, refused: 0, book_snapshots: 0, book_updates: 0, prints: 0, fills: 0 };

  constructor(
    options: PaperEngineOptions,
    private readonly listener: PaperListener,
  ) {
    this.symbol = options.symbol;
    this.latency = Math.max(0, options.latencyUs ?? 0);
    this.engine = new MatchingEngine(
      { symbol: options.symbol, transientOwners: [MIRROR_OWNER, TAPE_OWNER], ...(options.rules !== undefined ? { rules: options.rules } : {}) },
      { onOrder: (event) => this.onEngineOrder(event), onTrade: (trade) => this.onEngineTrade(trade.qty) },
    );
    this.mirror = new MirrorBook(this.engine, MIRROR_OWNER);
  }

  // ------------------------------------------------------------------ market data

  /** The venue's book (its top levels, best first) replaces the one we had. */
  onBookSnapshot(bids: readonly Level[], asks: readonly Level[], now: number): void {
    this.at(now);
    this.counts.book_snapshots++;
    this.mirror.snapshot(bids, asks, this.now);
  }

  /** Changed levels with their new absolute sizes (0 = gone). */
  onBookUpdate(bids: readonly Level[], asks: readonly Level[], now: number): void {
    this.at(now);
    this.counts.book_updates++;
    this.mirror.update(bids, asks, this.now);
  }

  /** A print on the venue's tape: replayed against the queue, then the last price for stops. */
  onTrade(price: number, qty: number, aggressor: Side, now: number): void {
    this.at(now);
    if (!Number.isSafeInteger(price) || price <= 0) return;
    this.counts.prints++;
    if (Number.isSafeInteger(qty) && qty > 0) {
      this.tapeToOurs = 0;
      const id = `t${++this.tapeSeq}`;
      this.engine.submit({ owner: TAPE_OWNER, clientOrderId: id, side: aggressor, type: 'limit', price, qty, tif: 'IOC' }, this.now);
      if (this.tapeToOurs > 0) this.mirror.consume(aggressor === 'buy' ? 'sell' : 'buy', price, this.tapeToOurs, this.now);
    }
    this.engine.marketTrade(price, this.now);
  }

  // ------------------------------------------------------------------ our commands

  /** A new order of ours, effective after the latency. A repeated (owner, clientOrderId) is ignored. */
  submit(request: OrderRequest, now: number): void {
    this.checkOwner(request.owner);
    this.hold(now, { kind: 'submit', request: { ...request } });
  }

  /** Cancels one of our orders after the latency; a refusal comes to `onRefused`. */
  cancel(owner: string, clientOrderId: string, now: number, tag = ''): void {
    this.checkOwner(owner);
    this.hold(now, { kind: 'cancel', owner, clientOrderId, tag });
  }

  /** Changes one of our orders after the latency (see {@link MatchingEngine.amend}); a refusal comes to `onRefused`. */
  amend(owner: string, clientOrderId: string, changes: AmendRequest, now: number, tag = ''): void {
    this.checkOwner(owner);
    this.hold(now, { kind: 'amend', owner, clientOrderId, changes: { ...changes }, tag });
  }

  /** Time passes: commands whose latency is over take effect. */
  advance(now: number): void {
    this.at(now);
  }

  /** When the next held command takes effect, or undefined if none is held. */
  nextDue(): number | undefined {
    return this.pending.peek()?.due;
  }

  // ------------------------------------------------------------------ reading

  /** The book our orders trade against, best first: the mirror with our own resting orders in it. */
  depth(n: number): { bids: Level[]; asks: Level[] } {
    return this.engine.depth(n);
  }

  /** The venue's book exactly as reported; our orders never change it. */
  externalDepth(n: number): { bids: Level[]; asks: Level[] } {
    return this.mirror.externalBook().top(n);
  }

  /** The mirror alone (the venue's liquidity as our orders see it now), best first. */
  mirrorDepth(): { bids: Level[]; asks: Level[] } {
    return { bids: this.mirror.levels('buy'), asks: this.mirror.levels('sell') };
  }

  /** Lots our orders took at a level of the venue's book since the venue last reported it. */
  taken(side: Side, price: number): number {
    return this.mirror.taken(side, price);
  }

  /** Where mirror plus what we took differs from the venue's book (see {@link MirrorBook.mismatch}), or undefined. */
  mirrorMismatch(): string | undefined {
    return this.mirror.mismatch();
  }

  /** One of our working orders, or undefined. */
  order(owner: string, clientOrderId: string): OrderView | undefined {
    return this.engine.order(owner, clientOrderId);
  }

  /** Net position of an owner from its paper fills, lots. */
  position(owner: string): number {
    return this.engine.position(owner);
  }

  /** Price of the last print or paper fill, 0 before the first. */
  lastPrice(): number {
    return this.engine.lastPrice();
  }

  /** Why the engine or the mirror is inconsistent, or undefined: for tests. */
  checkInvariants(): string | undefined {
    const problem = this.engine.checkInvariants();
    if (problem !== undefined) return problem;
    for (const [side, levels] of [['buy', this.mirror.levels('buy')], ['sell', this.mirror.levels('sell')]] as const) {
      for (const [price, size] of levels) {
        if (size > this.engine.levels(side).get(price)) return `${side} ${price}: mirror ${size} above the book's ${this.engine.levels(side).get(price)}`;
      }
    }
    return undefined;
  }

  counters(): Record<string, number> {
    return { ...this.counts, ...this.mirror.counters(), held_commands: this.pending.length, mirror_chunks: this.mirror.chunkCount() };
  }

  // ------------------------------------------------------------------ inside

  private checkOwner(owner: string): void {
    if (isReservedOwner(owner)) throw new Error(`owner ${owner} is reserved for the paper engine's mirror and tape`);
  }

  private hold(now: number, command: Command): void {
    this.counts.commands++;
    this.pending.push({ due: now + this.latency, command });
    this.at(now);
  }

  /** Applies the commands due by `now` at their own times, then moves the clock to `now` (never back). */
  private at(now: number): void {
    for (let held = this.pending.peek(); held !== undefined && held.due <= now; held = this.pending.peek()) {
      this.pending.shift();
      this.now = Math.max(this.now, held.due);
      this.apply(held.command);
    }
    this.now = Math.max(this.now, now);
  }

  private apply(command: Command): void {
    const now = this.now;
    if (command.kind === 'submit') {
      if (!this.engine.submit(command.request, now)) this.counts.duplicates++;
      return;
    }
    const { owner, clientOrderId, tag } = command;
    let reason: string | undefined;
    if (command.kind === 'cancel') {
      if (!this.engine.cancel(owner, clientOrderId, now)) reason = this.engine.orderStatus(owner, clientOrderId) === 'done' ? 'the order is done' : 'unknown order';
    } else {
      reason = this.engine.amend(owner, clientOrderId, command.changes, now);
    }
    if (reason === undefined) return;
    this.counts.refused++;
    this.listener.onRefused?.({ owner, clientOrderId, request: command.kind, reason, tag }, now);
  }

  /** Keeps the mirror's and the tape's events inside, noting who traded with whom; passes ours on. */
  private onEngineOrder(event: EngineOrderEvent): void {
    const order = event.order;
    if (order.owner === MIRROR_OWNER) {
      if (event.kind === 'filled') this.tradeMirror = { side: order.side, price: order.price };
      else if (event.kind === 'rejected') this.mirror.noteRefused();
      return;
    }
    if (order.owner === TAPE_OWNER) {
      if (event.kind === 'filled') this.tradeTape = true;
      return;
    }
    if (event.kind === 'filled') {
      this.tradeOurs = true;
      this.counts.fills++;
    }
    this.listener.onOrder(event, this.now);
  }

  /** Both fills of a trade have been reported: book what our order took from the venue's liquidity. */
  private onEngineTrade(qty: number): void {
    if (this.tradeOurs && this.tradeMirror !== undefined) this.mirror.noteTaken(this.tradeMirror.side, this.tradeMirror.price, qty);
    if (this.tradeOurs && this.tradeTape) this.tapeToOurs += qty;
    this.tradeMirror = undefined;
    this.tradeTape = false;
    this.tradeOurs = false;
  }
}
