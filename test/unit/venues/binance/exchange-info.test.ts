/** Instruments from Binance's own exchangeInfo: exact tick, lot and minimum notional, or an error that names what is missing. */
import { describe, expect, it } from 'vitest';
import { fetchVenueInstruments } from '../../../../src-main/host/venue-instruments.js';
import { instrumentsFromExchangeInfo } from '../../../../workers/venues/binance/exchange-info.js';
import { FUTURES_SYMBOLS, SPOT_SYMBOLS, futuresExchangeInfo, spotExchangeInfo } from '../../../fakes/binance/fake-symbols.js';

describe('Binance exchangeInfo → instruments', () => {
  it('reads spot and USD-M filters as exact decimals', () => {
    const [spot] = instrumentsFromExchangeInfo('spot', spotExchangeInfo(SPOT_SYMBOLS, 0), ['BTCUSDT']);
    expect(spot).toMatchObject({ venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', kind: 'spot' });
    const [eth] = instrumentsFromExchangeInfo('usdm', futuresExchangeInfo(FUTURES_SYMBOLS, 0), ['ETHUSDT']);
    expect(eth).toMatchObject({ venue: 'binanceusdm', tickSize: '0.01', lotSize: '0.001', minNotional: '20', kind: 'future', multiplier: 1 });
  });

  it('names a symbol the venue does not list, or a filter it lacks', () => {
    expect(() => instrumentsFromExchangeInfo('spot', spotExchangeInfo(SPOT_SYMBOLS, 0), ['DOGEUSDT'])).toThrow(/does not list DOGEUSDT/);
    const broken = { symbols: [{ symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', filters: [{ filterType: 'LOT_SIZE', stepSize: '0.001' }] }] };
    expect(() => instrumentsFromExchangeInfo('spot', broken, ['BTCUSDT'])).toThrow(/tickSize missing/);
  });

  it('asks each configured market once, and nothing when Binance is not configured', async () => {
    const asked: string[] = [];
    const get = async (url: string) => {
      asked.push(url);
      return url.includes('/fapi/') ? futuresExchangeInfo(FUTURES_SYMBOLS, 0) : spotExchangeInfo(SPOT_SYMBOLS, 0);
    };
    expect(await fetchVenueInstruments({}, get)).toEqual([]);
    const venues = { binance: { restUrl: 'http://s', wsUrl: 'ws://s', futuresRestUrl: 'http://f', futuresWsUrl: 'ws://f', snapshotDepth: 100, staleAfterMs: 1000, reconnect: { initialMs: 1, maxMs: 2 },
      symbols: [{ symbol: 'BTCUSDT', market: 'spot' as const, mode: 'paper' as const }, { symbol: 'ETHUSDT', market: 'spot' as const, mode: 'paper' as const }, { symbol: 'BTCUSDT', market: 'usdm' as const, mode: 'live' as const }] } };
    const specs = await fetchVenueInstruments({ venues }, get);
    expect(asked).toEqual(['http://s/api/v3/exchangeInfo', 'http://f/fapi/v1/exchangeInfo']);
    expect(specs.map((s) => `${s.venue}:${s.symbol}`)).toEqual(['binance:BTCUSDT', 'binance:ETHUSDT', 'binanceusdm:BTCUSDT']);
  });
});
