/**
 * A matching engine for one instrument: price-time priority, market and limit orders, GTC / IOC / FOK. Pure and
 * deterministic: it reads no clock (the caller passes `now`), so the same calls produce the same events.
 *
 * Resting orders sit in one FIFO queue per price (a doubly linked list, so a cancel is O(1)); an L2 {@link OrderBook}
 * beside the queues keeps the prices sorted and their aggregate sizes, which is what market data publishes.
 */
import type { Level, Liquidity, OrderType, Side, TimeInForce } from '../protocol/messages.js';
import { BookSide, OrderBook } from './order-book.js';

/** An order as a caller submits it. Keyed by (owner, clientOrderId). */
export interface OrderRequest {
  owner: string;
  clientOrderId: string;
  side: Side;
  type: OrderType;
  /** Limit price in ticks; ignored for market orders. */
  price: number;
  qty: number;
  tif: TimeInForce;
  /** Opaque caller data kept with the order and handed back in its events (e.g. the strategy id). */
  tag?: string;
}

/** An order inside the engine. Read it while handling an event: the engine mutates it afterwards. */
export interface OrderView {
  readonly owner: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Limit price in ticks; 0 for market orders. */
  readonly price: number;
  readonly qty: number;
  readonly tif: TimeInForce;
  readonly tag: string;
  /** When the order entered the engine, µs. */
  readonly time: number;
  readonly filledQty: number;
  readonly leavesQty: number;
}

/** The order is live in the engine (it may match immediately afterwards). */
export interface EngineAccepted {
  kind: 'accepted';
  order: OrderView;
  state: 'accepted';
}

/** The order was refused and never entered the book. */
export interface EngineRejected {
  kind: 'rejected';
  order: OrderView;
  state: 'rejected';
  reason: string;
}

/** One execution of (part of) an order; a trade produces one for the maker and one for the taker. */
export interface EngineFilled {
  kind: 'filled';
  order: OrderView;
  state: 'partially_filled' | 'filled';
  tradeId: number;
  /** `<tradeId>-m` for the maker, `<tradeId>-t` for the taker: unique per fill. */
  fillId: string;
  price: number;
  qty: number;
  /** Quantity filled so far, including this fill. */
  filledQty: number;
  /** Quantity still open after this fill. */
  leavesQty: number;
  liquidity: Liquidity;
}

/** The order's open quantity was canceled (by its owner, or because IOC/FOK/market left a rest). */
export interface EngineCanceled {
  kind: 'canceled';
  order: OrderView;
  state: 'canceled';
  canceledQty: number;
  reason: string;
}

/** Everything that happens to an order, in the order it happens. */
export type EngineOrderEvent = EngineAccepted | EngineRejected | EngineFilled | EngineCanceled;

/** A print on the public tape. */
export interface EngineTrade {
  /** Increasing from 1 within the engine. */
  tradeId: number;
  price: number;
  qty: number;
  /** Side of the taker. */
  aggressor: Side;
}

/** Receives the engine's events synchronously; it must not call `submit` or `cancel` from inside a callback. */
export interface EngineListener {
  onOrder(event: EngineOrderEvent): void;
  onTrade(trade: EngineTrade): void;
}

/** Options of one engine. */
export interface MatchingEngineOptions {
  symbol: string;
  /**
   * Owners whose finished orders are forgotten at once instead of being remembered for idempotency: for the
   * simulator's own flow, which never retries, so memory stays flat however many orders it sends.
   */
  transientOwners?: Iterable<string>;
}

class EngineOrder implements OrderView {
  filledQty = 0;
  leavesQty: number;
  prev: EngineOrder | undefined = undefined;
  next: EngineOrder | undefined = undefined;
  queue: PriceQueue | undefined = undefined;

  constructor(
    readonly owner: string,
    readonly clientOrderId: string,
    readonly venueOrderId: string,
    readonly side: Side,
    readonly type: OrderType,
    readonly price: number,
    readonly qty: number,
    readonly tif: TimeInForce,
    readonly tag: string,
    readonly time: number,
  ) {
    this.leavesQty = qty;
  }
}

/** Orders resting at one price, oldest first. */
class PriceQueue {
  head: EngineOrder | undefined = undefined;
  tail: EngineOrder | undefined = undefined;
  total = 0;
  constructor(readonly price: number) {}
}

/** One side's queues, its L2 view and the prices changed since the last drain. */
class EngineSide {
  readonly queues = new Map<number, PriceQueue>();
  readonly changed = new Set<number>();
  constructor(readonly levels: BookSide) {}
}

/** Why a request cannot be an order, or undefined if it can. */
export function orderRequestProblem(request: OrderRequest): string | undefined {
  if (request.side !== 'buy' && request.side !== 'sell') return `bad side ${String(request.side)}`;
  if (request.type !== 'market' && request.type !== 'limit') return `bad order type ${String(request.type)}`;
  if (request.tif !== 'GTC' && request.tif !== 'IOC' && request.tif !== 'FOK') return `bad time in force ${String(request.tif)}`;
  if (!Number.isSafeInteger(request.qty) || request.qty <= 0) return `quantity must be an integer > 0, got ${request.qty}`;
  if (request.type === 'limit' && (!Number.isSafeInteger(request.price) || request.price <= 0)) {
    return `limit price must be an integer > 0, got ${request.price}`;
  }
  return undefined;
}

/** Price-time priority matching for one instrument; reports through an {@link EngineListener}. */
export class MatchingEngine {
  readonly symbol: string;
  private readonly book = new OrderBook();
  private readonly bids = new EngineSide(this.book.bids);
  private readonly asks = new EngineSide(this.book.asks);
  /** Per owner, client order id → the live order, or null once finished (kept so a retry stays a no-op). */
  private readonly orders = new Map<string, Map<string, EngineOrder | null>>();
  private readonly transientOwners: ReadonlySet<string>;
  private orderSeq = 0;
  private tradeSeq = 0;

  constructor(options: MatchingEngineOptions, private readonly listener: EngineListener) {
    this.symbol = options.symbol;
    this.transientOwners = new Set(options.transientOwners ?? []);
  }

  /**
   * Takes a new order at time `now` and matches it. Returns false, with no events, if (owner, clientOrderId) was
   * seen before; true otherwise (whether the order was accepted or rejected).
   */
  submit(request: OrderRequest, now: number): boolean {
    const byId = this.ordersOf(request.owner);
    if (byId.has(request.clientOrderId)) return false;
    const order = this.createOrder(request, now);
    const problem = orderRequestProblem(request) ?? this.liquidityProblem(order);
    if (problem !== undefined) {
      order.leavesQty = 0;
      this.finish(order);
      this.listener.onOrder({ kind: 'rejected', order, state: 'rejected', reason: problem });
      return true;
    }
    byId.set(order.clientOrderId, order);
    this.listener.onOrder({ kind: 'accepted', order, state: 'accepted' });
    if (order.tif === 'FOK' && this.available(order) < order.qty) {
      this.cancelRest(order, 'FOK: not enough liquidity to fill at once');
      return true;
    }
    this.match(order);
    if (order.leavesQty === 0) return true;
    if (order.type === 'market' || order.tif !== 'GTC') this.cancelRest(order, `${order.type === 'market' ? 'market' : order.tif}: rest canceled`);
    else this.rest(order);
    return true;
  }

  /** Cancels a working order at time `now`. Returns false, with no events, if it is unknown or already finished. */
  cancel(owner: string, clientOrderId: string, now: number): boolean {
    void now; // the engine has no timed state yet; kept so callers pass time uniformly
    const order = this.orders.get(owner)?.get(clientOrderId);
    if (order === undefined || order === null) return false;
    if (order.queue !== undefined) this.unrest(order);
    this.cancelRest(order, 'canceled');
    return true;
  }

  /** A working order, or undefined if it is unknown or finished. */
  order(owner: string, clientOrderId: string): OrderView | undefined {
    return this.orders.get(owner)?.get(clientOrderId) ?? undefined;
  }

  /** Levels changed since the last drain, with their absolute sizes (0 = gone), best first. */
  drainBookChanges(): { bids: Level[]; asks: Level[] } {
    return { bids: this.drainSide(this.bids), asks: this.drainSide(this.asks) };
  }

  /** The best `n` levels of each side, best first. */
  depth(n: number): { bids: Level[]; asks: Level[] } {
    return this.book.top(n);
  }

  bestBid(): number | undefined {
    return this.book.bestBid();
  }

  bestAsk(): number | undefined {
    return this.book.bestAsk();
  }

  /** The L2 side resting orders of side `side` sit on (read only: do not modify). */
  levels(side: Side): BookSide {
    return side === 'buy' ? this.book.bids : this.book.asks;
  }

  /** Why the engine's state is inconsistent (book malformed, queue totals off), or undefined: for tests. */
  checkInvariants(): string | undefined {
    const problem = this.book.checkInvariants();
    if (problem !== undefined) return problem;
    for (const side of [this.bids, this.asks]) {
      for (const [price, queue] of side.queues) {
        let sum = 0;
        for (let o = queue.head; o !== undefined; o = o.next) sum += o.leavesQty;
        if (sum !== queue.total || side.levels.get(price) !== sum) return `level ${price}: queue ${sum}, book ${side.levels.get(price)}`;
      }
      if (side.queues.size !== side.levels.size) return `${side.levels.kind}: ${side.queues.size} queues, ${side.levels.size} levels`;
    }
    return undefined;
  }

  private ordersOf(owner: string): Map<string, EngineOrder | null> {
    let byId = this.orders.get(owner);
    if (byId === undefined) {
      byId = new Map();
      this.orders.set(owner, byId);
    }
    return byId;
  }

  private createOrder(request: OrderRequest, now: number): EngineOrder {
    const price = request.type === 'market' ? 0 : request.price;
    const venueOrderId = `${this.symbol}-${++this.orderSeq}`;
    const r = request;
    return new EngineOrder(r.owner, r.clientOrderId, venueOrderId, r.side, r.type, price, r.qty, r.tif, r.tag ?? '', now);
  }

  /** A market order needs something to trade against: refuse it rather than accept and cancel at once. */
  private liquidityProblem(order: EngineOrder): string | undefined {
    if (order.type !== 'market' || this.opposite(order).levels.size > 0) return undefined;
    return `no liquidity: the ${order.side === 'buy' ? 'ask' : 'bid'} side is empty`;
  }

  private opposite(order: EngineOrder): EngineSide {
    return order.side === 'buy' ? this.asks : this.bids;
  }

  private crosses(order: EngineOrder, price: number): boolean {
    if (order.type === 'market') return true;
    return order.side === 'buy' ? price <= order.price : price >= order.price;
  }

  /** Quantity `order` could trade right now, counted only as far as its own size (for FOK). */
  private available(order: EngineOrder): number {
    const levels = this.opposite(order).levels;
    let sum = 0;
    for (let rank = 0; rank < levels.size && sum < order.qty; rank++) {
      const price = levels.priceAt(rank) as number;
      if (!this.crosses(order, price)) break;
      sum += levels.qtyAt(rank);
    }
    return sum;
  }

  private match(taker: EngineOrder): void {
    const side = this.opposite(taker);
    while (taker.leavesQty > 0) {
      const price = side.levels.best();
      if (price === undefined || !this.crosses(taker, price)) return;
      this.matchQueue(taker, side, side.queues.get(price) as PriceQueue);
    }
  }

  /** Fills `taker` against one price level, oldest order first, then publishes the level's new size. */
  private matchQueue(taker: EngineOrder, side: EngineSide, queue: PriceQueue): void {
    while (taker.leavesQty > 0 && queue.head !== undefined) {
      const maker = queue.head;
      const qty = Math.min(taker.leavesQty, maker.leavesQty);
      queue.total -= qty;
      if (qty === maker.leavesQty) this.unlink(maker);
      this.execute(maker, taker, queue.price, qty);
    }
    this.setLevel(side, queue);
  }

  private execute(maker: EngineOrder, taker: EngineOrder, price: number, qty: number): void {
    const tradeId = ++this.tradeSeq;
    this.fill(maker, tradeId, `${tradeId}-m`, price, qty, 'maker');
    this.fill(taker, tradeId, `${tradeId}-t`, price, qty, 'taker');
    this.listener.onTrade({ tradeId, price, qty, aggressor: taker.side });
  }

  private fill(order: EngineOrder, tradeId: number, fillId: string, price: number, qty: number, liquidity: Liquidity): void {
    order.filledQty += qty;
    order.leavesQty -= qty;
    const done = order.leavesQty === 0;
    if (done) this.finish(order);
    this.listener.onOrder({
      kind: 'filled',
      order,
      state: done ? 'filled' : 'partially_filled',
      tradeId,
      fillId,
      price,
      qty,
      filledQty: order.filledQty,
      leavesQty: order.leavesQty,
      liquidity,
    });
  }

  private cancelRest(order: EngineOrder, reason: string): void {
    const canceledQty = order.leavesQty;
    order.leavesQty = 0;
    this.finish(order);
    this.listener.onOrder({ kind: 'canceled', order, state: 'canceled', canceledQty, reason });
  }

  /** Marks an order finished: forgotten for transient owners, remembered as done for everyone else. */
  private finish(order: EngineOrder): void {
    const byId = this.orders.get(order.owner);
    if (byId === undefined) return;
    if (this.transientOwners.has(order.owner)) byId.delete(order.clientOrderId);
    else byId.set(order.clientOrderId, null);
  }

  private rest(order: EngineOrder): void {
    const side = order.side === 'buy' ? this.bids : this.asks;
    let queue = side.queues.get(order.price);
    if (queue === undefined) {
      queue = new PriceQueue(order.price);
      side.queues.set(order.price, queue);
    }
    order.queue = queue;
    order.prev = queue.tail;
    if (queue.tail === undefined) queue.head = order;
    else queue.tail.next = order;
    queue.tail = order;
    queue.total += order.leavesQty;
    this.setLevel(side, queue);
  }

  private unrest(order: EngineOrder): void {
    const queue = order.queue as PriceQueue;
    queue.total -= order.leavesQty;
    this.unlink(order);
    this.setLevel(order.side === 'buy' ? this.bids : this.asks, queue);
  }

  private unlink(order: EngineOrder): void {
    const queue = order.queue as PriceQueue;
    if (order.prev === undefined) queue.head = order.next;
    else order.prev.next = order.next;
    if (order.next === undefined) queue.tail = order.prev;
    else order.next.prev = order.prev;
    order.prev = undefined;
    order.next = undefined;
    order.queue = undefined;
  }

  /** Copies a queue's total to the L2 view, drops an empty queue and records the price as changed. */
  private setLevel(side: EngineSide, queue: PriceQueue): void {
    side.levels.set(queue.price, queue.total);
    if (queue.total === 0) side.queues.delete(queue.price);
    side.changed.add(queue.price);
  }

  private drainSide(side: EngineSide): Level[] {
    if (side.changed.size === 0) return [];
    const out: Level[] = [];
    for (const price of side.changed) out.push([price, side.levels.get(price)]);
    side.changed.clear();
    out.sort((a, b) => (side.levels.isBetter(a[0], b[0]) ? -1 : side.levels.isBetter(b[0], a[0]) ? 1 : 0));
    return out;
  }
}
