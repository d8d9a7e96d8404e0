/**
 * Checks of Binance's REST answers where they enter the gateway: an order, a list of orders, a list of trades (spot's
 * `myTrades` or futures' `userTrades`, which name two fields differently). Each returns the typed value or the reason
 * it is not one, so a malformed answer is refused and counted rather than read as zeros. Pure.
 */
import type { BinanceOrder, BinanceTrade } from './binance-trade-types.js';

/** A decimal as Binance writes amounts ("0.00100000", "65000.1"). */
export const DECIMAL = /^\d+(\.\d+)?$/;
/** A signed decimal (P&L, a short position's amount). */
export const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;

type Fields = Record<string, unknown>;

/** An order or trade id: Binance's integers, or another venue's non-empty text (through ccxt). */
function isId(value: unknown): value is number | string {
  return Number.isSafeInteger(value) || (typeof value === 'string' && value !== '');
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name of the first field of `names` in `o` that is not a decimal string, or undefined. */
export function badDecimal(o: Fields, names: readonly string[], pattern = DECIMAL): string | undefined {
  return names.find((name) => typeof o[name] !== 'string' || !pattern.test(o[name] as string));
}

/** The name of the first field of `names` that is not a non-empty string. */
export function badText(o: Fields, names: readonly string[]): string | undefined {
  return names.find((name) => typeof o[name] !== 'string' || o[name] === '');
}

/** An order as GET/POST/PUT/DELETE order and openOrders show it (spot and futures share these fields). */
export function parseOrder(body: unknown): BinanceOrder | string {
  if (!isObject(body)) return 'an order answer that is not an object';
  const text = badText(body, ['symbol', 'clientOrderId', 'status', 'type', 'side']);
  if (text !== undefined) return `an order without ${text}`;
  if (!isId(body.orderId)) return 'an order without an orderId';
  const decimal = badDecimal(body, ['price', 'origQty', 'executedQty']);
  if (decimal !== undefined) return `an order whose ${decimal} is not a decimal`;
  if (body.fills !== undefined) {
    if (!Array.isArray(body.fills)) return 'an order whose fills are not a list';
    for (const fill of body.fills as unknown[]) {
      if (!isObject(fill) || badDecimal(fill, ['price', 'qty', 'commission']) !== undefined || !isId(fill.tradeId)) return 'an order with a malformed fill';
    }
  }
  return { cummulativeQuoteQty: '0', timeInForce: 'GTC', ...body } as unknown as BinanceOrder;
}

/** A list of orders (openOrders). */
export function parseOrders(body: unknown): BinanceOrder[] | string {
  if (!Array.isArray(body)) return 'an order list that is not a list';
  const out: BinanceOrder[] = [];
  for (const item of body as unknown[]) {
    const order = parseOrder(item);
    if (typeof order === 'string') return order;
    out.push(order);
  }
  return out;
}

/** A list of trades: spot's `myTrades` (`isBuyer`, `isMaker`) or futures' `userTrades` (`buyer`, `maker`). */
export function parseTrades(body: unknown): BinanceTrade[] | string {
  if (!Array.isArray(body)) return 'a trade list that is not a list';
  const out: BinanceTrade[] = [];
  for (const item of body as unknown[]) {
    if (!isObject(item)) return 'a trade that is not an object';
    if (typeof item.symbol !== 'string' || !isId(item.id) || !isId(item.orderId)) return 'a trade without symbol, id or orderId';
    const decimal = badDecimal(item, ['price', 'qty', 'commission']);
    if (decimal !== undefined) return `a trade whose ${decimal} is not a decimal`;
    const buyer = item.isBuyer ?? item.buyer;
    const maker = item.isMaker ?? item.maker;
    if (typeof buyer !== 'boolean' || typeof maker !== 'boolean') return 'a trade without buyer or maker';
    out.push({
      symbol: item.symbol, id: item.id as number | string, orderId: item.orderId as number | string, price: item.price as string, qty: item.qty as string,
      quoteQty: typeof item.quoteQty === 'string' ? item.quoteQty : '0', commission: item.commission as string,
      commissionAsset: typeof item.commissionAsset === 'string' ? item.commissionAsset : '', time: Number.isSafeInteger(item.time) ? (item.time as number) : 0,
      isBuyer: buyer, isMaker: maker,
    });
  }
  return out;
}
