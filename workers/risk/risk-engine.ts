/**
 * The risk worker's core, and the only way into execution. Every order command is checked (trading state, order
 * size, position after a full fill including working orders, open orders, minimum value); a denial is published as
 * `OrderDenied` with the rule and the numbers, never dropped. Positions and P&L come from execution's fills only,
 * each fill counted once. Forwarded orders are resent until execution acknowledges them (`OrderSubmitted`).
 */
import type { Emit, Outgoing, WorkerCore } from '../core/worker-core.js';
import { formatMoney, instrumentKey, type InstrumentRegistry } from '../core/instrument.js';
import { isTerminal } from '../core/order-state.js';
import { PositionBook } from '../core/positions.js';
import {
  checkMaxOpenOrders,
  checkMaxOrderQty,
  checkMaxPosition,
  checkMinNotional,
  checkTradingState,
  type Denial,
} from '../core/risk-checks.js';
import { limitFor, type RiskConfig } from '../protocol/config.js';
import type {
  AmendOrder,
  CancelOrder,
  Message,
  OrderEvent,
  SubmitOrder,
  TradingState,
  TradingStateSource,
} from '../protocol/messages.js';
import { topics } from '../protocol/topics.js';
import { WorkingOrders, type WorkingOrder } from './working-orders.js';

const RESEND_AFTER_US = 1_000_000;
const RESTRICTIVENESS: Record<TradingState, number> = { active: 0, reducing: 1, halted: 2 };


/** Pre-trade checks, positions, P&L and trading state. */
export class RiskEngine implements WorkerCore {
  private readonly positions = new PositionBook();
  private readonly working = new WorkingOrders();
  /** Every client order id ever seen, forwarded or denied: a retry of one is never a new order. */
  private readonly seen = new Set<string>();
  private readonly states = new Map<TradingStateSource, { state: TradingState; cause: string }>();
  private readonly markDirty = new Set<string>();
  private readonly counts = {
    commands: 0,
    forwarded: 0,
    denied: 0,
    duplicates: 0,
    resends: 0,
    fills: 0,
    duplicate_fills: 0,
    cancels: 0,
    amends: 0,
    amends_denied: 0,
  };

  constructor(
    private readonly worker: string,
    private readonly registry: InstrumentRegistry,
    private readonly limits: RiskConfig,
    private readonly emit: Emit,
  ) {}

  /** The state that applies: the most restrictive over all sources, with its cause. */
  tradingState(): { state: TradingState; cause: string } {
    let worst = { state: 'active' as TradingState, cause: '' };
    for (const entry of this.states.values()) if (RESTRICTIVENESS[entry.state] > RESTRICTIVENESS[worst.state]) worst = entry;
    return worst;
  }

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    switch (message.type) {
      case 'SubmitOrder':
        return this.onSubmit(message, now);
      case 'CancelOrder':
        return this.onCancel(message, now);
      case 'AmendOrder':
        return this.onAmend(message, now);
      case 'SetTradingState':
        this.states.set(message.source, { state: message.state, cause: message.cause });
        return;
      case 'Bar':
        // The latest bar's close is the last trade price, conflated by the feed: marks without every trade.
        return this.onMark(message.venue, message.symbol, message.close);
      default:
        if (port === 'exec' && 'clientOrderId' in message) this.onOrderEvent(message as OrderEvent, now);
    }
  }

  onTimer(now: number): void {
    for (const order of this.working.values()) {
      if (order.acked || now - order.lastSent < RESEND_AFTER_US) continue;
      this.counts.resends += 1;
      this.forward(order, now);
    }
    for (const key of this.markDirty) this.publishPosition(key, now);
    this.markDirty.clear();
  }

  onRecovered(now: number): void {
    for (const order of this.working.values()) if (!order.acked) this.forward(order, now);
  }

  snapshot(prefix: string, now: number): Array<{ topic: string; message: Outgoing }> {
    const out: Array<{ topic: string; message: Outgoing }> = [];
    for (const key of this.positions.keys()) {
      const message = this.positionMessage(key, now);
      const topic = topics.position(message.venue, message.symbol);
      if (topic.startsWith(prefix)) out.push({ topic, message });
    }
    return out;
  }

  counters(): Record<string, number> {
    return { ...this.counts, working: this.working.size, trading_state: RESTRICTIVENESS[this.tradingState().state] };
  }

  private onSubmit(command: SubmitOrder, now: number): void {
    this.counts.commands += 1;
    const id = command.clientOrderId;
    if (this.seen.has(id)) {
      // A retry: resend what is unacknowledged, ignore what is settled.
      this.counts.duplicates += 1;
      const known = this.working.get(id);
      if (known !== undefined && !known.acked) this.forward(known, now);
      return;
    }
    this.seen.add(id);
    const denial = this.check(command);
    if (denial !== undefined) return this.deny(command, denial, now);
    this.counts.forwarded += 1;
    this.forward(this.working.add(command, now), now);
  }

  private check(command: SubmitOrder): Denial | undefined {
    const instrument = this.registry.get(command.venue, command.symbol);
    const key = instrument.key;
    const position = this.positions.get(key).qty;
    const { state } = this.tradingState();
    const working = this.working.exposure(key, command.side);
    // Valued at its own limit or trigger price when it has one, at the mark otherwise.
    const price = command.price > 0 ? command.price : (command.stopPrice ?? 0) > 0 ? (command.stopPrice as number) : this.positions.get(key).mark;
    return (
      checkTradingState(state, position, command.side, command.qty) ??
      checkMaxOrderQty(command.qty, limitFor(this.limits.maxOrderQty, command.symbol)) ??
      checkMaxPosition(position + working, command.side, command.qty, limitFor(this.limits.maxPosition, command.symbol)) ??
      checkMaxOpenOrders(this.working.size, this.limits.maxOpenOrders) ??
      (price > 0 ? checkMinNotional(price, command.qty, instrument.minNotionalUnits, (units) => `${formatMoney(instrument, units)} ${instrument.quote}`) : undefined)
    );
  }

  private deny(command: SubmitOrder, denial: Denial, now: number): void {
    this.counts.denied += 1;
    const { venue, symbol, clientOrderId, strategyId, side } = command;
    this.emit('pub', topics.order(venue, symbol), {
      type: 'OrderDenied',
      ts: now,
      rts: now,
      venue,
      symbol,
      clientOrderId,
      strategyId,
      side,
      state: 'rejected',
      ...denial,
    });
  }

  private forward(order: WorkingOrder, now: number): void {
    order.lastSent = now;
    this.emit('out', '', { ...order.command, src: this.worker, rts: now });
  }

  private onCancel(command: CancelOrder, now: number): void {
    this.counts.cancels += 1;
    // Orders risk forwarded and that are not finished are the only ones execution can cancel; a bracket leg the
    // venue placed is not one of them, so it goes through and execution (which tracks legs) decides.
    const id = command.clientOrderId;
    if (this.working.get(id) === undefined && !isLeg(id)) return this.refuse(command, 'cancel', this.seen.has(id) ? 'the order is done' : 'unknown order', now);
    this.emit('out', '', { ...command, src: this.worker, rts: now });
  }

  /** Answers a cancel or amend risk will not pass on, so the sender is not left waiting. */
  private refuse(command: CancelOrder | AmendOrder, request: 'cancel' | 'amend', reason: string, now: number): void {
    const { venue, symbol, clientOrderId, strategyId } = command;
    this.emit('pub', topics.order(venue, symbol), { type: 'RequestRejected', ts: now, rts: now, venue, symbol, clientOrderId, strategyId, request, reason });
  }

  /**
   * An amend that adds risk (a larger quantity) passes the same checks as a new order for the extra lots; a new price
   * or a smaller quantity always passes. A refusal is published as `RequestRejected` and the order stays as it was.
   */
  private onAmend(command: AmendOrder, now: number): void {
    this.counts.amends += 1;
    const order = this.working.get(command.clientOrderId);
    if (order === undefined) {
      // A bracket leg is execution's to judge; anything else risk does not hold is finished or unknown.
      if (isLeg(command.clientOrderId)) this.emit('out', '', { ...command, src: this.worker, rts: now });
      else this.refuse(command, 'amend', this.seen.has(command.clientOrderId) ? 'the order is done' : 'unknown order', now);
      return;
    }
    const denial = this.checkAmend(order, command);
    if (denial === undefined) {
      this.emit('out', '', { ...command, src: this.worker, rts: now });
      return;
    }
    this.counts.amends_denied += 1;
    this.refuse(command, 'amend', `${denial.rule}: ${denial.reason}`, now);
  }

  private checkAmend(order: WorkingOrder, command: AmendOrder): Denial | undefined {
    const { side, symbol } = order.command;
    const qty = command.qty > 0 ? command.qty : order.command.qty;
    const extra = qty - order.command.qty;
    const instrument = this.registry.get(command.venue, command.symbol);
    const price = command.price > 0 ? command.price : order.command.price;
    if (extra <= 0) return undefined;
    const position = this.positions.get(instrument.key).qty;
    const working = this.working.exposure(instrument.key, side);
    return (
      checkTradingState(this.tradingState().state, position, side, extra) ??
      checkMaxOrderQty(qty, limitFor(this.limits.maxOrderQty, symbol)) ??
      checkMaxPosition(position + working, side, extra, limitFor(this.limits.maxPosition, symbol)) ??
      (price > 0 ? checkMinNotional(price, qty - (order.command.qty - order.leaves), instrument.minNotionalUnits) : undefined)
    );
  }

  private onOrderEvent(event: OrderEvent, now: number): void {
    const order = this.working.get(event.clientOrderId);
    if (order !== undefined) {
      order.acked = true;
      if (event.type === 'OrderFilled') this.working.setLeaves(order, event.leavesQty);
      else if (event.type === 'OrderAmended') this.working.amend(order, event);
      if (isTerminal(event.state)) this.working.finish(event.clientOrderId);
    }
    if (event.type !== 'OrderFilled') return;
    const key = instrumentKey(event.venue, event.symbol);
    const applied = this.positions.applyFill({ key, side: event.side, price: event.price, qty: event.qty, fillId: event.fillId, fee: event.fee ?? 0 });
    if (!applied) {
      this.counts.duplicate_fills += 1;
      return;
    }
    this.counts.fills += 1;
    this.publishPosition(key, now);
  }

  private onMark(venue: string, symbol: string, price: number): void {
    const key = instrumentKey(venue, symbol);
    if (this.positions.get(key).mark === price) return;
    this.positions.mark(key, price);
    if (this.positions.get(key).qty !== 0) this.markDirty.add(key);
  }

  private publishPosition(key: string, now: number): void {
    const message = this.positionMessage(key, now);
    this.emit('pub', topics.position(message.venue, message.symbol), message);
  }

  private positionMessage(key: string, now: number): Outgoing & { venue: string; symbol: string } {
    const [venue = '', symbol = ''] = key.split(':');
    const view = this.positions.get(key);
    return { type: 'PositionChanged', ts: now, rts: now, venue, symbol, ...view };
  }
}

/** Bracket legs the venue places are named `<entry id>:tp` and `<entry id>:sl`. */
function isLeg(clientOrderId: string): boolean {
  return clientOrderId.endsWith(':tp') || clientOrderId.endsWith(':sl');
}
