/**
 * The fake Binance's account and orders: just enough of an exchange to answer the trading API truthfully. Orders
 * that can trade at the symbol's last price do so at once (taker); the others rest until the test fills them
 * ({@link FakeTradingEngine.fill}, as a maker). Balances are locked and moved as Binance does, commissions (0.1 %)
 * taken in the asset received. Every change is also an event for the user data stream, shaped as documented.
 */
import { ERRORS, formatAmount, multiply, parseAmount, SCALE, type WireError } from './trading-wire.js';

/** A symbol the fake trades; amounts in 10^-8. */
export interface TradingSymbol {
  symbol: string;
  base: string;
  quote: string;
  tick: bigint;
  step: bigint;
  minNotional: bigint;
  /** Last trade price. */
  price: bigint;
}

/** Binance spot's BTCUSDT and ETHUSDT filters (2025), at a round price. */
export function defaultTradingSymbols(): TradingSymbol[] {
  return [
    { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: 1_000_000n, step: 1_000n, minNotional: 5n * SCALE, price: 65_000n * SCALE },
    { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', tick: 1_000_000n, step: 10_000n, minNotional: 5n * SCALE, price: 3_200n * SCALE },
  ];
}

export interface FakeOrder {
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
  quoteQty: bigint;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
  time: number;
  updateTime: number;
  fills: FakeTrade[];
}

export interface FakeTrade {
  symbol: string;
  id: number;
  orderId: number;
  price: bigint;
  qty: bigint;
  commission: bigint;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

const COMMISSION = 100_000n; // 0.1 % as 10^-8 × 10^8

/** One account's orders and balances at the fake exchange. */
export class FakeTradingEngine {
  readonly symbols = new Map<string, TradingSymbol>();
  readonly orders = new Map<number, FakeOrder>();
  readonly trades: FakeTrade[] = [];
  readonly balances = new Map<string, { free: bigint; locked: bigint }>();
  private nextOrderId = 1000;
  private nextTradeId = 5000;

  constructor(
    symbols: TradingSymbol[],
    balances: Record<string, string>,
    private readonly clock: () => number,
    /** User data stream events, as Binance sends them. */
    private readonly publish: (event: Record<string, unknown>) => void,
  ) {
    for (const s of symbols) this.symbols.set(s.symbol, s);
    for (const [asset, amount] of Object.entries(balances)) this.balances.set(asset, { free: parseAmount(amount) ?? 0n, locked: 0n });
  }

  /** POST /api/v3/order. */
  newOrder(p: Record<string, string>): FakeOrder | WireError {
    for (const name of ['symbol', 'side', 'type', 'quantity']) if (p[name] === undefined || p[name] === '') return ERRORS.mandatory(name);
    const spec = this.symbols.get(p.symbol!);
    if (spec === undefined) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
    const qty = parseAmount(p.quantity);
    const price = p.price === undefined ? 0n : parseAmount(p.price);
    const stopPrice = p.stopPrice === undefined ? 0n : parseAmount(p.stopPrice);
    if (qty === undefined || qty <= 0n || qty % spec.step !== 0n) return ERRORS.filter('LOT_SIZE');
    if (price === undefined || price % spec.tick !== 0n || stopPrice === undefined || stopPrice % spec.tick !== 0n) return ERRORS.filter('PRICE_FILTER');
    const type = p.type!;
    if (type !== 'MARKET' && type !== 'STOP_LOSS' && price === 0n) return ERRORS.mandatory('price');
    const clientOrderId = p.newClientOrderId ?? `fake${this.nextOrderId}`;
    if (!/^[a-zA-Z0-9_-]{1,36}$/.test(clientOrderId)) return { status: 400, code: -1100, msg: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'." };
    if (this.openOrders().some((o) => o.clientOrderId === clientOrderId)) return ERRORS.duplicate;
    const side = p.side === 'SELL' ? 'SELL' : 'BUY';
    const tradePrice = type === 'MARKET' || type === 'STOP_LOSS' ? spec.price : price;
    if (multiply(tradePrice, qty) < spec.minNotional) return ERRORS.filter('NOTIONAL');
    const marketable = type === 'MARKET' || (type === 'LIMIT' || type === 'LIMIT_MAKER') && (side === 'BUY' ? price >= spec.price : price <= spec.price);
    if (type === 'LIMIT_MAKER' && marketable) return { status: 400, code: -2010, msg: 'Order would immediately match and take.' };
    const lock = side === 'BUY' ? { asset: spec.quote, amount: multiply(type === 'MARKET' ? spec.price : price || spec.price, qty) } : { asset: spec.base, amount: qty };
    const balance = this.balances.get(lock.asset) ?? { free: 0n, locked: 0n };
    if (balance.free < lock.amount) return ERRORS.balance;
    const now = this.clock();
    const order: FakeOrder = {
      symbol: spec.symbol, orderId: this.nextOrderId++, clientOrderId, side, type, timeInForce: p.timeInForce ?? (type === 'MARKET' ? 'GTC' : 'GTC'),
      price, stopPrice, origQty: qty, executedQty: 0n, quoteQty: 0n, status: 'NEW', time: now, updateTime: now, fills: [],
    };
    this.orders.set(order.orderId, order);
    balance.free -= lock.amount;
    balance.locked += lock.amount;
    this.balances.set(lock.asset, balance);
    this.report(order, 'NEW', undefined);
    if (marketable) this.trade(order, qty, type === 'MARKET' ? spec.price : spec.price, false);
    else if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') this.close(order, 'EXPIRED');
    this.accountEvent([spec.base, spec.quote]);
    return order;
  }

  /** Fills a resting order as a maker (the test's hand on the market): all of it, or `qty`. */
  fill(clientOrderId: string, qty?: string): FakeTrade | undefined {
    const order = this.openOrders().find((o) => o.clientOrderId === clientOrderId);
    if (order === undefined) return undefined;
    const amount = qty === undefined ? order.origQty - order.executedQty : (parseAmount(qty) ?? 0n);
    const trade = this.trade(order, amount, order.price, true);
    this.accountEvent([this.symbols.get(order.symbol)!.base, this.symbols.get(order.symbol)!.quote]);
    return trade;
  }

  /** GET /api/v3/order. */
  find(symbol: string | undefined, origClientOrderId: string | undefined, orderId: string | undefined): FakeOrder | WireError {
    if (symbol === undefined) return ERRORS.mandatory('symbol');
    if (origClientOrderId === undefined && orderId === undefined) return ERRORS.mandatory('orderId');
    // The newest order with that client id: an id is unique among open orders only.
    const matches = [...this.orders.values()].filter((o) => o.symbol === symbol && (orderId !== undefined ? String(o.orderId) === orderId : o.clientOrderId === origClientOrderId));
    return matches.at(-1) ?? ERRORS.noSuchOrder;
  }

  /** DELETE /api/v3/order. */
  cancel(symbol: string | undefined, origClientOrderId: string | undefined, orderId: string | undefined): FakeOrder | WireError {
    const found = this.find(symbol, origClientOrderId, orderId);
    if ('code' in found) return found.code === ERRORS.noSuchOrder.code ? ERRORS.cancelUnknown : found;
    if (found.status !== 'NEW' && found.status !== 'PARTIALLY_FILLED') return ERRORS.cancelUnknown;
    this.close(found, 'CANCELED');
    this.accountEvent([this.symbols.get(found.symbol)!.base, this.symbols.get(found.symbol)!.quote]);
    return found;
  }

  openOrders(symbol?: string): FakeOrder[] {
    return [...this.orders.values()].filter((o) => (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') && (symbol === undefined || o.symbol === symbol));
  }

  myTrades(p: Record<string, string>): FakeTrade[] | WireError {
    if (p.symbol === undefined) return ERRORS.mandatory('symbol');
    const limit = Math.min(1000, Number(p.limit ?? '500'));
    return this.trades
      .filter((t) => t.symbol === p.symbol)
      .filter((t) => p.orderId === undefined || String(t.orderId) === p.orderId)
      .filter((t) => p.fromId === undefined || t.id >= Number(p.fromId))
      .filter((t) => p.startTime === undefined || t.time >= Number(p.startTime))
      .slice(0, limit);
  }

  private trade(order: FakeOrder, qty: bigint, price: bigint, maker: boolean): FakeTrade {
    const spec = this.symbols.get(order.symbol)!;
    const quote = multiply(price, qty);
    const buyer = order.side === 'BUY';
    const received = buyer ? qty : quote;
    const commission = (received * COMMISSION) / SCALE;
    const now = this.clock();
    const trade: FakeTrade = {
      symbol: order.symbol, id: this.nextTradeId++, orderId: order.orderId, price, qty, commission,
      commissionAsset: buyer ? spec.base : spec.quote, time: now, isBuyer: buyer, isMaker: maker,
    };
    this.trades.push(trade);
    order.fills.push(trade);
    order.executedQty += qty;
    order.quoteQty += quote;
    order.updateTime = now;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    spec.price = price;
    // Locked funds leave, received ones arrive net of commission.
    const paid = buyer ? { asset: spec.quote, amount: multiply(order.type === 'MARKET' ? price : order.price || price, qty), spent: quote } : { asset: spec.base, amount: qty, spent: qty };
    const from = this.balances.get(paid.asset)!;
    from.locked -= paid.amount;
    from.free += paid.amount - paid.spent;
    const to = this.balances.get(trade.commissionAsset) ?? { free: 0n, locked: 0n };
    to.free += received - commission;
    this.balances.set(trade.commissionAsset, to);
    this.report(order, 'TRADE', trade);
    return trade;
  }

  /** Ends an order's open part (cancel, expiry) and frees what it locked. */
  private close(order: FakeOrder, status: 'CANCELED' | 'EXPIRED'): void {
    const spec = this.symbols.get(order.symbol)!;
    const open = order.origQty - order.executedQty;
    const lock = order.side === 'BUY' ? { asset: spec.quote, amount: multiply(order.price || spec.price, open) } : { asset: spec.base, amount: open };
    const balance = this.balances.get(lock.asset)!;
    balance.locked -= lock.amount;
    balance.free += lock.amount;
    order.status = status;
    order.updateTime = this.clock();
    this.report(order, status, undefined);
  }

  /** executionReport, as the user data stream documents it. */
  private report(order: FakeOrder, execution: string, trade: FakeTrade | undefined): void {
    const now = this.clock();
    this.publish({
      e: 'executionReport', E: now, s: order.symbol, c: execution === 'CANCELED' ? `cancel${order.orderId}` : order.clientOrderId,
      S: order.side, o: order.type, f: order.timeInForce, q: formatAmount(order.origQty), p: formatAmount(order.price),
      P: formatAmount(order.stopPrice), F: '0.00000000', g: -1, C: execution === 'CANCELED' ? order.clientOrderId : '',
      x: execution, X: order.status, r: 'NONE', i: order.orderId,
      l: formatAmount(trade?.qty ?? 0n), z: formatAmount(order.executedQty), L: formatAmount(trade?.price ?? 0n),
      n: formatAmount(trade?.commission ?? 0n), N: trade?.commissionAsset ?? null, T: now, t: trade?.id ?? -1, I: order.orderId * 10,
      w: order.status === 'NEW', m: trade?.isMaker ?? false, M: false, O: order.time, Z: formatAmount(order.quoteQty),
      Y: formatAmount(trade === undefined ? 0n : multiply(trade.price, trade.qty)), Q: '0.00000000', W: order.time, V: 'EXPIRE_MAKER',
    });
  }

  /** outboundAccountPosition for the assets that changed. */
  private accountEvent(assets: string[]): void {
    const now = this.clock();
    this.publish({
      e: 'outboundAccountPosition', E: now, u: now,
      B: assets.map((a) => ({ a, f: formatAmount(this.balances.get(a)?.free ?? 0n), l: formatAmount(this.balances.get(a)?.locked ?? 0n) })),
    });
  }
}

/** An order as GET /api/v3/order and openOrders show it. */
export function orderShape(o: FakeOrder): Record<string, unknown> {
  return {
    symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, price: formatAmount(o.price),
    origQty: formatAmount(o.origQty), executedQty: formatAmount(o.executedQty), cummulativeQuoteQty: formatAmount(o.quoteQty),
    status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side, stopPrice: formatAmount(o.stopPrice),
    icebergQty: '0.00000000', time: o.time, updateTime: o.updateTime, isWorking: true, workingTime: o.time,
    origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** POST /api/v3/order's answer in each `newOrderRespType`. */
export function newOrderShape(o: FakeOrder, respType: string): Record<string, unknown> {
  const ack = { symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.time };
  if (respType === 'ACK') return ack;
  const { time: _t, updateTime: _u, isWorking: _w, stopPrice: _s, icebergQty: _i, ...rest } = orderShape(o) as Record<string, unknown>;
  const result = { ...ack, ...rest, transactTime: o.time };
  if (respType === 'RESULT') return result;
  return {
    ...result,
    fills: o.fills.filter((t) => !t.isMaker).map((t) => ({ price: formatAmount(t.price), qty: formatAmount(t.qty), commission: formatAmount(t.commission), commissionAsset: t.commissionAsset, tradeId: t.id })),
  };
}

/** DELETE /api/v3/order's answer. */
export function cancelShape(o: FakeOrder): Record<string, unknown> {
  const shape = orderShape(o);
  return {
    symbol: o.symbol, origClientOrderId: o.clientOrderId, orderId: o.orderId, orderListId: -1, clientOrderId: `cancel${o.orderId}`,
    transactTime: o.updateTime, price: shape.price, origQty: shape.origQty, executedQty: shape.executedQty,
    cummulativeQuoteQty: shape.cummulativeQuoteQty, status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** A trade as GET /api/v3/myTrades shows it. */
export function tradeShape(t: FakeTrade): Record<string, unknown> {
  return {
    symbol: t.symbol, id: t.id, orderId: t.orderId, orderListId: -1, price: formatAmount(t.price), qty: formatAmount(t.qty),
    quoteQty: formatAmount(multiply(t.price, t.qty)), commission: formatAmount(t.commission), commissionAsset: t.commissionAsset,
    time: t.time, isBuyer: t.isBuyer, isMaker: t.isMaker, isBestMatch: true,
  };
}
