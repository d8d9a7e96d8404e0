/**
 * Pre-trade checks on the order itself, each a small pure function: `undefined` lets the order through, a `Denial`
 * says which rule refused it and why, in words a trader reads in the orders panel. The risk engine decides which
 * checks apply and turns a denial into an `OrderDenied` event; nothing here knows about messages or configuration.
 * Checks against positions, exposure and prices are in `risk-exposure-checks.ts`, rate limits in `risk-rate-limit.ts`.
 */
import type { OrderType, Side, TradingState } from '../protocol/messages.js';
import { deny, lots, plainMoney, signedLots, signOf, type Denial, type MoneyFormat } from './risk-denial.js';

export type { Denial, MoneyFormat } from './risk-denial.js';

/** Refuses an order for more than `limit` lots. */
export function checkMaxOrderQty(qty: number, limit: number): Denial | undefined {
  if (qty <= limit) return undefined;
  return deny('max_order_qty', `quantity ${lots(qty)} exceeds the maximum of ${lots(limit)}`, limit, qty);
}

/**
 * Refuses an order worth more than `limitUnits` (price × qty in the instrument's ticks×lots; the limit converted from
 * quote currency once, rounded down, so the integer comparison is exact).
 */
export function checkMaxOrderNotional(notionalUnits: number, limitUnits: number, format: MoneyFormat = plainMoney): Denial | undefined {
  if (notionalUnits <= limitUnits) return undefined;
  const value = Math.min(notionalUnits, Number.MAX_SAFE_INTEGER);
  return deny('max_order_notional', `order value ${format(value)} exceeds the maximum of ${format(limitUnits)}`, limitUnits, value);
}

/**
 * Refuses an order whose complete fill would leave the position beyond ±`limitAbs` lots. An order that only reduces
 * the position (opposite side, not flipping it) always passes, so a trader over a lowered limit can still get out.
 */
export function checkMaxPosition(currentSignedQty: number, side: Side, qty: number, limitAbs: number): Denial | undefined {
  if (reducesWithoutFlip(currentSignedQty, side, qty)) return undefined;
  const after = currentSignedQty + signOf(side) * qty;
  if (Math.abs(after) <= limitAbs) return undefined;
  const reason = `position after the fill would be ${signedLots(after)}, beyond the limit of ±${lots(limitAbs)}`;
  return deny('max_position', reason, limitAbs, Math.abs(after));
}

/**
 * Applies the trading state: `active` lets everything through, `halted` nothing, and `reducing` only orders that
 * shrink the position without flipping it (a flip would open new risk on the other side).
 */
export function checkTradingState(
  state: TradingState,
  currentSignedQty: number,
  side: Side,
  qty: number,
): Denial | undefined {
  if (state === 'active') return undefined;
  if (state === 'halted') return deny('trading_state', 'trading is halted: no orders are accepted', 0, qty);
  if (reducesWithoutFlip(currentSignedQty, side, qty)) return undefined;
  // The limit reported is the most a reducing order may be: the size of the position.
  const reducible = Math.abs(currentSignedQty);
  const reason =
    reducible === 0
      ? 'trading is reduce-only and there is no position to reduce'
      : `trading is reduce-only: with a position of ${signedLots(currentSignedQty)}, only ${oppositeOf(currentSignedQty)} orders of up to ${lots(reducible)} are allowed`;
  return deny('trading_state', reason, reducible, qty);
}

/**
 * Market data the feed says cannot be trusted (stale, a sequence gap, a crossed book) stops new risk on that
 * instrument: only orders that shrink the position without flipping it pass, so a trader can still get out.
 */
export function checkMarketData(quality: { state: string; reason: string }, currentSignedQty: number, side: Side, qty: number): Denial | undefined {
  if (reducesWithoutFlip(currentSignedQty, side, qty)) return undefined;
  const why = quality.reason === '' ? quality.state : `${quality.state}: ${quality.reason}`;
  return deny('market_data', `the instrument's market data cannot be trusted (${why}); only orders that reduce the position pass`, Math.abs(currentSignedQty), qty);
}

/** The fields of an order that must lie on the instrument's grid. */
export interface OrderTerms {
  orderType: OrderType;
  /** Limit price, ticks; 0 for market-type orders. */
  price: number;
  /** Quantity, lots. */
  qty: number;
  /** Trigger price, ticks; 0 or absent when none. */
  stopPrice?: number | undefined;
}

/**
 * Tick and lot validity. Inside the engine prices are already integers of the tick and quantities integers of the lot,
 * and no instrument here has a price increment coarser than its tick, so validity is integrality and sign: a whole
 * positive number of lots, a whole positive number of ticks where the order type has a price or trigger, and none
 * where it has not. (The protocol's validation refuses most of this at the edge; cores driven directly, such as the
 * backtester's, meet it here.)
 */
export function checkOrderValidity(order: OrderTerms): Denial | undefined {
  const { orderType: type, price, qty } = order;
  const stopPrice = order.stopPrice ?? 0;
  if (!isWhole(qty) || qty <= 0) return deny('lot_size', `quantity ${qty} is not a whole number of lots above 0`, 1, whole(qty));
  const limitPriced = type === 'limit' || type === 'stop_limit';
  if (limitPriced ? !isWhole(price) || price <= 0 : price !== 0) {
    const reason = limitPriced ? `a ${type} order's price ${price} is not a whole number of ticks above 0` : `a ${type} order has no price, but carries ${price}`;
    return deny('tick_size', reason, 1, whole(price));
  }
  const triggered = type === 'stop' || type === 'stop_limit';
  if (triggered ? !isWhole(stopPrice) || stopPrice <= 0 : !isWhole(stopPrice) || stopPrice < 0) {
    return deny('tick_size', `stop price ${stopPrice} is not a whole number of ticks above 0`, 1, whole(stopPrice));
  }
  return undefined;
}

/** Validity of an amend's new terms: each is 0 (keep) or a whole positive number of ticks or lots. */
export function checkAmendValidity(price: number, qty: number, stopPrice: number): Denial | undefined {
  if (!isWhole(qty) || qty < 0) return deny('lot_size', `quantity ${qty} is not a whole number of lots above 0`, 1, whole(qty));
  if (!isWhole(price) || price < 0) return deny('tick_size', `price ${price} is not a whole number of ticks above 0`, 1, whole(price));
  if (!isWhole(stopPrice) || stopPrice < 0) return deny('tick_size', `stop price ${stopPrice} is not a whole number of ticks above 0`, 1, whole(stopPrice));
  return undefined;
}

/**
 * Refuses a limit order worth less than the venue's minimum (price×qty in ticks×lots, as `minNotionalUnits` on the
 * instrument). Market orders have no price of their own: check them with a reference price, or not at all.
 */
export function checkMinNotional(price: number, qty: number, minNotionalUnits: number, format: MoneyFormat = plainMoney): Denial | undefined {
  const notional = price * qty;
  if (notional >= minNotionalUnits) return undefined;
  const reason = `order value ${format(notional)} is below the minimum of ${format(minNotionalUnits)}`;
  return deny('min_notional', reason, minNotionalUnits, notional);
}

/** Refuses a new order when `open` orders are already working and one more would exceed `limit`. */
export function checkMaxOpenOrders(open: number, limit: number): Denial | undefined {
  if (open < limit) return undefined;
  const reason = `${open} orders are already open; another would exceed the maximum of ${limit}`;
  return deny('max_open_orders', reason, limit, open + 1);
}

/** True if the order is on the opposite side of the position and no larger than it. */
function reducesWithoutFlip(currentSignedQty: number, side: Side, qty: number): boolean {
  return currentSignedQty * signOf(side) < 0 && qty <= Math.abs(currentSignedQty);
}

function oppositeOf(currentSignedQty: number): Side {
  return currentSignedQty > 0 ? 'sell' : 'buy';
}

function isWhole(n: number): boolean {
  return Number.isSafeInteger(n);
}

/** `OrderDenied` carries integers: an off-grid value is reported truncated (the reason has it exactly), NaN as 0. */
function whole(n: number): number {
  return Number.isFinite(n) ? Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Math.trunc(n))) : 0;
}
