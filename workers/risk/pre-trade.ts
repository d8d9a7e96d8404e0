/**
 * The pre-trade checks in the order they run, for a new order and for an amend. Each rule is checked for every scope
 * that sets it (flat defaults, account, instrument, strategy); the first limit broken denies, its scope named at the
 * end of the reason. Everything read here is kept up to date elsewhere, so a check is O(number of scopes).
 *
 * New orders: trading state, rate limit, tick/lot validity, reduce-only, order quantity, order value, price band,
 * position long/short (working orders included), gross exposure, buying power, open orders, minimum value.
 */
import {
  checkAmendValidity,
  checkMaxOpenOrders,
  checkMaxOrderNotional,
  checkMaxOrderQty,
  checkMaxPosition,
  checkMinNotional,
  checkOrderValidity,
  checkTradingState,
  type Denial,
} from '../core/risk-checks.js';
import { checkBuyingPower } from '../core/margin-account.js';
import { deny } from '../core/risk-denial.js';
import { checkGrossExposure, checkPriceBand, checkReduceOnly, checkSideLimit } from '../core/risk-exposure-checks.js';
import { checkRate } from '../core/risk-rate-limit.js';
import type { AmendOrder, Side, SubmitOrder, TradingState } from '../protocol/messages.js';
import type { Route, ScopedBucket } from './risk-limits.js';
import type { WorkingOrder } from './working-orders.js';

/** Checks a new order; `undefined` lets it through. */
export function checkSubmit(route: Route, command: SubmitOrder, state: TradingState, now: number): Denial | undefined {
  const { side, qty, price } = command;
  const stopPrice = command.stopPrice ?? 0;
  const { account } = route;
  // Valued at its own limit or trigger price when it has one, at the market's price otherwise (0: unknown).
  const valuedAt = price > 0 ? price : stopPrice > 0 ? stopPrice : route.market.valuation;
  return (
    checkTradingState(state, account.position, side, qty) ??
    checkRates(route.orderBuckets, now, 'order') ??
    checkOrderValidity(command) ??
    (command.reduceOnly === true ? checkReduceOnly(account.position, side, qty) : undefined) ??
    checkOrderQty(route, qty) ??
    (valuedAt > 0 ? checkNotional(route, valuedAt * qty) : undefined) ??
    checkBands(route, price, stopPrice) ??
    checkPositions(route, side, qty) ??
    (valuedAt > 0 ? checkExposure(route, side, qty, valuedAt) : undefined) ??
    (valuedAt > 0 ? checkMargin(route, side, qty, valuedAt) : undefined) ??
    checkOpenOrders(route) ??
    (valuedAt > 0 ? checkMinNotional(valuedAt, qty, route.instrument.minNotionalUnits, route.money) : undefined)
  );
}

/**
 * Checks an amend of a working order. A larger quantity passes the same checks as a new order for the extra lots; a
 * new price or trigger is held to the price band and the order value; a smaller quantity alone only to the rate limit.
 * While an amend that raises the quantity is unconfirmed, another one that raises it is refused, so two in flight
 * cannot together pass a limit that each passes alone.
 */
export function checkAmend(route: Route, order: WorkingOrder, command: AmendOrder, state: TradingState, now: number): Denial | undefined {
  const { side, price: oldPrice, qty: oldQty } = order.command;
  const qty = command.qty > 0 ? command.qty : oldQty;
  const extra = qty - oldQty;
  const price = command.price > 0 ? command.price : oldPrice;
  const stopPrice = command.stopPrice > 0 ? command.stopPrice : (order.command.stopPrice ?? 0);
  const oldStop = order.command.stopPrice ?? 0;
  const valuedAt = price > 0 ? price : stopPrice > 0 ? stopPrice : route.market.valuation;
  const oldValue = (oldPrice > 0 ? oldPrice : oldStop > 0 ? oldStop : route.market.valuation) * oldQty;
  const { account } = route;
  return (
    (extra > 0 ? checkTradingState(state, account.position, side, extra) : undefined) ??
    checkRates(route.orderBuckets, now, 'order') ??
    checkAmendValidity(command.price, command.qty, command.stopPrice) ??
    (extra > 0 && order.pendingQty > 0 ? pendingAmend(order, qty) : undefined) ??
    (extra > 0 && order.command.reduceOnly === true ? checkReduceOnly(account.position, side, order.leaves + extra) : undefined) ??
    (extra > 0 ? checkOrderQty(route, qty) : undefined) ??
    (valuedAt * qty > oldValue ? checkNotional(route, valuedAt * qty) : undefined) ??
    checkBands(route, command.price, command.stopPrice) ??
    (extra > 0 ? checkPositions(route, side, extra) : undefined) ??
    (extra > 0 && valuedAt > 0 ? checkExposure(route, side, extra, valuedAt) : undefined) ??
    (extra > 0 && valuedAt > 0 ? checkMargin(route, side, extra, valuedAt) : undefined) ??
    (extra > 0 && valuedAt > 0 ? checkMinNotional(valuedAt, order.leaves + extra, route.instrument.minNotionalUnits, route.money) : undefined)
  );
}

/** Refuses a cancel when a cancel bucket of its scopes is empty. */
export function checkCancel(route: Route, now: number): Denial | undefined {
  return checkRates(route.cancelBuckets, now, 'cancel');
}

/** Takes one token from each bucket: the order or cancel passed and is on its way. */
export function takeTokens(buckets: readonly ScopedBucket[], now: number): void {
  for (const { bucket } of buckets) bucket.take(now);
}

function checkRates(buckets: readonly ScopedBucket[], now: number, what: 'order' | 'cancel'): Denial | undefined {
  for (const { bucket, scope } of buckets) {
    const denial = checkRate(bucket, now, what);
    if (denial !== undefined) return scoped(denial, scope);
  }
  return undefined;
}

function checkOrderQty(route: Route, qty: number): Denial | undefined {
  for (const { limit, scope } of route.orderQty) {
    const denial = checkMaxOrderQty(qty, limit);
    if (denial !== undefined) return scoped(denial, scope);
  }
  return undefined;
}

function checkNotional(route: Route, notional: number): Denial | undefined {
  for (const { limit, scope } of route.orderNotional) {
    const denial = checkMaxOrderNotional(notional, limit, route.money);
    if (denial !== undefined) return scoped(denial, scope);
  }
  return undefined;
}

/** Limit and trigger prices that the order sets (0 = none or unchanged) against every band. */
function checkBands(route: Route, price: number, stopPrice: number): Denial | undefined {
  const reference = route.market.reference;
  for (const { limit, scope } of route.bandBps) {
    const denial = checkPriceBand(price, reference, limit, 'price', route.price) ?? checkPriceBand(stopPrice, reference, limit, 'stop price', route.price);
    if (denial !== undefined) return scoped(denial, scope);
  }
  return undefined;
}

function checkPositions(route: Route, side: Side, qty: number): Denial | undefined {
  for (const { limit, scope, target, symmetric } of side === 'buy' ? route.long : route.short) {
    const potential = (target === 'strategy' ? route.strategy : route.account).potential(side);
    const denial = symmetric ? checkMaxPosition(potential, side, qty, limit) : checkSideLimit(potential, side, qty, limit);
    if (denial !== undefined) return scoped(denial, scope);
  }
  return undefined;
}

/** Gross exposure before and after, for the account, the instrument or the strategy, with the order valued at `price` if the market has no price yet. */
/** The account's gross exposure after the order, against what its equity carries at its leverage. */
function checkMargin(route: Route, side: Side, qty: number, orderPrice: number): Denial | undefined {
  const { margin, account } = route;
  if (margin === undefined) return undefined;
  const price = route.market.valuation > 0 ? route.market.valuation : orderPrice;
  const buy = side === 'buy' ? qty : 0;
  const before = account.book.gross;
  const after = before - account.value + account.valueWith(buy, qty - buy, price);
  return checkBuyingPower(before, after, margin.maxExposure(), margin.describe);
}

function checkExposure(route: Route, side: Side, qty: number, orderPrice: number): Denial | undefined {
  if (route.gross.length === 0) return undefined;
  const price = route.market.valuation > 0 ? route.market.valuation : orderPrice;
  const buy = side === 'buy' ? qty : 0;
  const sell = qty - buy;
  const { account, strategy } = route;
  const accountAfter = account.valueWith(buy, sell, price);
  for (const { limit, scope, target } of route.gross) {
    let before: number;
    let after: number;
    if (target === 'instrument') {
      before = account.value;
      after = accountAfter;
    } else if (target === 'account') {
      before = account.book.gross;
      after = before - account.value + accountAfter;
    } else {
      before = strategy.book.gross;
      after = before - strategy.value + strategy.valueWith(buy, sell, price);
    }
    const denial = checkGrossExposure(before, after, limit, route.exposureMoney);
    if (denial !== undefined) return scoped(denial, scope);
  }
  return undefined;
}

function checkOpenOrders(route: Route): Denial | undefined {
  for (const { limit, scope, target } of route.openOrders) {
    const open = target === 'account' ? route.account.book.open : target === 'instrument' ? route.account.open : route.strategy.book.open;
    const denial = checkMaxOpenOrders(open, limit);
    if (denial !== undefined) return scoped(denial, scope);
  }
  return undefined;
}

function pendingAmend(order: WorkingOrder, qty: number): Denial {
  const reason = `an earlier amend to ${order.pendingQty} lots is not confirmed yet; raise the quantity again once it is`;
  return deny('amend_pending', reason, order.pendingQty, qty);
}

/** The denial with its scope named at the end of the reason (the flat defaults have none). */
function scoped(denial: Denial, scope: string): Denial {
  if (scope !== '') denial.reason = `${denial.reason} (${scope})`;
  return denial;
}
