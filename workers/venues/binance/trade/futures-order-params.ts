/**
 * Our orders as Binance USD-M futures' parameters (`POST /fapi/v1/order`, `PUT /fapi/v1/order`), or why futures
 * cannot take one natively. Prices and quantities leave as the instrument's decimals, formatted from ticks and lots.
 *
 * Mapping (one-way position mode, position side BOTH): market → MARKET; limit → LIMIT with its time in force, or GTX
 * when post-only (Binance expires a GTX order that would take); stop → STOP_MARKET, stop_limit → STOP (both trigger
 * as ours: a buy at or above, a sell at or below), or with `trigger: 'take_profit'` → TAKE_PROFIT_MARKET /
 * TAKE_PROFIT (the other way); trailing stop by basis points → TRAILING_STOP_MARKET with `callbackRate` in percent
 * (Binance takes 0.1 to 10 % in steps of 0.1). Stops trigger on the last price (`CONTRACT_PRICE`), as the terminal's
 * own do. Reduce-only goes as `reduceOnly`. Refused with the reason: brackets and OCO pairs (not native), trailing
 * by a price amount.
 */
import { formatPrice, formatQty, type Instrument } from '../../../core/instrument.js';
import type { AmendOrder, SelfTradePrevention, SubmitOrder } from '../../../protocol/messages.js';
import type { NewOrderParams } from './order-params.js';

const STP: Record<SelfTradePrevention, string> = { expire_taker: 'EXPIRE_TAKER', expire_maker: 'EXPIRE_MAKER', expire_both: 'EXPIRE_BOTH' };

/** Binance's callbackRate bounds, in basis points. */
const MIN_CALLBACK_BPS = 10;
const MAX_CALLBACK_BPS = 1000;

/** The new-order parameters, or the reason the order cannot go to Binance futures. */
export function futuresOrderParams(order: SubmitOrder, instrument: Instrument, venueClientId: string): NewOrderParams | string {
  if ((order.takeProfit ?? 0) > 0 || (order.stopLoss ?? 0) > 0) return 'brackets are not native on Binance futures: place the legs as reduce-only orders of their own';
  if (order.ocoWith !== undefined && order.ocoWith !== '') return 'OCO pairs are not native on Binance futures';
  const takeProfit = order.trigger === 'take_profit';
  if (takeProfit && order.orderType !== 'stop' && order.orderType !== 'stop_limit') return 'a take-profit trigger needs a stop or stop-limit order';
  const params: NewOrderParams = {
    symbol: order.symbol,
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    quantity: formatQty(instrument, order.qty),
    newClientOrderId: venueClientId,
    newOrderRespType: 'RESULT',
  };
  if (order.reduceOnly === true) params.reduceOnly = 'true';
  if (order.stp !== undefined) params.selfTradePreventionMode = STP[order.stp];
  const price = () => formatPrice(instrument, order.price);
  const stop = () => formatPrice(instrument, order.stopPrice ?? 0);
  switch (order.orderType) {
    case 'market':
      return { ...params, type: 'MARKET' };
    case 'limit':
      return { ...params, type: 'LIMIT', timeInForce: order.postOnly === true ? 'GTX' : order.tif, price: price() };
    case 'stop':
      return { ...params, type: takeProfit ? 'TAKE_PROFIT_MARKET' : 'STOP_MARKET', stopPrice: stop(), workingType: 'CONTRACT_PRICE' };
    case 'stop_limit':
      return { ...params, type: takeProfit ? 'TAKE_PROFIT' : 'STOP', timeInForce: order.tif, price: price(), stopPrice: stop(), workingType: 'CONTRACT_PRICE' };
    case 'trailing_stop': {
      const bps = order.trailBps ?? 0;
      if (bps <= 0) return 'a trailing stop by a price amount is not native on Binance futures: trail by percent';
      if (bps < MIN_CALLBACK_BPS || bps > MAX_CALLBACK_BPS || bps % 10 !== 0) return 'Binance futures trails by 0.1 % to 10 % in steps of 0.1 % (10 to 1000 bps, a multiple of 10)';
      const trailed = { ...params, type: 'TRAILING_STOP_MARKET', callbackRate: (bps / 100).toFixed(1), workingType: 'CONTRACT_PRICE' };
      return (order.stopPrice ?? 0) > 0 ? { ...trailed, activationPrice: stop() } : trailed;
    }
  }
}

/** The order's terms after an amend: what changes, or why futures cannot change it in place. */
export interface ModifyTerms {
  price: number;
  qty: number;
  params: NewOrderParams;
}

/**
 * `PUT /fapi/v1/order` for an amend: Binance modifies a LIMIT order's price and quantity in place (same order id and
 * client id; the order goes to the back of its price's queue). Quantity is the order's whole quantity, filled part
 * included, as in our AmendOrder.
 */
export function futuresModify(
  order: { command: SubmitOrder; venueId: string; filledLots: number },
  amend: AmendOrder,
  instrument: Instrument,
): ModifyTerms | string {
  const { command } = order;
  if (command.orderType !== 'limit') return 'Binance futures amends limit orders only: cancel and place the order again';
  if (amend.stopPrice > 0) return 'a limit order has no stop price to amend';
  const price = amend.price > 0 ? amend.price : command.price;
  const qty = amend.qty > 0 ? amend.qty : command.qty;
  if (qty <= order.filledLots) return `the new quantity must be above what has filled (${order.filledLots} lots)`;
  if (price === command.price && qty === command.qty) return 'nothing to change';
  const params: NewOrderParams = {
    symbol: command.symbol,
    side: command.side === 'buy' ? 'BUY' : 'SELL',
    origClientOrderId: order.venueId,
    quantity: formatQty(instrument, qty),
    price: formatPrice(instrument, price),
  };
  return { price, qty, params };
}
