/** Orders and fills for the tables, the ladder and the chart: bounded, replaced whole per host message. */
import type { FillRow, HostToRenderer, OrderRow } from '../../../workers/protocol/channels.js';
import { OrderLedger } from '../model/order-ledger.js';
import { prependFills } from '../model/tape.js';

export class OrdersStore {
  /** Working orders, newest first. */
  working = $state.raw<OrderRow[]>([]);
  /** Finished orders, newest first, bounded. */
  finished = $state.raw<OrderRow[]>([]);
  /** Fills, newest first, bounded. */
  fills = $state.raw<FillRow[]>([]);

  readonly #ledger = new OrderLedger();

  applyOrders(message: Extract<HostToRenderer, { channel: 'orders' }>): void {
    if (!this.#ledger.upsert(message.orders)) return;
    this.working = this.#ledger.working();
    this.finished = this.#ledger.finished();
  }

  applyFills(message: Extract<HostToRenderer, { channel: 'fills' }>): void {
    this.fills = prependFills(this.fills, message.fills);
  }

  /** Working orders of one instrument, newest first. */
  workingOf(venue: string, symbol: string): OrderRow[] {
    return this.working.filter((order) => order.venue === venue && order.symbol === symbol);
  }

  get(clientOrderId: string): OrderRow | undefined {
    return this.#ledger.get(clientOrderId);
  }
}
