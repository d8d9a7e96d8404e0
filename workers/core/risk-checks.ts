/**
 * Pre-trade checks, each a small pure function: `undefined` lets the order through, a `Denial` says which rule
 * refused it and why, in words a trader reads in the orders panel. The risk engine decides which checks apply and
 * turns a denial into an `OrderDenied` event; nothing here knows about messages or configuration.
 */
import type { Side, TradingState } from '../protocol/messages.js';

/** Why an order was refused: the fields of `OrderDenied` that the rule fills in. */
export interface Denial {
  /** Name of the rule, snake_case, e.g. `max_order_qty`. */
  rule: string;
  reason: string;
  /** The configured limit and the value that broke it, in the rule's own unit. */
  limit: number;
  value: number;
}

/** Formats money in ticks×lots for a reason; the risk engine passes one built from the instrument. */
export type MoneyFormat = (units: number) => string;

/** Refuses an order for more than `limit` lots. */
export function checkMaxOrderQty(qty: number, limit: number): Denial | undefined {
  if (qty <= limit) return undefined;
  return deny('max_order_qty', `quantity ${lots(qty)} exceeds the maximum of ${lots(limit)}`, limit, qty);
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
 * Refuses a limit order worth less than the venue's minimum (price×qty in ticks×lots, as `minNotionalUnits` on the
 * instrument). Market orders have no price of their own: check them with a reference price, or not at all.
 */
export function checkMinNotional(
  price: number,
  qty: number,
  minNotionalUnits: number,
  format: MoneyFormat = (units) => `${units} ticks×lots`,
): Denial | undefined {
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

function signOf(side: Side): number {
  return side === 'buy' ? 1 : -1;
}

function oppositeOf(currentSignedQty: number): Side {
  return currentSignedQty > 0 ? 'sell' : 'buy';
}

function deny(rule: string, reason: string, limit: number, value: number): Denial {
  return { rule, reason, limit, value };
}

function lots(n: number): string {
  return `${n} ${n === 1 ? 'lot' : 'lots'}`;
}

/** Signed so the trader sees the side: "long 5 lots" reads better than "+5". */
function signedLots(n: number): string {
  if (n === 0) return 'flat';
  return `${n > 0 ? 'long' : 'short'} ${lots(Math.abs(n))}`;
}
