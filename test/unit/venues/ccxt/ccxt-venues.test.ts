/** The ccxt entries as the other processes see them: venue names, paper and live keys, and names that cannot be used. */
import { describe, expect, it } from 'vitest';
import { ccxtConfigsOf, CCXT_DEFAULTS } from '../../../../workers/protocol/config.js';
import { ccxtKeys, ccxtVenueNames, ccxtVenueProblem } from '../../../../workers/venues/ccxt/ccxt-venues.js';
import { venueRoutesOf } from '../../../../workers/execution/venue-routes.js';
import { defaultEndpoints } from '../../../../workers/protocol/config.js';

const venues = ccxtConfigsOf({
  venues: {
    ccxt: [
      { exchange: 'kraken', symbols: [{ symbol: 'BTC/USD', mode: 'paper' }, { symbol: 'ETH/USD', mode: 'live' }] },
      { exchange: 'okx', venue: 'okx-swap', symbols: [{ symbol: 'BTC/USDT:USDT', mode: 'paper' }], staleAfterMs: 2000 },
    ],
  },
});

describe('ccxt venues in the configuration', () => {
  it('fills defaults and names each venue by its exchange unless told', () => {
    expect(venues[0]).toMatchObject({ venue: 'kraken', depth: CCXT_DEFAULTS.depth, staleAfterMs: CCXT_DEFAULTS.staleAfterMs, reconnect: CCXT_DEFAULTS.reconnect });
    expect(venues[1]).toMatchObject({ venue: 'okx-swap', staleAfterMs: 2000 });
    expect(ccxtVenueNames(venues)).toEqual(['kraken', 'okx-swap']);
    expect(ccxtConfigsOf({})).toEqual([]);
  });

  it('keys paper and live instruments by venue and our symbol', () => {
    expect([...ccxtKeys(venues, 'paper')]).toEqual(['kraken:BTC-USD', 'okx-swap:BTC-USDT-USDT']);
    expect([...ccxtKeys(venues, 'live')]).toEqual(['kraken:ETH-USD']);
  });

  it('refuses a name another venue has, a repeated one, or one that cannot be a topic segment', () => {
    expect(ccxtVenueProblem(venues, ['sim'])).toBeUndefined();
    expect(ccxtVenueProblem(ccxtConfigsOf({ venues: { ccxt: [{ exchange: 'binance', symbols: [] }] } }), ['sim', 'binance', 'binanceusdm'])).toMatch(/already another venue/);
    expect(ccxtVenueProblem([...venues, venues[0]!], [])).toMatch(/kraken/);
    expect(ccxtVenueProblem(ccxtConfigsOf({ venues: { ccxt: [{ exchange: 'x', venue: 'a.b', symbols: [] }] } }), [])).toMatch(/letters, digits/);
  });

  it('routes every ccxt venue to the ccxt gateway, the rest as before', () => {
    const endpoints = defaultEndpoints('/tmp/run');
    const { routes, ports } = venueRoutesOf(endpoints, false, ccxtVenueNames(venues));
    expect(routes).toEqual({ '*': 'venue', kraken: 'venue-ccxt', 'okx-swap': 'venue-ccxt' });
    expect(ports).toEqual([{ name: 'venue', endpoint: endpoints.simOrders }, { name: 'venue-ccxt', endpoint: endpoints.ccxtOrders }]);
  });
});
