/**
 * ccxt's unified trading answers as the live-orders core's venue records (workers/venues/binance/trade/): an order,
 * a trade, the account's balances. The core's records are Binance's REST shapes — decimal strings, upper-case status
 * and type — which every venue's order fits; ccxt's doubles are read back as their shortest decimal (ccxt-numbers.ts),
 * the venue's own string, so the core puts them on the instrument's grid exactly or refuses them. Symbols go from
 * ccxt's (`BTC/USDT`) to ours (`BTC-USDT`). Pure.
 */
import type { BinanceAccount, BinanceOrder, BinanceOrderFill, BinanceOrderStatus, BinanceOrderType, BinanceTrade } from '../binance/trade/binance-trade-types.js';
import { numberToDecimal } from './ccxt-numbers.js';

/** The fields of ccxt's unified order that are read (ccxt's `Order`). */
export interface CcxtOrderLike {
  id?: string;
  clientOrderId?: string;
  symbol?: string;
  type?: string;
  side?: string;
  status?: string;
  price?: number;
  amount?: number;
  filled?: number;
  timestamp?: number;
  lastUpdateTimestamp?: number;
  trades?: CcxtTradeLike[];
}

/** The fields of ccxt's unified trade that are read (ccxt's `Trade`). */
export interface CcxtTradeLike {
  id?: string;
  order?: string;
  symbol?: string;
  side?: string;
  takerOrMaker?: string;
  price?: number;
  amount?: number;
  cost?: number;
  timestamp?: number;
  fee?: { cost?: number; currency?: string };
}

/** ccxt's `Balances`: per currency code, free and used (locked). */
export interface CcxtBalanceLike {
  free?: Record<string, number | undefined>;
  used?: Record<string, number | undefined>;
  timestamp?: number;
}

/** A number as a decimal string; '' when it is absent or not finite (the core refuses an order whose field is ''). */
function decimal(x: number | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? numberToDecimal(x) : '';
}

/** ccxt's order status (and how much filled) as Binance's. */
export function statusOf(status: string | undefined, filled: number): BinanceOrderStatus {
  switch (status) {
    case 'closed':
      return 'FILLED';
    case 'canceled':
      return 'CANCELED';
    case 'expired':
      return 'EXPIRED';
    case 'rejected':
      return 'REJECTED';
    default:
      // `open`, or an exchange that gave none: it may still trade.
      return filled > 0 ? 'PARTIALLY_FILLED' : 'NEW';
  }
}

/** ccxt's order type as Binance's (`limit` → LIMIT; a stop keeps its own name upper-cased). */
function typeOf(type: string | undefined): BinanceOrderType {
  return (type === undefined || type === '' ? 'LIMIT' : type.toUpperCase().replace(/[^A-Z_]/g, '_')) as BinanceOrderType;
}

/**
 * A ccxt order as the core's order record, with `symbol` our symbol. Fields ccxt left out become '' (an id) or ''
 * (a decimal), which the core's check refuses and counts; a missing filled amount counts as 0 filled.
 */
export function venueOrderOf(order: CcxtOrderLike, ourSymbol: string): BinanceOrder {
  const filled = typeof order.filled === 'number' ? order.filled : 0;
  const fills: BinanceOrderFill[] = [];
  for (const trade of order.trades ?? []) {
    // Only fills the venue named can be counted once: one without an id is left to the trade list.
    if (typeof trade.id !== 'string' || trade.id === '') continue;
    fills.push({ price: decimal(trade.price), qty: decimal(trade.amount), commission: decimal(trade.fee?.cost ?? 0), commissionAsset: trade.fee?.currency ?? '', tradeId: trade.id });
  }
  return {
    symbol: ourSymbol,
    orderId: order.id ?? '',
    clientOrderId: order.clientOrderId ?? '',
    price: order.type === 'market' || order.price === undefined ? '0' : decimal(order.price),
    origQty: decimal(order.amount),
    executedQty: decimal(filled),
    cummulativeQuoteQty: '0',
    status: statusOf(order.status, filled),
    timeInForce: 'GTC',
    type: typeOf(order.type),
    side: order.side === 'sell' ? 'SELL' : 'BUY',
    ...(order.timestamp === undefined ? {} : { time: order.timestamp }),
    ...(order.lastUpdateTimestamp === undefined ? {} : { updateTime: order.lastUpdateTimestamp }),
    ...(fills.length === 0 ? {} : { fills }),
  };
}

/** A ccxt trade of ours as the core's trade record (`symbol` ours). */
export function venueTradeOf(trade: CcxtTradeLike, ourSymbol: string): BinanceTrade {
  return {
    symbol: ourSymbol,
    id: trade.id ?? '',
    orderId: trade.order ?? '',
    price: decimal(trade.price),
    qty: decimal(trade.amount),
    quoteQty: decimal(trade.cost ?? 0) || '0',
    commission: decimal(trade.fee?.cost ?? 0),
    commissionAsset: trade.fee?.currency ?? '',
    time: trade.timestamp ?? 0,
    isBuyer: trade.side === 'buy',
    isMaker: trade.takerOrMaker === 'maker',
  };
}

/** ccxt's balances as the core's account record: every currency with a free or used amount, as decimals. */
export function venueAccountOf(balance: CcxtBalanceLike, nowMs: number): BinanceAccount {
  const assets = new Set([...Object.keys(balance.free ?? {}), ...Object.keys(balance.used ?? {})]);
  const balances: BinanceAccount['balances'] = [];
  for (const asset of [...assets].sort()) {
    const free = decimal(balance.free?.[asset] ?? 0);
    const locked = decimal(balance.used?.[asset] ?? 0);
    // A negative or missing amount is not a balance the core could compare: left out.
    if (free === '' || locked === '') continue;
    balances.push({ asset, free, locked });
  }
  return { updateTime: balance.timestamp ?? nowMs, canTrade: true, balances };
}
