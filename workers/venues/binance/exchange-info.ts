/**
 * Instruments from Binance's own metadata: the `exchangeInfo` bodies of spot (`/api/v3/exchangeInfo`) and USD-M
 * futures (`/fapi/v1/exchangeInfo`), read as the decimal strings Binance sends, so tick, lot and minimum notional are
 * exact. Pure; the host fetches.
 */
import type { InstrumentSpec } from '../../core/instrument.js';

/** Venue names of the two Binance markets in topics, messages and the instrument registry. */
export const BINANCE_VENUES = { spot: 'binance', usdm: 'binanceusdm' } as const;

/** Keys (`venue:symbol`) of the configured symbols traded on paper against the live book. */
export function paperKeys(symbols: ReadonlyArray<{ symbol: string; market: 'spot' | 'usdm'; mode: 'paper' | 'live' }>): Set<string> {
  return new Set(symbols.filter((s) => s.mode === 'paper').map((s) => `${BINANCE_VENUES[s.market]}:${s.symbol}`));
}

/** Binance's standard (VIP 0) fee rates, for paper fills: spot 0.1 % both sides; USD-M 0.02 % maker, 0.05 % taker. */
const FEES = { spot: { makerFee: '0.001', takerFee: '0.001' }, usdm: { makerFee: '0.0002', takerFee: '0.0005' } } as const;

/** The specs of `symbols` found in an `exchangeInfo` body; throws naming what is missing or malformed. */
export function instrumentsFromExchangeInfo(market: 'spot' | 'usdm', body: unknown, symbols: readonly string[]): InstrumentSpec[] {
  const listed = (body as { symbols?: unknown } | null)?.symbols;
  if (!Array.isArray(listed)) throw new Error(`Binance ${market} exchangeInfo has no symbols list`);
  return symbols.map((symbol) => {
    const entry = listed.find((s: unknown) => (s as { symbol?: unknown }).symbol === symbol) as Record<string, unknown> | undefined;
    if (entry === undefined) throw new Error(`Binance ${market} does not list ${symbol}`);
    return specOf(market, symbol, entry);
  });
}

function specOf(market: 'spot' | 'usdm', symbol: string, entry: Record<string, unknown>): InstrumentSpec {
  const filters = Array.isArray(entry.filters) ? (entry.filters as Array<Record<string, unknown>>) : [];
  const filter = (type: string) => filters.find((f) => f.filterType === type);
  const tickSize = filter('PRICE_FILTER')?.tickSize;
  const lotSize = filter('LOT_SIZE')?.stepSize;
  // Spot's NOTIONAL (older: MIN_NOTIONAL.minNotional); futures' MIN_NOTIONAL.notional.
  const minNotional = filter('NOTIONAL')?.minNotional ?? filter('MIN_NOTIONAL')?.minNotional ?? filter('MIN_NOTIONAL')?.notional ?? '0';
  const { baseAsset, quoteAsset } = entry;
  for (const [name, value] of Object.entries({ tickSize, lotSize, minNotional, baseAsset, quoteAsset })) {
    if (typeof value !== 'string' || value === '') throw new Error(`Binance ${market} ${symbol}: ${name} missing from exchangeInfo`);
  }
  return {
    venue: BINANCE_VENUES[market],
    symbol,
    base: baseAsset as string,
    quote: quoteAsset as string,
    tickSize: trimZeros(tickSize as string),
    lotSize: trimZeros(lotSize as string),
    minNotional: trimZeros(minNotional as string),
    // USD-M linear contracts are quoted per unit of the base asset: one lot is `stepSize` of it.
    multiplier: 1,
    kind: market === 'spot' ? 'spot' : 'future',
    ...FEES[market],
  };
}

/** "0.01000000" → "0.01": the same value; the instrument's decimals then come from its real precision. */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
