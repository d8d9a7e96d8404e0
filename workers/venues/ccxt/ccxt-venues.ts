/**
 * What every process needs to know of the configured ccxt venues, pure: their venue names (for routes and
 * staleness), and which of their instruments trade on paper and which live.
 */
import { instrumentKey } from '../../core/instrument.js';
import type { CcxtVenueConfig } from '../../protocol/config.js';
import { isTopicSegment } from '../../protocol/topics.js';
import { ourSymbol } from './market-spec.js';

/** The venue names of the ccxt entries. */
export function ccxtVenueNames(venues: readonly CcxtVenueConfig[]): string[] {
  return venues.map((v) => v.venue ?? v.exchange);
}

/** Keys (`venue:symbol`, our symbol) of the ccxt instruments in `mode`. */
export function ccxtKeys(venues: readonly CcxtVenueConfig[], mode: 'paper' | 'live'): Set<string> {
  const keys = new Set<string>();
  for (const venue of venues) {
    for (const s of venue.symbols) if (s.mode === mode) keys.add(instrumentKey(venue.venue ?? venue.exchange, ourSymbol(s.symbol)));
  }
  return keys;
}

/** Why the ccxt venue names cannot be used (taken by another venue, repeated, not a topic segment), or undefined. */
export function ccxtVenueProblem(venues: readonly CcxtVenueConfig[], taken: readonly string[]): string | undefined {
  const seen = new Set(taken);
  for (const name of ccxtVenueNames(venues)) {
    if (!isTopicSegment(name)) return `ccxt venue "${name}" may hold only letters, digits, - and _`;
    if (seen.has(name)) return `ccxt venue "${name}" is already another venue's name: give the entry its own "venue"`;
    seen.add(name);
  }
  return undefined;
}
