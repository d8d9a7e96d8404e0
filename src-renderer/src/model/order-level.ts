/**
 * Where a working order shows on the ladder and the chart, and what moving it there changes: a limit order (or a
 * triggered stop-limit) sits at its limit price, a stop waiting for its trigger at its stop price. Orders with neither
 * (market orders, a triggered stop on its way to market, a trailing stop before the venue told its trigger) have no
 * level. Pure.
 */
import type { AmendRequest, OrderRow } from '../../../workers/protocol/channels.js';

/** An order's level: the price in ticks, and the field a move of it amends. */
export interface OrderLevel {
  price: number;
  field: 'price' | 'stopPrice';
}

/** Where the order shows, or undefined if it has no level to show or move. */
export function levelOf(order: Pick<OrderRow, 'orderType' | 'price' | 'stopPrice' | 'triggered'>): OrderLevel | undefined {
  switch (order.orderType) {
    case 'limit':
      return order.price > 0 ? { price: order.price, field: 'price' } : undefined;
    case 'stop_limit':
      if (order.triggered) return order.price > 0 ? { price: order.price, field: 'price' } : undefined;
      return order.stopPrice > 0 ? { price: order.stopPrice, field: 'stopPrice' } : undefined;
    case 'stop':
    case 'trailing_stop':
      return !order.triggered && order.stopPrice > 0 ? { price: order.stopPrice, field: 'stopPrice' } : undefined;
    default:
      return undefined;
  }
}

/** True if the order waits for its trigger (a stop not yet triggered). */
export function isWaitingStop(order: Pick<OrderRow, 'orderType' | 'triggered'>): boolean {
  return (order.orderType === 'stop' || order.orderType === 'stop_limit' || order.orderType === 'trailing_stop') && !order.triggered;
}

/** The amend that moves the order's level to `price`, or undefined if it has no level or is there already. */
export function moveTo(order: Pick<OrderRow, 'clientOrderId' | 'orderType' | 'price' | 'stopPrice' | 'triggered'>, price: number): AmendRequest | undefined {
  const level = levelOf(order);
  if (level === undefined || price <= 0 || !Number.isSafeInteger(price) || price === level.price) return undefined;
  return { clientOrderId: order.clientOrderId, [level.field]: price };
}

/** Short name of the order's type for tables and chips: "stop limit", "trailing stop", "TP leg". */
export function typeLabel(order: Pick<OrderRow, 'orderType' | 'clientOrderId' | 'parentId'>): string {
  const name = order.orderType === '' ? '…' : order.orderType.replace('_', ' ');
  if (order.parentId === '') return name;
  if (order.clientOrderId.endsWith(':tp')) return `${name} (take-profit)`;
  if (order.clientOrderId.endsWith(':sl')) return `${name} (stop-loss)`;
  return `${name} (leg)`;
}
