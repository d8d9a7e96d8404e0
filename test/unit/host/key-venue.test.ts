/**
 * Which venue a stored key is listed under (the ccxt venues that trade with its account, else Binance), and which
 * accounts the ticket offers for a live instrument of each venue.
 */
import { describe, expect, it } from 'vitest';
import type { TerminalConfig } from '../../../workers/protocol/config.js';
import { keyVenueOf, liveAccountsOf } from '../../../src-main/host/host-state.js';

const config = {
  venues: {
    binance: { symbols: [], trading: { account: 'main', network: 'testnet' } },
    ccxt: [
      { exchange: 'kraken', symbols: [], trading: { account: 'kr', network: 'live' } },
      { exchange: 'okx', venue: 'okx-spot', symbols: [], trading: { account: 'kr', network: 'live' } },
      { exchange: 'bybit', symbols: [], trading: { account: 'main', network: 'testnet' } },
    ],
  },
} as unknown as TerminalConfig;

describe('the venue of a stored key', () => {
  it('names the ccxt venues of a ccxt account, Binance for a Binance account (also when a ccxt venue shares it) or an unknown one', () => {
    expect(keyVenueOf(config, 'kr')).toBe('kraken, okx-spot');
    expect(keyVenueOf(config, 'main')).toBe('binance');
    expect(keyVenueOf(config, 'other')).toBe('binance');
  });

  it('offers each account for the venues it trades', () => {
    expect(liveAccountsOf(config)).toEqual([
      { account: 'main', network: 'testnet', venues: ['binance', 'binanceusdm', 'bybit'] },
      { account: 'kr', network: 'live', venues: ['kraken', 'okx-spot'] },
    ]);
  });
});
