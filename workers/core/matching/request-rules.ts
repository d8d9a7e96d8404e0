/**
 * Checks of a request on its own, before the engine looks at the book: the fields every order type needs and the
 * combinations no venue takes. The engine's book-dependent checks (bands, post-only, reduce-only) come after.
 */
import type { OrderRequest } from './engine-types.js';

const TYPES = new Set(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
const TIFS = new Set(['GTC', 'IOC', 'FOK']);
const STPS = new Set(['expire_taker', 'expire_maker', 'expire_both']);

const COUNT_FIELDS = ['stopPrice', 'trailAmount', 'trailBps', 'takeProfit', 'stopLoss'] as const;

function isCount(value: number | undefined): boolean {
  return value === undefined || (Number.isSafeInteger(value) && value >= 0);
}

/** Why a request cannot be an order, or undefined if it can. */
export function orderRequestProblem(request: OrderRequest): string | undefined {
  const { type, side, tif } = request;
  if (side !== 'buy' && side !== 'sell') return `bad side ${String(side)}`;
  if (!TYPES.has(type)) return `bad order type ${String(type)}`;
  if (!TIFS.has(tif)) return `bad time in force ${String(tif)}`;
  if (request.stp !== undefined && !STPS.has(request.stp)) return `bad self-trade prevention ${String(request.stp)}`;
  if (!Number.isSafeInteger(request.qty) || request.qty <= 0) return `quantity must be an integer > 0, got ${request.qty}`;
  const limitPriced = type === 'limit' || type === 'stop_limit';
  if (limitPriced && (!Number.isSafeInteger(request.price) || request.price <= 0)) {
    return `limit price must be an integer > 0, got ${request.price}`;
  }
  for (const field of COUNT_FIELDS) {
    if (!isCount(request[field])) return `${field} must be an integer ≥ 0, got ${request[field]}`;
  }
  const stopPrice = request.stopPrice ?? 0;
  if ((type === 'stop' || type === 'stop_limit') && stopPrice <= 0) return `a ${type} order needs a stop price`;
  if (!request.type.includes('stop') && stopPrice > 0) return `a ${type} order has no stop price`;
  const trails = ((request.trailAmount ?? 0) > 0 ? 1 : 0) + ((request.trailBps ?? 0) > 0 ? 1 : 0);
  if (type === 'trailing_stop' && trails !== 1) return 'a trailing stop needs a trail amount or a trail percent, not both';
  if (type !== 'trailing_stop' && trails > 0) return `a ${type} order has no trail`;
  if ((request.trailBps ?? 0) >= 10_000) return 'a trail percent must be below 100 %';
  if (request.postOnly === true && (type !== 'limit' || tif !== 'GTC')) return 'post-only needs a GTC limit order';
  const tp = request.takeProfit ?? 0;
  const sl = request.stopLoss ?? 0;
  if (tp > 0 || sl > 0) {
    if (request.reduceOnly === true) return 'a reduce-only order cannot carry a bracket';
    if (request.ocoWith !== undefined && request.ocoWith !== '') return 'an order cannot be both a bracket and an OCO leg';
    const sign = side === 'buy' ? 1 : -1;
    if (tp > 0 && sl > 0 && (tp - sl) * sign <= 0) return `take-profit must be ${side === 'buy' ? 'above' : 'below'} the stop-loss`;
    if (limitPriced && tp > 0 && (tp - request.price) * sign <= 0) return `take-profit must be ${side === 'buy' ? 'above' : 'below'} the entry price`;
    if (limitPriced && sl > 0 && (request.price - sl) * sign <= 0) return `stop-loss must be ${side === 'buy' ? 'below' : 'above'} the entry price`;
  }
  return undefined;
}
