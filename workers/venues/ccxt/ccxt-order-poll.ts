/**
 * What a poll of a ccxt venue's open orders means for the orders the terminal believes open, pure. ccxt gives no
 * user stream the same way at every exchange, so order changes are found by polling (ccxt-live-orders.ts): an order
 * we believe open that the venue no longer lists has ended (filled, canceled, expired) and one listed with more
 * filled than we have published has traded — either way it is looked up by its client order id, and the core turns
 * the answer into reports (fills fetched by order, each published once per trade id).
 */
import type { BelievedOrder } from '../binance/trade/reconcile-diff.js';

/** The client order ids (ours, at the venue) to look up after a poll listed `listed` (client id → lots filled). */
export function ordersToQuery(believed: readonly BelievedOrder[], listed: ReadonlyMap<string, number | undefined>): string[] {
  const out: string[] = [];
  for (const order of believed) {
    // Not acknowledged yet (placing, or status unknown): the core looks those up itself.
    if (!order.open || order.venueOrderId === '') continue;
    const filled = listed.get(order.venueId);
    if (!listed.has(order.venueId) || (filled !== undefined && filled > order.filledLots)) out.push(order.venueId);
  }
  return out;
}

/** Trade ids remembered as already handed to the core, bounded (the core's own check is the final word). */
export class SeenTrades {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 10_000) {}

  /** True the first time `key` is seen. */
  add(key: string): boolean {
    if (this.ids.has(key)) return false;
    // Forgetting the oldest is safe: a trade handed over twice is counted once by the core (order-ledger.ts).
    if (this.ids.size >= this.max) this.ids.delete(this.ids.values().next().value as string);
    this.ids.add(key);
    return true;
  }
}
