/** Binance spot's trading dialect (REST API `/api/v3`, weights and limits as documented in 2025). */
import { parseSpotEvent } from './futures-events.js';
import { newOrderParams } from './order-params.js';
import { SPOT_RATE_LIMITS } from './rate-limiter.js';
import type { Route, TradeDialect } from './trade-dialect.js';
import type { IssuedRequest, TradeRequest } from './trade-requests.js';

function route(request: IssuedRequest): Route {
  switch (request.kind) {
    case 'place':
      return { method: 'POST', path: '/api/v3/order', params: request.params };
    case 'replace':
      return { method: 'POST', path: '/api/v3/order/cancelReplace', params: request.params };
    case 'modify':
      throw new Error('Binance spot has no in-place modify'); // the core amends spot orders by cancel-replace
    case 'query':
      return { method: 'GET', path: '/api/v3/order', params: { symbol: request.symbol, origClientOrderId: request.clientId } };
    case 'cancel':
      return { method: 'DELETE', path: '/api/v3/order', params: { symbol: request.symbol, origClientOrderId: request.clientId } };
    case 'cancelAll':
      return { method: 'DELETE', path: '/api/v3/openOrders', params: { symbol: request.symbol } };
    case 'openOrders':
      return { method: 'GET', path: '/api/v3/openOrders', params: { symbol: request.symbol } };
    case 'myTrades':
      return { method: 'GET', path: '/api/v3/myTrades', params: tradesParams(request) };
    case 'account':
    case 'positions':
      return { method: 'GET', path: '/api/v3/account', params: { omitZeroBalances: 'true' } };
    case 'time':
      return { method: 'GET', path: '/api/v3/time', params: {} };
  }
}

/** myTrades / userTrades parameters: by order, from a trade id, or from a time. */
export function tradesParams(request: Extract<TradeRequest, { kind: 'myTrades' }>): Record<string, string> {
  const params: Record<string, string> = { symbol: request.symbol, limit: '1000' };
  if (request.orderId !== undefined) params.orderId = request.orderId;
  else if (request.fromId !== undefined) params.fromId = String(request.fromId);
  else if (request.startTime !== undefined) params.startTime = String(request.startTime);
  return params;
}

function cost(request: TradeRequest) {
  switch (request.kind) {
    case 'place':
    case 'replace':
    case 'modify':
      return { weight: 1, orders: 1 };
    case 'query':
      return { weight: 4, orders: 0 };
    case 'openOrders':
      return { weight: 6, orders: 0 };
    case 'myTrades':
      return { weight: request.orderId === undefined ? 20 : 5, orders: 0 };
    case 'account':
    case 'positions':
      return { weight: 20, orders: 0 };
    default:
      return { weight: 1, orders: 0 };
  }
}

export const SPOT_DIALECT: TradeDialect = {
  market: 'spot',
  name: 'Binance spot',
  limits: SPOT_RATE_LIMITS,
  cost,
  route,
  listenKeyPath: '/api/v3/userDataStream',
  userEvent: parseSpotEvent,
  newOrderParams,
  amend: 'cancel-replace',
  accountKinds: ['account'],
};
