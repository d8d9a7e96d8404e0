/**
 * The {@link StrategyContext} of a trade-level backtest, and the path every order takes: the strategy's helpers make
 * protocol commands (`SubmitOrder`, `CancelOrder`, `AmendOrder`), the real risk core checks them (pre-trade.ts)
 * and forwards or denies them, and what it forwards goes to the {@link TapeMarket} after the latency. Reports of
 * the market's engine become the protocol's order events, for risk (positions, working orders) and for the
 * strategy's `onOrder`, queued and delivered after the current handler returns, as the live worker does.
 */
import type { EngineOrderEvent } from '../../core/matching-engine.js';
import { PositionBook } from '../../core/positions.js';
import type { Outgoing } from '../../core/worker-core.js';
import { SCHEMA_VERSION, type Bar, type Message, type OrderEvent, type OrderType, type Side, type TimeInForce, type Timeframe } from '../../protocol/messages.js';
import type { OrderExtras, SubmitOrder } from '../../protocol/messages.js';
import type { RiskEngine } from '../../risk/risk-engine.js';
import type { OrderOptions, StrategyContext, StrategyOrder } from '../../strategies/api.js';
import { orderReport, orderRequestOf } from '../../venues/order-reports.js';
import { HISTORY_BARS } from '../backtest-context.js';
import type { TapeMarket } from './tape-market.js';

const FINISHED = new Set(['filled', 'canceled', 'expired', 'rejected']);

/** A fill as the run records it. */
export interface TradeFill {
  time: number;
  orderId: string;
  side: Side;
  price: number;
  qty: number;
  fee: number;
}

/** The world around one strategy instance in a trade-level backtest. */
export class TradeContext {
  readonly context: StrategyContext;
  readonly book = new PositionBook('fifo');
  readonly key: string;
  readonly pending: OrderEvent[] = [];
  readonly logs: string[] = [];
  readonly fills: TradeFill[] = [];
  readonly counts = { submitted: 0, denied: 0, refused: 0 };
  clock = 0;
  last: number | undefined = undefined;
  private readonly history: Bar[] = [];
  private readonly working = new Map<string, StrategyOrder & { state: StrategyOrder['state'] }>();
  private seq = 0;
  private orderCount = 0;
  /** Set while risk handles a command: where its forwarded command goes. */
  private market: TapeMarket | undefined;

  constructor(
    readonly id: string,
    readonly venue: string,
    readonly symbol: string,
    private readonly risk: RiskEngine,
  ) {
    this.key = `${venue}:${symbol}`;
    this.context = this.makeContext();
  }

  /** Connects the market (built after the context, since its reports come here). */
  attach(market: TapeMarket): void {
    this.market = market;
  }

  /** What the risk core emits: forwarded commands to the market, denials and refusals back to the strategy. */
  onRiskOutput(port: string, message: Outgoing): void {
    const market = this.market as TapeMarket;
    if (port === 'out') {
      if (message.type === 'SubmitOrder') market.submit(orderRequestOf(this.id, message as SubmitOrder), this.clock);
      else if (message.type === 'CancelOrder') market.cancel(this.id, message.clientOrderId, this.clock);
      else if (message.type === 'AmendOrder') market.amend(this.id, message.clientOrderId, { price: message.price, qty: message.qty, stopPrice: message.stopPrice }, this.clock);
      return;
    }
    if (message.type === 'OrderDenied') {
      this.counts.denied++;
      this.deliver({ ...message, v: SCHEMA_VERSION, seq: ++this.seq } as OrderEvent);
    } else if (message.type === 'RequestRejected') {
      this.counts.refused++;
      this.logs.push(`${message.request} of ${message.clientOrderId} refused: ${message.reason}`);
    }
  }

  /** A report of the market's engine about one of our orders. */
  onMarketEvent(event: EngineOrderEvent, now: number): void {
    const message = { ...orderReport(event, { venue: this.venue, symbol: this.symbol, now }), v: SCHEMA_VERSION, seq: ++this.seq } as OrderEvent;
    this.risk.onMessage('exec', '', message as Message, now);
    if (message.type === 'OrderFilled') {
      this.book.applyFill({ key: this.key, side: message.side, price: message.price, qty: message.qty, fillId: message.fillId, fee: message.fee ?? 0 });
      this.fills.push({ time: now, orderId: message.clientOrderId, side: message.side, price: message.price, qty: message.qty, fee: message.fee ?? 0 });
    }
    this.deliver(message);
  }

  /** A closed bar joins the history (and marks risk's position). */
  addBar(bar: Bar): void {
    this.history.push(bar);
    if (this.history.length > HISTORY_BARS * 2) this.history.splice(0, this.history.length - HISTORY_BARS);
    this.risk.onMessage('md', '', bar, this.clock);
  }

  position(): number {
    return this.book.get(this.key).qty;
  }

  private deliver(message: OrderEvent): void {
    const known = this.working.get(message.clientOrderId);
    if (known !== undefined) {
      known.state = message.state;
      if (message.type === 'OrderFilled') (known as { filledQty: number }).filledQty = message.filledQty;
      if (message.type === 'OrderAmended') Object.assign(known, { price: message.price, qty: message.qty, stopPrice: message.stopPrice });
      if (FINISHED.has(message.state)) this.working.delete(message.clientOrderId);
    } else if (message.type === 'OrderAccepted' && message.parentId !== undefined && !FINISHED.has(message.state)) {
      // A bracket leg the venue placed: the strategy's order from now on.
      this.working.set(message.clientOrderId, { clientOrderId: message.clientOrderId, side: message.side, orderType: message.orderType ?? 'limit', price: message.price ?? 0, stopPrice: message.stopPrice ?? 0, qty: message.qty ?? 0, filledQty: 0, state: message.state });
    }
    this.pending.push(message);
  }

  private submit(side: Side, orderType: OrderType, qty: number, price: number, tif: TimeInForce, extras: OrderExtras): string {
    const clientOrderId = `${this.id}-${++this.orderCount}`;
    const now = this.clock;
    this.counts.submitted++;
    this.working.set(clientOrderId, { clientOrderId, side, orderType, price, stopPrice: extras.stopPrice ?? 0, qty, filledQty: 0, state: 'pending_new' });
    const command: SubmitOrder = { v: SCHEMA_VERSION, seq: ++this.seq, ts: now, rts: now, type: 'SubmitOrder', venue: this.venue, symbol: this.symbol, src: 'strategy', clientOrderId, strategyId: this.id, side, orderType, price, qty, tif, causeTs: now, ...extras };
    this.risk.onMessage('orders', '', command, now);
    return clientOrderId;
  }

  private command(type: 'CancelOrder' | 'AmendOrder', clientOrderId: string, changes = { price: 0, qty: 0, stopPrice: 0 }): void {
    const now = this.clock;
    const base = { v: SCHEMA_VERSION, seq: ++this.seq, ts: now, rts: now, venue: this.venue, symbol: this.symbol, src: 'strategy', clientOrderId, strategyId: this.id };
    this.risk.onMessage('orders', '', type === 'CancelOrder' ? { ...base, type } : { ...base, type, ...changes }, now);
  }

  private makeContext(): StrategyContext {
    const extras = (options: OrderOptions | undefined): OrderExtras => ({
      ...(options?.postOnly === true ? { postOnly: true } : {}),
      ...(options?.reduceOnly === true ? { reduceOnly: true } : {}),
      ...(options?.takeProfit !== undefined && options.takeProfit > 0 ? { takeProfit: options.takeProfit } : {}),
      ...(options?.stopLoss !== undefined && options.stopLoss > 0 ? { stopLoss: options.stopLoss } : {}),
    });
    const cancelAll = () => {
      for (const id of [...this.working.keys()]) this.command('CancelOrder', id);
    };
    return {
      id: this.id,
      venue: this.venue,
      symbol: this.symbol,
      now: () => this.clock,
      position: () => this.position(),
      orders: () => (this.working.size === 0 ? [] : [...this.working.values()].map((order) => ({ ...order }))),
      bars: (tf: Timeframe) => this.history.filter((bar) => bar.tf === tf).slice(-HISTORY_BARS),
      lastPrice: () => this.last,
      book: () => undefined,
      market: (side, qty, options) => this.submit(side, 'market', qty, 0, 'IOC', extras(options)),
      limit: (side, qty, price, options) => this.submit(side, 'limit', qty, price, options?.tif ?? 'GTC', extras(options)),
      stop: (side, qty, stopPrice, options) =>
        this.submit(side, options?.limitPrice === undefined ? 'stop' : 'stop_limit', qty, options?.limitPrice ?? 0, 'GTC', { stopPrice, ...(options?.reduceOnly === true ? { reduceOnly: true } : {}) }),
      trailingStop: (side, qty, trail, options) =>
        this.submit(side, 'trailing_stop', qty, 0, 'GTC', { trailAmount: trail.amount ?? 0, trailBps: trail.amount === undefined ? (trail.bps ?? 0) : 0, ...(options?.reduceOnly === true ? { reduceOnly: true } : {}) }),
      bracket: (side, qty, exits, entryPrice) => this.submit(side, entryPrice === undefined ? 'market' : 'limit', qty, entryPrice ?? 0, entryPrice === undefined ? 'IOC' : 'GTC', extras(exits)),
      amend: (clientOrderId, changes) => this.command('AmendOrder', clientOrderId, { price: changes.price ?? 0, qty: changes.qty ?? 0, stopPrice: changes.stopPrice ?? 0 }),
      cancel: (clientOrderId) => this.command('CancelOrder', clientOrderId),
      cancelAll,
      flatten: () => {
        cancelAll();
        const position = this.position();
        if (position === 0) return undefined;
        return this.submit(position > 0 ? 'sell' : 'buy', 'market', Math.abs(position), 0, 'IOC', { reduceOnly: true });
      },
      log: (text) => {
        this.logs.push(text);
      },
    };
  }
}
