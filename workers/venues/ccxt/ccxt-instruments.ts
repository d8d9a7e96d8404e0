/**
 * The instruments of the configured ccxt venues, from each exchange's own metadata through ccxt's `loadMarkets()`
 * (asked once by the host at start, before any worker needs the registry), mapped by {@link instrumentSpecOf}.
 */
import type { InstrumentSpec } from '../../core/instrument.js';
import type { CcxtVenueConfig } from '../../protocol/config.js';
import { openExchange } from './ccxt-exchange.js';
import { instrumentSpecOf, type CcxtMarketLike } from './market-spec.js';

/** The specs of `venue`'s configured symbols; throws naming the exchange and what went wrong. */
export async function ccxtInstruments(venue: CcxtVenueConfig): Promise<InstrumentSpec[]> {
  const { exchange } = await openExchange(venue, false);
  let markets: Record<string, unknown>;
  try {
    markets = await exchange.loadMarkets();
  } catch (error) {
    throw new Error(`cannot load ${venue.exchange} markets through ccxt: ${(error as Error).message}`);
  }
  return venue.symbols.map((configured) => {
    const market = markets[configured.symbol] as CcxtMarketLike | undefined;
    if (market === undefined) throw new Error(`${venue.exchange} (ccxt) does not list ${configured.symbol}`);
    return instrumentSpecOf(venue.venue ?? venue.exchange, market, exchange.precisionMode ?? 0, configured);
  });
}
