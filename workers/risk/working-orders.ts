/**
 * The orders risk has let through that are still working, with their open quantity summed per instrument and side,
 * so every pre-trade check is O(1) however many orders the session has seen.
 */
import { instrumentKey } from '../core/instrument.js';
import type { Side, SubmitOrder } from '../protocol/messages.js';

/** A forwarded order while it works. */
export interface WorkingOrder {
  command: SubmitOrder;
  /** Execution has acknowledged it (any event for its id). */
  acked: boolean;
  lastSent: number;
  /** Quantity not yet filled. */
  leaves: number;
}

/** Working orders and their open exposure. */
export class WorkingOrders {
  private readonly orders = new Map<string, WorkingOrder>();
  private readonly open = new Map<string, number>();

  get size(): number {
    return this.orders.size;
  }

  get(clientOrderId: string): WorkingOrder | undefined {
    return this.orders.get(clientOrderId);
  }

  values(): IterableIterator<WorkingOrder> {
    return this.orders.values();
  }

  add(command: SubmitOrder, now: number): WorkingOrder {
    const order: WorkingOrder = { command, acked: false, lastSent: now, leaves: command.qty };
    this.orders.set(command.clientOrderId, order);
    this.shift(command, command.qty);
    return order;
  }

  /** Records the open quantity after a fill. */
  setLeaves(order: WorkingOrder, leaves: number): void {
    this.shift(order.command, leaves - order.leaves);
    order.leaves = leaves;
  }

  /** The venue changed the order: its terms and open quantity follow. */
  amend(order: WorkingOrder, change: { price: number; qty: number; stopPrice: number; leavesQty: number }): void {
    this.setLeaves(order, change.leavesQty);
    order.command = { ...order.command, price: change.price, qty: change.qty, stopPrice: change.stopPrice };
  }

  /** The order is finished (filled, canceled, rejected, expired): it no longer counts. */
  finish(clientOrderId: string): void {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) return;
    this.shift(order.command, -order.leaves);
    this.orders.delete(clientOrderId);
  }

  /** Signed open quantity on `side` for the instrument: positive for buys, negative for sells. */
  exposure(key: string, side: Side): number {
    const total = this.open.get(`${key}|${side}`) ?? 0;
    return side === 'buy' ? total : -total;
  }

  private shift(command: SubmitOrder, delta: number): void {
    const slot = `${instrumentKey(command.venue, command.symbol)}|${command.side}`;
    this.open.set(slot, (this.open.get(slot) ?? 0) + delta);
  }
}
