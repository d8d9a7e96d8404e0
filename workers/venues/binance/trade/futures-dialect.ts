/**
 * Binance USD-M futures' trading dialect: REST under `/fapi`, its request weights and limits (2,400 weight a minute,
 * 1,200 orders a minute and 300 per 10 s, as its exchangeInfo declares), the listenKey at `/fapi/v1/listenKey`, and
 * its own user-stream events (futures-events.ts). Amends modify a limit order in place (`PUT /fapi/v1/order`).
 */
import { parseFuturesEvent } from './futures-events.js';
import { futuresOrderParams } from './futures-order-params.js';
import type { RateLimitSpec } from './rate-limiter.js';
import { tradesParams } from './spot-dialect.js';
import type { Route, TradeDialect } from './trade-dialect.js';
import type { IssuedRequest, TradeRequest } from './trade-requests.js';

export const FUTURES_RATE_LIMITS: RateLimitSpec[] = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
  { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
];

function route(request: IssuedRequest): Route {
  switch (request.kind) {
    case 'place':
      return { method: 'POST', path: '/fapi/v1/order', params: request.params };
    case 'modify':
      return { method: 'PUT', path: '/fapi/v1/order', params: request.params };
    case 'replace':
      throw new Error('Binance futures has no cancel-replace'); // the core amends futures orders in place
    case 'query':
      return { method: 'GET', path: '/fapi/v1/order', params: { symbol: request.symbol, origClientOrderId: request.clientId } };
    case 'cancel':
      return { method: 'DELETE', path: '/fapi/v1/order', params: { symbol: request.symbol, origClientOrderId: request.clientId } };
    case 'cancelAll':
      return { method: 'DELETE', path: '/fapi/v1/allOpenOrders', params: { symbol: request.symbol } };
    case 'openOrders':
      return { method: 'GET', path: '/fapi/v1/openOrders', params: { symbol: request.symbol } };
    case 'myTrades':
      return { method: 'GET', path: '/fapi/v1/userTrades', params: tradesParams(request) };
    case 'account':
      return { method: 'GET', path: '/fapi/v2/account', params: {} };
    case 'positions':
      return { method: 'GET', path: '/fapi/v2/positionRisk', params: {} };
    case 'time':
      return { method: 'GET', path: '/fapi/v1/time', params: {} };
  }
}

/** Weights from the USD-M REST docs: a new order costs no IP weight, only order count. */
function cost(request: TradeRequest) {
  switch (request.kind) {
    case 'place':
      return { weight: 0, orders: 1 };
    case 'modify':
      return { weight: 1, orders: 1 };
    case 'myTrades':
    case 'account':
    case 'positions':
      return { weight: 5, orders: 0 };
    default:
      return { weight: 1, orders: 0 };
  }
}

export const FUTURES_DIALECT: TradeDialect = {
  market: 'usdm',
  name: 'Binance USD-M futures',
  limits: FUTURES_RATE_LIMITS,
  cost,
  route,
  listenKeyPath: '/fapi/v1/listenKey',
  userEvent: parseFuturesEvent,
  newOrderParams: futuresOrderParams,
  amend: 'modify',
  accountKinds: ['account', 'positions'],
};
