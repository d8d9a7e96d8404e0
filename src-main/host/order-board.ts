/**
 * Every order and fill the windows show, built from execution's and risk's events: one row per client order id,
 * updated in place (amendments, triggers, refusals of a cancel or an amend included), and the fills in arrival order.
 * A bracket's legs, created by the venue, get rows of their own linked to their entry. Finished orders beyond the
 * newest few hundred are forgotten, so the host's memory stays flat over a long session.
 */
import { isTerminal } from '../../workers/core/order-state.js';
import type { FillRow, OrderRow } from '../../workers/protocol/channels.js';
import type { Message, OrderAccepted, OrderEvent, OrderSubmitted, RequestRejected } from '../../workers/protocol/messages.js';

const FINISHED_KEPT = 200;
const FILLS_KEPT = 500;

/** Orders and fills for the windows, with what changed since the last drain. */
export class OrderBoard {
  private readonly rows = new Map<string, OrderRow>();
  private readonly finished: string[] = [];
  private fills: FillRow[] = [];
  private changed = new Set<string>();
  private newFills: FillRow[] = [];

  /** `price` formats a price in ticks of an instrument for the reasons shown to the user. */
  constructor(private readonly price: (venue: string, symbol: string, ticks: number) => string = (_venue, _symbol, ticks) => String(ticks)) {}

  /** Feeds one event from the bus; other messages are ignored. */
  apply(message: Message): void {
    if (message.type === 'RequestRejected') return this.refused(message);
    if (!('clientOrderId' in message) || message.type === 'SubmitOrder' || message.type === 'CancelOrder' || message.type === 'AmendOrder') return;
    const event = message as OrderEvent;
    const row = this.rows.get(event.clientOrderId) ?? this.newRow(event);
    if (isTerminal(row.state) && !isTerminal(event.state)) return; // a late event for a finished order
    row.state = event.state;
    row.updated = event.ts;
    this.describe(row, event);
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

  /** True if the order is known and may still fill, be canceled or be amended. */
  isWorking(clientOrderId: string): boolean {
    const row = this.rows.get(clientOrderId);
    return row !== undefined && !isTerminal(row.state);
  }

  /** Takes what the event says about the order into its row. */
  private describe(row: OrderRow, event: OrderEvent): void {
    switch (event.type) {
      case 'OrderSubmitted':
        return this.takeSubmitted(row, event);
      case 'OrderAccepted':
        return this.takeAccepted(row, event);
      case 'OrderDenied':
        row.reason = `${event.reason} (${event.rule})`;
        row.denial = { rule: event.rule, limit: event.limit, value: event.value };
        // Denied before execution saw it: the denial carries the command's terms.
        if (row.orderType === '' && event.orderType !== undefined) {
          Object.assign(row, { orderType: event.orderType, price: event.price ?? 0, qty: event.qty ?? 0, tif: event.tif ?? '', stopPrice: event.stopPrice ?? 0 });
        }
        return;
      case 'OrderRejected':
      case 'OrderCanceled':
        row.reason = event.reason;
        return;
      case 'OrderExpired':
        row.reason = event.reason === '' ? 'expired' : `expired: ${event.reason}`;
        return;
      case 'OrderAmended':
        Object.assign(row, { price: event.price, qty: event.qty, stopPrice: event.stopPrice, reason: event.reason });
        return;
      case 'OrderTriggered':
        Object.assign(row, { triggered: true, stopPrice: event.stopPrice, reason: `triggered at ${this.price(event.venue, event.symbol, event.triggerPrice)}` });
        return;
      case 'OrderFilled':
        return this.takeFill(row, event);
    }
  }

  private takeSubmitted(row: OrderRow, event: OrderSubmitted): void {
    Object.assign(row, {
      orderType: event.orderType,
      tif: event.tif,
      price: event.price,
      qty: event.qty,
      stopPrice: event.stopPrice ?? 0,
      trailAmount: event.trailAmount ?? 0,
      trailBps: event.trailBps ?? 0,
      postOnly: event.postOnly ?? false,
      reduceOnly: event.reduceOnly ?? false,
      takeProfit: event.takeProfit ?? 0,
      stopLoss: event.stopLoss ?? 0,
      account: event.account ?? '',
    });
  }

  /** An acceptance may describe the order (a venue-made bracket leg) and tell a trailing stop's first trigger price. */
  private takeAccepted(row: OrderRow, event: OrderAccepted): void {
    if (event.parentId !== undefined) row.parentId = event.parentId;
    if (event.orderType !== undefined) row.orderType = event.orderType;
    if (event.tif !== undefined) row.tif = event.tif;
    if (event.price !== undefined) row.price = event.price;
    if (event.qty !== undefined) row.qty = event.qty;
    if (event.stopPrice !== undefined && event.stopPrice > 0) row.stopPrice = event.stopPrice;
  }

  private takeFill(row: OrderRow, event: Extract<OrderEvent, { type: 'OrderFilled' }>): void {
    row.filledQty = event.filledQty;
    // A leg made by the venue may report a fill before anything else: its quantity is at least what filled.
    if (row.qty < event.filledQty + event.leavesQty) row.qty = event.filledQty + event.leavesQty;
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
      fee: event.fee ?? 0,
      ts: event.ts,
    };
    this.fills.push(fill);
    this.newFills.push(fill);
    if (this.fills.length > 2 * FILLS_KEPT) this.fills = this.fills.slice(-FILLS_KEPT);
  }

  /** The venue refused a cancel or an amend: the order is unchanged, and its row says why. */
  private refused(message: RequestRejected): void {
    const row = this.rows.get(message.clientOrderId);
    if (row === undefined) return;
    row.reason = `${message.request} refused: ${message.reason}`;
    row.updated = Math.max(row.updated, message.ts);
    this.changed.add(row.clientOrderId);
  }

  private newRow(event: OrderEvent): OrderRow {
    const row: OrderRow = {
      clientOrderId: event.clientOrderId,
      strategyId: event.strategyId,
      venue: event.venue,
      symbol: event.symbol,
      side: event.side,
      orderType: '',
      tif: '',
      price: 0,
      qty: 0,
      filledQty: 0,
      stopPrice: 0,
      trailAmount: 0,
      trailBps: 0,
      triggered: false,
      postOnly: false,
      reduceOnly: false,
      takeProfit: 0,
      stopLoss: 0,
      account: '',
      parentId: '',
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
