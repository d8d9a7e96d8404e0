/**
 * The strategy worker's core: runs its strategy instances on market data, turns their order requests into commands
 * for risk with unique client order ids, and makes sure each reaches risk: a command counts as delivered once an
 * event for its id comes back (from execution, or a denial from risk); until then it is sent again every second, and
 * after a restart. Risk and execution are idempotent by client order id, so a resend is harmless.
 *
 * Instances are started, paused, stopped and given new parameters from the control channel, and report each change
 * as a `StrategyStatus` there. A strategy that throws fails alone: the worker and the other strategies go on.
 */
import { CONTROL_PORT, type Emit, type Outgoing, type WorkerCore } from '../core/worker-core.js';
import { isTerminal } from '../core/order-state.js';
import type { StrategyConfig } from '../protocol/config.js';
import type { AmendOrder, CancelOrder, Message, OrderEvent, SubmitOrder } from '../protocol/messages.js';
import type { StrategyDefinition } from '../strategies/api.js';
import type { ParamSchema } from '../strategies/params.js';
import { strategyDefinition } from '../strategies/registry.js';
import { MarketHistory } from './market-history.js';
import { StrategyInstance, type InstanceHost, type OrderFields } from './strategy-instance.js';

const RESEND_AFTER_US = 1_000_000;
/** Strategy id prefix of the orders the exits worker sends on an owner's behalf. */
const EXITS_PREFIX = 'exits:';
/** A status goes out at least this often per instance, so a host that restarted learns the state. */
const STATUS_EVERY_US = 5_000_000;

interface Pending {
  command: Omit<SubmitOrder, 'v' | 'seq'> | Omit<CancelOrder, 'v' | 'seq'> | Omit<AmendOrder, 'v' | 'seq'>;
  lastSent: number;
}

/** Hosts strategy instances and delivers their orders. */
export class StrategyEngine implements WorkerCore, InstanceHost {
  /** Live venues whose account check has not (yet, or again) passed: their strategies wait. */
  private readonly unreconciled = new Set<string>();
  private readonly instances = new Map<string, StrategyInstance>();
  /** Instances by instrument key, for routing market data. */
  private readonly byKey = new Map<string, StrategyInstance[]>();
  private readonly pending = new Map<string, Pending>();
  private readonly history = new MarketHistory();
  /** Instances whose position changed since the last tick: their status goes out then, once. */
  private readonly moved = new Set<StrategyInstance>();
  private sessionTag: string | undefined;
  private nextId = 0;
  private clock = 0;
  /** Receive time of the market event being handled: orders it causes carry it, for tick-to-order latency. */
  private cause = 0;
  private paused = false;
  private lastStatus = 0;
  private readonly counts = { intents: 0, cancels: 0, amends: 0, resends: 0, acks: 0, denials: 0, fills: 0, failures: 0, refused_params: 0 };

  constructor(
    private readonly worker: string,
    configs: StrategyConfig[],
    private readonly emit: Emit,
    definitions: (kind: string) => StrategyDefinition<ParamSchema> | undefined = strategyDefinition,
  ) {
    for (const config of configs) {
      const definition = definitions(config.kind);
      if (definition === undefined) throw new Error(`strategy ${config.id}: unknown kind ${config.kind}`);
      const instance = new StrategyInstance(config, definition, this.history, this);
      this.instances.set(config.id, instance);
      const list = this.byKey.get(instance.key) ?? [];
      list.push(instance);
      this.byKey.set(instance.key, list);
      if (definition.book === true) this.history.followBook(instance.key);
    }
  }

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    this.clock = now;
    // The first input's time names this session's order ids: deterministic on replay, distinct across sessions.
    this.sessionTag ??= Math.floor(now / 1000).toString(36);
    if (this.lastStatus === 0) this.start();
    if (port === CONTROL_PORT) return this.onControl(message);
    if (port === 'md') return this.onMarketData(message);
    if (message.type === 'ReconcileReport') return this.onReconcile(message.venue, message.state);
    if (isOrderEvent(message)) this.onOrderEvent(message);
  }

  onTimer(now: number): void {
    this.clock = now;
    this.cause = 0;
    if (this.lastStatus === 0) this.start();
    for (const [id, pending] of this.pending) {
      if (now - pending.lastSent < RESEND_AFTER_US) continue;
      this.counts.resends += 1;
      pending.lastSent = now;
      this.send(id, pending);
    }
    if (!this.paused) {
      for (const instance of this.instances.values()) {
        if (instance.state === 'running' && !this.unreconciled.has(venueOf(instance.key))) instance.deliver(instance.handler.onTimer, now);
      }
    }
    for (const instance of this.moved) this.publishStatus(instance);
    this.moved.clear();
    if (now - this.lastStatus >= STATUS_EVERY_US) {
      this.lastStatus = now;
      for (const instance of this.instances.values()) this.publishStatus(instance);
    }
  }

  onRecovered(now: number): void {
    this.clock = now;
    for (const [id, pending] of this.pending) {
      pending.lastSent = now;
      this.send(id, pending);
    }
    for (const instance of this.instances.values()) this.publishStatus(instance);
  }

  snapshot(): Array<{ topic: string; message: Outgoing }> {
    return [];
  }

  counters(): Record<string, number> {
    let running = 0;
    for (const instance of this.instances.values()) if (instance.state === 'running') running += 1;
    return { ...this.counts, pending: this.pending.size, strategies: this.instances.size, enabled: running };
  }

  // ------------------------------------------------------------------ InstanceHost

  now(): number {
    return this.clock;
  }

  submit(instance: StrategyInstance, fields: OrderFields): string {
    this.nextId += 1;
    const clientOrderId = `${instance.id}.${this.sessionTag ?? '0'}.${this.nextId}`;
    const { venue, symbol } = instance.config;
    const command: Pending['command'] = {
      type: 'SubmitOrder',
      ts: this.clock,
      rts: this.clock,
      src: this.worker,
      venue,
      symbol,
      clientOrderId,
      strategyId: instance.id,
      causeTs: this.cause,
      ...fields,
    };
    instance.addOrder(clientOrderId, fields);
    this.counts.intents += 1;
    this.deliver(clientOrderId, command);
    return clientOrderId;
  }

  cancel(instance: StrategyInstance, clientOrderId: string): void {
    const key = `cancel:${clientOrderId}`;
    if (this.pending.has(key)) return;
    const { venue, symbol } = instance.config;
    this.counts.cancels += 1;
    this.deliver(key, { type: 'CancelOrder', ts: this.clock, rts: this.clock, src: this.worker, venue, symbol, clientOrderId, strategyId: instance.id });
  }

  amend(instance: StrategyInstance, clientOrderId: string, changes: { price: number; qty: number; stopPrice: number }): void {
    if (changes.price === 0 && changes.qty === 0 && changes.stopPrice === 0) return;
    const { venue, symbol } = instance.config;
    this.counts.amends += 1;
    // Keyed per order: a newer amend replaces an unanswered older one, which it supersedes.
    this.deliver(`amend:${clientOrderId}`, { type: 'AmendOrder', ts: this.clock, rts: this.clock, src: this.worker, venue, symbol, clientOrderId, strategyId: instance.id, ...changes });
  }

  log(instance: StrategyInstance, level: 'info' | 'warn' | 'error', text: string): void {
    void instance;
    if (level === 'error') this.counts.failures += 1;
    this.emit(CONTROL_PORT, '', { type: 'WorkerLog', ts: this.clock, rts: this.clock, worker: this.worker, level, text });
  }

  positionChanged(instance: StrategyInstance): void {
    this.moved.add(instance);
  }

  changed(instance: StrategyInstance): void {
    if (instance.reason.startsWith('parameters refused')) this.counts.refused_params += 1;
    this.publishStatus(instance);
  }

  // ------------------------------------------------------------------ inputs

  /** Instances configured on start the first time the worker sees time. */
  private start(): void {
    this.lastStatus = this.clock;
    for (const instance of this.instances.values()) {
      if (instance.config.enabled) instance.run();
      else this.publishStatus(instance);
    }
  }

  private onControl(message: Message): void {
    if (message.type === 'SetPaused') {
      this.paused = message.paused;
      return;
    }
    if (message.type !== 'SetStrategyEnabled' && message.type !== 'SetStrategyState' && message.type !== 'SetStrategyParams') return;
    const instance = this.instances.get(message.strategyId);
    if (instance === undefined) return;
    if (message.type === 'SetStrategyParams') return instance.setParams(message.params);
    const state = message.type === 'SetStrategyEnabled' ? (message.enabled ? 'running' : 'stopped') : message.state;
    if (state === 'running') instance.run();
    else if (state === 'paused') instance.pause();
    else instance.stop();
  }

  /**
   * A live venue's account check (`ReconcileReport`): until it has passed, the venue's strategies see no market data
   * and no timer, so they send nothing on a state the terminal has not confirmed with the venue.
   */
  private onReconcile(venue: string, state: string): void {
    if (state === 'passed') this.unreconciled.delete(venue);
    else this.unreconciled.add(venue);
  }

  private onMarketData(message: Message): void {
    if (!('symbol' in message)) return;
    const key = `${message.venue}:${message.symbol}`;
    if (message.type === 'Trade') this.history.onTrade(key, message);
    else if (message.type === 'Bar') this.history.onBar(key, message);
    else if ((message.type === 'BookSnapshot' || message.type === 'BookUpdate') && !this.history.onBook(key, message)) return;
    if (this.paused || this.unreconciled.has(message.venue)) return;
    const instances = this.byKey.get(key);
    if (instances === undefined) return;
    this.cause = message.rts;
    const isBook = message.type === 'BookSnapshot' || message.type === 'BookUpdate';
    // One view of the book per update, whatever the number of strategies reading it.
    const book = isBook ? this.history.book(key) : undefined;
    for (const instance of instances) {
      if (instance.state !== 'running') continue;
      const handlers = instance.handler;
      if (message.type === 'Trade') instance.deliver(handlers.onTrade, message);
      else if (message.type === 'Bar') instance.deliver(handlers.onBar, message);
      else if (book !== undefined) instance.deliver(handlers.onBook, book);
    }
    this.cause = 0;
  }

  private onOrderEvent(event: OrderEvent): void {
    // The exits worker closes positions for their owners as `exits:<owner>`: its fills are the owner's.
    const owner = event.strategyId.startsWith(EXITS_PREFIX) ? event.strategyId.slice(EXITS_PREFIX.length) : event.strategyId;
    const instance = this.instances.get(owner);
    if (instance === undefined) return;
    if (this.pending.delete(event.clientOrderId)) this.counts.acks += 1;
    if (event.type === 'OrderDenied') this.counts.denials += 1;
    if (event.type === 'OrderFilled') this.counts.fills += 1;
    // A cancel is delivered once the order is finished, or the venue said why it could not cancel.
    const refused = (event as { type: string }).type === 'RequestRejected';
    if (('state' in event && isTerminal(event.state)) || refused) {
      this.pending.delete(`cancel:${event.clientOrderId}`);
      this.pending.delete(`amend:${event.clientOrderId}`);
    }
    if (event.type === 'OrderAmended') this.pending.delete(`amend:${event.clientOrderId}`);
    instance.onOrderEvent(event);
  }

  private deliver(id: string, command: Pending['command']): void {
    const pending = { command, lastSent: this.clock };
    this.pending.set(id, pending);
    this.send(id, pending);
  }

  private send(_id: string, pending: Pending): void {
    // A fresh object each time: the port stamps its own sequence number on what it sends.
    this.emit('intents', '', { ...pending.command });
  }

  private publishStatus(instance: StrategyInstance): void {
    const { venue, symbol, kind } = instance.config;
    this.emit(CONTROL_PORT, '', {
      type: 'StrategyStatus',
      ts: this.clock,
      rts: this.clock,
      worker: this.worker,
      strategyId: instance.id,
      kind,
      venue,
      symbol,
      state: instance.state,
      reason: instance.reason,
      params: instance.wireParams(),
      schema: instance.schemaJson,
      position: instance.position,
    });
  }
}

function isOrderEvent(message: Message): message is OrderEvent {
  return 'clientOrderId' in message && message.type !== 'SubmitOrder' && message.type !== 'CancelOrder' && message.type !== 'AmendOrder';
}

function venueOf(key: string): string {
  return key.slice(0, key.indexOf(':'));
}
