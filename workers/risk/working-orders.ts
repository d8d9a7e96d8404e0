/**
 * The orders risk has let through that are still working. Each one's open quantity (and any quantity held for an
 * unconfirmed amend that raises it) is counted in the holdings it belongs to — the account's in the instrument and
 * the strategy's — so every pre-trade check is O(1) however many orders the session has seen.
 */
import type { SubmitOrder } from '../protocol/messages.js';
import type { Holding } from './exposure.js';

/** A forwarded order while it works. */
export interface WorkingOrder {
  command: SubmitOrder;
  /** Execution has acknowledged it (any event for its id). */
  acked: boolean;
  lastSent: number;
  /** Quantity not yet filled. */
  leaves: number;
  /** New total quantity of a forwarded amend that raises it, until the venue confirms or refuses it; 0 if none. */
  pendingQty: number;
  /** Lots counted for that amend meanwhile: `pendingQty − command.qty`. */
  reserved: number;
  /** The holdings its open quantity counts in. */
  account: Holding;
  strategy: Holding;
}

/** Working orders, counted in their holdings. */
export class WorkingOrders {
  private readonly orders = new Map<string, WorkingOrder>();

  get size(): number {
    return this.orders.size;
  }

  get(clientOrderId: string): WorkingOrder | undefined {
    return this.orders.get(clientOrderId);
  }

  values(): IterableIterator<WorkingOrder> {
    return this.orders.values();
  }

  add(command: SubmitOrder, now: number, account: Holding, strategy: Holding): WorkingOrder {
    const order: WorkingOrder = { command, acked: false, lastSent: now, leaves: command.qty, pendingQty: 0, reserved: 0, account, strategy };
    this.orders.set(command.clientOrderId, order);
    account.count(1);
    strategy.count(1);
    shift(order, command.qty);
    return order;
  }

  /** Records the open quantity after a fill. */
  setLeaves(order: WorkingOrder, leaves: number): void {
    shift(order, leaves - order.leaves);
    order.leaves = leaves;
  }

  /** An amend raising the total quantity to `qty` was forwarded: the extra lots count until the venue answers. */
  reserve(order: WorkingOrder, qty: number): void {
    order.pendingQty = qty;
    this.hold(order, Math.max(0, qty - order.command.qty));
  }

  /** The venue refused the pending amend: its lots no longer count. */
  release(order: WorkingOrder): void {
    order.pendingQty = 0;
    this.hold(order, 0);
  }

  /**
   * The venue changed the order: its terms and open quantity follow. A pending amend is settled once the quantity
   * reaches it; a change of another kind (a reduce-only cap, say) leaves it pending.
   */
  amend(order: WorkingOrder, change: { price: number; qty: number; stopPrice: number; leavesQty: number }): void {
    this.setLeaves(order, change.leavesQty);
    order.command = { ...order.command, price: change.price, qty: change.qty, stopPrice: change.stopPrice };
    if (order.pendingQty > 0 && change.qty >= order.pendingQty) order.pendingQty = 0;
    this.hold(order, order.pendingQty > 0 ? Math.max(0, order.pendingQty - change.qty) : 0);
  }

  /** The order is finished (filled, canceled, rejected, expired): it no longer counts. */
  finish(clientOrderId: string): void {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) return;
    shift(order, -order.leaves - order.reserved);
    order.account.count(-1);
    order.strategy.count(-1);
    this.orders.delete(clientOrderId);
  }

  private hold(order: WorkingOrder, reserved: number): void {
    shift(order, reserved - order.reserved);
    order.reserved = reserved;
  }
}

function shift(order: WorkingOrder, delta: number): void {
  if (delta === 0) return;
  const { side } = order.command;
  order.account.shiftWorking(side, delta);
  order.strategy.shiftWorking(side, delta);
}
