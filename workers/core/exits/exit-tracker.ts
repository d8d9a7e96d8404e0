/**
 * The exits of one position — one instrument, one owner (a strategy id or `manual`) — as a pure state machine. Fed
 * the owner's position (signed lots, cost), trades, closed bars and time, it decides which venue orders should exist
 * and asks for the difference as actions (place, amend, cancel, close). It reads no clock and makes no I/O: the same
 * inputs give the same actions.
 *
 * The orders it keeps:
 * - one reduce-only stop for the whole open quantity. Its price only ever tightens: it starts at the plan's stop-loss,
 *   moves to break-even once the best price since entry has gained `breakEven.after` ticks (once), and follows the
 *   trailing level (best price − distance) once trailing has started, each time the trailing level improves. Only a
 *   new plan moves it back: a dragged line (`stopLoss.price`) puts it exactly there; a plan with a stop distance puts
 *   it at the tightest of that level and the levels break-even and trailing have reached (a rule that changed in the
 *   new plan starts over from the best price so far);
 * - one reduce-only limit order per profit target, for floor(basis × share / 100) lots (the last target takes the
 *   remainder), where the basis is the open quantity plus what the targets have already filled: a target fill leaves
 *   the other targets as they are, a fill of the stop or of the owner's own orders re-splits them, and they never add
 *   up to more than the position (the farthest give way first);
 * - a reduce-only market close when the time stop is due, or when the stop price was crossed with no stop order
 *   working at it: everything else is canceled first, then the close goes out (again after a second while any of the
 *   position is left).
 * The plan ends, and every order is canceled, when the position is closed or flips. An order the venue or risk
 * refuses is not asked for again until the position changes or a new plan arrives.
 */
import { Atr } from '../indicators/atr.js';
import type { HighLowClose } from '../indicators/types.js';
import type { ExitState, Level, OrderFilled, Timeframe } from '../../protocol/messages.js';
import {
  amendSignature,
  applyOrderEvent,
  cancelable,
  markAmending,
  newExitOrder,
  type ExitAction,
  type ExitOrder,
  type ExitOrderEvent,
  type ExitRole,
} from './exit-orders.js';
import { atrDistance, better, bpsDistance, crosses, entryReference, exitSide, gainOf, inProfit, isTighter, tighter, type Direction } from './levels.js';
import { DEFAULT_ATR_PERIOD, DEFAULT_ATR_TF, openTargetQuantities, type ExitPlan } from './plan.js';

export type { ExitAction, ExitOrderEvent } from './exit-orders.js';

/** The owner's position in the instrument. */
export interface ExitPosition {
  /** Signed lots: long > 0. */
  qty: number;
  /** Sum of entry price × lots of the open lots (FIFO), ticks×lots. */
  cost: number;
  /** When the position opened (flat → open), µs: the time stop counts from it. */
  openedAt: number;
}

/** What a tracker shows: the fields of `ExitStatus` it decides. */
export interface ExitView {
  phase: ExitState;
  stopPrice: number;
  stopQty: number;
  targets: Level[];
  trailingActive: boolean;
  breakEvenDone: boolean;
  timeStopAt: number;
  position: number;
  entryPrice: number;
  reason: string;
  plan: ExitPlan | undefined;
}

/** Closed bars of a timeframe, oldest first: ATR warms up from them when a plan arrives. */
export type BarHistory = (tf: Timeframe) => readonly HighLowClose[];

const CLOSE_AGAIN_US = 1_000_000;

/** Exits of one (instrument, owner) position. */
export class ExitTracker {
  private phaseNow: ExitState = 'armed';
  private why = 'waiting for a position';
  private plan: ExitPlan | undefined;
  private qty = 0;
  private cost = 0;
  private openedAt = 0;
  private direction: Direction = 1;
  private entry = 0;
  private last = 0;
  /** Best price since the plan took the position: the high of a long, the low of a short. */
  private best = 0;
  private stop: number | undefined;
  private breakEvenDone = false;
  private trailingActive = false;
  /** The last trailing level the stop was moved to. */
  private trailLevel: number | undefined;
  private atr: Atr | undefined;
  private atrTf: Timeframe | undefined;
  private atrSpec = '';
  private targetFilled: number[] = [];
  private orders: ExitOrder[] = [];
  /** Exits refused by the venue or risk, with the reason: not asked for again until something changes. */
  private readonly held = new Map<string, string>();
  private closeAgainAt = 0;
  private ids = 0;
  private now = 0;

  /** `idPrefix` starts the client order id of every order it places (then a counter). */
  constructor(private readonly idPrefix: string) {}

  get phase(): ExitState {
    return this.phaseNow;
  }

  /** True once it has ended and none of its orders is still working: it can be forgotten. */
  get finished(): boolean {
    return this.phaseNow === 'done' && this.orders.every((o) => o.done || o.role === 'close' || o.triggered);
  }

  /** True if `clientOrderId` is one of its orders. */
  owns(clientOrderId: string): boolean {
    return clientOrderId.startsWith(this.idPrefix) && this.orders.some((o) => o.clientOrderId === clientOrderId);
  }

  /** A new plan, or one replacing the current plan (see the file comment for what it keeps). */
  setPlan(plan: ExitPlan, now: number, history: BarHistory = () => []): void {
    this.now = now;
    const previous = this.plan;
    this.plan = plan;
    this.held.clear();
    this.setupAtr(plan, history);
    this.targetFilled = (plan.targets ?? []).map((_, i) => this.targetFilled[i] ?? 0);
    if (this.phaseNow === 'done') this.phaseNow = 'armed';
    if (this.phaseNow === 'armed') {
      this.why = 'waiting for a position';
      if (this.qty !== 0) this.activate();
      return;
    }
    if (this.phaseNow === 'closing') return;
    if (JSON.stringify(previous?.breakEven) !== JSON.stringify(plan.breakEven)) this.breakEvenDone = false;
    if (JSON.stringify(previous?.trailing) !== JSON.stringify(plan.trailing)) {
      this.trailingActive = false;
      this.trailLevel = undefined;
    }
    this.stop = this.anchoredStop();
    this.why = 'plan changed';
  }

  /** Drops the plan: its orders are canceled; the position stays. */
  clear(reason = 'cleared'): void {
    this.finish(reason);
  }

  /** The owner's position after a fill (its own, a strategy's, or one of these exits'). */
  onPosition(position: ExitPosition, now: number): void {
    this.now = now;
    const before = this.qty;
    this.qty = position.qty;
    this.cost = position.cost;
    this.openedAt = position.openedAt;
    if (this.phaseNow === 'armed') {
      if (this.plan !== undefined && this.qty !== 0) this.activate();
      return;
    }
    if (this.phaseNow === 'done') return;
    if (this.qty === 0) return this.finish('position closed');
    if (Math.sign(this.qty) !== this.direction) return this.finish('position flipped');
    if (this.qty !== before) this.held.clear();
    this.entry = entryReference(this.qty, this.cost);
    if (this.phaseNow === 'active') this.stop = tighter(this.direction, this.stop, this.staticStop());
  }

  /** A trade (or a mark) of the instrument. */
  onPrice(price: number, now: number): void {
    this.now = now;
    if (price > 0) this.last = price;
  }

  /** A bar of the instrument: closed bars of the ATR timeframe feed the ATR. */
  onBar(bar: HighLowClose & { tf: Timeframe; closed: boolean }, now: number): void {
    this.now = now;
    if (this.atr !== undefined && bar.closed && bar.tf === this.atrTf) this.atr.update(bar);
  }

  /** An event of one of its orders; a fill must come once per fill id. */
  onOrderEvent(event: ExitOrderEvent, now: number): void {
    this.now = now;
    const order = this.orders.find((o) => o.clientOrderId === event.clientOrderId);
    if (order === undefined) return;
    if (event.type === 'OrderFilled') this.countFill(order, event);
    const refusal = applyOrderEvent(order, event, now);
    if (refusal === undefined) return;
    const what = order.role === 'target' ? `target ${order.target + 1}` : order.role;
    if (order.role !== 'close') this.held.set(exitKey(order.role, order.target), refusal);
    this.why = `${what} refused: ${refusal}`;
  }

  /** Applies the rules at time `now` and returns the commands that bring the venue's orders to what they should be. */
  decide(now: number): ExitAction[] {
    this.now = now;
    if (this.phaseNow === 'active') this.applyRules();
    const actions: ExitAction[] = [];
    if (this.phaseNow === 'active') this.reconcile(actions);
    else if (this.phaseNow === 'closing') this.closeOut(actions);
    else this.cancelAll(actions);
    this.orders = this.orders.filter((o) => !o.done);
    return actions;
  }

  /** What it is doing, for `ExitStatus`. */
  view(): ExitView {
    const active = this.phaseNow === 'active';
    const open = Math.abs(this.qty);
    const targets: Level[] = [];
    if (active) {
      const quantities = this.targetQuantities();
      for (const [i, target] of (this.plan?.targets ?? []).entries()) {
        const qty = quantities[i] ?? 0;
        if (qty > 0) targets.push([inProfit(this.direction, this.entry, target.distance), qty]);
      }
    }
    const timeStopUs = this.plan?.timeStopUs;
    const timed = timeStopUs !== undefined && this.qty !== 0 && (active || this.phaseNow === 'closing');
    return {
      phase: this.phaseNow,
      stopPrice: active ? (this.stop ?? 0) : 0,
      stopQty: active && this.stop !== undefined ? open : 0,
      targets,
      trailingActive: active && this.trailingActive,
      breakEvenDone: this.breakEvenDone,
      timeStopAt: timed ? this.openedAt + timeStopUs : 0,
      position: this.qty,
      entryPrice: this.phaseNow === 'armed' || this.qty === 0 ? 0 : this.entry,
      reason: this.why,
      plan: this.plan,
    };
  }

  // ------------------------------------------------------------------ rules

  private activate(): void {
    this.phaseNow = 'active';
    this.why = 'active';
    this.direction = this.qty > 0 ? 1 : -1;
    this.entry = entryReference(this.qty, this.cost);
    this.best = this.last > 0 ? this.last : this.entry;
    this.breakEvenDone = false;
    this.trailingActive = false;
    this.trailLevel = undefined;
    this.targetFilled = (this.plan?.targets ?? []).map(() => 0);
    this.closeAgainAt = 0;
    this.stop = this.anchoredStop();
  }

  private finish(reason: string): void {
    if (this.phaseNow === 'done') return;
    // A close the tracker started keeps its cause: `time stop: position closed`.
    this.why = this.phaseNow === 'closing' ? `${this.why}: ${reason}` : reason;
    this.phaseNow = 'done';
  }

  private startClosing(reason: string): void {
    this.phaseNow = 'closing';
    this.why = reason;
  }

  /** The plan's own stop-loss level: the absolute price, or the distance from the entry. */
  private staticStop(): number | undefined {
    const rule = this.plan?.stopLoss;
    if (rule === undefined) return undefined;
    return 'price' in rule ? rule.price : inProfit(this.direction, this.entry, -rule.distance);
  }

  /** Where a new plan puts the stop. */
  private anchoredStop(): number | undefined {
    const plan = this.plan;
    if (plan === undefined) return undefined;
    if (plan.stopLoss !== undefined && 'price' in plan.stopLoss) return plan.stopLoss.price;
    let stop = this.staticStop();
    if (this.breakEvenDone && plan.breakEven !== undefined) stop = tighter(this.direction, stop, this.breakEvenLevel());
    if (this.trailLevel !== undefined) stop = tighter(this.direction, stop, this.trailLevel);
    return stop;
  }

  private breakEvenLevel(): number {
    return inProfit(this.direction, this.entry, this.plan?.breakEven?.offset ?? 0);
  }

  private applyRules(): void {
    const plan = this.plan;
    if (plan === undefined) return;
    const d = this.direction;
    if (this.last > 0) this.best = better(d, this.best, this.last);
    const gain = gainOf(d, this.entry, this.best);
    if (plan.breakEven !== undefined && !this.breakEvenDone && gain >= plan.breakEven.after) {
      this.breakEvenDone = true;
      this.move(this.breakEvenLevel(), 'break-even');
    }
    if (plan.trailing !== undefined) {
      if (!this.trailingActive && gain >= (plan.trailing.startAfter ?? 0)) this.trailingActive = true;
      const distance = this.trailingActive ? this.trailDistance() : undefined;
      if (distance !== undefined) {
        const level = inProfit(d, this.best, -distance);
        if (isTighter(d, this.trailLevel, level)) {
          this.trailLevel = level;
          this.move(level, 'trailing');
        }
      }
    }
    if (plan.timeStopUs !== undefined && this.now >= this.openedAt + plan.timeStopUs) return this.startClosing('time stop');
    if (this.stop !== undefined && this.last > 0 && crosses(d, this.stop, this.last) && !this.stopWillTrigger()) {
      this.startClosing('stop price crossed with no stop order working at it');
    }
  }

  private move(level: number, reason: string): void {
    if (!isTighter(this.direction, this.stop, level)) return;
    this.stop = level;
    this.why = reason;
  }

  private trailDistance(): number | undefined {
    const trailing = this.plan?.trailing;
    if (trailing === undefined) return undefined;
    if (trailing.amount !== undefined) return trailing.amount;
    if (trailing.bps !== undefined) return bpsDistance(this.best, trailing.bps);
    const atr = this.atr?.value;
    return atr === undefined || trailing.atrMultiple === undefined ? undefined : atrDistance(atr, trailing.atrMultiple);
  }

  /** A live stop order the last trade has reached (or that has triggered): the venue is closing the position. */
  private stopWillTrigger(): boolean {
    return this.orders.some((o) => o.role === 'stop' && !o.done && (o.triggered || crosses(this.direction, o.stopPrice, this.last)));
  }

  private setupAtr(plan: ExitPlan, history: BarHistory): void {
    const multiple = plan.trailing?.atrMultiple;
    if (multiple === undefined) {
      this.atr = undefined;
      this.atrSpec = '';
      return;
    }
    const period = plan.trailing?.atrPeriod ?? DEFAULT_ATR_PERIOD;
    const tf = plan.trailing?.tf ?? DEFAULT_ATR_TF;
    if (this.atr !== undefined && this.atrSpec === `${period}/${tf}`) return;
    this.atr = new Atr(period);
    this.atrTf = tf;
    this.atrSpec = `${period}/${tf}`;
    for (const bar of history(tf)) this.atr.update(bar);
  }

  // ------------------------------------------------------------------ orders

  /** Lots each target should still have working. */
  private targetQuantities(): number[] {
    return openTargetQuantities(Math.abs(this.qty), this.plan?.targets ?? [], this.targetFilled);
  }

  private countFill(order: ExitOrder, fill: OrderFilled): void {
    if (order.role === 'target' && order.target < this.targetFilled.length) {
      this.targetFilled[order.target] = (this.targetFilled[order.target] ?? 0) + fill.qty;
    }
  }

  private reconcile(actions: ExitAction[]): void {
    const open = Math.abs(this.qty);
    this.ensure(actions, 'stop', -1, this.stop === undefined ? 0 : open, 0, this.stop ?? 0);
    const targets = this.plan?.targets ?? [];
    const quantities = this.targetQuantities();
    for (const [i, target] of targets.entries()) {
      this.ensure(actions, 'target', i, quantities[i] ?? 0, inProfit(this.direction, this.entry, target.distance), 0);
    }
    for (const order of this.orders) {
      if (order.role === 'target' && order.target >= targets.length) order.retired = true;
      if (order.retired && order.role !== 'close') this.cancel(actions, order);
    }
  }

  /** Brings the order of `role` (and target index) to `qty` open lots at `price` / `stopPrice`. */
  private ensure(actions: ExitAction[], role: 'stop' | 'target', target: number, qty: number, price: number, stopPrice: number): void {
    const live = this.orders.find((o) => !o.done && !o.retired && o.role === role && o.target === target);
    if (live === undefined) {
      if (qty === 0 || this.held.has(exitKey(role, target))) return;
      const clientOrderId = this.newId();
      const side = exitSide(this.direction);
      this.orders.push(newExitOrder(clientOrderId, role, target, side, price, stopPrice, qty));
      actions.push({ kind: 'place', clientOrderId, role, side, orderType: role === 'stop' ? 'stop' : 'limit', price, stopPrice, qty });
      return;
    }
    if (qty === 0) {
      live.retired = true;
      return;
    }
    if (!live.working || live.amending || live.triggered || live.canceling) return;
    const total = live.filled + qty;
    const newPrice = role === 'target' && price !== live.price ? price : 0;
    const newStop = role === 'stop' && stopPrice !== live.stopPrice ? stopPrice : 0;
    const newQty = total !== live.qty ? total : 0;
    if (newPrice === 0 && newStop === 0 && newQty === 0) return;
    if (amendSignature(newPrice, newQty, newStop) === live.refusedAmend) return;
    markAmending(live, newPrice, newQty, newStop);
    actions.push({ kind: 'amend', clientOrderId: live.clientOrderId, price: newPrice, qty: newQty, stopPrice: newStop });
  }

  /** Closing: cancel every exit order, then close what is left at market. */
  private closeOut(actions: ExitAction[]): void {
    for (const order of this.orders) if (order.role !== 'close' && !order.triggered) this.cancel(actions, order);
    const busy = this.orders.some((o) => !o.done);
    if (busy || this.qty === 0 || this.now < this.closeAgainAt) return;
    this.closeAgainAt = this.now + CLOSE_AGAIN_US;
    const clientOrderId = this.newId();
    const side = exitSide(this.direction);
    const qty = Math.abs(this.qty);
    this.orders.push(newExitOrder(clientOrderId, 'close', -1, side, 0, 0, qty));
    actions.push({ kind: 'close', clientOrderId, side, qty });
  }

  private cancelAll(actions: ExitAction[]): void {
    for (const order of this.orders) if (order.role !== 'close' && !order.triggered) this.cancel(actions, order);
  }

  private cancel(actions: ExitAction[], order: ExitOrder): void {
    if (!cancelable(order, this.now)) return;
    order.canceling = true;
    actions.push({ kind: 'cancel', clientOrderId: order.clientOrderId });
  }

  private newId(): string {
    this.ids += 1;
    return `${this.idPrefix}${this.ids}`;
  }
}

function exitKey(role: ExitRole, target: number): string {
  return `${role}:${target}`;
}
