/**
 * The engine's own order record and the FIFO queue of orders resting at one price (a doubly linked list, so a cancel
 * is O(1)), with one side's queues beside the L2 view market data publishes.
 */
import type { OrderType, SelfTradePrevention, Side, TimeInForce } from '../../protocol/messages.js';
import type { BookSide } from '../order-book.js';
import type { OrderView } from './engine-types.js';

/** Links of a bracket entry to its legs, and of a leg back to its entry. */
export interface Bracket {
  readonly entry: EngineOrder;
  readonly takeProfit: number;
  readonly stopLoss: number;
  tp: EngineOrder | undefined;
  sl: EngineOrder | undefined;
}

export class EngineOrder implements OrderView {
  filledQty = 0;
  leavesQty: number;
  triggered = false;
  /** Best trade price seen since a trailing stop was placed: its stop follows this. */
  trailRef = 0;
  prev: EngineOrder | undefined = undefined;
  next: EngineOrder | undefined = undefined;
  queue: PriceQueue | undefined = undefined;
  /** Set while the order waits for its trigger in the stop book. */
  waiting = false;
  done = false;
  /** The other order of an OCO pair. */
  oco: EngineOrder | undefined = undefined;
  /** For a bracket entry: its legs; for a leg: the bracket it belongs to. */
  bracket: Bracket | undefined = undefined;

  constructor(
    readonly owner: string,
    readonly clientOrderId: string,
    readonly venueOrderId: string,
    readonly side: Side,
    readonly type: OrderType,
    public price: number,
    public qty: number,
    readonly tif: TimeInForce,
    readonly tag: string,
    public time: number,
    public stopPrice: number,
    readonly trailAmount: number,
    readonly trailBps: number,
    readonly postOnly: boolean,
    readonly reduceOnly: boolean,
    readonly stp: SelfTradePrevention,
    readonly parentId: string,
  ) {
    this.leavesQty = qty;
  }

  /** True for the stop types before their trigger: they wait off the book. */
  get isStop(): boolean {
    return this.type === 'stop' || this.type === 'stop_limit' || this.type === 'trailing_stop';
  }

  /** True if it trades at any price once live: market orders and triggered stops other than stop-limits. */
  get isMarket(): boolean {
    return this.type === 'market' || this.type === 'stop' || this.type === 'trailing_stop';
  }

  /** The bracket leg's entry is this order (an entry with legs to place), as opposed to being a leg. */
  get isBracketEntry(): boolean {
    return this.bracket !== undefined && this.bracket.entry === this;
  }
}

/** Orders resting at one price, oldest first. */
export class PriceQueue {
  head: EngineOrder | undefined = undefined;
  tail: EngineOrder | undefined = undefined;
  total = 0;
  constructor(readonly price: number) {}

  append(order: EngineOrder): void {
    order.queue = this;
    order.prev = this.tail;
    order.next = undefined;
    if (this.tail === undefined) this.head = order;
    else this.tail.next = order;
    this.tail = order;
    this.total += order.leavesQty;
  }

  /** Takes the order out of the list; the caller adjusts `total`. */
  unlink(order: EngineOrder): void {
    if (order.prev === undefined) this.head = order.next;
    else order.prev.next = order.next;
    if (order.next === undefined) this.tail = order.prev;
    else order.next.prev = order.prev;
    order.prev = undefined;
    order.next = undefined;
    order.queue = undefined;
  }
}

/** One side's queues, its L2 view and the prices changed since the last drain. */
export class EngineSide {
  readonly queues = new Map<number, PriceQueue>();
  readonly changed = new Set<number>();
  constructor(readonly levels: BookSide) {}

  queueAt(price: number): PriceQueue {
    let queue = this.queues.get(price);
    if (queue === undefined) {
      queue = new PriceQueue(price);
      this.queues.set(price, queue);
    }
    return queue;
  }

  /** Copies a queue's total to the L2 view, drops an empty queue and records the price as changed. */
  publish(queue: PriceQueue): void {
    this.levels.set(queue.price, queue.total);
    if (queue.total === 0) this.queues.delete(queue.price);
    this.changed.add(queue.price);
  }
}
