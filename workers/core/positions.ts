/**
 * Positions and P&L from fills only, FIFO. Every value is an exact integer: prices in ticks, quantities in lots,
 * money in ticks×lots. The contract multiplier and decimals belong to formatting (instrument.ts), not here.
 */
import type { Side } from '../protocol/messages.js';

/** A fill as the position book needs it. */
export interface PositionFill {
  /** Instrument key, `venue:symbol`. */
  key: string;
  side: Side;
  /** Fill price, ticks. */
  price: number;
  /** Filled quantity, lots, > 0. */
  qty: number;
  /** The venue's id of the fill; a fill is applied once per id and instrument. */
  fillId: string;
  /** Fee paid in 10^-8 of the quote currency (negative: a rebate); default 0. */
  fee?: number;
}

/** Position and P&L of one instrument; money in ticks×lots. */
export interface PositionView {
  /** Signed lots: long > 0, short < 0. */
  qty: number;
  /** Sum of entry price×qty of the open lots; average entry = cost / |qty|. */
  cost: number;
  realized: number;
  /** P&L of the open lots against the mark; 0 while there is no mark. */
  unrealized: number;
  /** Last mark price, ticks; 0 while unknown (as in `PositionChanged`). */
  mark: number;
  /** Fees paid on the instrument's fills, 10^-8 of the quote currency (negative: rebates earned). */
  fees: number;
}

/** An open lot: what is left of one entry fill. */
export interface OpenLot {
  price: number;
  qty: number;
}

interface Position {
  /** Open lots, oldest first, from `head`; all on the side of `qty`. Quantities are positive. */
  lots: OpenLot[];
  head: number;
  qty: number;
  cost: number;
  realized: number;
  fees: number;
  /** Fill ids seen for this instrument: ids are unique per instrument at a venue, not across them. */
  fillIds: Set<string>;
}

/**
 * How an exit's realised P&L is measured: `fifo` against the oldest open entries first; `average` against the
 * average entry price. Average cost divides, so each exit's share of the cost is rounded to a whole tick×lot and the
 * remainder stays with the open position: when the position is flat again, the realised total is exact.
 */
export type PnlMethod = 'fifo' | 'average';

/** Positions per instrument key, built from fills with FIFO or average-cost matching of entries and exits. */
export class PositionBook {
  private readonly positions = new Map<string, Position>();
  private readonly marks = new Map<string, number>();

  constructor(readonly method: PnlMethod = 'fifo') {}

  /** Applies a fill; returns false, changing nothing, if its `fillId` was already applied for this instrument. */
  applyFill(fill: PositionFill): boolean {
    checkFill(fill);
    const position = this.positionOf(fill.key);
    if (position.fillIds.has(fill.fillId)) return false;
    position.fillIds.add(fill.fillId);
    position.fees = safe(position.fees + (fill.fee ?? 0));
    const sign = fill.side === 'buy' ? 1 : -1;
    let remaining = fill.qty;
    if (position.qty * sign < 0) remaining = this.method === 'fifo' ? closeLots(position, fill.price, remaining) : closeAverage(position, fill.price, remaining);
    // Whatever the exit did not consume opens (or adds to) a position on the fill's side: that is how a flip happens.
    if (remaining > 0) {
      position.lots.push({ price: fill.price, qty: remaining });
      position.qty += sign * remaining;
      position.cost = safe(position.cost + fill.price * remaining);
    }
    return true;
  }

  /** Sets the price unrealised P&L is measured against. Marks are kept for instruments without fills too. */
  mark(key: string, price: number): void {
    if (!Number.isSafeInteger(price)) throw new RangeError(`mark for ${key} must be an integer of ticks, got ${price}`);
    this.marks.set(key, price);
  }

  /** Position and P&L of `key`; all zero for an instrument never filled. */
  get(key: string): PositionView {
    const position = this.positions.get(key);
    const mark = this.marks.get(key);
    const qty = position?.qty ?? 0;
    const cost = position?.cost ?? 0;
    return {
      qty,
      cost,
      realized: position?.realized ?? 0,
      unrealized: mark === undefined ? 0 : unrealizedOf(qty, cost, mark),
      mark: mark ?? 0,
      fees: position?.fees ?? 0,
    };
  }

  /** Keys of instruments that have had at least one fill, flat ones included (their realised P&L still counts). */
  keys(): string[] {
    return [...this.positions.keys()];
  }

  /** Copies of the open lots of `key`, oldest first (for display and checks). */
  openLots(key: string): OpenLot[] {
    const position = this.positions.get(key);
    if (position === undefined) return [];
    return position.lots.slice(position.head).map((lot) => ({ ...lot }));
  }

  private positionOf(key: string): Position {
    let position = this.positions.get(key);
    if (position === undefined) {
      position = { lots: [], head: 0, qty: 0, cost: 0, realized: 0, fees: 0, fillIds: new Set() };
      this.positions.set(key, position);
    }
    return position;
  }
}

/** Long: mark×qty − cost (value now minus paid); short: cost − mark×|qty| (received minus cost to buy back). */
function unrealizedOf(qty: number, cost: number, mark: number): number {
  if (qty === 0) return 0;
  return qty > 0 ? safe(mark * qty - cost) : safe(cost - mark * -qty);
}

/** Closes up to `qty` lots of the position oldest first at `price`; returns the quantity left over. */
function closeLots(position: Position, price: number, qty: number): number {
  const direction = position.qty > 0 ? 1 : -1;
  let left = qty;
  while (left > 0 && position.head < position.lots.length) {
    const lot = position.lots[position.head];
    if (lot === undefined) break;
    const take = Math.min(lot.qty, left);
    position.realized = safe(position.realized + (price - lot.price) * take * direction);
    position.cost = safe(position.cost - lot.price * take);
    position.qty -= direction * take;
    lot.qty -= take;
    left -= take;
    if (lot.qty === 0) position.head += 1;
  }
  compact(position);
  return left;
}

/** Closes up to `qty` lots at `price` against the average entry; returns the quantity left over. */
function closeAverage(position: Position, price: number, qty: number): number {
  const direction = position.qty > 0 ? 1 : -1;
  const open = Math.abs(position.qty);
  const take = Math.min(open, qty);
  // This exit's share of the cost, rounded half up; the last exit takes what is left, so nothing is lost.
  const share = take === open ? position.cost : Number((BigInt(position.cost) * BigInt(take) * 2n + BigInt(open)) / (2n * BigInt(open)));
  position.realized = safe(position.realized + (price * take - share) * direction);
  position.cost = safe(position.cost - share);
  position.qty -= direction * take;
  // One lot record holds the whole position at its average, for `openLots`.
  position.lots.length = 0;
  position.head = 0;
  if (position.qty !== 0) position.lots.push({ price: Math.round(position.cost / Math.abs(position.qty)), qty: Math.abs(position.qty) });
  return qty - take;
}

/** Drops consumed lots once they are the larger part of the array, so closing stays O(1) amortised without shift(). */
function compact(position: Position): void {
  if (position.head === position.lots.length) {
    position.lots.length = 0;
    position.head = 0;
  } else if (position.head > 16 && position.head * 2 > position.lots.length) {
    position.lots.splice(0, position.head);
    position.head = 0;
  }
}

function checkFill(fill: PositionFill): void {
  if (!Number.isSafeInteger(fill.qty) || fill.qty <= 0) throw new RangeError(`fill ${fill.fillId}: qty must be an integer > 0, got ${fill.qty}`);
  if (!Number.isSafeInteger(fill.price)) throw new RangeError(`fill ${fill.fillId}: price must be an integer of ticks, got ${fill.price}`);
}

/** Money beyond 2^53 would silently lose units; refuse it instead. */
function safe(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`money value ${value} is outside the exact integer range`);
  return value;
}
