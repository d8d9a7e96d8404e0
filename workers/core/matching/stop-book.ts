/**
 * Stop orders waiting for their trigger, off the book and invisible to market data. A buy stop triggers when a trade
 * prints at or above its stop price, a sell stop at or below (last-price triggers, as most venues default to).
 * Fixed stops are kept sorted so a trade looks only at the ones it triggers; trailing stops move with every new best
 * price, so each trade visits them all — there are few.
 */
import type { EngineOrder } from './engine-order.js';

/** Distance of a trailing stop from its reference price, ticks (percent distances round up, never to 0). */
export function trailDistance(order: EngineOrder, reference: number): number {
  if (order.trailAmount > 0) return order.trailAmount;
  return Math.max(1, Math.ceil((reference * order.trailBps) / 10_000));
}

/** Where a trailing stop sits for reference price `reference`. */
export function trailingStopPrice(order: EngineOrder, reference: number): number {
  const distance = trailDistance(order, reference);
  return order.side === 'sell' ? Math.max(1, reference - distance) : reference + distance;
}

/** True if a trade at `price` triggers a stop at `stopPrice` of side `side`. */
export function triggers(side: 'buy' | 'sell', stopPrice: number, price: number): boolean {
  return side === 'buy' ? price >= stopPrice : price <= stopPrice;
}

export class StopBook {
  /** Buy stops, lowest stop price first (the first to trigger as prices rise); equal prices in arrival order. */
  private readonly buys: EngineOrder[] = [];
  /** Sell stops, highest stop price first. */
  private readonly sells: EngineOrder[] = [];
  private readonly trailing: EngineOrder[] = [];

  get size(): number {
    return this.buys.length + this.sells.length + this.trailing.length;
  }

  add(order: EngineOrder): void {
    order.waiting = true;
    if (order.type === 'trailing_stop') {
      this.trailing.push(order);
      return;
    }
    const list = order.side === 'buy' ? this.buys : this.sells;
    list.splice(this.insertionIndex(list, order), 0, order);
  }

  remove(order: EngineOrder): void {
    if (!order.waiting) return;
    order.waiting = false;
    const list = order.type === 'trailing_stop' ? this.trailing : order.side === 'buy' ? this.buys : this.sells;
    const index = list.indexOf(order);
    if (index >= 0) list.splice(index, 1);
  }

  /**
   * A trade printed at `price`: moves trailing stops (calling `moved` for each whose stop changed) and removes and
   * returns the stops it triggers, fixed ones in price priority then trailing ones in arrival order.
   */
  onTrade(price: number, moved: (order: EngineOrder) => void): EngineOrder[] {
    const fired: EngineOrder[] = [];
    while (this.buys.length > 0 && triggers('buy', (this.buys[0] as EngineOrder).stopPrice, price)) fired.push(this.buys.shift() as EngineOrder);
    while (this.sells.length > 0 && triggers('sell', (this.sells[0] as EngineOrder).stopPrice, price)) fired.push(this.sells.shift() as EngineOrder);
    if (this.trailing.length > 0) this.trail(price, moved, fired);
    for (const order of fired) order.waiting = false;
    return fired;
  }

  private trail(price: number, moved: (order: EngineOrder) => void, fired: EngineOrder[]): void {
    let kept = 0;
    for (const order of this.trailing) {
      if (triggers(order.side, order.stopPrice, price)) {
        fired.push(order);
        continue;
      }
      this.trailing[kept++] = order;
      const better = order.side === 'sell' ? price > order.trailRef : price < order.trailRef;
      if (!better) continue;
      order.trailRef = price;
      const stop = trailingStopPrice(order, price);
      // A stop only ever tightens: a sell stop rises, a buy stop falls.
      if (order.side === 'sell' ? stop > order.stopPrice : stop < order.stopPrice) {
        order.stopPrice = stop;
        moved(order);
      }
    }
    this.trailing.length = kept;
  }

  private insertionIndex(list: EngineOrder[], order: EngineOrder): number {
    const direction = order.side === 'buy' ? 1 : -1;
    const key = order.stopPrice * direction;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as EngineOrder).stopPrice * direction <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
