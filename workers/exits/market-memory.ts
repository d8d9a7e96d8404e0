/**
 * What the exits worker remembers of the market and of other orders, all bounded: the last price per instrument, the
 * latest closed bars per instrument and timeframe (so ATR can warm up when a plan arrives), and what recent orders
 * did (so a plan that arrives after its order's fill still finds it).
 */
import type { HighLowClose } from '../core/indicators/types.js';
import type { Bar, Timeframe } from '../protocol/messages.js';

const BARS_KEPT = 500;
const ORDERS_KEPT = 4096;

/** Last prices and closed bars. */
export class MarketMemory {
  private readonly prices = new Map<string, number>();
  private readonly fromTrades = new Set<string>();
  private readonly bars = new Map<string, HighLowClose[]>();

  /** A trade's price: always the latest. */
  trade(instrument: string, price: number): void {
    this.prices.set(instrument, price);
    this.fromTrades.add(instrument);
  }

  /** A mark from risk: used only until the instrument's first trade (marks are conflated and may lag trades). Returns true if taken. */
  mark(instrument: string, price: number): boolean {
    if (price <= 0 || this.fromTrades.has(instrument)) return false;
    this.prices.set(instrument, price);
    return true;
  }

  last(instrument: string): number {
    return this.prices.get(instrument) ?? 0;
  }

  /** Keeps a closed bar. */
  bar(instrument: string, bar: Bar): void {
    if (!bar.closed) return;
    const key = `${instrument}|${bar.tf}`;
    let list = this.bars.get(key);
    if (list === undefined) this.bars.set(key, (list = []));
    list.push({ high: bar.high, low: bar.low, close: bar.close });
    if (list.length > BARS_KEPT * 2) list.splice(0, list.length - BARS_KEPT);
  }

  /** Closed bars of an instrument and timeframe, oldest first. */
  history(instrument: string, tf: Timeframe): readonly HighLowClose[] {
    const list = this.bars.get(`${instrument}|${tf}`) ?? [];
    return list.length > BARS_KEPT ? list.slice(-BARS_KEPT) : list;
  }
}

/** What an order did, as far as a plan attached to its fill cares. */
export interface OrderFacts {
  /** A fill of it opened, extended or flipped into its owner's position. */
  opened: boolean;
  /** It has ended. */
  done: boolean;
}

/** Facts about the latest orders, oldest forgotten first. */
export class RecentOrders {
  private readonly facts = new Map<string, OrderFacts>();

  get(clientOrderId: string): OrderFacts | undefined {
    return this.facts.get(clientOrderId);
  }

  note(clientOrderId: string, change: Partial<OrderFacts>): void {
    const known = this.facts.get(clientOrderId) ?? { opened: false, done: false };
    this.facts.set(clientOrderId, { opened: known.opened || change.opened === true, done: known.done || change.done === true });
    if (this.facts.size > ORDERS_KEPT) {
      const oldest = this.facts.keys().next().value;
      if (oldest !== undefined) this.facts.delete(oldest);
    }
  }
}
