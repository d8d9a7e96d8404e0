/**
 * The {@link StrategyContext} a strategy sees in a backtest: the simulated clock, the closed bars so far, its position
 * from its fills and its working orders in the {@link BarFillModel}. Order helpers go to
 * the fill model; what happens to orders comes back as the protocol's order events (`OrderAccepted`, `OrderFilled`,
 * `OrderCanceled`...), queued and delivered to `onOrder` after the current handler returns, as the live worker does.
 */
import { SCHEMA_VERSION, type Bar, type OrderEvent, type Side, type Timeframe } from '../protocol/messages.js';
import type { OrderOptions, StrategyContext, StrategyOrder } from '../strategies/api.js';
import type { BarFillModel, ModelEvent, OrderRequest } from './bar-fill-model.js';

/** How many closed bars `bars()` keeps, as the live worker keeps the most recent few hundred. */
export const HISTORY_BARS = 1000;

/** The simulated world around one strategy instance. */
export class BacktestContext {
  readonly key: string;
  /** Order events waiting for `onOrder`. */
  readonly pending: OrderEvent[] = [];
  readonly context: StrategyContext;
  readonly logs: string[] = [];
  /** The closed bars so far, the newest HISTORY_BARS to 2 × HISTORY_BARS of them in `history[0, historyLength)`. */
  private readonly history: Bar[] = new Array<Bar>(HISTORY_BARS * 2);
  private historyLength = 0;
  private clock = 0;
  /** Signed position from the fills, lots (P&L is the statistics' business: round trips from the fills). */
  private qty = 0;
  private seq = 0;
  private orderCount = 0;

  constructor(
    readonly id: string,
    readonly venue: string,
    readonly symbol: string,
    private readonly model: BarFillModel,
  ) {
    this.key = `${venue}:${symbol}`;
    this.context = this.makeContext();
  }

  /** Sets the simulated time, µs. */
  setTime(now: number): void {
    this.clock = now;
  }

  /** A closed bar joins the history and marks the position. */
  addBar(bar: Bar): void {
    if (this.historyLength === this.history.length) this.trimHistory();
    this.history[this.historyLength++] = bar;
  }

  /**
   * Keeps the newest HISTORY_BARS bars, in place (splice, or a shrinking length, would allocate), with a plain loop
   * (the generic copyWithin builtin is many times slower on an array of objects). A method of its own, called once
   * every HISTORY_BARS bars, so the optimiser does not spend the bar loop's inlining budget on it.
   */
  private trimHistory(): void {
    const from = this.historyLength - HISTORY_BARS;
    for (let i = 0; i < HISTORY_BARS; i++) this.history[i] = this.history[from + i] as Bar;
    this.historyLength = HISTORY_BARS;
  }

  position(): number {
    return this.qty;
  }

  lastClose(): number | undefined {
    return this.historyLength > 0 ? this.history[this.historyLength - 1]?.close : undefined;
  }

  /** Records a model event: fills move the position; every event is queued for the strategy. */
  record(event: ModelEvent): OrderEvent {
    if (event.kind === 'filled') {
      this.qty += event.order.side === 'buy' ? event.qty : -event.qty;
    }
    const message = this.toOrderEvent(event);
    this.pending.push(message);
    return message;
  }

  /** Converts a model event to the protocol message the live worker would deliver (literals, no spreads: it is hot). */
  private toOrderEvent(event: ModelEvent): OrderEvent {
    const { order } = event;
    const v = SCHEMA_VERSION;
    const seq = ++this.seq;
    const ts = this.clock;
    const { venue, symbol, id: strategyId } = this;
    const clientOrderId = order.id;
    const side = order.side;
    const state = order.state;
    switch (event.kind) {
      case 'accepted': {
        const accepted: OrderEvent = { v, seq, ts, rts: ts, venue, symbol, clientOrderId, strategyId, side, state, type: 'OrderAccepted', venueOrderId: `v-${order.id}` };
        if (order.parentId !== undefined) Object.assign(accepted, { parentId: order.parentId, orderType: order.orderType, price: order.price, qty: order.qty, tif: order.tif, stopPrice: order.stopPrice });
        return accepted;
      }
      case 'rejected':
        return { v, seq, ts, rts: ts, venue, symbol, clientOrderId, strategyId, side, state, type: 'OrderRejected', reason: event.reason };
      case 'canceled':
        return { v, seq, ts, rts: ts, venue, symbol, clientOrderId, strategyId, side, state, type: 'OrderCanceled', canceledQty: event.canceledQty, reason: event.reason };
      case 'expired':
        return { v, seq, ts, rts: ts, venue, symbol, clientOrderId, strategyId, side, state, type: 'OrderExpired', expiredQty: event.expiredQty, reason: event.reason };
      case 'amended':
        return { v, seq, ts, rts: ts, venue, symbol, clientOrderId, strategyId, side, state, type: 'OrderAmended', price: order.price, qty: order.qty, stopPrice: order.stopPrice, leavesQty: order.qty - order.filledQty, reason: event.reason };
      case 'filled':
        return {
          v, seq, ts, rts: ts, venue, symbol, clientOrderId, strategyId, side, state,
          type: 'OrderFilled',
          venueOrderId: `v-${order.id}`,
          fillId: event.fillId,
          price: event.price,
          qty: event.qty,
          filledQty: order.filledQty,
          leavesQty: order.qty - order.filledQty,
          liquidity: event.liquidity,
          fee: event.fee,
        };
    }
  }

  private submit(request: OrderRequest): string {
    const id = `${this.id}-${++this.orderCount}`;
    this.record(this.model.submit(id, request, this.lastClose()));
    return id;
  }

  private cancelAll(): void {
    for (const order of this.model.working()) {
      const event = this.model.cancel(order.id);
      if (event !== undefined) this.record(event);
    }
  }

  private makeContext(): StrategyContext {
    const extras = (options: OrderOptions | undefined): Partial<OrderRequest> => ({
      reduceOnly: options?.reduceOnly === true,
      takeProfit: options?.takeProfit !== undefined && options.takeProfit > 0 ? options.takeProfit : 0,
      stopLoss: options?.stopLoss !== undefined && options.stopLoss > 0 ? options.stopLoss : 0,
    });
    const flatten = (): string | undefined => {
      this.cancelAll();
      const position = this.position();
      if (position === 0) return undefined;
      const side: Side = position > 0 ? 'sell' : 'buy';
      return this.submit({ side, orderType: 'market', price: 0, qty: Math.abs(position), tif: 'IOC' });
    };
    return {
      id: this.id,
      venue: this.venue,
      symbol: this.symbol,
      now: () => this.clock,
      position: () => this.position(),
      orders: () => this.model.working().map(toStrategyOrder),
      bars: (tf: Timeframe) => this.history.slice(0, this.historyLength).filter((bar) => bar.tf === tf).slice(-HISTORY_BARS),
      lastPrice: () => this.lastClose(),
      book: () => undefined,
      market: (side, qty, options) => this.submit({ side, orderType: 'market', price: 0, qty, tif: 'IOC', ...extras(options) }),
      limit: (side, qty, price, options) => this.submit({ side, orderType: 'limit', price, qty, tif: options?.tif ?? 'GTC', ...extras(options) }),
      stop: (side, qty, stopPrice, options) =>
        this.submit({ side, orderType: options?.limitPrice === undefined ? 'stop' : 'stop_limit', price: options?.limitPrice ?? 0, stopPrice, qty, tif: 'GTC', reduceOnly: options?.reduceOnly === true }),
      trailingStop: (side, qty, trail, options) =>
        this.submit({ side, orderType: 'trailing_stop', price: 0, qty, tif: 'GTC', trailAmount: trail.amount ?? 0, trailBps: trail.amount === undefined ? (trail.bps ?? 0) : 0, reduceOnly: options?.reduceOnly === true }),
      bracket: (side, qty, exits, entryPrice) =>
        this.submit({ side, orderType: entryPrice === undefined ? 'market' : 'limit', price: entryPrice ?? 0, qty, tif: entryPrice === undefined ? 'IOC' : 'GTC', ...extras(exits) }),
      amend: (clientOrderId, changes) => {
        const event = this.model.amend(clientOrderId, { price: changes.price ?? 0, qty: changes.qty ?? 0, stopPrice: changes.stopPrice ?? 0 });
        if (event !== undefined) this.record(event);
      },
      cancel: (clientOrderId) => {
        const event = this.model.cancel(clientOrderId);
        if (event !== undefined) this.record(event);
      },
      cancelAll: () => this.cancelAll(),
      flatten,
      log: (text) => {
        this.logs.push(text);
      },
    };
  }
}

function toStrategyOrder(order: { id: string; side: Side; orderType: StrategyOrder['orderType']; price: number; stopPrice: number; qty: number; filledQty: number; state: StrategyOrder['state'] }): StrategyOrder {
  return { clientOrderId: order.id, side: order.side, orderType: order.orderType, price: order.price, stopPrice: order.stopPrice, qty: order.qty, filledQty: order.filledQty, state: order.state };
}
