/**
 * What every taking agent shares: the guard that leaves a thin side alone, the cap that keeps an ordinary taker within
 * the two best levels, and sending one marketable order while noting whether it traded.
 */
import type { Side } from '../../protocol/messages.js';
import type { OrderRequest } from '../matching-engine.js';
import { opposite, type AgentCounts, type FlowMarket } from './market.js';

/** Ordinary takers leave a side alone while it has fewer levels than this, so the book is never emptied. */
export const MIN_LEVELS_TO_TAKE = 3;

/** How a taker sends its order: market, or a limit IOC or FOK priced `reach` grid steps through the touch. */
export type TakerStyle = 'market' | 'ioc' | 'fok';

/** True if the side a `side` order would hit has at least `minLevels` levels. */
export function canTake(m: FlowMarket, side: Side, minLevels = MIN_LEVELS_TO_TAKE): boolean {
  return m.book.levels(opposite(side)).size >= minLevels;
}

/** `qty` capped to what the two best levels against a `side` order hold, so only sweeps walk further. */
export function capToTouch(m: FlowMarket, side: Side, qty: number): number {
  const levels = m.book.levels(opposite(side));
  return Math.max(1, Math.min(qty, levels.qtyAt(0) + levels.qtyAt(1)));
}

/**
 * Sends one marketable order and returns the engine calls made (1, or 0 if the other side is empty). If it traded,
 * counts it, marks the side it hit as touched for the liquidity provider, and feeds the flow's direction signal.
 */
export function sendTaker(
  m: FlowMarket,
  counts: AgentCounts,
  prefix: string,
  side: Side,
  qty: number,
  style: TakerStyle,
  reach = 0,
  /** Limit price, ticks, instead of one derived from `reach`. */
  limitPrice?: number,
): number {
  const hit = opposite(side);
  const levels = m.book.levels(hit);
  const touch = levels.best();
  if (touch === undefined) return 0;
  const size = levels.size;
  const touchQty = levels.qtyAt(0);
  const clientOrderId = m.nextId(prefix);
  const limit = limitPrice ?? Math.max(1, touch + (side === 'buy' ? reach : -reach) * m.grid);
  const request: OrderRequest =
    style === 'market'
      ? { owner: m.owner, clientOrderId, side, type: 'market', price: 0, qty, tif: 'IOC' }
      : { owner: m.owner, clientOrderId, side, type: 'limit', price: limit, qty, tif: style === 'ioc' ? 'IOC' : 'FOK' };
  m.book.submit(request, m.now);
  counts.orders++;
  // Anything traded shows at the touch: it moved, or its size or the number of levels changed.
  if (levels.best() !== touch || levels.size !== size || levels.qtyAt(0) !== touchQty) {
    counts.trades++;
    m.touched[hit] = true;
    m.signals.recordTrade(side, qty);
  }
  return 1;
}
