/**
 * Instruments of the live venues, from the venues' own metadata, fetched once at start-up: the workers validate every
 * message against the instrument registry, so it must be complete before any of them is spawned. Binance: spot
 * `GET /api/v3/exchangeInfo` and USD-M `GET /fapi/v1/exchangeInfo`, asked only for the symbols configured; ccxt
 * venues: each exchange's `loadMarkets()` through ccxt.
 */
import { binanceConfigOf, ccxtConfigsOf, type BinanceConfig, type TerminalConfig } from '../../workers/protocol/config.js';
import type { InstrumentSpec } from '../../workers/core/instrument.js';
import { instrumentsFromExchangeInfo } from '../../workers/venues/binance/exchange-info.js';

/** Fetches JSON; a test can pass its own. */
export type FetchJson = (url: string) => Promise<unknown>;

const fetchJson: FetchJson = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
};

/** The instruments every configured live venue lists for the symbols configured (none when no live venue is). */
export async function fetchVenueInstruments(config: Pick<TerminalConfig, 'venues'>, get: FetchJson = fetchJson): Promise<InstrumentSpec[]> {
  const binance = binanceConfigOf(config);
  const out = binance === undefined ? [] : await binanceInstruments(binance, get);
  const ccxt = ccxtConfigsOf(config);
  if (ccxt.length > 0) {
    // ccxt is large: loaded only by a host that has ccxt venues.
    const { ccxtInstruments } = await import('../../workers/venues/ccxt/ccxt-instruments.js');
    for (const venue of ccxt) out.push(...(await ccxtInstruments(venue)));
  }
  return out;
}

async function binanceInstruments(binance: BinanceConfig, get: FetchJson): Promise<InstrumentSpec[]> {
  const out: InstrumentSpec[] = [];
  for (const market of ['spot', 'usdm'] as const) {
    const symbols = binance.symbols.filter((s) => s.market === market).map((s) => s.symbol);
    if (symbols.length === 0) continue;
    const url = market === 'spot' ? `${binance.restUrl}/api/v3/exchangeInfo` : `${binance.futuresRestUrl}/fapi/v1/exchangeInfo`;
    let body: unknown;
    try {
      // The whole list is one request either way; a `symbols=` filter would fail the lot on one delisted name.
      body = await get(url);
    } catch (error) {
      throw new Error(`cannot load Binance ${market} instruments from ${url}: ${(error as Error).message}`);
    }
    out.push(...instrumentsFromExchangeInfo(market, body, symbols));
  }
  return out;
}
