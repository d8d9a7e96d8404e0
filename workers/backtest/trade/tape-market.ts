/**
 * The market of a trade-level backtest: historical prints replayed into the real {@link MatchingEngine}, where our
 * orders wait with their queue position. Trades-only data has no order book, so the book around our orders is built
 * from the tape (each rule is printed in the report, see {@link TAPE_RULES}):
 * - Queue: a limit order coming to rest at a price joins behind the displayed size there, a mirror order (a transient
 *   owner) placed just ahead of it: by default the volume printed at that price in the previous minute of the tape,
 *   or a fixed quantity. Later arrivals queue behind it.
 * - Prints: a print at p for q lots trades with our bids at p or above and our asks at p or below, replayed as an IOC
 *   of q lots at p (another transient owner) — so the displayed size ahead is consumed first, our order fills only
 *   once enough volume has traded through, and a print smaller than our order fills it partially.
 * - Taking: the touch is the last print by a buyer (the ask) and by a seller (the bid). While our order enters (or a
 *   stop of ours triggers) the touch is offered in full at that price, worse by the slippage; our market orders and
 *   marketable limits take it, paying the spread the tape shows. It never crosses a resting order of ours.
 * - Latency: a submit, cancel or amend made at t takes effect at t + latency, before every print stamped at or after
 *   that time and after every one stamped before.
 * Prices in ticks, quantities in lots, times in µs; pure and deterministic.
 */
import { Fifo } from '../../core/fifo.js';
import { parseDecimal } from '../../core/fixed-point.js';
import { MatchingEngine, type AmendRequest, type EngineOrderEvent, type EngineRules, type OrderRequest } from '../../core/matching-engine.js';
import type { Side } from '../../protocol/messages.js';
import type { TradeColumns } from '../../history/import/import-types.js';
import { bpsFraction } from '../bar-fill-model.js';
import { BpsFee } from '../bps-fee.js';

/** The tape rules as printed in a report. */
export const TAPE_RULES: readonly string[] = [
  'mode trade: the historical prints are replayed into the matching engine on a simulated clock, one event per print',
  'a print at p for q lots trades with our bids at p or above and our asks at p or below (an IOC of q lots at p): displayed size queued ahead fills first, so a resting order fills only once enough volume has traded through, and partially when the print is smaller',
  'a limit order coming to rest joins the back of its price: behind the displayed size there (see queueAhead), ahead of what arrives later',
  'the touch is the last print by a buyer (ask) and by a seller (bid); our market orders, marketable limits and triggered stops take it in full at that price, worse by the slippage',
  'submits, cancels and amends take effect after the latency, before every print stamped at or after that time; reports come back at once',
  'stops trigger on prints (the engine\'s own stop book); fees are bps of notional, maker for resting fills and taker for taking ones, rounded up to a whole tick x lot',
];

/** Owner of the displayed size queued ahead of our orders. */
const QUEUE_OWNER = '~queue';
/** Owner of the IOC orders that replay the prints. */
const TAPE_OWNER = '~tape';
/** Owner of the touch offered to our taking orders. */
const TOUCH_OWNER = '~touch';
/** "In full": more than any order of ours. */
const TOUCH_SIZE = 2 ** 40;
const MINUTE_US = 60_000_000;

/** How much displayed size a new resting order queues behind. */
export type QueueAhead = { kind: 'traded'; lookbackUs: number } | { kind: 'fixed'; lots: number };

/** How to build the market. */
export interface TapeMarketOptions {
  symbol: string;
  rules?: EngineRules;
  latencyUs: number;
  queueAhead?: QueueAhead;
  /** Slippage of taking orders, basis points of the touch price as a decimal string ("2.5"), rounded up to ticks. */
  slippageBps?: string;
}

/** Receives our orders' events as they happen, with the simulated time. */
export type TapeListener = (event: EngineOrderEvent, now: number) => void;

type Command =
  | { kind: 'submit'; request: OrderRequest }
  | { kind: 'cancel'; owner: string; clientOrderId: string }
  | { kind: 'amend'; owner: string; clientOrderId: string; changes: AmendRequest };

/** A price where our orders rest behind displayed size: the mirror order there and how many of ours use it. */
interface QueueSlot {
  id: string;
  users: number;
}

/** The historical tape as a market our orders trade in. */
export class TapeMarket {
  private readonly engine: MatchingEngine;
  private readonly held = new Fifo<{ due: number; command: Command }>();
  private readonly latency: number;
  private readonly queueAhead: QueueAhead;
  /** Slippage in ticks at a price: bps of it, rounded up exactly. */
  private readonly slippage: BpsFee | undefined;
  /** Queue slots by `side:price`, and the slot key of each of our resting orders. */
  private readonly slots = new Map<string, QueueSlot>();
  private readonly slotOf = new Map<string, string>();
  /** Our live orders (any state short of finished), to skip the engine on prints when there are none. */
  private live = 0;
  private now = 0;
  private seq = 0;
  private index = -1;
  private bid = 0;
  private ask = 0;
  private last = 0;
  private readonly touchIds: string[] = [];
  /** Our orders that finished during an engine call: their queue slots are released after it (no engine calls inside its callbacks). */
  private readonly finished: string[] = [];
  readonly counts = { prints: 0, replayed: 0, commands: 0, refused: 0 };

  constructor(
    private readonly tape: TradeColumns,
    options: TapeMarketOptions,
    private readonly listener: TapeListener,
    private readonly onRefused: (command: 'cancel' | 'amend', owner: string, clientOrderId: string, reason: string, now: number) => void = () => {},
    /** Called after each command takes effect and after each print, with the time: reports can be handled then. */
    private readonly settled: (now: number) => void = () => {},
  ) {
    this.latency = Math.max(0, options.latencyUs);
    this.queueAhead = options.queueAhead ?? { kind: 'traded', lookbackUs: MINUTE_US };
    const bps = options.slippageBps ?? '0';
    this.slippage = parseDecimal(bps).mantissa === 0n ? undefined : new BpsFee(bpsFraction(bps, 'slippage'));
    this.engine = new MatchingEngine(
      { symbol: options.symbol, transientOwners: [QUEUE_OWNER, TAPE_OWNER, TOUCH_OWNER], ...(options.rules !== undefined ? { rules: options.rules } : {}) },
      { onOrder: (event) => this.onEngineOrder(event), onTrade: () => {} },
    );
  }

  /** A new order, effective after the latency. */
  submit(request: OrderRequest, now: number): void {
    this.hold(now, { kind: 'submit', request });
  }

  cancel(owner: string, clientOrderId: string, now: number): void {
    this.hold(now, { kind: 'cancel', owner, clientOrderId });
  }

  amend(owner: string, clientOrderId: string, changes: AmendRequest, now: number): void {
    this.hold(now, { kind: 'amend', owner, clientOrderId, changes });
  }

  /** Commands still waiting for their latency. */
  heldCommands(): number {
    return this.held.length;
  }

  /** Our orders not finished. */
  liveOrders(): number {
    return this.live;
  }

  /** Replays print `i` of the tape (prints must come in order): due commands first, then the print itself. */
  onPrint(i: number): void {
    const tape = this.tape;
    const time = tape.time[i] as number;
    if (this.held.length > 0) this.applyDue(time);
    this.now = time;
    this.index = i;
    this.counts.prints++;
    const price = tape.price[i] as number;
    if (this.live > 0) {
      this.replay(price, tape.qty[i] as number);
      this.settle();
    }
    this.last = price;
    if (tape.side[i] === 1) {
      this.ask = price;
      if (this.bid >= price) this.bid = price - 1;
    } else {
      this.bid = price;
      if (this.ask !== 0 && this.ask <= price) this.ask = price + 1;
    }
    if (this.engine.waitingStops() > 0) {
      this.withTouch(() => this.engine.marketTrade(price, time));
      this.settle();
    }
    this.settled(time);
  }

  /** Applies commands due by `time` at their own times. */
  applyDue(time: number): void {
    for (let next = this.held.peek(); next !== undefined && next.due <= time; next = this.held.peek()) {
      this.held.shift();
      this.now = Math.max(this.now, next.due);
      this.apply(next.command);
      this.settle();
      this.settled(this.now);
    }
  }

  private hold(now: number, command: Command): void {
    this.counts.commands++;
    this.held.push({ due: now + this.latency, command });
  }

  private apply(command: Command): void {
    const now = this.now;
    if (this.last > 0 && this.engine.lastPrice() !== this.last) this.engine.marketTrade(this.last, now);
    if (command.kind === 'submit') {
      const request = command.request;
      this.live++;
      if (this.rests(request.side, request.type, request.price)) this.joinQueue(request.owner, request.clientOrderId, request.side, request.price);
      if (!this.withTouch(() => this.engine.submit(request, now))) {
        // A repeated client order id: the engine ignored it.
        this.live--;
        this.finished.push(`${request.owner}\0${request.clientOrderId}`);
      }
      return;
    }
    const { owner, clientOrderId } = command;
    let reason: string | undefined;
    if (command.kind === 'cancel') {
      if (!this.engine.cancel(owner, clientOrderId, now)) reason = this.engine.orderStatus(owner, clientOrderId) === 'done' ? 'the order is done' : 'unknown order';
    } else {
      const order = this.engine.order(owner, clientOrderId);
      const price = command.changes.price ?? 0;
      const moves = order !== undefined && price > 0 && price !== order.price && (order.type === 'limit' || order.triggered);
      if (moves && order !== undefined && this.rests(order.side, 'limit', price)) {
        this.leaveQueue(`${owner}\0${clientOrderId}`);
        this.joinQueue(owner, clientOrderId, order.side, price);
      }
      reason = this.withTouch(() => this.engine.amend(owner, clientOrderId, command.changes, now));
    }
    if (reason === undefined) return;
    this.counts.refused++;
    this.onRefused(command.kind, owner, clientOrderId, reason, now);
  }

  /** True if a limit of `side` at `price` would rest rather than take the touch. */
  private rests(side: Side, type: OrderRequest['type'], price: number): boolean {
    if (type !== 'limit' || price <= 0) return false;
    return side === 'buy' ? this.ask === 0 || price < this.ask : price > this.bid;
  }

  /** Puts the displayed size at the price ahead of our order (once per price while our orders rest there). */
  private joinQueue(owner: string, clientOrderId: string, side: Side, price: number): void {
    const key = `${side}:${price}`;
    this.slotOf.set(`${owner}\0${clientOrderId}`, key);
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      slot.users++;
      return;
    }
    const id = `q${++this.seq}`;
    this.slots.set(key, { id, users: 1 });
    const ahead = this.displayedAt(price);
    if (ahead > 0) this.engine.submit({ owner: QUEUE_OWNER, clientOrderId: id, side, type: 'limit', price, qty: ahead, tif: 'GTC' }, this.now);
  }

  private leaveQueue(key: string): void {
    const slotKey = this.slotOf.get(key);
    if (slotKey === undefined) return;
    this.slotOf.delete(key);
    const slot = this.slots.get(slotKey) as QueueSlot;
    if (--slot.users > 0) return;
    this.slots.delete(slotKey);
    this.engine.cancel(QUEUE_OWNER, slot.id, this.now);
  }

  /** Releases the queue slots of orders that finished during the last engine call. */
  private settle(): void {
    if (this.finished.length === 0) return;
    for (const key of this.finished.splice(0)) this.leaveQueue(key);
  }

  /** Displayed size a new order at `price` queues behind. */
  private displayedAt(price: number): number {
    if (this.queueAhead.kind === 'fixed') return this.queueAhead.lots;
    const from = this.now - this.queueAhead.lookbackUs;
    let volume = 0;
    for (let i = this.index; i >= 0 && (this.tape.time[i] as number) > from; i--) if (this.tape.price[i] === price) volume += this.tape.qty[i] as number;
    return volume;
  }

  /** The print against our resting orders it reaches, if any. */
  private replay(price: number, qty: number): void {
    const bestBid = this.engine.bestBid();
    const bestAsk = this.engine.bestAsk();
    let side: Side | undefined;
    if (bestBid !== undefined && bestBid >= price) side = 'sell';
    else if (bestAsk !== undefined && bestAsk <= price) side = 'buy';
    if (side === undefined) return;
    this.counts.replayed++;
    this.engine.submit({ owner: TAPE_OWNER, clientOrderId: `t${++this.seq}`, side, type: 'limit', price, qty, tif: 'IOC' }, this.now);
  }

  /** Runs `action` with the touch offered on both sides, then takes back what is left of it. */
  private withTouch<T>(action: () => T): T {
    const slip = (price: number) => (this.slippage === undefined ? 0 : this.slippage.fee(price, 1));
    const ourBid = this.engine.bestBid();
    const ourAsk = this.engine.bestAsk();
    if (this.ask > 0) {
      const at = Math.max(this.ask + slip(this.ask), ourBid === undefined ? 0 : ourBid + 1);
      this.offer('sell', at);
    }
    if (this.bid > 0) {
      const at = Math.min(this.bid - slip(this.bid), ourAsk === undefined ? Number.MAX_SAFE_INTEGER : ourAsk - 1);
      if (at > 0) this.offer('buy', at);
    }
    try {
      return action();
    } finally {
      for (const id of this.touchIds) this.engine.cancel(TOUCH_OWNER, id, this.now);
      this.touchIds.length = 0;
    }
  }

  private offer(side: Side, price: number): void {
    const id = `k${++this.seq}`;
    this.touchIds.push(id);
    this.engine.submit({ owner: TOUCH_OWNER, clientOrderId: id, side, type: 'limit', price, qty: TOUCH_SIZE, tif: 'GTC' }, this.now);
  }

  private onEngineOrder(event: EngineOrderEvent): void {
    const owner = event.order.owner;
    if (owner === QUEUE_OWNER || owner === TAPE_OWNER || owner === TOUCH_OWNER) return;
    const state = event.state;
    // Bracket legs are placed by the engine, not submitted by us.
    if (event.kind === 'accepted' && event.order.parentId !== '') this.live++;
    if (state === 'filled' || state === 'canceled' || state === 'expired' || state === 'rejected') {
      this.live--;
      this.finished.push(`${owner}\0${event.order.clientOrderId}`);
    }
    this.listener(event, this.now);
  }
}
