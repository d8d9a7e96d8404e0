/**
 * Positions per (instrument, owner), from execution's fills: the owner is the fill's strategy id (`manual` for the
 * user's orders), and a fill of an exit order (strategy id `exits:<owner>`) counts for the owner it protects. Risk
 * publishes positions per instrument only; exits need each owner's own, with its cost (FIFO) and the time it opened.
 */
import { ownerOf } from '../core/exits/owner.js';
import { PositionBook } from '../core/positions.js';
import type { ExitPosition } from '../core/exits/exit-tracker.js';
import type { OrderFilled } from '../protocol/messages.js';

export { exitsStrategyId, ownerOf } from '../core/exits/owner.js';

/** Key of one owner's position in one instrument. */
export function positionKey(venue: string, symbol: string, owner: string): string {
  return `${venue}:${symbol}|${owner}`;
}

/** Every owner's position in every instrument, from fills, each fill counted once. */
export class OwnerPositions {
  private readonly book = new PositionBook('fifo');
  private readonly openedAt = new Map<string, number>();

  /**
   * Applies a fill; returns the owner's key and new position, or undefined for a fill already counted. A position
   * opens at its first fill's event time, so a worker that joins late and replays fills still times it right.
   */
  apply(fill: OrderFilled): { key: string; owner: string; position: ExitPosition } | undefined {
    const owner = ownerOf(fill.strategyId);
    const key = positionKey(fill.venue, fill.symbol, owner);
    const before = this.book.get(key).qty;
    if (!this.book.applyFill({ key, side: fill.side, price: fill.price, qty: fill.qty, fillId: fill.fillId })) return undefined;
    const after = this.book.get(key).qty;
    if (after === 0) this.openedAt.delete(key);
    else if (before === 0 || Math.sign(before) !== Math.sign(after)) this.openedAt.set(key, fill.ts);
    return { key, owner, position: this.get(key) };
  }

  /** The position under `key` (flat if never filled). */
  get(key: string): ExitPosition {
    const view = this.book.get(key);
    return { qty: view.qty, cost: view.cost, openedAt: this.openedAt.get(key) ?? 0 };
  }
}
