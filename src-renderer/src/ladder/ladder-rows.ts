/**
 * The order book ladder's rows: one per tick around a centre price, highest first, with the book's sizes, depth
 * bars relative to the largest visible size, and the user's own working orders at their levels. Pure, so the
 * ladder's logic is tested without a browser.
 */
import type { OrderRow } from '../../../workers/protocol/channels.js';
import type { Level } from '../../../workers/protocol/messages.js';

/** One price level of the ladder. */
export interface LadderRow {
  /** Price in ticks. */
  price: number;
  /** Book size at this price in lots, 0 if none. */
  bidQty: number;
  askQty: number;
  /** Size relative to the largest visible size, 0..1, for the depth bars. */
  bidDepth: number;
  askDepth: number;
  /** The user's working orders here, by side. */
  myBids: OrderRow[];
  myAsks: OrderRow[];
  /** Their open (unfilled) quantity in lots. */
  myBidQty: number;
  myAskQty: number;
  bestBid: boolean;
  bestAsk: boolean;
  /** Between the best bid and the best ask. */
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

/** The price to centre the ladder on: the mid (rounded down to a tick), else whichever side exists, else `fallback`. */
export function centreOf(bids: readonly Level[], asks: readonly Level[], fallback?: number): number | undefined {
  const { bid, ask } = touch(bids, asks);
  if (bid !== undefined && ask !== undefined) return Math.floor((bid + ask) / 2);
  return bid ?? ask ?? fallback;
}

/** Price of the top row and of the bottom row for a centre and a row count. */
export function visibleRange(centre: number, rows: number): { top: number; bottom: number } {
  const count = Math.max(1, Math.floor(rows));
  const top = centre + Math.floor((count - 1) / 2);
  return { top, bottom: top - count + 1 };
}

/** True if the touch has left the visible rows (or there is no centre yet): time to recentre. */
export function needsRecentre(centre: number | undefined, rows: number, bids: readonly Level[], asks: readonly Level[]): boolean {
  if (centre === undefined) return centreOf(bids, asks) !== undefined;
  const { bid, ask } = touch(bids, asks);
  const { top, bottom } = visibleRange(centre, rows);
  const outside = (price: number | undefined): boolean => price !== undefined && (price > top || price < bottom);
  return outside(bid) || outside(ask);
}

/** The ladder's rows, highest price first. */
export function buildLadder(input: LadderInput): LadderRow[] {
  const { top, bottom } = visibleRange(input.centre, input.rows);
  const bidSizes = sizesIn(input.bids, bottom, top);
  const askSizes = sizesIn(input.asks, bottom, top);
  const { bid, ask } = touch(input.bids, input.asks);
  let largest = 0;
  for (const qty of bidSizes.values()) largest = Math.max(largest, qty);
  for (const qty of askSizes.values()) largest = Math.max(largest, qty);
  const mine = ordersByLevel(input.orders, bottom, top);

  const rows: LadderRow[] = [];
  for (let price = top; price >= bottom; price -= 1) {
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
      bestBid: price === bid,
      bestAsk: price === ask,
      inSpread: bid !== undefined && ask !== undefined && price > bid && price < ask,
    });
  }
  return rows;
}

function sizesIn(levels: readonly Level[], bottom: number, top: number): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const [price, qty] of levels) if (qty > 0 && price >= bottom && price <= top) sizes.set(price, qty);
  return sizes;
}

function ordersByLevel(orders: readonly OrderRow[], bottom: number, top: number): Map<string, OrderRow[]> {
  const byLevel = new Map<string, OrderRow[]>();
  for (const order of orders) {
    if (order.orderType !== 'limit' || order.price < bottom || order.price > top) continue;
    const key = `${order.side}:${order.price}`;
    const list = byLevel.get(key);
    if (list === undefined) byLevel.set(key, [order]);
    else list.push(order);
  }
  return byLevel;
}

function openQty(orders: readonly OrderRow[]): number {
  let total = 0;
  for (const order of orders) total += order.qty - order.filledQty;
  return total;
}

/** The side a click on a ladder cell trades: the bid column buys, the ask column sells. */
export function sideOfColumn(column: 'bid' | 'ask'): 'buy' | 'sell' {
  return column === 'bid' ? 'buy' : 'sell';
}
