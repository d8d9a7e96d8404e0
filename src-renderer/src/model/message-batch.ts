/**
 * Host messages that arrived within one frame, shortened to what the screen can show: consecutive market messages
 * become one (each book's latest state, every print, each bar's latest state). The host already conflates to one
 * market message per 16 ms; this matters when the renderer falls behind (a busy or starved main thread), where taking
 * every queued message one by one would redo the same DOM work for states that are never drawn. Pure.
 */
import type { BarView, HostToRenderer } from '../../../workers/protocol/channels.js';

type Market = Extract<HostToRenderer, { channel: 'market' }>;

/** `messages` in order, with each run of consecutive market messages merged into one. */
export function compactMessages(messages: readonly HostToRenderer[]): HostToRenderer[] {
  const out: HostToRenderer[] = [];
  let run: Market[] = [];
  const endRun = (): void => {
    if (run.length === 1) out.push(run[0]!);
    else if (run.length > 1) out.push(mergeMarket(run));
    run = [];
  };
  for (const message of messages) {
    if (message.channel === 'market') run.push(message);
    else {
      endRun();
      out.push(message);
    }
  }
  endRun();
  return out;
}

/** One market message equivalent to `messages` taken in order. */
export function mergeMarket(messages: readonly Market[]): Market {
  const books = new Map<string, Market['books'][number]>();
  const trades: Market['trades'] = [];
  const bars: BarView[] = [];
  for (const message of messages) {
    // A book is a whole state (its top levels): the newest replaces the older, keeping the first one's place.
    for (const book of message.books) books.set(`${book.venue}:${book.symbol}`, book);
    for (const trade of message.trades) trades.push(trade);
    for (const bar of message.bars) bars.push(bar);
  }
  return { channel: 'market', books: [...books.values()], trades, bars: latestBars(bars) };
}

/** Each bar's newest state only (a bar is updated in place until it closes), in the order of those newest states. */
function latestBars(bars: readonly BarView[]): BarView[] {
  const seen = new Set<string>();
  const kept: BarView[] = [];
  for (let index = bars.length - 1; index >= 0; index -= 1) {
    const bar = bars[index]!;
    const key = `${bar.venue}:${bar.symbol}:${bar.tf}:${bar.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(bar);
  }
  return kept.reverse();
}
