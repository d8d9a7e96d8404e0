/**
 * Every order and fill the windows show, built from execution's and risk's events: one row per client order id,
 * updated in place, and the fills in arrival order. Finished orders beyond the newest few hundred are forgotten, so
 * the host's memory stays flat over a long session.
 */
import { isTerminal } from '../../workers/core/order-state.js';
import type { FillRow, OrderRow } from '../../workers/protocol/channels.js';
import type { Message, OrderEvent } from '../../workers/protocol/messages.js';

const FINISHED_KEPT = 200;
const FILLS_KEPT = 500;

/** Orders and fills for the windows, with what changed since the last drain. */
export class OrderBoard {
  private readonly rows = new Map<string, OrderRow>();
  private readonly finished: string[] = [];
  private fills: FillRow[] = [];
  private changed = new Set<string>();
  private newFills: FillRow[] = [];

  /** Feeds one event from the bus; other messages are ignored. */
  apply(message: Message): void {
    if (!('clientOrderId' in message) || message.type === 'SubmitOrder' || message.type === 'CancelOrder') return;
    const event = message as OrderEvent;
    const row = this.rows.get(event.clientOrderId) ?? this.newRow(event);
    if (isTerminal(row.state) && !isTerminal(event.state)) return; // a late event for a finished order
    row.state = event.state;
    row.updated = event.ts;
    if (event.type === 'OrderSubmitted') Object.assign(row, { orderType: event.orderType, price: event.price, qty: event.qty });
    if (event.type === 'OrderDenied') row.reason = `${event.reason} (${event.rule})`;
    if (event.type === 'OrderRejected' || event.type === 'OrderCanceled') row.reason = event.reason;
    if (event.type === 'OrderFilled') {
      row.filledQty = event.filledQty;
      const fill: FillRow = {
        fillId: event.fillId,
        clientOrderId: event.clientOrderId,
        strategyId: event.strategyId,
        venue: event.venue,
        symbol: event.symbol,
        side: event.side,
        price: event.price,
        qty: event.qty,
        liquidity: event.liquidity,
        ts: event.ts,
      };
      this.fills.push(fill);
      this.newFills.push(fill);
      if (this.fills.length > 2 * FILLS_KEPT) this.fills = this.fills.slice(-FILLS_KEPT);
    }
    this.changed.add(row.clientOrderId);
    if (isTerminal(row.state)) this.retire(row.clientOrderId);
  }

  /** Orders that changed and fills that arrived since the last call. */
  drain(): { orders: OrderRow[]; fills: FillRow[] } {
    const orders: OrderRow[] = [];
    for (const id of this.changed) {
      const row = this.rows.get(id);
      if (row !== undefined) orders.push({ ...row });
    }
    this.changed = new Set();
    const fills = this.newFills;
    this.newFills = [];
    return { orders, fills };
  }

  /** All kept orders and the newest fills, for a new window. */
  all(): { orders: OrderRow[]; fills: FillRow[] } {
    return { orders: [...this.rows.values()].map((row) => ({ ...row })), fills: this.fills.slice(-FILLS_KEPT) };
  }

  /** Working orders, optionally of one instrument, newest first. */
  working(venue?: string, symbol?: string): OrderRow[] {
    const rows = [...this.rows.values()].filter(
      (row) => !isTerminal(row.state) && (venue === undefined || row.venue === venue) && (symbol === undefined || row.symbol === symbol),
    );
    return rows.sort((a, b) => b.updated - a.updated);
  }

  get(clientOrderId: string): OrderRow | undefined {
    return this.rows.get(clientOrderId);
  }

  private newRow(event: OrderEvent): OrderRow {
    const row: OrderRow = {
      clientOrderId: event.clientOrderId,
      strategyId: event.strategyId,
      venue: event.venue,
      symbol: event.symbol,
      side: event.side,
      orderType: '',
      price: 0,
      qty: 0,
      filledQty: 0,
      state: event.state,
      reason: '',
      updated: event.ts,
    };
    this.rows.set(event.clientOrderId, row);
    return row;
  }

  private retire(clientOrderId: string): void {
    this.finished.push(clientOrderId);
    while (this.finished.length > FINISHED_KEPT) this.rows.delete(this.finished.shift()!);
  }
}
