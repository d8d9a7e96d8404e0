/** An order in one line of words, for confirmations, the log and a refused order's cause chain. */
import { formatPrice, formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { OrderRequest } from '../../../workers/protocol/channels.js';

/** "Buy 0.010 BTC-USD at 64000.5 (limit, GTC)", "Sell 0.010 BTC-USD, stop 63000.0 (stop, GTC)". */
export function describeOrder(instrument: Instrument, request: OrderRequest): string {
  const side = request.side === 'buy' ? 'Buy' : 'Sell';
  const price = (ticks: number): string => formatPrice(instrument, ticks);
  const parts: string[] = [];
  if (request.orderType === 'limit' || request.orderType === 'stop_limit') parts.push(`at ${price(request.price)}`);
  else if (request.orderType === 'market') parts.push('at market');
  if (request.stopPrice !== undefined) parts.push(`stop ${price(request.stopPrice)}`);
  if (request.trailAmount !== undefined) parts.push(`trailing ${price(request.trailAmount)}`);
  if (request.trailBps !== undefined) parts.push(`trailing ${request.trailBps / 100} %`);
  if (request.takeProfit !== undefined) parts.push(`take-profit ${price(request.takeProfit)}`);
  if (request.stopLoss !== undefined) parts.push(`stop-loss ${price(request.stopLoss)}`);
  const flags = [request.orderType.replace('_', ' '), request.tif, ...(request.postOnly === true ? ['post-only'] : []), ...(request.reduceOnly === true ? ['reduce-only'] : [])];
  return `${side} ${formatQty(instrument, request.qty)} ${request.symbol} ${parts.join(', ')} (${flags.join(', ')})`;
}
