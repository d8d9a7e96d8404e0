/** Bounded, newest-first lists: the time and sales tape and the fills list. */
import type { FillRow, TradeView } from '../../../workers/protocol/channels.js';

/** Prints kept per instrument for time and sales. */
export const TRADES_LIMIT = 200;
/** Fills kept for the Fills panel and the chart's markers. */
export const FILLS_LIMIT = 500;

/** A print with an id for keyed lists (trades carry none of their own). */
export interface TapeTrade extends TradeView {
  id: number;
}

/** `list` with `trades` (oldest first, as they arrive) in front, newest first, cut to `limit`. */
export function prependTrades(list: readonly TapeTrade[], trades: readonly TapeTrade[], limit = TRADES_LIMIT): TapeTrade[] {
  const fresh = trades.length > limit ? trades.slice(trades.length - limit) : trades;
  const next = [...fresh].reverse();
  const room = limit - next.length;
  return room > 0 ? next.concat(list.slice(0, room)) : next;
}

/** `list` with the new `fills` in front, newest first, each fill id once, cut to `limit`. */
export function prependFills(list: readonly FillRow[], fills: readonly FillRow[], limit = FILLS_LIMIT): FillRow[] {
  const seen = new Set(list.map((fill) => fill.fillId));
  const fresh: FillRow[] = [];
  for (const fill of fills) {
    if (seen.has(fill.fillId)) continue;
    seen.add(fill.fillId);
    fresh.push(fill);
  }
  if (fresh.length === 0) return list as FillRow[];
  fresh.sort((a, b) => b.ts - a.ts);
  return fresh.concat(list).slice(0, limit);
}
