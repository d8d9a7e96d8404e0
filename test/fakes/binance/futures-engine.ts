/**
 * The fake Binance USD-M futures account: orders, one-way positions (position side BOTH), cross margin, as far as the
 * trading API needs to answer truthfully. Marketable orders trade at once at the symbol's last price (taker); the
 * rest wait until the test fills them ({@link FakeFuturesEngine.fill}, as a maker) or moves the price
 * ({@link FakeFuturesEngine.setPrice}: resting limits that cross fill, stops whose trigger is reached fire). Margin is
 * notional ÷ leverage; an order that would open more than the available balance allows is refused with -2019, a
 * reduce-only order that would not reduce with -2022. Commissions (taker 0.04 %, maker 0.02 %) and realised P&L move
 * the USDT wallet. Every change is also a user-stream event (futures-shapes.ts), as documented.
 */
import { ERRORS, multiply, parseAmount, SCALE, type WireError } from './trading-wire.js';
import { accountUpdateEvent, orderUpdateEvent } from './futures-shapes.js';

export interface FuturesSymbol {
  symbol: string;
  tick: bigint;
  step: bigint;
  minNotional: bigint;
  price: bigint;
  leverage: bigint;
}

/** BTCUSDT and ETHUSDT perpetuals with Binance's filters (2025), at round prices, 20× leverage. */
export function defaultFuturesSymbols(): FuturesSymbol[] {
  return [
    { symbol: 'BTCUSDT', tick: 10_000_000n, step: 100_000n, minNotional: 100n * SCALE, price: 65_000n * SCALE, leverage: 20n },
    { symbol: 'ETHUSDT', tick: 1_000_000n, step: 100_000n, minNotional: 20n * SCALE, price: 3_200n * SCALE, leverage: 20n },
  ];
}

export interface FuturesOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: string;
  timeInForce: string;
  price: bigint;
  stopPrice: bigint;
  origQty: bigint;
  executedQty: bigint;
  cumQuote: bigint;
  reduceOnly: boolean;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
  /** Stop types: not yet triggered. */
  waiting: boolean;
  time: number;
  updateTime: number;
}

export interface FuturesTrade {
  symbol: string;
  id: number;
  orderId: number;
  side: 'BUY' | 'SELL';
  price: bigint;
  qty: bigint;
  commission: bigint;
  realizedPnl: bigint;
  time: number;
  maker: boolean;
}

export interface FuturesPosition {
  /** Signed, 10^-8. */
  amount: bigint;
  entryPrice: bigint;
}

const TAKER = 40_000n; // 0.04 % in 10^-8
const MAKER = 20_000n;
const STOP_TYPES = new Set(['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET']);

export const FUTURES_ERRORS = {
  margin: { status: 400, code: -2019, msg: 'Margin is insufficient.' },
  reduceOnly: { status: 400, code: -2022, msg: 'ReduceOnly Order is rejected.' },
  wouldTrigger: { status: 400, code: -2021, msg: 'Order would immediately trigger.' },
  postOnly: { status: 400, code: -5022, msg: 'Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history' },
  noChange: { status: 400, code: -5027, msg: 'No need to modify the order.' },
  notional: (min: string) => ({ status: 400, code: -4164, msg: `Order's notional must be no smaller than ${min} (unless you choose reduce only).` }),
} as const;

export class FakeFuturesEngine {
  readonly symbols = new Map<string, FuturesSymbol>();
  readonly orders = new Map<number, FuturesOrder>();
  readonly trades: FuturesTrade[] = [];
  readonly positions = new Map<string, FuturesPosition>();
  wallet: bigint;
  private nextOrderId = 8_000_000;
  private nextTradeId = 90_000;

  constructor(
    symbols: FuturesSymbol[],
    walletUsdt: string,
    private readonly clock: () => number,
    private readonly publish: (event: Record<string, unknown>) => void,
  ) {
    for (const s of symbols) this.symbols.set(s.symbol, s);
    this.wallet = parseAmount(walletUsdt) ?? 0n;
  }

  /** POST /fapi/v1/order. */
  newOrder(p: Record<string, string>): FuturesOrder | WireError {
    for (const name of ['symbol', 'side', 'type']) if (p[name] === undefined || p[name] === '') return ERRORS.mandatory(name);
    const spec = this.symbols.get(p.symbol!);
    if (spec === undefined) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
    const type = p.type!;
    const qty = parseAmount(p.quantity);
    const price = p.price === undefined ? 0n : parseAmount(p.price);
    const stopPrice = p.stopPrice === undefined ? 0n : parseAmount(p.stopPrice);
    if (qty === undefined || qty <= 0n || qty % spec.step !== 0n) return ERRORS.filter('LOT_SIZE');
    if (price === undefined || price % spec.tick !== 0n || stopPrice === undefined || stopPrice % spec.tick !== 0n) return ERRORS.filter('PRICE_FILTER');
    if ((type === 'LIMIT' || type === 'STOP' || type === 'TAKE_PROFIT') && price === 0n) return ERRORS.mandatory('price');
    if (STOP_TYPES.has(type) && stopPrice === 0n) return ERRORS.mandatory('stopPrice');
    const clientOrderId = p.newClientOrderId ?? `fake${this.nextOrderId}`;
    if (!/^[.A-Za-z0-9:/_-]{1,36}$/.test(clientOrderId)) return { status: 400, code: -1100, msg: "Illegal characters found in parameter 'newClientOrderId'." };
    if (this.openOrders().some((o) => o.clientOrderId === clientOrderId)) return { status: 400, code: -4015, msg: 'Client order id is not valid.' };
    const side = p.side === 'SELL' ? 'SELL' : 'BUY';
    const reduceOnly = p.reduceOnly === 'true';
    const refPrice = price > 0n ? price : stopPrice > 0n ? stopPrice : spec.price;
    if (!reduceOnly && multiply(refPrice, qty) < spec.minNotional) return FUTURES_ERRORS.notional(String(spec.minNotional / SCALE));
    const position = this.positions.get(spec.symbol)?.amount ?? 0n;
    if (reduceOnly && (position === 0n || (side === 'BUY') === position > 0n)) return FUTURES_ERRORS.reduceOnly;
    if (!reduceOnly && this.marginNeeded(spec, side, qty, refPrice) > this.available()) return FUTURES_ERRORS.margin;
    if (STOP_TYPES.has(type) && this.triggered(type, side, stopPrice, spec.price)) return FUTURES_ERRORS.wouldTrigger;
    const tif = p.timeInForce ?? 'GTC';
    const crosses = type === 'LIMIT' && (side === 'BUY' ? price >= spec.price : price <= spec.price);
    if (tif === 'GTX' && crosses) return FUTURES_ERRORS.postOnly;
    const now = this.clock();
    const order: FuturesOrder = {
      symbol: spec.symbol, orderId: this.nextOrderId++, clientOrderId, side, type, timeInForce: tif, price, stopPrice, origQty: qty,
      executedQty: 0n, cumQuote: 0n, reduceOnly, status: 'NEW', waiting: STOP_TYPES.has(type), time: now, updateTime: now,
    };
    this.orders.set(order.orderId, order);
    this.event(order, 'NEW', undefined);
    if (type === 'MARKET' || crosses) this.trade(order, this.fillable(order, order.origQty), spec.price, false);
    if ((tif === 'IOC' || tif === 'FOK' || type === 'MARKET') && this.isOpen(order)) this.close(order, 'EXPIRED');
    return order;
  }

  /** PUT /fapi/v1/order: a LIMIT order's price and quantity, in place. */
  modify(p: Record<string, string>): FuturesOrder | WireError {
    const found = this.find(p.symbol, p.origClientOrderId, p.orderId);
    if ('code' in found) return found;
    if (!this.isOpen(found)) return { status: 400, code: -2013, msg: 'Order does not exist.' };
    if (found.type !== 'LIMIT') return { status: 400, code: -4028, msg: 'Modify only supports LIMIT orders.' };
    const qty = parseAmount(p.quantity);
    const price = parseAmount(p.price);
    const spec = this.symbols.get(found.symbol)!;
    if (qty === undefined || qty <= found.executedQty || qty % spec.step !== 0n) return ERRORS.filter('LOT_SIZE');
    if (price === undefined || price <= 0n || price % spec.tick !== 0n) return ERRORS.filter('PRICE_FILTER');
    if (price === found.price && qty === found.origQty) return FUTURES_ERRORS.noChange;
    found.price = price;
    found.origQty = qty;
    found.updateTime = this.clock();
    this.event(found, 'AMENDMENT', undefined);
    if (found.side === 'BUY' ? price >= spec.price : price <= spec.price) this.trade(found, found.origQty - found.executedQty, spec.price, false);
    return found;
  }

  /** The test's hand on the market: fills a resting order as a maker, all of it or `qty`. */
  fill(clientOrderId: string, qty?: string): FuturesTrade | undefined {
    const order = this.openOrders().find((o) => o.clientOrderId === clientOrderId && !o.waiting);
    if (order === undefined) return undefined;
    const amount = qty === undefined ? order.origQty - order.executedQty : (parseAmount(qty) ?? 0n);
    return this.trade(order, amount, order.price, true);
  }

  /** Moves the last price: stops whose trigger it reaches fire, resting limits it crosses fill (as makers). */
  setPrice(symbol: string, priceText: string): void {
    const spec = this.symbols.get(symbol);
    const price = parseAmount(priceText);
    if (spec === undefined || price === undefined) return;
    spec.price = price;
    for (const order of this.openOrders(symbol)) {
      if (order.waiting && this.triggered(order.type, order.side, order.stopPrice, price)) {
        order.waiting = false;
        if (order.type.endsWith('MARKET')) this.trade(order, this.fillable(order, order.origQty), price, false);
      }
      if (!order.waiting && this.isOpen(order) && order.price > 0n && (order.side === 'BUY' ? price <= order.price : price >= order.price)) {
        this.trade(order, this.fillable(order, order.origQty - order.executedQty), order.price, true);
      }
    }
  }

  find(symbol: string | undefined, origClientOrderId: string | undefined, orderId: string | undefined): FuturesOrder | WireError {
    if (symbol === undefined) return ERRORS.mandatory('symbol');
    if (origClientOrderId === undefined && orderId === undefined) return ERRORS.mandatory('orderId');
    const matches = [...this.orders.values()].filter((o) => o.symbol === symbol && (orderId !== undefined ? String(o.orderId) === orderId : o.clientOrderId === origClientOrderId));
    return matches.at(-1) ?? ERRORS.noSuchOrder;
  }

  /** DELETE /fapi/v1/order. */
  cancel(symbol: string | undefined, origClientOrderId: string | undefined, orderId: string | undefined): FuturesOrder | WireError {
    const found = this.find(symbol, origClientOrderId, orderId);
    if ('code' in found) return found.code === ERRORS.noSuchOrder.code ? ERRORS.cancelUnknown : found;
    if (!this.isOpen(found)) return ERRORS.cancelUnknown;
    this.close(found, 'CANCELED');
    return found;
  }

  openOrders(symbol?: string): FuturesOrder[] {
    return [...this.orders.values()].filter((o) => this.isOpen(o) && (symbol === undefined || o.symbol === symbol));
  }

  /** Unrealised P&L of every position at the last prices, 10^-8 USDT. */
  unrealized(): bigint {
    let total = 0n;
    for (const [symbol, p] of this.positions) total += multiply(this.symbols.get(symbol)!.price - p.entryPrice, p.amount);
    return total;
  }

  positionMargin(): bigint {
    let total = 0n;
    for (const [symbol, p] of this.positions) total += multiply(this.symbols.get(symbol)!.price, abs(p.amount)) / this.symbols.get(symbol)!.leverage;
    return total;
  }

  openOrderMargin(): bigint {
    let total = 0n;
    for (const o of this.openOrders()) {
      if (o.reduceOnly) continue;
      const spec = this.symbols.get(o.symbol)!;
      total += multiply(o.price > 0n ? o.price : spec.price, o.origQty - o.executedQty) / spec.leverage;
    }
    return total;
  }

  available(): bigint {
    return this.wallet + this.unrealized() - this.positionMargin() - this.openOrderMargin();
  }

  private marginNeeded(spec: FuturesSymbol, side: 'BUY' | 'SELL', qty: bigint, price: bigint): bigint {
    const position = this.positions.get(spec.symbol)?.amount ?? 0n;
    // Only what opens or adds to a position needs margin; closing part frees it.
    const closing = (side === 'BUY') === position < 0n ? min(qty, abs(position)) : 0n;
    return multiply(price, qty - closing) / spec.leverage;
  }

  private triggered(type: string, side: 'BUY' | 'SELL', stop: bigint, price: bigint): boolean {
    const up = side === 'BUY' ? price >= stop : price <= stop;
    return type.startsWith('TAKE_PROFIT') ? !up || price === stop : up;
  }

  /** A reduce-only order trades at most the position it reduces. */
  private fillable(order: FuturesOrder, qty: bigint): bigint {
    if (!order.reduceOnly) return qty;
    const position = this.positions.get(order.symbol)?.amount ?? 0n;
    return (order.side === 'BUY') === position < 0n ? min(qty, abs(position)) : 0n;
  }

  private trade(order: FuturesOrder, qty: bigint, price: bigint, maker: boolean): FuturesTrade | undefined {
    if (qty <= 0n) return undefined;
    const now = this.clock();
    const notional = multiply(price, qty);
    const commission = (notional * (maker ? MAKER : TAKER)) / SCALE;
    const realizedPnl = this.move(order.symbol, order.side === 'BUY' ? qty : -qty, price);
    const trade: FuturesTrade = { symbol: order.symbol, id: this.nextTradeId++, orderId: order.orderId, side: order.side, price, qty, commission, realizedPnl, time: now, maker };
    this.trades.push(trade);
    this.wallet += realizedPnl - commission;
    order.executedQty += qty;
    order.cumQuote += notional;
    order.updateTime = now;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    this.symbols.get(order.symbol)!.price = price;
    this.event(order, 'TRADE', trade);
    this.publish(accountUpdateEvent(this, order.symbol, now));
    return trade;
  }

  /** Adds `delta` to the position at `price`; returns the P&L realised by the part that closes. */
  private move(symbol: string, delta: bigint, price: bigint): bigint {
    const p = this.positions.get(symbol) ?? { amount: 0n, entryPrice: 0n };
    let realized = 0n;
    if (p.amount !== 0n && (p.amount > 0n) !== (delta > 0n)) {
      const closed = min(abs(delta), abs(p.amount));
      realized = multiply(price - p.entryPrice, p.amount > 0n ? closed : -closed);
      const rest = abs(delta) - closed;
      p.amount += p.amount > 0n ? -closed : closed;
      if (p.amount === 0n) p.entryPrice = 0n;
      if (rest > 0n) {
        p.amount = delta > 0n ? rest : -rest;
        p.entryPrice = price;
      }
    } else {
      const total = abs(p.amount) + abs(delta);
      p.entryPrice = (p.entryPrice * abs(p.amount) + price * abs(delta)) / total;
      p.amount += delta;
    }
    this.positions.set(symbol, p);
    return realized;
  }

  private close(order: FuturesOrder, status: 'CANCELED' | 'EXPIRED'): void {
    order.status = status;
    order.updateTime = this.clock();
    this.event(order, status, undefined);
  }

  private isOpen(order: FuturesOrder): boolean {
    return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
  }

  private event(order: FuturesOrder, execution: string, trade: FuturesTrade | undefined): void {
    this.publish(orderUpdateEvent(order, execution, trade, this.clock()));
  }
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
