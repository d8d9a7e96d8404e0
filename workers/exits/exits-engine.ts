/**
 * The exits worker's core: stop-losses, profit targets, trailing stops, break-even moves and time stops for the
 * positions of any owner (a strategy, or `manual` for the user's orders), enforced by this worker alone — whatever
 * state the strategy that opened the position is in, running, paused, stopped or failed.
 *
 * Plans arrive on the control channel (`SetExitPlan`, `ClearExitPlan`); each (instrument, owner) position with a plan
 * has an {@link ExitTracker} that decides the venue orders. Positions per owner come from execution's fills (exit
 * orders count for the owner they protect); prices from trades (risk's marks until the first trade); ATR from closed
 * bars. Orders go to risk's `riskIn` as strategy `exits:<owner>`, always reduce-only, and are delivered like the
 * strategy worker's: a command counts as delivered once an event for its id comes back (from execution, or a denial
 * from risk); until then it is sent again every second, and after a restart. Every plan's state goes to the host as
 * an `ExitStatus` on the control channel: on every change, every few seconds, and a last time when it ends.
 */
import { isTerminal } from '../core/order-state.js';
import { ExitTracker, type ExitAction, type ExitView } from '../core/exits/exit-tracker.js';
import { exitPlanFieldsProblem, fieldsFromPlan, planFromFields, type ExitPlan } from '../core/exits/plan.js';
import { CONTROL_PORT, type Emit, type Outgoing, type WorkerCore } from '../core/worker-core.js';
import type {
  AmendOrder,
  CancelOrder,
  ClearExitPlan,
  ExitAttach,
  ExitStatus,
  Message,
  OrderEvent,
  OrderFilled,
  RequestRejected,
  SetExitPlan,
  SubmitOrder,
  Timeframe,
} from '../protocol/messages.js';
import { MarketMemory, RecentOrders } from './market-memory.js';
import { exitsStrategyId, OwnerPositions, positionKey } from './owner-positions.js';

const RESEND_AFTER_US = 1_000_000;
/** A status goes out at least this often per plan, so a host that restarted learns the state. */
const STATUS_EVERY_US = 5_000_000;

type Command = Omit<SubmitOrder, 'v' | 'seq'> | Omit<CancelOrder, 'v' | 'seq'> | Omit<AmendOrder, 'v' | 'seq'>;

interface Pending {
  command: Command;
  lastSent: number;
}

/** A plan as its statuses name it, and the last status sent. */
interface Reported {
  key: string;
  venue: string;
  symbol: string;
  owner: string;
  attach: ExitAttach;
  entryOrderId: string | undefined;
  lastStatus: string;
  lastStatusAt: number;
}

/** A plan waiting for its order's first fill. */
interface Waiting extends Reported {
  entryOrderId: string;
  rules: ExitPlan;
}

/** A plan in force, with the tracker of its position. */
interface Plan extends Reported {
  tracker: ExitTracker;
}

/** Exits for every owner's positions. */
export class ExitsEngine implements WorkerCore {
  /** Plans in force, by position key. */
  private readonly plans = new Map<string, Plan>();
  /** Plans waiting for an order's first fill, by that order's client order id. */
  private readonly armed = new Map<string, Waiting>();
  /** Our orders: client order id → position key. */
  private readonly ours = new Map<string, string>();
  private readonly positions = new OwnerPositions();
  private readonly market = new MarketMemory();
  private readonly recent = new RecentOrders();
  private readonly pending = new Map<string, Pending>();
  private sessionTag: string | undefined;
  private trackers = 0;
  private clock = 0;
  /** Receive time of the market event being handled: orders it causes carry it. */
  private cause = 0;
  private readonly counts = { plans: 0, refused_plans: 0, clears: 0, placed: 0, amends: 0, cancels: 0, closes: 0, resends: 0, acks: 0, denials: 0, fills: 0 };

  /**
   * `priceTimeframe`: bars of this timeframe carry the price (their close is the last trade, conflated by the feed), so
   * the worker need not take every trade; trades, when they come, are used too.
   */
  constructor(
    private readonly worker: string,
    private readonly emit: Emit,
    private readonly priceTimeframe?: Timeframe,
  ) {}

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    this.clock = now;
    // The first input's time names this session's order ids: deterministic on replay, distinct across sessions.
    this.sessionTag ??= Math.floor(now / 1000).toString(36);
    switch (message.type) {
      case 'SetExitPlan':
        return this.onSetPlan(message);
      case 'ClearExitPlan':
        return this.onClear(message);
      case 'Trade':
        this.market.trade(`${message.venue}:${message.symbol}`, message.price);
        return this.onPrice(message.venue, message.symbol, message.price, message.rts);
      case 'Bar':
        return this.onBar(message);
      case 'PositionChanged':
        if (this.market.mark(`${message.venue}:${message.symbol}`, message.mark)) this.onPrice(message.venue, message.symbol, message.mark, 0);
        return;
      case 'RequestRejected':
        return this.onOrderEvent(message);
      case 'SetPaused':
        // Pausing the worker does not pause exits (nor does any strategy's state): protecting positions must go on.
        return;
      default:
        if (port !== CONTROL_PORT && isOrderEvent(message)) this.onOrderEvent(message);
    }
  }

  onTimer(now: number): void {
    this.clock = now;
    this.cause = 0;
    for (const [, pending] of this.pending) {
      if (now - pending.lastSent < RESEND_AFTER_US) continue;
      this.counts.resends += 1;
      pending.lastSent = now;
      this.send(pending);
    }
    for (const plan of [...this.plans.values()]) this.settle(plan);
    for (const plan of this.armed.values()) this.publish(plan, this.armedView(plan));
  }

  onRecovered(now: number): void {
    this.clock = now;
    for (const pending of this.pending.values()) {
      pending.lastSent = now;
      this.send(pending);
    }
    for (const plan of this.plans.values()) this.publish(plan, plan.tracker.view(), true);
    for (const plan of this.armed.values()) this.publish(plan, this.armedView(plan), true);
  }

  snapshot(): Array<{ topic: string; message: Outgoing }> {
    return [];
  }

  counters(): Record<string, number> {
    return { ...this.counts, active: this.plans.size, armed: this.armed.size, pending: this.pending.size };
  }

  // ------------------------------------------------------------------ plans

  private onSetPlan(message: SetExitPlan): void {
    const { venue, symbol, owner, attach } = message;
    const problem = exitPlanFieldsProblem(message) ?? (attach === 'fill' && message.entryOrderId === undefined ? 'attach fill needs entryOrderId' : undefined);
    if (problem !== undefined) {
      // The protocol validates plans on the way in; a core driven directly (a backtest) can still be handed a bad one.
      this.counts.refused_plans += 1;
      this.log('warn', `exit plan for ${owner} in ${venue}:${symbol} refused: ${problem}`);
      return;
    }
    this.counts.plans += 1;
    const rules = planFromFields(message);
    const key = positionKey(venue, symbol, owner);
    if (attach === 'position') {
      const plan = this.planFor(key, venue, symbol, owner);
      plan.attach = 'position';
      plan.entryOrderId = undefined;
      this.apply(plan, rules);
      return;
    }
    const entryOrderId = message.entryOrderId as string;
    const facts = this.recent.get(entryOrderId);
    if (facts?.opened === true && this.positions.get(key).qty !== 0) {
      // Its fill came before the plan did.
      const plan = this.planFor(key, venue, symbol, owner);
      plan.attach = 'fill';
      plan.entryOrderId = entryOrderId;
      this.apply(plan, rules);
      return;
    }
    const waiting: Waiting = { key, venue, symbol, owner, attach: 'fill', entryOrderId, rules, lastStatus: '', lastStatusAt: 0 };
    if (facts?.done === true) return this.publish(waiting, { ...this.armedView(waiting), phase: 'done', reason: 'the order ended without opening a position' });
    this.armed.set(entryOrderId, waiting);
    this.publish(waiting, this.armedView(waiting));
  }

  private onClear(message: ClearExitPlan): void {
    this.counts.clears += 1;
    const key = positionKey(message.venue, message.symbol, message.owner);
    for (const [id, waiting] of [...this.armed]) {
      if (waiting.key !== key || (message.entryOrderId !== undefined && id !== message.entryOrderId)) continue;
      this.armed.delete(id);
      this.publish(waiting, { ...this.armedView(waiting), phase: 'done', reason: 'cleared' });
    }
    if (message.entryOrderId !== undefined) return;
    const plan = this.plans.get(key);
    if (plan === undefined) return;
    plan.tracker.clear('cleared');
    this.settle(plan);
  }

  /** The plan of a position, made (with the position and the last price) if it has none. */
  private planFor(key: string, venue: string, symbol: string, owner: string): Plan {
    let plan = this.plans.get(key);
    if (plan === undefined) {
      this.trackers += 1;
      const tracker = new ExitTracker(`exits-${this.sessionTag ?? '0'}-${this.trackers}-`);
      tracker.onPrice(this.market.last(`${venue}:${symbol}`), this.clock);
      tracker.onPosition(this.positions.get(key), this.clock);
      plan = { key, venue, symbol, owner, attach: 'position', entryOrderId: undefined, tracker, lastStatus: '', lastStatusAt: 0 };
      this.plans.set(key, plan);
    }
    return plan;
  }

  private apply(plan: Plan, rules: ExitPlan): void {
    const instrument = `${plan.venue}:${plan.symbol}`;
    plan.tracker.setPlan(rules, this.clock, (tf) => this.market.history(instrument, tf));
    this.settle(plan);
  }

  // ------------------------------------------------------------------ inputs

  private onPrice(venue: string, symbol: string, price: number, cause: number): void {
    this.cause = cause;
    for (const plan of [...this.plans.values()]) {
      if (plan.venue !== venue || plan.symbol !== symbol) continue;
      plan.tracker.onPrice(price, this.clock);
      this.settle(plan);
    }
    this.cause = 0;
  }

  private onBar(bar: Extract<Message, { type: 'Bar' }>): void {
    if (bar.tf === this.priceTimeframe) {
      this.market.trade(`${bar.venue}:${bar.symbol}`, bar.close);
      this.onPrice(bar.venue, bar.symbol, bar.close, bar.rts);
    }
    this.market.bar(`${bar.venue}:${bar.symbol}`, bar);
    if (!bar.closed) return;
    for (const plan of [...this.plans.values()]) {
      if (plan.venue !== bar.venue || plan.symbol !== bar.symbol) continue;
      plan.tracker.onBar(bar, this.clock);
      this.settle(plan);
    }
  }

  private onOrderEvent(event: OrderEvent | RequestRejected): void {
    const id = event.clientOrderId;
    this.acknowledge(event);
    const terminal = event.type !== 'RequestRejected' && isTerminal(event.state);
    if (terminal) this.recent.note(id, { done: true });
    const ours = this.ours.get(id);
    if (terminal) this.ours.delete(id);
    if (event.type === 'OrderFilled') return this.onFill(event, ours);
    const plan = ours === undefined ? undefined : this.plans.get(ours);
    if (plan !== undefined) {
      plan.tracker.onOrderEvent(event, this.clock);
      this.settle(plan);
    }
    const waiting = this.armed.get(id);
    if (terminal && waiting !== undefined) {
      this.armed.delete(id);
      this.publish(waiting, { ...this.armedView(waiting), phase: 'done', reason: 'the order ended without opening a position' });
    }
  }

  private onFill(fill: OrderFilled, ours: string | undefined): void {
    const applied = this.positions.apply(fill);
    if (applied === undefined) return;
    this.counts.fills += 1;
    const { key, position } = applied;
    const opened = position.qty !== 0 && Math.sign(position.qty) === (fill.side === 'buy' ? 1 : -1);
    if (opened) this.recent.note(fill.clientOrderId, { opened: true });
    const plan = this.plans.get(key);
    if (plan !== undefined) {
      if (ours === key) plan.tracker.onOrderEvent(fill, this.clock);
      plan.tracker.onPosition(position, this.clock);
    }
    const waiting = this.armed.get(fill.clientOrderId);
    if (waiting !== undefined && waiting.key === key && opened) {
      this.armed.delete(fill.clientOrderId);
      const target = this.planFor(key, waiting.venue, waiting.symbol, waiting.owner);
      target.attach = 'fill';
      target.entryOrderId = fill.clientOrderId;
      this.apply(target, waiting.rules);
      return;
    }
    if (plan !== undefined) this.settle(plan);
  }

  // ------------------------------------------------------------------ decisions and delivery

  /** Lets a tracker decide, sends what it asks for, reports it, and forgets it once it has ended. */
  private settle(plan: Plan): void {
    for (const action of plan.tracker.decide(this.clock)) this.deliverAction(plan, action);
    this.publish(plan, plan.tracker.view());
    if (plan.tracker.finished && this.plans.get(plan.key) === plan) this.plans.delete(plan.key);
  }

  private deliverAction(plan: Plan, action: ExitAction): void {
    const base = { ts: this.clock, rts: this.clock, src: this.worker, venue: plan.venue, symbol: plan.symbol, clientOrderId: action.clientOrderId, strategyId: exitsStrategyId(plan.owner) };
    switch (action.kind) {
      case 'place':
        this.counts.placed += 1;
        this.ours.set(action.clientOrderId, plan.key);
        return this.deliver(action.clientOrderId, {
          ...base,
          type: 'SubmitOrder',
          side: action.side,
          orderType: action.orderType,
          price: action.price,
          qty: action.qty,
          tif: 'GTC',
          causeTs: this.cause,
          reduceOnly: true,
          ...(action.stopPrice > 0 ? { stopPrice: action.stopPrice } : {}),
        });
      case 'close':
        this.counts.closes += 1;
        this.ours.set(action.clientOrderId, plan.key);
        return this.deliver(action.clientOrderId, { ...base, type: 'SubmitOrder', side: action.side, orderType: 'market', price: 0, qty: action.qty, tif: 'IOC', causeTs: this.cause, reduceOnly: true });
      case 'amend':
        this.counts.amends += 1;
        return this.deliver(`amend:${action.clientOrderId}`, { ...base, type: 'AmendOrder', price: action.price, qty: action.qty, stopPrice: action.stopPrice });
      case 'cancel':
        this.counts.cancels += 1;
        return this.deliver(`cancel:${action.clientOrderId}`, { ...base, type: 'CancelOrder' });
    }
  }

  /** An event for an id settles the commands it answers. */
  private acknowledge(event: OrderEvent | RequestRejected): void {
    const id = event.clientOrderId;
    if (this.pending.delete(id)) this.counts.acks += 1;
    if (event.type === 'OrderDenied') this.counts.denials += 1;
    if (event.type === 'RequestRejected' || isTerminal(event.state)) {
      this.pending.delete(`cancel:${id}`);
      this.pending.delete(`amend:${id}`);
    }
    if (event.type === 'OrderAmended') this.pending.delete(`amend:${id}`);
  }

  private deliver(id: string, command: Command): void {
    const pending = { command, lastSent: this.clock };
    this.pending.set(id, pending);
    this.send(pending);
  }

  private send(pending: Pending): void {
    // A fresh object each time: the port stamps its own sequence number on what it sends.
    this.emit('orders', '', { ...pending.command });
  }

  // ------------------------------------------------------------------ statuses

  private armedView(waiting: Waiting): ExitView {
    return {
      phase: 'armed', stopPrice: 0, stopQty: 0, targets: [], trailingActive: false, breakEvenDone: false, timeStopAt: 0,
      position: this.positions.get(waiting.key).qty, entryPrice: 0, reason: `waiting for order ${waiting.entryOrderId} to fill`, plan: waiting.rules,
    };
  }

  /** Sends the plan's status if it changed, is due, or `force`. */
  private publish(plan: Reported, view: ExitView, force = false): void {
    const { plan: rules, ...shown } = view;
    const status: Omit<ExitStatus, 'v' | 'seq'> = {
      type: 'ExitStatus',
      ts: this.clock,
      rts: this.clock,
      venue: plan.venue,
      symbol: plan.symbol,
      worker: this.worker,
      owner: plan.owner,
      attach: plan.attach,
      ...shown,
      ...(plan.entryOrderId !== undefined ? { entryOrderId: plan.entryOrderId } : {}),
      ...(rules !== undefined ? { plan: fieldsFromPlan(rules) } : {}),
    };
    const signature = JSON.stringify({ ...status, ts: 0, rts: 0 });
    if (!force && signature === plan.lastStatus && this.clock - plan.lastStatusAt < STATUS_EVERY_US) return;
    plan.lastStatus = signature;
    plan.lastStatusAt = this.clock;
    this.emit(CONTROL_PORT, '', status);
  }

  private log(level: 'info' | 'warn' | 'error', text: string): void {
    this.emit(CONTROL_PORT, '', { type: 'WorkerLog', ts: this.clock, rts: this.clock, worker: this.worker, level, text });
  }
}

function isOrderEvent(message: Message): message is OrderEvent {
  return 'clientOrderId' in message && message.type !== 'SubmitOrder' && message.type !== 'CancelOrder' && message.type !== 'AmendOrder';
}
