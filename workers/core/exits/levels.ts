/**
 * Price arithmetic of exits, in integer ticks. `direction` is the position's sign: +1 long (exits sell, the stop
 * sits below and a tighter stop is higher), −1 short (exits buy, the stop sits above and a tighter stop is lower).
 */
import type { Side } from '../../protocol/messages.js';

/** +1 for a long position, −1 for a short one. */
export type Direction = 1 | -1;

/** The side of the orders that close a position of `direction`. */
export function exitSide(direction: Direction): Side {
  return direction > 0 ? 'sell' : 'buy';
}

/**
 * The entry reference of a position: its average entry price (cost / |qty|) rounded against the position — up for
 * a long, down for a short — so that an exit at the reference never loses. Exact integer arithmetic.
 */
export function entryReference(qty: number, cost: number): number {
  const open = Math.abs(qty);
  if (open === 0) return 0;
  let price = Math.floor(cost / open);
  // Correct the floating-point quotient to the exact integer floor.
  while (price * open > cost) price -= 1;
  while ((price + 1) * open <= cost) price += 1;
  return qty > 0 && price * open < cost ? price + 1 : price;
}

/** A price `ticks` in profit from `from` (negative `ticks`: against it), never below 1 tick. */
export function inProfit(direction: Direction, from: number, ticks: number): number {
  return Math.max(1, from + direction * ticks);
}

/** Of two stop prices, the one closer to the market (the tighter); undefined counts as no stop. */
export function tighter(direction: Direction, a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return direction > 0 ? Math.max(a, b) : Math.min(a, b);
}

/** True if `b` is strictly tighter than `a` (any stop is tighter than none). */
export function isTighter(direction: Direction, a: number | undefined, b: number): boolean {
  return a === undefined || (direction > 0 ? b > a : b < a);
}

/** The better of two prices for the position: the higher for a long, the lower for a short. */
export function better(direction: Direction, a: number, b: number): number {
  return direction > 0 ? Math.max(a, b) : Math.min(a, b);
}

/** Ticks `price` is in profit from `entry` (negative: at a loss). */
export function gainOf(direction: Direction, entry: number, price: number): number {
  return (price - entry) * direction;
}

/** True once a trade at `price` has reached a stop at `stop`: at or below it for a long, at or above for a short. */
export function crosses(direction: Direction, stop: number, price: number): boolean {
  return direction > 0 ? price <= stop : price >= stop;
}

/** A distance of `bps` basis points of `price`, rounded up to a whole tick and at least 1 (as the venue's trailing stops). */
export function bpsDistance(price: number, bps: number): number {
  return Math.max(1, Math.ceil((price * bps) / 10_000));
}

/** A distance of `multiple` × `atr`, rounded to a whole tick and at least 1. */
export function atrDistance(atr: number, multiple: number): number {
  return Math.max(1, Math.round(atr * multiple));
}
