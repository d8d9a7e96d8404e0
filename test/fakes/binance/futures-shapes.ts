/**
 * The fake futures exchange's payloads, shaped as Binance's USD-M futures documentation shows them: orders
 * (`/fapi/v1/order`, `openOrders`), trades (`userTrades`), the account (`/fapi/v2/account`), positions
 * (`/fapi/v2/positionRisk`), and the user-stream events `ORDER_TRADE_UPDATE` and `ACCOUNT_UPDATE`.
 */
import type { FakeFuturesEngine, FuturesOrder, FuturesTrade } from './futures-engine.js';
import { formatAmount, multiply } from './trading-wire.js';

/** An order as GET/POST/PUT/DELETE /fapi/v1/order and openOrders show it. */
export function futuresOrderShape(o: FuturesOrder): Record<string, unknown> {
  const avg = o.executedQty === 0n ? 0n : (o.cumQuote * 100_000_000n) / o.executedQty;
  return {
    orderId: o.orderId, symbol: o.symbol, status: o.status, clientOrderId: o.clientOrderId, price: formatAmount(o.price),
    avgPrice: formatAmount(avg), origQty: formatAmount(o.origQty), executedQty: formatAmount(o.executedQty), cumQty: formatAmount(o.executedQty),
    cumQuote: formatAmount(o.cumQuote), timeInForce: o.timeInForce, type: o.type, reduceOnly: o.reduceOnly, closePosition: false,
    side: o.side, positionSide: 'BOTH', stopPrice: formatAmount(o.stopPrice), workingType: 'CONTRACT_PRICE', priceProtect: false,
    origType: o.type, priceMatch: 'NONE', selfTradePreventionMode: 'EXPIRE_MAKER', goodTillDate: 0, time: o.time, updateTime: o.updateTime,
  };
}

/** A trade as GET /fapi/v1/userTrades shows it. */
export function futuresTradeShape(t: FuturesTrade): Record<string, unknown> {
  return {
    buyer: t.side === 'BUY', commission: formatAmount(t.commission), commissionAsset: 'USDT', id: t.id, maker: t.maker, orderId: t.orderId,
    price: formatAmount(t.price), qty: formatAmount(t.qty), quoteQty: formatAmount(multiply(t.price, t.qty)), realizedPnl: formatAmount(t.realizedPnl),
    side: t.side, positionSide: 'BOTH', symbol: t.symbol, time: t.time,
  };
}

/** ORDER_TRADE_UPDATE for one execution of `order`. */
export function orderUpdateEvent(order: FuturesOrder, execution: string, trade: FuturesTrade | undefined, now: number): Record<string, unknown> {
  const avg = order.executedQty === 0n ? 0n : (order.cumQuote * 100_000_000n) / order.executedQty;
  return {
    e: 'ORDER_TRADE_UPDATE', E: now, T: now,
    o: {
      s: order.symbol, c: order.clientOrderId, S: order.side, o: order.type, f: order.timeInForce, q: formatAmount(order.origQty),
      p: formatAmount(order.price), ap: formatAmount(avg), sp: formatAmount(order.stopPrice), x: execution, X: order.status, i: order.orderId,
      l: formatAmount(trade?.qty ?? 0n), z: formatAmount(order.executedQty), L: formatAmount(trade?.price ?? 0n),
      ...(trade === undefined ? {} : { N: 'USDT', n: formatAmount(trade.commission) }),
      T: now, t: trade?.id ?? 0, b: '0', a: '0', m: trade?.maker ?? false, R: order.reduceOnly, wt: 'CONTRACT_PRICE', ot: order.type,
      ps: 'BOTH', cp: false, rp: formatAmount(trade?.realizedPnl ?? 0n), pP: false, si: 0, ss: 0, V: 'EXPIRE_MAKER', pm: 'NONE', gtd: 0,
    },
  };
}

/** ACCOUNT_UPDATE after a trade in `symbol`: the USDT wallet and that symbol's position. */
export function accountUpdateEvent(engine: FakeFuturesEngine, symbol: string, now: number): Record<string, unknown> {
  const p = engine.positions.get(symbol) ?? { amount: 0n, entryPrice: 0n };
  const price = engine.symbols.get(symbol)!.price;
  const wallet = formatAmount(engine.wallet);
  return {
    e: 'ACCOUNT_UPDATE', E: now, T: now,
    a: {
      m: 'ORDER',
      B: [{ a: 'USDT', wb: wallet, cw: wallet, bc: '0' }],
      P: [{ s: symbol, pa: formatAmount(p.amount), ep: formatAmount(p.entryPrice), bep: formatAmount(p.entryPrice), cr: '0', up: formatAmount(multiply(price - p.entryPrice, p.amount)), mt: 'cross', iw: '0', ps: 'BOTH' }],
    },
  };
}

/** GET /fapi/v2/account. */
export function futuresAccountShape(engine: FakeFuturesEngine, now: number): Record<string, unknown> {
  const unrealized = engine.unrealized();
  const positionMargin = engine.positionMargin();
  const orderMargin = engine.openOrderMargin();
  const maint = positionMargin / 50n; // 0.4 % of notional at 20×
  const asset = {
    asset: 'USDT', walletBalance: formatAmount(engine.wallet), unrealizedProfit: formatAmount(unrealized), marginBalance: formatAmount(engine.wallet + unrealized),
    maintMargin: formatAmount(maint), initialMargin: formatAmount(positionMargin + orderMargin), positionInitialMargin: formatAmount(positionMargin),
    openOrderInitialMargin: formatAmount(orderMargin), crossWalletBalance: formatAmount(engine.wallet), crossUnPnl: formatAmount(unrealized),
    availableBalance: formatAmount(engine.available()), maxWithdrawAmount: formatAmount(engine.available()), marginAvailable: true, updateTime: now,
  };
  return {
    feeTier: 0, canTrade: true, canDeposit: true, canWithdraw: true, updateTime: 0, multiAssetsMargin: false, tradeGroupId: -1,
    totalInitialMargin: asset.initialMargin, totalMaintMargin: asset.maintMargin, totalWalletBalance: asset.walletBalance,
    totalUnrealizedProfit: asset.unrealizedProfit, totalMarginBalance: asset.marginBalance, totalPositionInitialMargin: asset.positionInitialMargin,
    totalOpenOrderInitialMargin: asset.openOrderInitialMargin, totalCrossWalletBalance: asset.crossWalletBalance, totalCrossUnPnl: asset.crossUnPnl,
    availableBalance: asset.availableBalance, maxWithdrawAmount: asset.maxWithdrawAmount, assets: [asset],
    positions: [...engine.symbols.values()].map((s) => {
      const p = engine.positions.get(s.symbol) ?? { amount: 0n, entryPrice: 0n };
      return {
        symbol: s.symbol, initialMargin: '0', maintMargin: '0', unrealizedProfit: formatAmount(multiply(s.price - p.entryPrice, p.amount)),
        positionInitialMargin: '0', openOrderInitialMargin: '0', leverage: String(s.leverage), isolated: false, entryPrice: formatAmount(p.entryPrice),
        breakEvenPrice: formatAmount(p.entryPrice), maxNotional: '1000000', positionSide: 'BOTH', positionAmt: formatAmount(p.amount),
        notional: formatAmount(multiply(s.price, p.amount)), isolatedWallet: '0', updateTime: now, bidNotional: '0', askNotional: '0',
      };
    }),
  };
}

/** GET /fapi/v2/positionRisk: every symbol, open or not. */
export function positionRiskShape(engine: FakeFuturesEngine, now: number): Array<Record<string, unknown>> {
  return [...engine.symbols.values()].map((s) => {
    const p = engine.positions.get(s.symbol) ?? { amount: 0n, entryPrice: 0n };
    const long = p.amount > 0n;
    // A rough liquidation price: the entry moved against the position by its margin (1 ÷ leverage).
    const liquidation = p.amount === 0n ? 0n : long ? p.entryPrice - p.entryPrice / s.leverage : p.entryPrice + p.entryPrice / s.leverage;
    return {
      entryPrice: formatAmount(p.entryPrice), breakEvenPrice: formatAmount(p.entryPrice), marginType: 'cross', isAutoAddMargin: 'false',
      isolatedMargin: '0.00000000', leverage: String(s.leverage), liquidationPrice: formatAmount(liquidation), markPrice: formatAmount(s.price),
      maxNotionalValue: '1000000', positionAmt: formatAmount(p.amount), notional: formatAmount(multiply(s.price, p.amount)), isolatedWallet: '0',
      symbol: s.symbol, unRealizedProfit: formatAmount(multiply(s.price - p.entryPrice, p.amount)), positionSide: 'BOTH', updateTime: now,
    };
  });
}
