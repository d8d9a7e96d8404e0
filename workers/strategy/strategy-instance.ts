/**
 * One running strategy instance: its definition, parameters and run state, its orders and position from its own
 * events, and the context it sees. Every call into strategy code goes through `call`, so a strategy that throws is
 * stopped with the error and nothing else is disturbed.
 */
import { isTerminal } from '../core/order-state.js';
import type { StrategyConfig } from '../protocol/config.js';
import type { OrderEvent, ParamValue, Side, StrategyRunState, SubmitOrder } from '../protocol/messages.js';
import type { OrderOptions, StrategyContext, StrategyDefinition, StrategyHandlers, StrategyOrder } from '../strategies/api.js';
import { resolveParams, toWire, type ParamSchema, type ParamsOf } from '../strategies/params.js';
import type { MarketHistory } from './market-history.js';

/** The order fields a strategy chooses; the engine adds ids, instrument and envelope. */
export type OrderFields = Pick<SubmitOrder, 'side' | 'orderType' | 'price' | 'qty' | 'tif'> &
  Partial<Pick<SubmitOrder, 'stopPrice' | 'trailAmount' | 'trailBps' | 'postOnly' | 'reduceOnly' | 'takeProfit' | 'stopLoss'>>;

/** What an instance needs from the engine that hosts it. */
export interface InstanceHost {
  now(): number;
  submit(instance: StrategyInstance, fields: OrderFields): string;
  cancel(instance: StrategyInstance, clientOrderId: string): void;
  amend(instance: StrategyInstance, clientOrderId: string, changes: { price: number; qty: number; stopPrice: number }): void;
  log(instance: StrategyInstance, level: 'info' | 'warn' | 'error', text: string): void;
  /** Something a `StrategyStatus` shows changed. */
  changed(instance: StrategyInstance): void;
  /** Its position changed: shown soon, not on every fill. */
  positionChanged(instance: StrategyInstance): void;
}

type Params = ParamsOf<ParamSchema>;

interface MutableOrder {
  clientOrderId: string;
  side: Side;
  orderType: StrategyOrder['orderType'];
  price: number;
  stopPrice: number;
  qty: number;
  filledQty: number;
  state: StrategyOrder['state'];
}

export class StrategyInstance {
  readonly id: string;
  readonly key: string;
  state: StrategyRunState = 'stopped';
  /** Why it failed, or why the last parameter change was refused. */
  reason = '';
  params: Params;
  position = 0;
  private handlers: StrategyHandlers<Params> = {};
  private readonly orders = new Map<string, MutableOrder>();
  private readonly fillIds = new Set<string>();
  readonly context: StrategyContext;
  /** The parameter schema as the status carries it: written once, it never changes. */
  readonly schemaJson: string;

  constructor(
    readonly config: StrategyConfig,
    readonly definition: StrategyDefinition<ParamSchema>,
    private readonly history: MarketHistory,
    private readonly host: InstanceHost,
  ) {
    this.id = config.id;
    this.key = `${config.venue}:${config.symbol}`;
    const resolved = resolveParams(definition.params, config.params);
    if (!resolved.ok) throw new Error(`strategy ${config.id}: ${resolved.reason}`);
    this.params = resolved.params;
    this.context = this.makeContext();
    this.schemaJson = JSON.stringify(definition.params);
  }

  /** Parameters as they go on the wire. */
  wireParams(): Record<string, ParamValue> {
    return toWire(this.params);
  }

  /** Starts (or resumes) it: a stopped or failed instance is created afresh, a paused one just carries on. */
  run(): void {
    if (this.state === 'running') return;
    if (this.state !== 'paused' && !this.create()) return;
    this.state = 'running';
    this.reason = '';
    this.host.changed(this);
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.host.changed(this);
  }

  /** Stops it and cancels its working orders; its position stays. */
  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.cancelAll();
    this.host.changed(this);
  }

  /** New parameters, checked against the schema; a refusal keeps the old ones and says why. */
  setParams(given: Readonly<Record<string, unknown>>): void {
    const resolved = resolveParams(this.definition.params, given, this.params);
    if (!resolved.ok) {
      this.reason = `parameters refused: ${resolved.reason}`;
      this.host.log(this, 'warn', `${this.id}: ${this.reason}`);
      this.host.changed(this);
      return;
    }
    this.params = resolved.params;
    this.reason = '';
    if (this.state === 'running' || this.state === 'paused') {
      if (this.handlers.onParams !== undefined) this.call(() => this.handlers.onParams?.(this.params));
      else this.create();
    }
    this.host.changed(this);
  }

  /** Calls strategy code; if it throws, the instance fails with the error and its orders are canceled. */
  call(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.fail(error);
    }
  }

  /** `call` for a handler and its argument, without a closure per market event (the hot path). */
  deliver<T>(handler: ((value: T) => void) | undefined, value: T): void {
    if (handler === undefined) return;
    try {
      handler.call(this.handlers, value);
    } catch (error) {
      this.fail(error);
    }
  }

  get handler(): StrategyHandlers<Params> {
    return this.handlers;
  }

  /** An event of one of its orders: orders and position follow it, then the strategy sees it. */
  onOrderEvent(event: OrderEvent): void {
    this.track(event);
    if (this.state === 'running' || this.state === 'paused') this.call(() => this.handlers.onOrder?.(event));
  }

  /** Records an order it just sent. */
  addOrder(clientOrderId: string, fields: OrderFields): void {
    const { side, orderType, price, qty } = fields;
    this.orders.set(clientOrderId, { clientOrderId, side, orderType, price, stopPrice: fields.stopPrice ?? 0, qty, filledQty: 0, state: 'pending_new' });
  }

  workingIds(): string[] {
    return [...this.orders.keys()];
  }

  private create(): boolean {
    try {
      this.handlers = this.definition.create(this.context, this.params);
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private fail(error: unknown): void {
    this.state = 'failed';
    this.reason = error instanceof Error ? error.message : String(error);
    this.handlers = {};
    this.host.log(this, 'error', `${this.id} stopped: ${this.reason}`);
    this.cancelAll();
    this.host.changed(this);
  }

  private cancelAll(): void {
    for (const id of this.orders.keys()) this.host.cancel(this, id);
  }

  private track(event: OrderEvent): void {
    let order = this.orders.get(event.clientOrderId);
    if (order === undefined && event.type === 'OrderAccepted' && event.parentId !== undefined && event.orderType !== undefined) {
      // A bracket leg the venue placed for one of our orders.
      order = { clientOrderId: event.clientOrderId, side: event.side, orderType: event.orderType, price: event.price ?? 0, stopPrice: event.stopPrice ?? 0, qty: event.qty ?? 0, filledQty: 0, state: 'accepted' };
      this.orders.set(event.clientOrderId, order);
    }
    if (event.type === 'OrderFilled' && !this.fillIds.has(event.fillId)) {
      this.fillIds.add(event.fillId);
      this.position += event.side === 'buy' ? event.qty : -event.qty;
      if (order !== undefined) order.filledQty = event.filledQty;
      this.host.positionChanged(this);
    }
    if (order === undefined) return;
    if (event.type === 'OrderAmended') {
      order.price = event.price;
      order.qty = event.qty;
      order.stopPrice = event.stopPrice;
    }
    if ('state' in event && event.state !== undefined) order.state = event.state;
    if (isTerminal(order.state)) this.orders.delete(event.clientOrderId);
  }

  private makeContext(): StrategyContext {
    const self = this;
    const { venue, symbol } = this.config;
    const send = (fields: OrderFields) => this.host.submit(this, fields);
    const extras = (options: OrderOptions | undefined) => {
      const out: Partial<OrderFields> = {};
      if (options?.postOnly === true) out.postOnly = true;
      if (options?.reduceOnly === true) out.reduceOnly = true;
      if (options?.takeProfit !== undefined && options.takeProfit > 0) out.takeProfit = options.takeProfit;
      if (options?.stopLoss !== undefined && options.stopLoss > 0) out.stopLoss = options.stopLoss;
      return out;
    };
    return {
      id: this.id,
      venue,
      symbol,
      now: () => this.host.now(),
      position: () => this.position,
      orders: () => [...this.orders.values()],
      bars: (tf) => this.history.bars(self.key, tf),
      lastPrice: () => this.history.last(self.key),
      book: () => this.history.book(self.key),
      market: (side, qty, options) => send({ side, orderType: 'market', price: 0, qty, tif: 'IOC', ...extras(options) }),
      limit: (side, qty, price, options) => send({ side, orderType: 'limit', price, qty, tif: options?.tif ?? 'GTC', ...extras(options) }),
      stop: (side, qty, stopPrice, options) =>
        send({
          side,
          orderType: options?.limitPrice === undefined ? 'stop' : 'stop_limit',
          price: options?.limitPrice ?? 0,
          stopPrice,
          qty,
          tif: 'GTC',
          ...(options?.reduceOnly === true ? { reduceOnly: true } : {}),
        }),
      trailingStop: (side, qty, trail, options) =>
        send({
          side,
          orderType: 'trailing_stop',
          price: 0,
          qty,
          tif: 'GTC',
          ...(trail.amount !== undefined ? { trailAmount: trail.amount } : { trailBps: trail.bps ?? 0 }),
          ...(options?.reduceOnly === true ? { reduceOnly: true } : {}),
        }),
      bracket: (side, qty, exits, entryPrice) =>
        send({
          side,
          orderType: entryPrice === undefined ? 'market' : 'limit',
          price: entryPrice ?? 0,
          qty,
          tif: entryPrice === undefined ? 'IOC' : 'GTC',
          ...extras(exits),
        }),
      amend: (clientOrderId, changes) => {
        if (!this.orders.has(clientOrderId)) return;
        this.host.amend(this, clientOrderId, { price: changes.price ?? 0, qty: changes.qty ?? 0, stopPrice: changes.stopPrice ?? 0 });
      },
      cancel: (clientOrderId) => {
        if (this.orders.has(clientOrderId)) this.host.cancel(this, clientOrderId);
      },
      cancelAll: () => this.cancelAll(),
      flatten: () => {
        this.cancelAll();
        if (this.position === 0) return undefined;
        return send({ side: this.position > 0 ? 'sell' : 'buy', orderType: 'market', price: 0, qty: Math.abs(this.position), tif: 'IOC' });
      },
      log: (text) => this.host.log(this, 'info', `${this.id}: ${text}`),
    };
  }
}
