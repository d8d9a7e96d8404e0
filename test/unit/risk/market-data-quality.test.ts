/**
 * Market data the feed says cannot be trusted stops new risk on that instrument: a stale, gapped or crossed book denies
 * orders that would open or grow a position, with the feed's reason; reducing the position still passes; once the feed
 * says the data is fine again, orders pass.
 */
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type DataQuality, type MarketDataStatus } from '../../../workers/protocol/messages.js';
import { riskHarness, T0 } from './risk-harness.js';

const BTC = 130_000;

function quality(state: DataQuality, reason: string, symbol = 'BTC-USD'): MarketDataStatus {
  return { type: 'MarketDataStatus', v: SCHEMA_VERSION, seq: 1, ts: T0, rts: T0, venue: 'sim', symbol, state, reason };
}

describe('untrusted market data', () => {
  it('denies new risk with the reason, lets a reducing order through, and clears when the feed says ok', () => {
    const h = riskHarness({ maxOrderQty: { '*': 100 }, maxPosition: { '*': 100 }, maxOpenOrders: 10 });
    h.bar(BTC);
    expect(h.submit('b1', 'buy', 5)).toEqual({ kind: 'forwarded' });
    h.fill('b1', 5, BTC);
    h.engine.onMessage('md', 'quality.sim.BTC-USD', quality('stale', 'no update for 5000 ms'), h.now);
    expect(h.submit('b2', 'buy', 1)).toMatchObject({
      kind: 'denied',
      rule: 'market_data',
      reason: "the instrument's market data cannot be trusted (stale: no update for 5000 ms); only orders that reduce the position pass",
    });
    expect(h.submit('s1', 'sell', 6)).toMatchObject({ kind: 'denied', rule: 'market_data' });
    expect(h.submit('s2', 'sell', 2)).toEqual({ kind: 'forwarded' });
    // Another instrument is not affected.
    expect(h.submit('e1', 'buy', 1, { symbol: 'ETH-USD' })).toEqual({ kind: 'forwarded' });
    h.engine.onMessage('md', 'quality.sim.BTC-USD', quality('ok', ''), h.now);
    expect(h.submit('b3', 'buy', 1)).toEqual({ kind: 'forwarded' });
  });
});
