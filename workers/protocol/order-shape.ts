/**
 * The combinations of order fields no venue takes, in one place: the protocol's validation, the terminal's command
 * checks and the matching engine all ask this. Fields are assumed to have passed their own checks (integers, enums);
 * an absent optional price or distance and 0 both mean "none", as on the wire.
 */
import type { OrderExtras, OrderType, Side, TimeInForce } from './messages.js';

/** The fields an order's shape depends on, beside its type. */
export interface OrderShape extends OrderExtras {
  side: Side;
  price: number;
  tif: TimeInForce;
  ocoWith?: string;
}

/** Why an order of type `type` with these fields does not fit together, or undefined. */
export function orderShapeProblem(type: OrderType, order: OrderShape): string | undefined {
  const side = order.side;
  const limitPriced = type === 'limit' || type === 'stop_limit';
  if (limitPriced && !(order.price >= 1)) return `a ${type} order needs a price > 0`;
  if (!limitPriced && order.price !== 0) return `a ${type} order has price 0`;
  const stopPrice = order.stopPrice ?? 0;
  const isStop = type === 'stop' || type === 'stop_limit';
  if (isStop && stopPrice <= 0) return `a ${type} order needs a stopPrice`;
  if (!isStop && type !== 'trailing_stop' && stopPrice !== 0) return `a ${type} order has no stopPrice`;
  const trails = ((order.trailAmount ?? 0) > 0 ? 1 : 0) + ((order.trailBps ?? 0) > 0 ? 1 : 0);
  if (type === 'trailing_stop' && trails !== 1) return 'a trailing_stop needs exactly one of trailAmount, trailBps';
  if (type !== 'trailing_stop' && trails !== 0) return `a ${type} order has no trail`;
  if ((order.trailBps ?? 0) >= 10_000) return 'trailBps must be below 10,000 (100 %)';
  if (order.postOnly === true && (type !== 'limit' || order.tif !== 'GTC')) return 'postOnly needs a GTC limit order';
  const tp = order.takeProfit ?? 0;
  const sl = order.stopLoss ?? 0;
  if (tp === 0 && sl === 0) return undefined;
  if (order.reduceOnly === true) return 'a reduceOnly order cannot carry a bracket';
  if (order.ocoWith !== undefined && order.ocoWith !== '') return 'an order cannot be both a bracket and an OCO leg';
  const sign = side === 'buy' ? 1 : -1;
  const above = side === 'buy' ? 'above' : 'below';
  const below = side === 'buy' ? 'below' : 'above';
  if (tp > 0 && sl > 0 && (tp - sl) * sign <= 0) return `takeProfit must be ${above} stopLoss`;
  if (limitPriced && tp > 0 && (tp - order.price) * sign <= 0) return `takeProfit must be ${above} the price`;
  if (limitPriced && sl > 0 && (order.price - sl) * sign <= 0) return `stopLoss must be ${below} the price`;
  return undefined;
}
