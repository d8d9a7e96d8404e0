/**
 * The strategy worker's core: runs the configured strategies on market data, turns their order requests into
 * `SubmitOrder` commands for risk with unique client order ids, and makes sure each reaches risk: a command counts as
 * delivered once any event for its id comes back (from execution, or a denial from risk); until then it is sent again
 * every second, and after a restart. Risk and execution are idempotent by client order id, so a resend is harmless.
 */
import type { Emit, Outgoing, WorkerCore } from '../core/worker-core.js';
import type { StrategyConfig } from '../protocol/config.js';
import type { Message, OrderEvent, Side, SubmitOrder } from '../protocol/messages.js';
import { isTerminal } from '../core/order-state.js';
import { createStrategy } from '../strategies/registry.js';
import type { Strategy, StrategyContext } from '../strategies/strategy.js';

const RESEND_AFTER_US = 1_000_000;

interface Instance {
  config: StrategyConfig;
  strategy: Strategy;
  /** Switched on: it sees market data and may send orders. Its order events arrive either way. */
  enabled: boolean;
  position: number;
  working: Set<string>;
  context: StrategyContext;
}

interface Pending {
  command: Omit<SubmitOrder, 'v' | 'seq'>;
  lastSent: number;
}

/** Hosts strategies and delivers their orders. */
export class StrategyEngine implements WorkerCore {
  private readonly instances = new Map<string, Instance>();
  private readonly pending = new Map<string, Pending>();
  private readonly fillIds = new Set<string>();
  private sessionTag: string | undefined;
  private nextId = 0;
  private now = 0;
  private paused = false;
  private readonly counts = { intents: 0, resends: 0, acks: 0, denials: 0, fills: 0 };

  constructor(
    private readonly worker: string,
    configs: StrategyConfig[],
    private readonly emit: Emit,
  ) {
    for (const config of configs) {
      const instance: Instance = { config, strategy: createStrategy(config), enabled: config.enabled, position: 0, working: new Set(), context: undefined! };
      instance.context = this.contextFor(instance);
      this.instances.set(config.id, instance);
    }
  }

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    this.now = now;
    // The first input's time names this session's order ids: deterministic on replay, distinct across sessions.
    this.sessionTag ??= Math.floor(now / 1000).toString(36);
    if (port === 'ctl') {
      if (message.type === 'SetPaused') this.paused = message.paused;
      if (message.type === 'SetStrategyEnabled') {
        const instance = this.instances.get(message.strategyId);
        if (instance !== undefined) instance.enabled = message.enabled;
      }
      return;
    }
    if (port === 'md') return this.onMarketData(message);
    if (isOrderEvent(message)) this.onOrderEvent(message);
  }

  onTimer(now: number): void {
    this.now = now;
    for (const [id, pending] of this.pending) {
      if (now - pending.lastSent < RESEND_AFTER_US) continue;
      this.counts.resends += 1;
      pending.lastSent = now;
      this.send(id, pending);
    }
  }

  onRecovered(now: number): void {
    this.now = now;
    for (const [id, pending] of this.pending) {
      pending.lastSent = now;
      this.send(id, pending);
    }
  }

  snapshot(): Array<{ topic: string; message: Outgoing }> {
    return [];
  }

  counters(): Record<string, number> {
    let enabled = 0;
    for (const instance of this.instances.values()) if (instance.enabled) enabled += 1;
    return { ...this.counts, pending: this.pending.size, strategies: this.instances.size, enabled };
  }

  private onMarketData(message: Message): void {
    if (this.paused) return;
    for (const instance of this.instances.values()) {
      if (!instance.enabled) continue;
      if (message.type === 'Trade') instance.strategy.onTrade?.(message, instance.context);
      else if (message.type === 'Bar') instance.strategy.onBar?.(message, instance.context);
    }
  }

  private onOrderEvent(event: OrderEvent): void {
    const instance = this.instances.get(event.strategyId);
    if (instance === undefined) return;
    if (this.pending.delete(event.clientOrderId)) this.counts.acks += 1;
    if (event.type === 'OrderDenied') this.counts.denials += 1;
    if (event.type === 'OrderFilled' && !this.fillIds.has(event.fillId)) {
      this.fillIds.add(event.fillId);
      this.counts.fills += 1;
      instance.position += event.side === 'buy' ? event.qty : -event.qty;
    }
    if (isTerminal(event.state)) instance.working.delete(event.clientOrderId);
    instance.strategy.onOrderEvent?.(event, instance.context);
  }

  private contextFor(instance: Instance): StrategyContext {
    const engine = this;
    return {
      get position() {
        return instance.position;
      },
      get hasWorkingOrder() {
        return instance.working.size > 0;
      },
      marketOrder(side: Side, qty: number, causeTs: number): string {
        return engine.submit(instance, side, qty, causeTs);
      },
    };
  }

  private submit(instance: Instance, side: Side, qty: number, causeTs: number): string {
    this.nextId += 1;
    const clientOrderId = `${instance.config.id}.${this.sessionTag ?? '0'}.${this.nextId}`;
    const { venue, symbol } = instance.config;
    const command: Pending['command'] = {
      type: 'SubmitOrder',
      ts: this.now,
      rts: this.now,
      src: this.worker,
      venue,
      symbol,
      clientOrderId,
      strategyId: instance.config.id,
      side,
      orderType: 'market',
      price: 0,
      qty,
      tif: 'IOC',
      causeTs,
    };
    const pending = { command, lastSent: this.now };
    this.pending.set(clientOrderId, pending);
    instance.working.add(clientOrderId);
    this.counts.intents += 1;
    this.send(clientOrderId, pending);
    return clientOrderId;
  }

  private send(_id: string, pending: Pending): void {
    // A fresh object each time: the port stamps its own sequence number on what it sends.
    this.emit('intents', '', { ...pending.command });
  }
}

function isOrderEvent(message: Message): message is OrderEvent {
  return 'clientOrderId' in message && message.type !== 'SubmitOrder' && message.type !== 'CancelOrder';
}
