/**
 * The live-orders core's counters ride in the gateway's heartbeat, whose counters must be integers ≥ 0: one negative
 * value (a venue clock behind ours) made the whole heartbeat invalid, and the supervisor killed a healthy gateway.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../../workers/core/instrument.js';
import { checkField } from '../../../../../workers/protocol/schema.js';
import { FUTURES_DIALECT } from '../../../../../workers/venues/binance/trade/futures-dialect.js';
import { LiveOrdersCore } from '../../../../../workers/venues/binance/trade/live-orders-core.js';
import type { IssuedRequest } from '../../../../../workers/venues/binance/trade/trade-requests.js';

const BTC = makeInstrument({ venue: 'binanceusdm', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', lotSize: '0.001', minNotional: '100', multiplier: 1 });

describe('live-orders counters', () => {
  it('stay integers ≥ 0 whichever way the venue clock is off', () => {
    for (const skewMs of [-1500, 0, 2500]) {
      const sent: IssuedRequest[] = [];
      const core = new LiveOrdersCore({ venue: 'binanceusdm', account: 'a', instruments: [BTC], sessionTag: 'c1', defaultPeer: 't', reportsPort: 'o', dialect: FUTURES_DIALECT }, () => undefined, { send: (r) => sent.push(r) });
      const now = 1_700_000_000_000_000;
      core.start(now);
      const time = sent.find((r) => r.kind === 'time')!;
      core.onOutcome(time.id, { kind: 'ok', body: { serverTime: now / 1000 + skewMs } }, {}, now);
      const counters = core.counters(now);
      expect(checkField('seqMap', counters)).toBeUndefined();
      expect(skewMs < 0 ? counters.clock_behind_ms : counters.clock_ahead_ms).toBe(Math.abs(skewMs));
    }
  });
});
