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
  /** The working order whose price and quantity the Orders panel is editing, if any. */
  editing = $state<string | undefined>(undefined);

  #ledger = new OrderLedger();

  applyOrders(message: Extract<HostToRenderer, { channel: 'orders' }>): void {
    if (!this.#ledger.upsert(message.orders)) return;
    this.working = this.#ledger.working();
    this.finished = this.#ledger.finished();
    // An order that finished while being edited has nothing left to edit.
    if (this.editing !== undefined && !this.working.some((order) => order.clientOrderId === this.editing)) this.editing = undefined;
  }

  /** Forgets every order and fill: a new picture follows (another session, or another moment of a recording). */
  reset(): void {
    this.#ledger = new OrderLedger();
    this.working = [];
    this.finished = [];
    this.fills = [];
    this.editing = undefined;
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
