/**
 * The live-orders core's transport for a venue through ccxt: each request the core decides on becomes one call of
 * ccxt's unified API (`createOrder`, `fetchOrder` and `cancelOrder` by our client order id, `cancelAllOrders`,
 * `fetchOpenOrders`, `fetchMyTrades` / `fetchOrderTrades`, `fetchBalance`), its answer mapped onto the core's records
 * (ccxt-order-map.ts) and its failure classified (ccxt-outcomes.ts). It only carries: it never repeats a request —
 * the core decides what may be asked again, and an order whose answer was lost is looked up, never sent again.
 */
import ccxt, { type Exchange } from 'ccxt';
import type { IssuedRequest, TradeOutcome, TradeTransport } from '../binance/trade/trade-requests.js';
import { venueAccountOf, venueOrderOf, venueTradeOf, type CcxtOrderLike, type CcxtTradeLike } from './ccxt-order-map.js';
import { outcomeOfError } from './ccxt-outcomes.js';

/** How far back fills are asked for when the core names no start (a reconciliation's first round), ms. */
const LOOKBACK_MS = 6 * 3_600_000;

export class CcxtTradeTransport implements TradeTransport {
  private readonly ccxtSymbols: ReadonlyMap<string, string>;
  private readonly ourSymbols: ReadonlyMap<string, string>;

  constructor(
    private readonly exchange: Exchange,
    /** Our symbol → ccxt's unified symbol. */
    symbols: ReadonlyMap<string, string>,
    /** Resolves once the exchange's markets are loaded (ccxt needs them for every order call; a failed load is retried). */
    private readonly ready: () => Promise<void>,
    private readonly onOutcome: (id: number, outcome: TradeOutcome) => void,
  ) {
    this.ccxtSymbols = symbols;
    this.ourSymbols = new Map([...symbols].map(([ours, theirs]) => [theirs, ours]));
  }

  send(request: IssuedRequest): void {
    void this.run(request).then(
      (body) => this.onOutcome(request.id, { kind: 'ok', body }),
      (error: unknown) => this.onOutcome(request.id, outcomeOfError(error, request, [this.exchange.apiKey, this.exchange.secret])),
    );
  }

  /** Our symbol of a ccxt symbol ('' for one not traded here). */
  ourSymbol(ccxtSymbol: string | undefined): string {
    return this.ourSymbols.get(ccxtSymbol ?? '') ?? '';
  }

  private async run(request: IssuedRequest): Promise<unknown> {
    await this.ready();
    const ex = this.exchange;
    switch (request.kind) {
      case 'time':
        // ccxt signs with its own clock; where the exchange has a time endpoint it learns the offset itself.
        if (ex.has.fetchTime === true) await ex.loadTimeDifference();
        return {};
      case 'place': {
        const { type, side, amount, price, ...params } = request.params;
        // The dialect always sets these; without them nothing is sent (a refusal, not an unknown).
        if (type === undefined || (side !== 'buy' && side !== 'sell') || amount === undefined) throw new ccxt.InvalidOrder('an order without type, side or amount');
        const extra: Record<string, unknown> = { ...params };
        if (params.postOnly !== undefined) extra.postOnly = params.postOnly === 'true';
        if (params.stopLossPrice !== undefined) extra.stopLossPrice = Number(params.stopLossPrice);
        if (params.takeProfitPrice !== undefined) extra.takeProfitPrice = Number(params.takeProfitPrice);
        // Decimals on the instrument's grid read as the nearest double; ccxt formats them back to the venue's precision.
        const order = await ex.createOrder(this.symbolOf(request.symbol), type, side, Number(amount), price === undefined ? undefined : Number(price), extra);
        return this.order(order, request.symbol);
      }
      case 'query':
        return this.order(await ex.fetchOrder('', this.symbolOf(request.symbol), { clientOrderId: request.clientId }), request.symbol);
      case 'cancel':
        return this.order(await ex.cancelOrder('', this.symbolOf(request.symbol), { clientOrderId: request.clientId }), request.symbol);
      case 'cancelAll':
        if (ex.has.cancelAllOrders !== true) throw new ccxt.NotSupported(`${ex.id} has no cancelAllOrders in ccxt`);
        return ex.cancelAllOrders(this.symbolOf(request.symbol));
      case 'openOrders':
        return (await ex.fetchOpenOrders(this.symbolOf(request.symbol))).map((o) => this.order(o, request.symbol));
      case 'myTrades':
        return (await this.trades(request)).map((t) => venueTradeOf(t, request.symbol));
      case 'account':
        return venueAccountOf(await ex.fetchBalance(), Date.now());
      default:
        throw new ccxt.NotSupported(`${request.kind} is not sent through ccxt`);
    }
  }

  /** Our trades in a symbol: those of one order, those from a trade id on, or those since a time. */
  private async trades(request: Extract<IssuedRequest, { kind: 'myTrades' }>): Promise<CcxtTradeLike[]> {
    const ex = this.exchange;
    const symbol = this.symbolOf(request.symbol);
    if (request.orderId !== undefined) {
      if (ex.has.fetchOrderTrades === true) return ex.fetchOrderTrades(request.orderId, symbol);
      return (await ex.fetchMyTrades(symbol, Date.now() - LOOKBACK_MS)).filter((t) => t.order === request.orderId);
    }
    if (request.fromId !== undefined) {
      // Trade ids are only ordered numbers at some exchanges: fetched by time, then those at or after the id kept.
      const recent = await ex.fetchMyTrades(symbol, Date.now() - LOOKBACK_MS);
      return recent.filter((t) => !/^\d+$/.test(t.id ?? '') || Number(t.id) >= request.fromId!);
    }
    return ex.fetchMyTrades(symbol, request.startTime ?? Date.now() - LOOKBACK_MS);
  }

  private order(order: CcxtOrderLike, ourSymbol: string): unknown {
    return venueOrderOf(order, ourSymbol);
  }

  private symbolOf(ours: string): string {
    const symbol = this.ccxtSymbols.get(ours);
    if (symbol === undefined) throw new Error(`${ours} is not traded live here`);
    return symbol;
  }
}
