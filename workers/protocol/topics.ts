/**
 * The one module that builds topic strings. A topic is the first frame of every published message and is matched by
 * prefix, so the most general part comes first: `trade.sim.BTC-USD`, `bar.1m.sim.BTC-USD`. Nothing else in the code
 * base writes a topic literal.
 */
import type { Timeframe } from './messages.js';

/** The kinds of stream, each the first segment of its topics. */
export type TopicKind = 'book' | 'trade' | 'bar' | 'quality' | 'order' | 'fill' | 'position' | 'status' | 'log' | 'reconcile' | 'account' | 'margin' | 'pnl';

/** Symbols and venues may not contain the separator, or prefix matching would mix instruments. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** True if `s` can be a venue, symbol or worker segment of a topic. */
export function isTopicSegment(s: string): boolean {
  return SEGMENT.test(s);
}

export const topics = {
  book: (venue: string, symbol: string): string => `book.${venue}.${symbol}`,
  trade: (venue: string, symbol: string): string => `trade.${venue}.${symbol}`,
  bar: (tf: Timeframe, venue: string, symbol: string): string => `bar.${tf}.${venue}.${symbol}`,
  /** Data quality of one instrument's market data (`MarketDataStatus`). */
  quality: (venue: string, symbol: string): string => `quality.${venue}.${symbol}`,
  order: (venue: string, symbol: string): string => `order.${venue}.${symbol}`,
  fill: (venue: string, symbol: string): string => `fill.${venue}.${symbol}`,
  position: (venue: string, symbol: string): string => `position.${venue}.${symbol}`,
  /** One instrument's positions per owner (`OwnerPosition`). */
  pnl: (venue: string, symbol: string): string => `pnl.${venue}.${symbol}`,
  status: (worker: string): string => `status.${worker}`,
  log: (worker: string): string => `log.${worker}`,
  /** Reconciliation state of a live venue account (`ReconcileReport`). */
  reconcile: (venue: string, account: string): string => `reconcile.${venue}.${account}`,
  /** Balances of a live venue account (`VenueAccount`). */
  account: (venue: string, account: string): string => `account.${venue}.${account}`,
  /** Risk's trading account (`AccountStatus`). */
  margin: (account: string): string => `margin.${account}`,
  /** Prefix matching every topic of a kind: `fill.`; with a venue, every instrument there: `fill.sim.`. */
  prefix: (kind: TopicKind, venue?: string): string => (venue === undefined ? `${kind}.` : `${kind}.${venue}.`),
  /** Prefix for every bar of one timeframe. */
  barPrefix: (tf: Timeframe): string => `bar.${tf}.`,
  /** Command streams have no topic frame on the wire; this names them in logs, journals and snapshots. */
  command: (sender: string): string => `cmd.${sender}`,
} as const;

/** The kind of a topic: its first segment. */
export function topicKind(topic: string): string {
  const dot = topic.indexOf('.');
  return dot < 0 ? topic : topic.slice(0, dot);
}
