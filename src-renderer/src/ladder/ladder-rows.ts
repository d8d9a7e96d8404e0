/**
 * The order book ladder's rows: one per price step (one tick, or a group of ticks) around a centre price, highest
 * first, with the book's sizes, depth bars relative to the largest visible size, and the user's own working orders at
 * their levels. In a group, bids count at the step at or below their price and asks at the step at or above, so the
 * two sides never share a row. An order shows at its level (model/order-level.ts): a limit order at its price, a stop
 * waiting for its trigger at its stop price. Pure, so the ladder's logic is tested without a browser.
 */
import type { OrderRow } from '../../../workers/protocol/channels.js';
import type { Level } from '../../../workers/protocol/messages.js';
import { levelOf } from '../model/order-level.js';

/** One price level of the ladder. */
export interface LadderRow {
  /** Price in ticks (a multiple of the step). */
  price: number;
  /** Book size at this row in lots, 0 if none. */
  bidQty: number;
  askQty: number;
  /** Size relative to the largest visible size, 0..1, for the depth bars. */
  bidDepth: number;
  askDepth: number;
  /** The user's working orders at this level (limit price, or stop price of a waiting stop), by side. */
  myBids: OrderRow[];
  myAsks: OrderRow[];
  /** Their open (unfilled) quantity in lots. */
  myBidQty: number;
  myAskQty: number;
  bestBid: boolean;
  bestAsk: boolean;
  /** Between the best bid's row and the best ask's row. */
  inSpread: boolean;
}

/** What a ladder is built from. */
export interface LadderInput {
  bids: readonly Level[];
  asks: readonly Level[];
  /** Price in ticks of the middle row. */
  centre: number;
  /** How many rows fit (at least 1). */
  rows: number;
  /** Working orders of this instrument. */
  orders: readonly OrderRow[];
  /** Ticks per row; 1 unless grouped. */
  step?: number;
}

/** Best bid and ask in ticks (undefined for an empty side). */
export function touch(bids: readonly Level[], asks: readonly Level[]): { bid: number | undefined; ask: number | undefined } {
  return { bid: bestOf(bids, 'bid'), ask: bestOf(asks, 'ask') };
}

function bestOf(levels: readonly Level[], side: 'bid' | 'ask'): number | undefined {
  let best: number | undefined;
  for (const [price, qty] of levels) {
    if (qty <= 0) continue;
    if (best === undefined || (side === 'bid' ? price > best : price < best)) best = price;
  }
  return best;
}

/** The row a price falls in: bids (and buy orders) round down to the step, asks (and sell orders) up. */
export function rowOf(price: number, side: 'bid' | 'ask', step = 1): number {
  const size = Math.max(1, Math.floor(step));
  return side === 'bid' ? Math.floor(price / size) * size : Math.ceil(price / size) * size;
}

/** The price to centre the ladder on: the mid (rounded down to a tick), else whichever side exists, else `fallback`. */
export function centreOf(bids: readonly Level[], asks: readonly Level[], fallback?: number): number | undefined {
  const { bid, ask } = touch(bids, asks);
  if (bid !== undefined && ask !== undefined) return Math.floor((bid + ask) / 2);
  return bid ?? ask ?? fallback;
}

/** Price of the top row and of the bottom row for a centre, a row count and a step. */
export function visibleRange(centre: number, rows: number, step = 1): { top: number; bottom: number } {
  const size = Math.max(1, Math.floor(step));
  const count = Math.max(1, Math.floor(rows));
  const top = rowOf(centre, 'bid', size) + Math.floor((count - 1) / 2) * size;
  return { top, bottom: top - (count - 1) * size };
}

/**
 * True if the touch has left the middle of the ladder (it is within a sixth of the rows of an edge, or out of view),
 * or there is no centre yet: time to recentre, so both sides of the book stay in view.
 */
export function needsRecentre(centre: number | undefined, rows: number, bids: readonly Level[], asks: readonly Level[], step = 1): boolean {
  if (centre === undefined) return centreOf(bids, asks) !== undefined;
  const { bid, ask } = touch(bids, asks);
  const { top, bottom } = visibleRange(centre, rows, step);
  const margin = Math.floor(Math.max(1, rows) / 6) * Math.max(1, Math.floor(step));
  const outside = (price: number | undefined): boolean => price !== undefined && (price > top - margin || price < bottom + margin);
  return outside(bid) || outside(ask);
}

/**
 * The centre that brings `price` into view with `margin` rows to spare, moving as little as possible; `centre`
 * itself if it is already in view.
 */
export function centreToShow(centre: number, rows: number, price: number, margin = 2, step = 1): number {
  const size = Math.max(1, Math.floor(step));
  const { top, bottom } = visibleRange(centre, rows, size);
  const room = Math.max(0, Math.min(margin, Math.floor((rows - 1) / 2))) * size;
  const row = rowOf(price, 'bid', size);
  if (row > top - room) return centre + (row - (top - room));
  if (row < bottom + room) return centre - (bottom + room - row);
  return centre;
}

/** The ladder's rows, highest price first. */
export function buildLadder(input: LadderInput): LadderRow[] {
  const step = Math.max(1, Math.floor(input.step ?? 1));
  const { top, bottom } = visibleRange(input.centre, input.rows, step);
  const bidSizes = sizesIn(input.bids, 'bid', step, bottom, top);
  const askSizes = sizesIn(input.asks, 'ask', step, bottom, top);
  const best = touch(input.bids, input.asks);
  const bidRow = best.bid === undefined ? undefined : rowOf(best.bid, 'bid', step);
  const askRow = best.ask === undefined ? undefined : rowOf(best.ask, 'ask', step);
  let largest = 0;
  for (const qty of bidSizes.values()) largest = Math.max(largest, qty);
  for (const qty of askSizes.values()) largest = Math.max(largest, qty);
  const mine = ordersByRow(input.orders, step, bottom, top);

  const rows: LadderRow[] = [];
  for (let price = top; price >= bottom; price -= step) {
    const bidQty = bidSizes.get(price) ?? 0;
    const askQty = askSizes.get(price) ?? 0;
    const myBids = mine.get(`buy:${price}`) ?? [];
    const myAsks = mine.get(`sell:${price}`) ?? [];
    rows.push({
      price,
      bidQty,
      askQty,
      bidDepth: largest > 0 ? bidQty / largest : 0,
      askDepth: largest > 0 ? askQty / largest : 0,
      myBids,
      myAsks,
      myBidQty: openQty(myBids),
      myAskQty: openQty(myAsks),
      bestBid: price === bidRow,
      bestAsk: price === askRow,
      inSpread: bidRow !== undefined && askRow !== undefined && price > bidRow && price < askRow,
    });
  }
  return rows;
}

function sizesIn(levels: readonly Level[], side: 'bid' | 'ask', step: number, bottom: number, top: number): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const [price, qty] of levels) {
    if (qty <= 0) continue;
    const row = rowOf(price, side, step);
    if (row >= bottom && row <= top) sizes.set(row, (sizes.get(row) ?? 0) + qty);
  }
  return sizes;
}

function ordersByRow(orders: readonly OrderRow[], step: number, bottom: number, top: number): Map<string, OrderRow[]> {
  const byRow = new Map<string, OrderRow[]>();
  for (const order of orders) {
    const level = levelOf(order);
    if (level === undefined) continue;
    const row = rowOf(level.price, order.side === 'buy' ? 'bid' : 'ask', step);
    if (row < bottom || row > top) continue;
    const key = `${order.side}:${row}`;
    const list = byRow.get(key);
    if (list === undefined) byRow.set(key, [order]);
    else list.push(order);
  }
  return byRow;
}

function openQty(orders: readonly OrderRow[]): number {
  let total = 0;
  for (const order of orders) total += order.qty - order.filledQty;
  return total;
}
