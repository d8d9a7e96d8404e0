/**
 * Our `SubmitOrder` as Binance spot's new-order parameters, or why Binance spot cannot take it natively. Prices and
 * quantities leave as the instrument's decimals (formatted from ticks and lots: exact).
 *
 * Mapping: market → MARKET; limit → LIMIT with its time in force, or LIMIT_MAKER when post-only; stop → STOP_LOSS
 * (Binance triggers a buy stop at or above, a sell stop at or below, as ours); stop_limit → STOP_LOSS_LIMIT; a
 * trailing stop by basis points → STOP_LOSS with `trailingDelta` (Binance's trailing is in BIPS). Refused, with the
 * reason: a trailing stop by a price amount, reduce-only and brackets (spot has neither), and anything else Binance
 * spot does not do.
 */
import { formatPrice, formatQty, type Instrument } from '../../../core/instrument.js';
import type { SelfTradePrevention, SubmitOrder } from '../../../protocol/messages.js';

/** Parameters of POST /api/v3/order (strings, as they go on the wire), without timestamp and signature. */
export type NewOrderParams = Record<string, string>;

const STP: Record<SelfTradePrevention, string> = { expire_taker: 'EXPIRE_TAKER', expire_maker: 'EXPIRE_MAKER', expire_both: 'EXPIRE_BOTH' };

/** The new-order parameters, or the reason the order cannot go to Binance spot. */
export function newOrderParams(order: SubmitOrder, instrument: Instrument, venueClientId: string): NewOrderParams | string {
  if (order.reduceOnly === true) return 'reduce-only is not available on Binance spot';
  if ((order.takeProfit ?? 0) > 0 || (order.stopLoss ?? 0) > 0) return 'brackets are not native on Binance spot: place the legs as their own orders';
  if (order.ocoWith !== undefined && order.ocoWith !== '') return 'OCO pairs of existing orders are not available on Binance spot';
  const params: NewOrderParams = {
    symbol: order.symbol,
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    quantity: formatQty(instrument, order.qty),
    newClientOrderId: venueClientId,
    newOrderRespType: 'FULL',
  };
  if (order.stp !== undefined) params.selfTradePreventionMode = STP[order.stp];
  const price = () => formatPrice(instrument, order.price);
  const stop = () => formatPrice(instrument, order.stopPrice ?? 0);
  switch (order.orderType) {
    case 'market':
      return { ...params, type: 'MARKET' };
    case 'limit':
      if (order.postOnly === true) return { ...params, type: 'LIMIT_MAKER', price: price() };
      return { ...params, type: 'LIMIT', timeInForce: order.tif, price: price() };
    case 'stop':
      return { ...params, type: 'STOP_LOSS', stopPrice: stop() };
    case 'stop_limit':
      return { ...params, type: 'STOP_LOSS_LIMIT', timeInForce: order.tif, price: price(), stopPrice: stop() };
    case 'trailing_stop': {
      if ((order.trailBps ?? 0) <= 0) return 'a trailing stop by a price amount is not native on Binance spot: trail by percent';
      const trailed = { ...params, type: 'STOP_LOSS', trailingDelta: String(order.trailBps) };
      return (order.stopPrice ?? 0) > 0 ? { ...trailed, stopPrice: stop() } : trailed;
    }
  }
}
