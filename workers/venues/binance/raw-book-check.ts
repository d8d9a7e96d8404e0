/**
 * Checks a raw replay (raw-replay.ts) against what the session recorded on its market-data stream, book by book:
 * every book message the feed published (`md.jnl`: the gateway's updates passed on as they were, and the snapshots a
 * late or resynchronising subscriber was given) must be found, in order, in the replay, and once the recording has a
 * snapshot, the book built from it must equal the replayed book on its top `depth` levels after every message. Every replayed book must also keep the book
 * contract (sides sorted, no empty level, not crossed). Recorded trades must be replayed with the same terms. Pure.
 */
import { OrderBook } from '../../core/order-book.js';
import type { Level, Message } from '../../protocol/messages.js';

/** The outcome for one book topic. */
export interface BookCheck {
  topic: string;
  /** Book messages in the replay, and in the recording. */
  replayed: number;
  recorded: number;
  /** Recorded book messages found in the replay with equal books. */
  matched: number;
  /** Contract violations of the replayed book (the first few). */
  violations: string[];
  /** The first disagreement with the recording, if any. */
  difference?: string;
}

/** The whole check. */
export interface RawCheck {
  books: BookCheck[];
  trades: { recorded: number; matched: number; difference?: string };
  identical: boolean;
}

type Book = Extract<Message, { type: 'BookSnapshot' | 'BookUpdate' }>;
interface Entry {
  topic: string;
  message: Message;
}

/** Compares; `depth` is how many levels per side must agree (a late joiner's book is only as deep as its snapshot). */
export function checkRawReplay(replayed: readonly Entry[], recorded: readonly Entry[], depth: number): RawCheck {
  const books = topicsOf(replayed, recorded).map((topic) => checkTopic(topic, booksOn(replayed, topic), booksOn(recorded, topic), depth));
  const trades = checkTrades(replayed, recorded);
  const identical = books.every((b) => b.difference === undefined && b.violations.length === 0) && trades.difference === undefined;
  return { books, trades, identical };
}

function topicsOf(replayed: readonly Entry[], recorded: readonly Entry[]): string[] {
  const topics = new Set<string>();
  for (const { topic, message } of [...replayed, ...recorded]) if (isBook(message) && topic.startsWith('book.binance')) topics.add(topic);
  return [...topics].sort();
}

function isBook(message: Message): message is Book {
  return message.type === 'BookSnapshot' || message.type === 'BookUpdate';
}

function booksOn(entries: readonly Entry[], topic: string): Book[] {
  return entries.filter((e) => e.topic === topic && isBook(e.message)).map((e) => e.message as Book);
}

function checkTopic(topic: string, replayed: Book[], recorded: Book[], depth: number): BookCheck {
  const result: BookCheck = { topic, replayed: replayed.length, recorded: recorded.length, matched: 0, violations: [] };
  const ours = new OrderBook();
  const theirs = new OrderBook();
  let next = 0;
  let theirsReady = false;
  const step = (): boolean => {
    if (next >= replayed.length) return false;
    const message = replayed[next++]!;
    if (message.type === 'BookSnapshot') ours.setSnapshot(message.bids, message.asks);
    else ours.apply(message.bids, message.asks);
    const problem = ours.checkInvariants();
    if (problem !== undefined && result.violations.length < 5) result.violations.push(`replayed message ${next}: ${problem}`);
    return true;
  };
  for (let i = 0; i < recorded.length && result.difference === undefined; i++) {
    const message = recorded[i]!;
    if (message.type === 'BookSnapshot') {
      theirs.setSnapshot(message.bids, message.asks);
      theirsReady = true;
      // A snapshot can be the adapter's own or one the gateway served between two updates: the book must pass there.
      const levels = Math.max(message.bids.length, message.asks.length);
      while (!sameTop(ours, theirs, levels)) {
        if (!step()) {
          result.difference = `recorded snapshot ${i + 1} (ts ${message.ts}) is no state the replayed book passed through after replayed message ${next}`;
          break;
        }
      }
    } else {
      theirs.apply(message.bids, message.asks);
      let found = false;
      while (!found && step()) found = sameUpdate(replayed[next - 1]!, message);
      if (!found) result.difference = `recorded update ${i + 1} (ts ${message.ts}) not found in the replay`;
      // Before its first snapshot the recording cannot say what the book was (its subscriber joined late): the update alone is compared.
      else if (theirsReady && !sameTop(ours, theirs, depth)) result.difference = `after recorded update ${i + 1} (ts ${message.ts}) the books differ: ${describe(ours, theirs, depth)}`;
    }
    if (result.difference === undefined) result.matched++;
  }
  while (step()); // the rest of the replay is checked for the contract too
  return result;
}

function sameUpdate(replayed: Book, recorded: Book): boolean {
  return replayed.type === 'BookUpdate' && replayed.ts === recorded.ts && sameLevels(replayed.bids, recorded.bids) && sameLevels(replayed.asks, recorded.asks);
}

function sameLevels(a: readonly Level[], b: readonly Level[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}

function sameTop(a: OrderBook, b: OrderBook, depth: number): boolean {
  const x = a.top(depth);
  const y = b.top(depth);
  return sameLevels(x.bids, y.bids) && sameLevels(x.asks, y.asks);
}

function describe(ours: OrderBook, theirs: OrderBook, depth: number): string {
  const x = ours.top(depth);
  const y = theirs.top(depth);
  for (const side of ['bids', 'asks'] as const) {
    for (let i = 0; i < Math.max(x[side].length, y[side].length); i++) {
      const a = x[side][i];
      const b = y[side][i];
      if (a?.[0] !== b?.[0] || a?.[1] !== b?.[1]) return `${side} level ${i + 1}: replayed ${JSON.stringify(a ?? null)}, recorded ${JSON.stringify(b ?? null)}`;
    }
  }
  return 'no level differs';
}

function checkTrades(replayed: readonly Entry[], recorded: readonly Entry[]): RawCheck['trades'] {
  const ours = new Map<string, Message>();
  for (const { topic, message } of replayed) if (message.type === 'Trade') ours.set(`${topic}#${message.tradeId}`, message);
  let matched = 0;
  for (const { topic, message } of recorded) {
    if (message.type !== 'Trade' || !topic.startsWith('trade.binance')) continue;
    const mine = ours.get(`${topic}#${message.tradeId}`);
    if (mine === undefined || mine.type !== 'Trade' || mine.price !== message.price || mine.qty !== message.qty || mine.aggressor !== message.aggressor || mine.ts !== message.ts) {
      return { recorded: count(recorded), matched, difference: `recorded trade ${message.tradeId} on ${topic} ${mine === undefined ? 'not in the replay' : 'differs from the replayed one'}` };
    }
    matched++;
  }
  return { recorded: matched, matched };
}

function count(recorded: readonly Entry[]): number {
  return recorded.filter((e) => e.message.type === 'Trade' && e.topic.startsWith('trade.binance')).length;
}
