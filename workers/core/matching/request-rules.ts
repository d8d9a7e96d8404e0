/**
 * Checks of a request on its own, before the engine looks at the book: the fields every order type needs and the
 * combinations no venue takes. The engine's book-dependent checks (bands, post-only, reduce-only) come after.
 */
import { orderShapeProblem } from '../../protocol/order-shape.js';
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
  // Our stops trigger one way only; a silent fallback would fire a take-profit at once.
  if (request.trigger === 'take_profit') return 'take-profit triggers are native on live Binance only: take profit here with a limit order';
  if (!Number.isSafeInteger(request.qty) || request.qty <= 0) return `quantity must be an integer > 0, got ${request.qty}`;
  const limitPriced = type === 'limit' || type === 'stop_limit';
  if (limitPriced && (!Number.isSafeInteger(request.price) || request.price <= 0)) {
    return `limit price must be an integer > 0, got ${request.price}`;
  }
  for (const field of COUNT_FIELDS) {
    if (!isCount(request[field])) return `${field} must be an integer ≥ 0, got ${request[field]}`;
  }
  return orderShapeProblem(type, request);
}
