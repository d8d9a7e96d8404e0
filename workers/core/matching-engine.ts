/**
 * A matching engine for one instrument, with the rules venues document: price-time priority; market, limit, stop,
 * stop-limit and trailing stop orders; GTC / IOC / FOK, post-only and reduce-only; amend and cancel; brackets and
 * OCO pairs; self-trade prevention; price bands, minimum notional and maker/taker fees. Pure and deterministic: it
 * reads no clock (the caller passes `now`), so the same calls produce the same events.
 *
 * Resting orders sit in one FIFO queue per price; an L2 {@link OrderBook} beside the queues keeps the prices sorted
 * with their aggregate sizes, which is what market data publishes. Work an operation sets off (a stop its trades
 * trigger, a bracket's legs) runs after the operation's own matching, in the order it was set off.
 */
import type { Level, Liquidity, Side } from '../protocol/messages.js';
import { OrderBook, type BookSide } from './order-book.js';
import { EngineOrder, EngineSide, type PriceQueue } from './matching/engine-order.js';
import type {
  AmendRequest,
  EngineListener,
  EngineOrderEvent,
  EngineRules,
  MatchingEngineOptions,
  OrderRequest,
  OrderView,
} from './matching/engine-types.js';
import { orderRequestProblem } from './matching/request-rules.js';
import { StopBook, trailingStopPrice, triggers } from './matching/stop-book.js';

export type * from './matching/engine-types.js';
export { orderRequestProblem } from './matching/request-rules.js';

/** Price-time priority matching for one instrument; reports through an {@link EngineListener}. */
export class MatchingEngine {
  readonly symbol: string;
  private readonly book = new OrderBook();
  private readonly bids = new EngineSide(this.book.bids);
  private readonly asks = new EngineSide(this.book.asks);
  private readonly stops = new StopBook();
  /** Per owner, client order id → the live order, or null once finished (kept so a retry stays a no-op). */
  private readonly orders = new Map<string, Map<string, EngineOrder | null>>();
  private readonly transientOwners: ReadonlySet<string>;
  /** Net position per owner in lots (long > 0), for reduce-only orders. */
  private readonly positions = new Map<string, number>();
  /** Working reduce-only orders per owner. */
  private readonly reducing = new Map<string, Set<EngineOrder>>();
  private readonly minNotional: number;
  private readonly bandBps: number;
  private readonly fees: EngineRules['fees'];
  private readonly work: Array<() => void> = [];
  private now = 0;
  private last = 0;
  private orderSeq = 0;
  private tradeSeq = 0;

  constructor(
    options: MatchingEngineOptions,
    private readonly listener: EngineListener,
  ) {
    this.symbol = options.symbol;
    this.transientOwners = new Set(options.transientOwners ?? []);
    this.minNotional = options.rules?.minNotional ?? 0;
    this.bandBps = options.rules?.bandBps ?? 0;
    this.fees = options.rules?.fees;
  }

  /**
   * Takes a new order at time `now` and matches it. Returns false, with no events, if (owner, clientOrderId) was
   * seen before; true otherwise (whether the order was accepted or rejected).
   */
  submit(request: OrderRequest, now: number): boolean {
    const byId = this.ordersOf(request.owner);
    if (byId.has(request.clientOrderId)) return false;
    this.now = now;
    const order = this.createOrder(request, now, '');
    const problem = orderRequestProblem(request) ?? this.entryProblem(order, request);
    if (problem !== undefined) {
      order.leavesQty = 0;
      this.finish(order);
      this.emit({ kind: 'rejected', order, state: 'rejected', reason: problem });
      return true;
    }
    byId.set(order.clientOrderId, order);
    this.enter(order, request);
    this.drainWork();
    return true;
  }

  /** Cancels a working order at time `now`. Returns false, with no events, if it is unknown or already finished. */
  cancel(owner: string, clientOrderId: string, now: number): boolean {
    const order = this.orders.get(owner)?.get(clientOrderId);
    if (order === undefined || order === null) return false;
    this.now = now;
    this.end(order, 'canceled', 'canceled');
    this.drainWork();
    return true;
  }

  /**
   * Changes a working order's price, total quantity or trigger price at time `now`. Returns why it cannot, with no
   * events, or undefined once done. A lower quantity keeps the order's place; a new price or a higher quantity sends
   * it to the back of its new price's queue, and a new price that crosses the book trades at once.
   */
  amend(owner: string, clientOrderId: string, changes: AmendRequest, now: number): string | undefined {
    const order = this.orders.get(owner)?.get(clientOrderId);
    if (order === undefined) return 'unknown order';
    if (order === null) return 'the order is done';
    const price = changes.price !== undefined && changes.price > 0 ? changes.price : order.price;
    const qty = changes.qty !== undefined && changes.qty > 0 ? changes.qty : order.qty;
    const stopPrice = changes.stopPrice !== undefined && changes.stopPrice > 0 ? changes.stopPrice : order.stopPrice;
    const problem = this.amendProblem(order, changes, price, qty, stopPrice);
    if (problem !== undefined) return problem;
    this.now = now;
    this.applyAmend(order, price, qty, stopPrice);
    this.drainWork();
    return undefined;
  }

  /**
   * A trade printed elsewhere at `price` (a paper engine following an external market): it becomes the last price,
   * moves trailing stops and triggers stops, exactly as one of the engine's own trades would.
   */
  marketTrade(price: number, now: number): void {
    this.now = now;
    this.last = price;
    this.fireStops(price);
    this.drainWork();
  }

  /** A working order, or undefined if it is unknown or finished. */
  order(owner: string, clientOrderId: string): OrderView | undefined {
    return this.orders.get(owner)?.get(clientOrderId) ?? undefined;
  }

  /** `working`, `done` (finished and remembered) or undefined (never seen, or forgotten). */
  orderStatus(owner: string, clientOrderId: string): 'working' | 'done' | undefined {
    const order = this.orders.get(owner)?.get(clientOrderId);
    return order === undefined ? undefined : order === null ? 'done' : 'working';
  }

  /** Net position of an owner in lots, long > 0 (0 for transient owners, who stand for many). */
  position(owner: string): number {
    return this.positions.get(owner) ?? 0;
  }

  /** Price of the last trade, 0 before the first. */
  lastPrice(): number {
    return this.last;
  }

  /** Stops waiting for their trigger. */
  waitingStops(): number {
    return this.stops.size;
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
        for (let o = queue.head; o !== undefined; o = o.next) {
          if (o.leavesQty <= 0 || o.done) return `level ${price}: finished order ${o.clientOrderId} rests`;
          sum += o.leavesQty;
        }
        if (sum !== queue.total || side.levels.get(price) !== sum) return `level ${price}: queue ${sum}, book ${side.levels.get(price)}`;
      }
      if (side.queues.size !== side.levels.size) return `${side.levels.kind}: ${side.queues.size} queues, ${side.levels.size} levels`;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ entry

  private createOrder(request: OrderRequest, now: number, parentId: string): EngineOrder {
    const r = request;
    const limitPriced = r.type === 'limit' || r.type === 'stop_limit';
    return new EngineOrder(
      r.owner,
      r.clientOrderId,
      `${this.symbol}-${++this.orderSeq}`,
      r.side,
      r.type,
      limitPriced ? r.price : 0,
      r.qty,
      r.tif,
      r.tag ?? '',
      now,
      r.stopPrice ?? 0,
      r.trailAmount ?? 0,
      r.trailBps ?? 0,
      r.postOnly ?? false,
      r.reduceOnly ?? false,
      r.stp ?? 'expire_maker',
      parentId,
    );
  }

  /** Checks that need the book, the last price or the owner's other orders. */
  private entryProblem(order: EngineOrder, request: OrderRequest): string | undefined {
    if (request.ocoWith !== undefined && request.ocoWith !== '') {
      const other = this.orders.get(order.owner)?.get(request.ocoWith);
      if (other === undefined || other === null) return `OCO: ${request.ocoWith} is not a working order`;
      if (other.oco !== undefined || other.bracket !== undefined) return `OCO: ${request.ocoWith} is already linked`;
    }
    if (order.type === 'trailing_stop' && this.last === 0) return 'a trailing stop needs a last trade price to follow';
    if (order.type === 'market' && this.opposite(order).levels.size === 0) {
      return `no liquidity: the ${order.side === 'buy' ? 'ask' : 'bid'} side is empty`;
    }
    // Transient owners stand for the rest of the market (synthetic flow, a mirrored external book): the instrument's
    // order rules are for our clients, and refusing the crowd's small quotes would empty the book.
    if (this.transientOwners.has(order.owner)) return undefined;
    return (
      this.priceProblem(order, order.price, order.stopPrice, order.qty) ??
      this.reduceOnlyProblem(order) ??
      (order.postOnly && this.crosses(order, this.opposite(order).levels.best()) ? 'post-only: the order would take liquidity' : undefined)
    );
  }

  /**
   * Band, trigger and minimum-notional checks of a price / trigger / quantity, for entry and amend alike. Only prices
   * that change are held to the band: an order placed before the market moved may stay where it is.
   */
  private priceProblem(order: EngineOrder, price: number, stopPrice: number, qty: number, changed = { price: true, stop: true }): string | undefined {
    const reference = this.reference();
    if (this.bandBps > 0 && reference > 0) {
      const [low, high] = this.band(reference);
      if (changed.price && price > 0 && (price < low || price > high)) return `price ${price} outside the price band ${low}–${high}`;
      if (changed.stop && stopPrice > 0 && (stopPrice < low || stopPrice > high)) return `stop price ${stopPrice} outside the price band ${low}–${high}`;
    }
    if (changed.stop && order.isStop && !order.triggered && stopPrice > 0 && this.last > 0 && triggers(order.side, stopPrice, this.last)) {
      return `stop price ${stopPrice} would trigger at once (last trade ${this.last})`;
    }
    const valuedAt = price > 0 ? price : stopPrice > 0 ? stopPrice : reference;
    if (this.minNotional > 0 && valuedAt > 0 && valuedAt * qty < this.minNotional) {
      return `notional ${valuedAt * qty} below the minimum ${this.minNotional} (ticks × lots)`;
    }
    return undefined;
  }

  /** A reduce-only order needs a position on the other side; a larger one is capped right after acceptance. */
  private reduceOnlyProblem(order: EngineOrder): string | undefined {
    if (!order.reduceOnly || this.reducible(order) > 0) return undefined;
    return 'reduce-only: no position to reduce on this side';
  }

  /** Lots a reduce-only order of this owner and side may still trade. */
  private reducible(order: EngineOrder): number {
    const position = this.position(order.owner);
    return order.side === 'sell' ? Math.max(0, position) : Math.max(0, -position);
  }

  private enter(order: EngineOrder, request: OrderRequest): void {
    if (order.type === 'trailing_stop') {
      // Placed before it is reported, so the acceptance carries its first trigger price.
      order.trailRef = this.last;
      if (order.stopPrice === 0) order.stopPrice = trailingStopPrice(order, this.last);
    }
    this.emit({ kind: 'accepted', order, state: 'accepted' });
    if (request.ocoWith !== undefined && request.ocoWith !== '') {
      const other = this.orders.get(order.owner)?.get(request.ocoWith) as EngineOrder;
      order.oco = other;
      other.oco = order;
    }
    const takeProfit = request.takeProfit ?? 0;
    const stopLoss = request.stopLoss ?? 0;
    if (takeProfit > 0 || stopLoss > 0) order.bracket = { entry: order, takeProfit, stopLoss, tp: undefined, sl: undefined };
    if (order.reduceOnly) {
      this.reducingOf(order.owner).add(order);
      this.capReduceOnly(order);
    }
    if (!order.isStop) {
      this.activate(order);
      return;
    }
    this.stops.add(order);
  }

  /** A live order (new, or a stop just triggered): fill what it can, then rest it or expire the rest. */
  private activate(order: EngineOrder): void {
    if (order.tif === 'FOK' && this.available(order) < order.leavesQty) {
      this.end(order, 'expired', 'FOK: not enough liquidity to fill at once');
      return;
    }
    const bandLimit = order.isMarket ? this.marketLimit(order.side) : undefined;
    const stopped = this.match(order, bandLimit);
    if (order.done) return;
    if (stopped !== undefined) this.end(order, 'expired', stopped);
    else if (order.isMarket) this.end(order, 'expired', this.opposite(order).levels.size === 0 ? 'no more liquidity' : 'market: rest expired');
    else if (order.tif !== 'GTC') this.end(order, 'expired', `${order.tif}: rest expired`);
    else this.rest(order);
  }

  // ------------------------------------------------------------------ matching

  /** Trades `taker` against the book; returns why it stopped short (the price band), or undefined. */
  private match(taker: EngineOrder, bandLimit: number | undefined): string | undefined {
    const side = this.opposite(taker);
    while (taker.leavesQty > 0 && !taker.done) {
      const price = side.levels.best();
      if (price === undefined || !this.crosses(taker, price)) return undefined;
      if (bandLimit !== undefined && (taker.side === 'buy' ? price > bandLimit : price < bandLimit)) {
        return `price band: the book beyond ${bandLimit} is out of reach`;
      }
      this.matchQueue(taker, side, side.queues.get(price) as PriceQueue);
    }
    return undefined;
  }

  /** Fills `taker` against one price level, oldest order first, then publishes the level's new size. */
  private matchQueue(taker: EngineOrder, side: EngineSide, queue: PriceQueue): void {
    while (taker.leavesQty > 0 && !taker.done && queue.head !== undefined) {
      const maker = queue.head;
      if (maker.owner === taker.owner && !this.transientOwners.has(taker.owner)) {
        this.preventSelfTrade(taker, maker);
        continue;
      }
      const qty = Math.min(taker.leavesQty, maker.leavesQty);
      queue.total -= qty;
      if (qty === maker.leavesQty) queue.unlink(maker);
      this.execute(maker, taker, queue.price, qty);
    }
    side.publish(queue);
  }

  private preventSelfTrade(taker: EngineOrder, maker: EngineOrder): void {
    const reason = 'self-trade prevention';
    if (taker.stp !== 'expire_taker') this.end(maker, 'expired', reason);
    if (taker.stp !== 'expire_maker') this.end(taker, 'expired', reason);
  }

  private execute(maker: EngineOrder, taker: EngineOrder, price: number, qty: number): void {
    const tradeId = ++this.tradeSeq;
    this.last = price;
    this.fill(maker, tradeId, `${tradeId}-m`, price, qty, 'maker');
    this.fill(taker, tradeId, `${tradeId}-t`, price, qty, 'taker');
    this.listener.onTrade({ tradeId, price, qty, aggressor: taker.side });
    this.fireStops(price);
  }

  /** Moves trailing stops and queues the stops a trade at `price` triggers, to run after the current operation. */
  private fireStops(price: number): void {
    if (this.stops.size === 0) return;
    const fired = this.stops.onTrade(price, (moved) => this.emitAmended(moved, 'trailing stop moved'));
    for (const order of fired) this.work.push(() => this.trigger(order, price));
  }

  private fill(order: EngineOrder, tradeId: number, fillId: string, price: number, qty: number, liquidity: Liquidity): void {
    order.filledQty += qty;
    order.leavesQty -= qty;
    const done = order.leavesQty === 0;
    if (done) this.finish(order);
    const fee = this.fees === undefined ? 0 : this.fees.fee(price, qty, liquidity);
    this.emit({
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
      fee,
    });
    if (!this.transientOwners.has(order.owner)) {
      this.positions.set(order.owner, this.position(order.owner) + (order.side === 'buy' ? qty : -qty));
    }
    if (order.oco !== undefined) this.endPair(order, 'OCO: the other order traded');
    const bracket = order.bracket;
    if (bracket !== undefined) {
      if (bracket.entry === order) {
        if (done) this.work.push(() => this.placeLegs(order));
      } else {
        this.shrinkLegs(bracket.entry);
      }
    }
    const reducing = this.reducing.get(order.owner);
    if (reducing !== undefined) for (const other of reducing) this.capReduceOnly(other);
  }

  private trigger(order: EngineOrder, triggerPrice: number): void {
    if (order.done) return;
    order.triggered = true;
    this.emit({ kind: 'triggered', order, state: order.filledQty > 0 ? 'partially_filled' : 'accepted', triggerPrice });
    if (order.isMarket && this.opposite(order).levels.size === 0) {
      this.end(order, 'expired', 'triggered with no liquidity on the other side');
      return;
    }
    this.activate(order);
  }

  // ------------------------------------------------------------------ amend

  private amendProblem(order: EngineOrder, changes: AmendRequest, price: number, qty: number, stopPrice: number): string | undefined {
    const limitPriced = order.type === 'limit' || order.type === 'stop_limit';
    if ((changes.price ?? 0) > 0 && !limitPriced) return `a ${order.type} order has no limit price`;
    if ((changes.stopPrice ?? 0) > 0 && (!order.isStop || order.triggered)) return 'the order has no trigger price to change';
    if (!Number.isSafeInteger(price) || !Number.isSafeInteger(qty) || !Number.isSafeInteger(stopPrice)) return 'amend values must be integers';
    if (qty <= order.filledQty) return `quantity ${qty} is not above the filled ${order.filledQty}`;
    if (price === order.price && qty === order.qty && stopPrice === order.stopPrice) return 'nothing to change';
    if (order.parentId !== '' && qty > order.qty) return 'a bracket leg cannot grow beyond the position it covers';
    if (order.reduceOnly && qty - order.filledQty > this.reducible(order)) return 'reduce-only: larger than the position';
    if (order.postOnly && this.crosses({ side: order.side, isMarket: false, price }, this.opposite(order).levels.best())) {
      return 'post-only: the order would take liquidity';
    }
    return this.priceProblem(order, price, stopPrice, qty, { price: price !== order.price, stop: stopPrice !== order.stopPrice });
  }

  private applyAmend(order: EngineOrder, price: number, qty: number, stopPrice: number): void {
    const resting = order.queue;
    if (resting !== undefined && (price !== order.price || qty > order.qty)) {
      this.unrest(order);
      this.resize(order, qty);
      order.price = price;
      order.time = this.now;
      this.emitAmended(order, 'amended');
      this.activate(order); // a new price may cross: it trades as a taker first, as on real venues
      return;
    }
    if (order.waiting) {
      this.stops.remove(order);
      order.price = price;
      order.stopPrice = stopPrice;
      this.resize(order, qty);
      this.stops.add(order);
    } else {
      this.resize(order, qty);
    }
    this.emitAmended(order, 'amended');
  }

  /** Sets a new total quantity; a resting order keeps its place (the caller moves it when it grows). */
  private resize(order: EngineOrder, qty: number): void {
    const delta = qty - order.qty;
    order.qty = qty;
    order.leavesQty += delta;
    const queue = order.queue;
    if (queue !== undefined) {
      queue.total += delta;
      this.sideOf(order).publish(queue);
    }
  }

  // ------------------------------------------------------------------ links: OCO, brackets, reduce-only

  /** Ends the OCO sibling of `order` and unlinks the pair. */
  private endPair(order: EngineOrder, reason: string): void {
    const other = order.oco as EngineOrder;
    order.oco = undefined;
    other.oco = undefined;
    if (!other.done) this.end(other, 'canceled', reason);
  }

  /** The entry is done with a fill: its legs go in, covering what it filled. */
  private placeLegs(entry: EngineOrder): void {
    const bracket = entry.bracket;
    if (bracket === undefined || entry.filledQty === 0 || bracket.tp !== undefined || bracket.sl !== undefined) return;
    const side: Side = entry.side === 'buy' ? 'sell' : 'buy';
    const base = { owner: entry.owner, side, qty: entry.filledQty, tif: 'GTC' as const, tag: entry.tag, price: 0 };
    const byId = this.ordersOf(entry.owner);
    if (bracket.takeProfit > 0) {
      const tp = this.createOrder({ ...base, clientOrderId: `${entry.clientOrderId}:tp`, type: 'limit', price: bracket.takeProfit }, this.now, entry.clientOrderId);
      tp.bracket = bracket;
      bracket.tp = tp;
    }
    if (bracket.stopLoss > 0) {
      const sl = this.createOrder({ ...base, clientOrderId: `${entry.clientOrderId}:sl`, type: 'stop', stopPrice: bracket.stopLoss }, this.now, entry.clientOrderId);
      sl.bracket = bracket;
      bracket.sl = sl;
    }
    for (const leg of [bracket.tp, bracket.sl]) {
      if (leg === undefined) continue;
      byId.set(leg.clientOrderId, leg);
      this.emit({ kind: 'accepted', order: leg, state: 'accepted' });
    }
    if (bracket.tp !== undefined) this.activate(bracket.tp);
    const sl = bracket.sl;
    if (sl === undefined || sl.done) return;
    // The position exists now: a stop-loss already beyond the market fires at once rather than being refused.
    if (this.last > 0 && triggers(sl.side, sl.stopPrice, this.last)) this.trigger(sl, this.last);
    else this.stops.add(sl);
  }

  /** After a leg traded: both legs cover only what is still open, and go once nothing is. */
  private shrinkLegs(entry: EngineOrder): void {
    const bracket = entry.bracket as NonNullable<EngineOrder['bracket']>;
    const open = entry.filledQty - (bracket.tp?.filledQty ?? 0) - (bracket.sl?.filledQty ?? 0);
    for (const leg of [bracket.tp, bracket.sl]) {
      if (leg === undefined || leg.done) continue;
      if (open <= 0) this.end(leg, 'canceled', 'bracket: the position is closed');
      else if (leg.leavesQty > open) {
        this.resize(leg, leg.filledQty + open);
        this.emitAmended(leg, 'bracket: covers the open position');
      }
    }
  }

  /** A reduce-only order never exceeds the position it reduces, and ends when there is none. */
  private capReduceOnly(order: EngineOrder): void {
    if (order.done) return;
    const room = this.reducible(order);
    if (room === 0) this.end(order, 'canceled', 'reduce-only: the position is closed');
    else if (order.leavesQty > room) {
      this.resize(order, order.filledQty + room);
      this.emitAmended(order, 'reduce-only: capped at the position');
    }
  }

  // ------------------------------------------------------------------ book and lifecycle

  private rest(order: EngineOrder): void {
    const side = this.sideOf(order);
    const queue = side.queueAt(order.price);
    queue.append(order);
    side.publish(queue);
  }

  private unrest(order: EngineOrder): void {
    const queue = order.queue as PriceQueue;
    queue.total -= order.leavesQty;
    queue.unlink(order);
    this.sideOf(order).publish(queue);
  }

  /** Ends a working order's open quantity (canceled or expired) wherever it is: book, stop book or in flight. */
  private end(order: EngineOrder, kind: 'canceled' | 'expired', reason: string): void {
    if (order.done) return;
    if (order.queue !== undefined) this.unrest(order);
    this.stops.remove(order);
    const qty = order.leavesQty;
    order.leavesQty = 0;
    this.finish(order);
    if (kind === 'canceled') this.emit({ kind, order, state: 'canceled', canceledQty: qty, reason });
    else this.emit({ kind, order, state: 'expired', expiredQty: qty, reason });
    if (order.oco !== undefined) this.endPair(order, `OCO: the other order was ${kind}`);
    if (order.isBracketEntry && order.filledQty > 0) this.work.push(() => this.placeLegs(order));
  }

  /** Marks an order finished: forgotten for transient owners, remembered as done for everyone else. */
  private finish(order: EngineOrder): void {
    order.done = true;
    const byId = this.orders.get(order.owner);
    if (order.reduceOnly) this.reducing.get(order.owner)?.delete(order);
    if (byId === undefined) return;
    if (this.transientOwners.has(order.owner)) byId.delete(order.clientOrderId);
    else byId.set(order.clientOrderId, null);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Runs the work the operation set off (stops it triggered, bracket legs), in order; work may set off more. Public
   * methods call it last: the listener may not call the engine, so operations never nest.
   */
  private drainWork(): void {
    if (this.work.length === 0) return;
    try {
      for (let i = 0; i < this.work.length; i++) (this.work[i] as () => void)();
    } finally {
      this.work.length = 0;
    }
  }

  private emit(event: EngineOrderEvent): void {
    this.listener.onOrder(event);
  }

  private emitAmended(order: EngineOrder, reason: string): void {
    this.emit({ kind: 'amended', order, state: order.filledQty > 0 ? 'partially_filled' : 'accepted', reason });
  }

  private ordersOf(owner: string): Map<string, EngineOrder | null> {
    let byId = this.orders.get(owner);
    if (byId === undefined) {
      byId = new Map();
      this.orders.set(owner, byId);
    }
    return byId;
  }

  private reducingOf(owner: string): Set<EngineOrder> {
    let set = this.reducing.get(owner);
    if (set === undefined) {
      set = new Set();
      this.reducing.set(owner, set);
    }
    return set;
  }

  private sideOf(order: EngineOrder): EngineSide {
    return order.side === 'buy' ? this.bids : this.asks;
  }

  private opposite(order: { side: Side }): EngineSide {
    return order.side === 'buy' ? this.asks : this.bids;
  }

  /** True if an order would trade with a resting price `price` (false when there is none). */
  private crosses(order: { side: Side; isMarket: boolean; price: number }, price: number | undefined): boolean {
    if (price === undefined) return false;
    if (order.isMarket) return true;
    return order.side === 'buy' ? price <= order.price : price >= order.price;
  }

  /**
   * Price bands and market protection are measured from the last trade; before the first trade there is no band (a
   * mid between two stray quotes is no reference), as a venue opening without a previous close has none.
   */
  private reference(): number {
    return this.last;
  }

  private band(reference: number): [number, number] {
    const width = Math.floor((reference * this.bandBps) / 10_000);
    return [Math.max(1, reference - width), reference + width];
  }

  /** The farthest price a market order may reach, or undefined with no band. */
  private marketLimit(side: Side): number | undefined {
    const reference = this.reference();
    if (this.bandBps === 0 || reference === 0) return undefined;
    const [low, high] = this.band(reference);
    return side === 'buy' ? high : low;
  }

  /**
   * Quantity `order` could trade right now, counted only as far as its own size (for FOK): within its price and the
   * band, and without the owner's own orders, which self-trade prevention would take out or stop at.
   */
  private available(order: EngineOrder): number {
    const side = this.opposite(order);
    const levels = side.levels;
    const limit = order.isMarket ? this.marketLimit(order.side) : undefined;
    const own = !this.transientOwners.has(order.owner);
    let sum = 0;
    for (let rank = 0; rank < levels.size && sum < order.leavesQty; rank++) {
      const price = levels.priceAt(rank) as number;
      if (!this.crosses(order, price)) break;
      if (limit !== undefined && (order.side === 'buy' ? price > limit : price < limit)) break;
      if (!own) {
        sum += levels.qtyAt(rank);
        continue;
      }
      for (let o = (side.queues.get(price) as PriceQueue).head; o !== undefined; o = o.next) {
        if (o.owner !== order.owner) sum += o.leavesQty;
        else if (order.stp !== 'expire_maker') return sum;
      }
    }
    return sum;
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
