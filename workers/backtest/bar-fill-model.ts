/**
 * The bar-level fill model of the backtester: a strategy's working orders filled against one OHLC bar at a time.
 * Pure: no clock, no I/O. Prices are integer ticks, quantities integer lots, fees integer ticks×lots.
 *
 * Rules (each is printed in the report's assumptions, see {@link FILL_RULES}):
 * - Orders sent while bar t is handled work from bar t+1. Fills are whole: no volume, queue or partial fills.
 * - At the bar's open: market orders fill at the open; a limit already marketable at the open (the price gapped
 *   through it) fills at the open; a stop whose trigger the open is already past fills at the open.
 * - Then inside the bar's range, stop-type orders are checked before limit orders (oldest first within each group):
 *   the price is assumed to move against the trader first, so when a long's stop-loss and take-profit are both in
 *   range the stop-loss fills and the take-profit is canceled (OCO). A limit fills at its price when the range
 *   touches it; a stop fills at its trigger price.
 * - A stop-limit triggered in the range fills at the better of its trigger and limit prices if the range reaches the
 *   limit; otherwise it rests as a limit.
 * - A trailing stop's trigger follows the highest high (sell) or lowest low (buy) of the bars completed since it was
 *   placed, starting from the last close; it is moved after each bar, so one bar never both moves and triggers it.
 * - Slippage (bps of the price, rounded to a tick against the trader) applies to market and stop fills, not limits.
 * - Fees are bps of notional (price × qty) on every fill, in ticks×lots rounded up.
 * - Reduce-only orders are capped at the position when they fill and canceled when there is nothing to reduce.
 * - Bracket legs (take-profit limit, stop-loss stop; reduce-only, one cancels the other) are placed when the entry
 *   fills; legs of an entry filled at the open are checked against the rest of that bar, otherwise from the next bar.
 */
import { BpsFee } from './bps-fee.js';
import { formatDecimal, parseDecimal } from '../core/fixed-point.js';
import type { Liquidity, OrderState, OrderType, Side, TimeInForce } from '../protocol/messages.js';

/** The fill rules as printed in a report. */
export const FILL_RULES: readonly string[] = [
  'fill mode next-open: orders sent on bar t work from bar t+1; market orders fill at its open',
  'fills are whole: no volume, queue position or partial fills',
  'a limit or stop the open gapped through fills at the open',
  'inside a bar, stops are checked before limits (adverse move first): a long whose stop-loss and take-profit are both in range is stopped out',
  'a limit fills at its price when the bar range touches it; a stop fills at its trigger price',
  'a stop-limit triggered inside a bar fills at the better of trigger and limit if the range reaches the limit, else rests as a limit',
  'trailing stops follow the extremes of completed bars since placement (from the last close) and move after each bar',
  'slippage applies to market and stop fills, rounded to a tick against the trader; limits fill at their price',
  'fees are bps of notional on every fill, rounded up to a whole tick x lot',
  'reduce-only orders are capped at the position and canceled when there is nothing to reduce',
  'bracket legs are placed when the entry fills (reduce-only, OCO); after an open fill they are checked against the rest of that bar',
  'fills are stamped with the start time of their bar',
  'IOC/FOK limits not marketable at the open expire; post-only is not checked',
];

/** Costs of the model. */
export interface FillModelConfig {
  /** Fee rate in basis points of notional, a decimal string ("5", "7.5"). */
  feeBps: string;
  /** Slippage in basis points of the price on market and stop fills, a decimal string. */
  slippageBps: string;
}

/** What a strategy asks for. */
export interface OrderRequest {
  side: Side;
  orderType: OrderType;
  qty: number;
  /** Limit price (limit, stop_limit), ticks; 0 otherwise. */
  price: number;
  /** Trigger price (stop, stop_limit), ticks; 0 otherwise. */
  stopPrice?: number;
  tif?: TimeInForce;
  trailAmount?: number;
  trailBps?: number;
  reduceOnly?: boolean;
  takeProfit?: number;
  stopLoss?: number;
}

/** A working order as the model keeps it. */
export interface ModelOrder {
  readonly id: string;
  readonly side: Side;
  readonly orderType: OrderType;
  qty: number;
  filledQty: number;
  price: number;
  stopPrice: number;
  readonly tif: TimeInForce;
  readonly trailAmount: number;
  readonly trailBps: number;
  readonly reduceOnly: boolean;
  readonly takeProfit: number;
  readonly stopLoss: number;
  readonly parentId?: string;
  ocoWith?: string;
  /** A stop-limit whose trigger was reached: now a limit. */
  triggered: boolean;
  /** Best price of completed bars since placement, for trailing stops. */
  extreme: number;
  state: OrderState;
}

/** What happened to an order. */
export type ModelEvent =
  | { kind: 'accepted'; order: ModelOrder }
  | { kind: 'rejected'; order: ModelOrder; reason: string }
  | { kind: 'filled'; order: ModelOrder; price: number; qty: number; fee: number; liquidity: Liquidity; fillId: string }
  | { kind: 'canceled'; order: ModelOrder; canceledQty: number; reason: string }
  | { kind: 'expired'; order: ModelOrder; expiredQty: number; reason: string }
  | { kind: 'amended'; order: ModelOrder; reason: string };

/** The prices of one bar. */
export interface BarPrices {
  open: number;
  high: number;
  low: number;
  close: number;
}

const STOP_TYPES: ReadonlySet<OrderType> = new Set(['stop', 'stop_limit', 'trailing_stop']);

/** Working orders of one strategy on one instrument, filled bar by bar. */
export class BarFillModel {
  private readonly orders = new Map<string, ModelOrder>();
  private readonly fees: BpsFee;
  private readonly slippage: { numerator: bigint; denominator: bigint };
  private fillCount = 0;
  private position = 0;
  private events: ModelEvent[] = [];

  constructor(readonly config: FillModelConfig) {
    const rate = bpsFraction(config.feeBps, 'fee');
    this.fees = new BpsFee(rate);
    const slip = parseDecimal(bpsFraction(config.slippageBps, 'slippage'));
    this.slippage = { numerator: slip.mantissa, denominator: 10n ** BigInt(-Math.min(0, slip.exponent)) };
  }

  /** True while any order is working: a bar without any needs no work. */
  hasOrders(): boolean {
    return this.orders.size > 0;
  }

  /** Working orders, oldest first. */
  working(): ModelOrder[] {
    return [...this.orders.values()];
  }

  /** Takes a new order; `lastClose` anchors a trailing stop. Returns its acceptance or rejection. */
  submit(id: string, request: OrderRequest, lastClose: number | undefined): ModelEvent {
    const order: ModelOrder = {
      id,
      side: request.side,
      orderType: request.orderType,
      qty: request.qty,
      filledQty: 0,
      price: request.price,
      stopPrice: request.stopPrice ?? 0,
      tif: request.tif ?? 'GTC',
      trailAmount: request.trailAmount ?? 0,
      trailBps: request.trailBps ?? 0,
      reduceOnly: request.reduceOnly ?? false,
      takeProfit: request.takeProfit ?? 0,
      stopLoss: request.stopLoss ?? 0,
      triggered: false,
      extreme: lastClose ?? 0,
      state: 'accepted',
    };
    const problem = checkRequest(order, lastClose);
    if (problem !== undefined) {
      order.state = 'rejected';
      return { kind: 'rejected', order, reason: problem };
    }
    if (order.orderType === 'trailing_stop' && order.stopPrice === 0) order.stopPrice = trailTrigger(order);
    this.orders.set(id, order);
    return { kind: 'accepted', order };
  }

  /** Cancels a working order; undefined if it is not working. */
  cancel(id: string, reason = 'canceled by strategy'): ModelEvent | undefined {
    const order = this.orders.get(id);
    if (order === undefined) return undefined;
    return this.finish(order, 'canceled', reason);
  }

  /** Changes price, total quantity or trigger (0 keeps); undefined if the order is not working or the change is invalid. */
  amend(id: string, changes: { price: number; qty: number; stopPrice: number }): ModelEvent | undefined {
    const order = this.orders.get(id);
    if (order === undefined || changes.price < 0 || changes.stopPrice < 0) return undefined;
    if (changes.qty !== 0 && (!Number.isSafeInteger(changes.qty) || changes.qty <= order.filledQty)) return undefined;
    if (changes.price > 0) order.price = changes.price;
    if (changes.qty > 0) order.qty = changes.qty;
    if (changes.stopPrice > 0) order.stopPrice = changes.stopPrice;
    return { kind: 'amended', order, reason: 'amended by strategy' };
  }

  /** Fills what `bar` reaches, given the position before it; returns the events in the order they happened. */
  processBar(bar: BarPrices, position: number): ModelEvent[] {
    this.position = position;
    this.events = [];
    for (const order of this.working()) if (this.orders.has(order.id)) this.atOpen(order, bar.open);
    if (this.orders.size === 0) return this.events;
    const inRange = this.working();
    if (inRange.length > 1) inRange.sort((a, b) => rank(a) - rank(b));
    for (const order of inRange) if (this.orders.has(order.id)) this.inRange(order, bar);
    for (const order of this.orders.values()) if (order.orderType === 'trailing_stop') this.trail(order, bar);
    return this.events;
  }

  private atOpen(order: ModelOrder, open: number): void {
    const buy = order.side === 'buy';
    if (order.orderType === 'market') return this.fill(order, this.slip(order.side, open), 'taker');
    if (isStop(order) && (buy ? open >= order.stopPrice : open <= order.stopPrice)) {
      if (order.orderType !== 'stop_limit') return this.fill(order, this.slip(order.side, open), 'taker');
      order.triggered = true;
    }
    if (isLimit(order) && (buy ? open <= order.price : open >= order.price)) return this.fill(order, open, 'taker');
    if (order.orderType === 'limit' && order.tif !== 'GTC') this.events.push(this.finish(order, 'expired', `${order.tif} limit not marketable at the open`));
  }

  private inRange(order: ModelOrder, bar: BarPrices): void {
    const buy = order.side === 'buy';
    if (isStop(order) && (buy ? bar.high >= order.stopPrice : bar.low <= order.stopPrice)) {
      if (order.orderType !== 'stop_limit') return this.fill(order, this.slip(order.side, order.stopPrice), 'taker');
      order.triggered = true;
      if (buy ? bar.low <= order.price : bar.high >= order.price) {
        return this.fill(order, buy ? Math.min(order.stopPrice, order.price) : Math.max(order.stopPrice, order.price), 'maker');
      }
      return;
    }
    if (isLimit(order) && (buy ? bar.low <= order.price : bar.high >= order.price)) this.fill(order, order.price, 'maker');
  }

  private fill(order: ModelOrder, price: number, liquidity: Liquidity): void {
    let qty = order.qty - order.filledQty;
    if (order.reduceOnly) {
      const reducible = order.side === 'buy' ? Math.max(0, -this.position) : Math.max(0, this.position);
      if (reducible === 0) {
        this.events.push(this.finish(order, 'canceled', 'reduce-only: no position to reduce'));
        return;
      }
      if (reducible < qty) {
        order.qty = order.filledQty + reducible;
        qty = reducible;
        this.events.push({ kind: 'amended', order, reason: 'reduce-only: capped at the position' });
      }
    }
    order.filledQty += qty;
    order.state = 'filled';
    this.orders.delete(order.id);
    this.position += order.side === 'buy' ? qty : -qty;
    const fee = this.fees.fee(price, qty);
    this.events.push({ kind: 'filled', order, price, qty, fee, liquidity, fillId: `f${++this.fillCount}` });
    if (order.ocoWith !== undefined) {
      const other = this.orders.get(order.ocoWith);
      if (other !== undefined) this.events.push(this.finish(other, 'canceled', `one-cancels-other: ${order.id} filled`));
    }
    if (order.takeProfit > 0 || order.stopLoss > 0) this.placeLegs(order, qty);
    this.dropStaleReduceOnly();
  }

  /** Take-profit and stop-loss legs of a filled bracket entry, one canceling the other. */
  private placeLegs(entry: ModelOrder, qty: number): void {
    const side: Side = entry.side === 'buy' ? 'sell' : 'buy';
    const legs: ModelOrder[] = [];
    if (entry.takeProfit > 0) legs.push(leg(`${entry.id}-tp`, entry.id, side, 'limit', qty, entry.takeProfit, 0));
    if (entry.stopLoss > 0) legs.push(leg(`${entry.id}-sl`, entry.id, side, 'stop', qty, 0, entry.stopLoss));
    const [first, second] = legs;
    if (first !== undefined && second !== undefined) {
      first.ocoWith = second.id;
      second.ocoWith = first.id;
    }
    for (const order of legs) {
      this.orders.set(order.id, order);
      this.events.push({ kind: 'accepted', order });
    }
  }

  private dropStaleReduceOnly(): void {
    // Deleting the entry being visited is safe while iterating a Map.
    for (const order of this.orders.values()) {
      if (!order.reduceOnly) continue;
      const reducible = order.side === 'buy' ? -this.position : this.position;
      if (reducible <= 0) this.events.push(this.finish(order, 'canceled', 'reduce-only: position closed'));
    }
  }

  /** Moves a trailing stop's trigger after the bar: only ever toward the price. */
  private trail(order: ModelOrder, bar: BarPrices): void {
    const sell = order.side === 'sell';
    order.extreme = sell ? Math.max(order.extreme, bar.high) : Math.min(order.extreme, bar.low);
    const next = trailTrigger(order);
    if (sell ? next > order.stopPrice : next < order.stopPrice) {
      order.stopPrice = next;
      this.events.push({ kind: 'amended', order, reason: 'trailing stop moved' });
    }
  }

  private finish(order: ModelOrder, state: 'canceled' | 'expired', reason: string): ModelEvent {
    this.orders.delete(order.id);
    order.state = state;
    const open = order.qty - order.filledQty;
    return state === 'canceled' ? { kind: 'canceled', order, canceledQty: open, reason } : { kind: 'expired', order, expiredQty: open, reason };
  }

  /** The price moved against the trader by the slippage, rounded to a whole tick against them. */
  private slip(side: Side, price: number): number {
    if (this.slippage.numerator === 0n) return price;
    const scaled = BigInt(price) * this.slippage.numerator;
    const ticks = Number((scaled + this.slippage.denominator - 1n) / this.slippage.denominator);
    return side === 'buy' ? price + ticks : Math.max(1, price - ticks);
  }
}

function leg(id: string, parentId: string, side: Side, orderType: OrderType, qty: number, price: number, stopPrice: number): ModelOrder {
  return {
    id,
    side,
    orderType,
    qty,
    filledQty: 0,
    price,
    stopPrice,
    tif: 'GTC',
    trailAmount: 0,
    trailBps: 0,
    reduceOnly: true,
    takeProfit: 0,
    stopLoss: 0,
    parentId,
    triggered: false,
    extreme: 0,
    state: 'accepted',
  };
}

function isStop(order: ModelOrder): boolean {
  return STOP_TYPES.has(order.orderType) && !order.triggered;
}

function isLimit(order: ModelOrder): boolean {
  return order.orderType === 'limit' || (order.orderType === 'stop_limit' && order.triggered);
}

/** Stops before limits inside a bar (adverse move first); insertion order is kept within each group by a stable sort. */
function rank(order: ModelOrder): number {
  return isStop(order) ? 0 : 1;
}

function trailTrigger(order: ModelOrder): number {
  const distance = order.trailAmount > 0 ? order.trailAmount : Math.max(1, Math.round((order.extreme * order.trailBps) / 10_000));
  return order.side === 'sell' ? Math.max(1, order.extreme - distance) : order.extreme + distance;
}

function checkRequest(order: ModelOrder, lastClose: number | undefined): string | undefined {
  if (!Number.isSafeInteger(order.qty) || order.qty <= 0) return `qty must be a whole number of lots > 0, got ${order.qty}`;
  if ((order.orderType === 'limit' || order.orderType === 'stop_limit') && !(Number.isSafeInteger(order.price) && order.price > 0)) return 'a limit price must be > 0 ticks';
  if ((order.orderType === 'stop' || order.orderType === 'stop_limit') && !(Number.isSafeInteger(order.stopPrice) && order.stopPrice > 0)) return 'a stop price must be > 0 ticks';
  if (order.orderType === 'trailing_stop') {
    if (order.trailAmount <= 0 && order.trailBps <= 0) return 'a trailing stop needs a trail amount or bps > 0';
    if (lastClose === undefined) return 'a trailing stop needs a last price to follow';
  }
  return undefined;
}

/** "7.5" bps as the decimal fraction "0.00075"; throws on a negative or malformed value. */
export function bpsFraction(bps: string, what: string): string {
  let decimal;
  try {
    decimal = parseDecimal(bps);
  } catch {
    throw new Error(`${what} must be a decimal number of basis points, got ${JSON.stringify(bps)}`);
  }
  if (decimal.mantissa < 0n) throw new Error(`${what} must not be negative, got ${bps}`);
  return formatDecimal({ mantissa: decimal.mantissa, exponent: decimal.exponent - 4 });
}
