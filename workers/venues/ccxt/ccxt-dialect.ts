/**
 * The live-orders core's dialect for a venue through ccxt: our `SubmitOrder` as the arguments of ccxt's unified
 * `createOrder`, and what the core need not do itself. ccxt keeps the exchange's rate limits (its own limiter,
 * `enableRateLimit`), so the core's limiter has none; ccxt builds every request, so there are no routes; the user
 * stream is replaced by polling (ccxt-live-orders.ts), so there are no stream frames. Pure.
 *
 * Mapping: market → `market`; limit → `limit` with `timeInForce` (GTC/IOC/FOK) or `postOnly`; stop → `market` with
 * `stopLossPrice` and stop-limit → `limit` with `stopLossPrice`, only where ccxt says the exchange takes stop-loss
 * orders (`has.createStopLossOrder`); a take-profit trigger likewise with `takeProfitPrice` (`has.createTakeProfitOrder`). Refused, with the reason: stops elsewhere (the terminal has no stop emulation
 * for live venues), trailing stops, reduce-only, brackets and OCO pairs.
 */
import { formatPrice, formatQty, type Instrument } from '../../core/instrument.js';
import type { SubmitOrder } from '../../protocol/messages.js';
import type { NewOrderParams } from '../binance/trade/order-params.js';
import type { TradeDialect } from '../binance/trade/trade-dialect.js';

/** What the exchange can do, as ccxt's `has` says. */
export interface CcxtCapabilities {
  /** For people and reasons: `binance (ccxt)`. */
  name: string;
  /** `has.createStopLossOrder`. */
  stops: boolean;
  /** `has.createTakeProfitOrder`: a stop that triggers the other way (`trigger: "take_profit"`). */
  takeProfits?: boolean;
}

/** The `createOrder` arguments of an order: `type`, `side`, `amount` and `price` (decimals), and ccxt's params. */
export function ccxtOrderParams(order: SubmitOrder, instrument: Instrument, clientOrderId: string, can: CcxtCapabilities): NewOrderParams | string {
  if (order.reduceOnly === true) return `reduce-only orders through ccxt are not built (${can.name})`;
  if ((order.takeProfit ?? 0) > 0 || (order.stopLoss ?? 0) > 0) return `brackets are not sent through ccxt (${can.name}): place the legs as their own orders`;
  if (order.ocoWith !== undefined && order.ocoWith !== '') return `OCO pairs are not sent through ccxt (${can.name})`;
  const params: NewOrderParams = { side: order.side, amount: formatQty(instrument, order.qty), clientOrderId };
  const price = () => formatPrice(instrument, order.price);
  const stop = () => formatPrice(instrument, order.stopPrice ?? 0);
  const noStops = `${can.name} takes no stop orders through ccxt, and the terminal does not emulate stops for live venues`;
  // A take-profit triggers the other way from a stop-loss: ccxt's `takeProfitPrice`, never its `stopLossPrice`.
  const takeProfit = order.trigger === 'take_profit';
  const trigger = takeProfit ? 'takeProfitPrice' : 'stopLossPrice';
  const native = takeProfit ? can.takeProfits === true : can.stops;
  const noTrigger = takeProfit ? `${can.name} takes no take-profit orders through ccxt` : noStops;
  switch (order.orderType) {
    case 'market':
      return { ...params, type: 'market' };
    case 'limit':
      if (order.postOnly === true) return { ...params, type: 'limit', price: price(), postOnly: 'true' };
      return { ...params, type: 'limit', price: price(), timeInForce: order.tif };
    case 'stop':
      return native ? { ...params, type: 'market', [trigger]: stop() } : noTrigger;
    case 'stop_limit':
      return native ? { ...params, type: 'limit', price: price(), timeInForce: order.tif, [trigger]: stop() } : noTrigger;
    case 'trailing_stop':
      return `trailing stops are not sent through ccxt (${can.name})`;
  }
}

/** Never called: ccxt builds the requests (ccxt-trade-transport.ts). */
function noRoute(): never {
  throw new Error('a ccxt venue has no REST routes of its own: ccxt builds each request');
}

/** The dialect of one ccxt venue. */
export function ccxtDialect(can: CcxtCapabilities): TradeDialect {
  return {
    market: 'spot',
    name: can.name,
    refusedBy: can.name,
    streamName: 'the poll of open orders and trades',
    // ccxt's own limiter spaces the requests by the exchange's published rate: nothing to count here.
    limits: [],
    cost: () => ({ weight: 0, orders: 0 }),
    route: noRoute,
    listenKeyPath: '',
    userEvent: () => undefined,
    newOrderParams: (order, instrument, venueClientId) => ccxtOrderParams(order, instrument, venueClientId, can),
    amend: 'modify',
    // editOrder differs by exchange (Binance spot: a cancel-replace under a new id); not mapped yet.
    amendRefusal: `amends through ccxt are not built (${can.name}): cancel and place a new order`,
    accountKinds: ['account'],
  };
}
