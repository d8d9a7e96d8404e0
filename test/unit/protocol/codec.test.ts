import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Trade } from '../../../workers/protocol/messages.js';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import { SIM_INSTRUMENTS } from '../../../workers/protocol/config.js';

const registry = new InstrumentRegistry(SIM_INSTRUMENTS);
const trade: Trade = { v: SCHEMA_VERSION, type: 'Trade', seq: 1, ts: 1_700_000_000_000_000, rts: 1_700_000_000_000_100, venue: 'sim', symbol: 'BTC-USD', price: 130_000, qty: 3, aggressor: 'buy', tradeId: 17 };

describe('codec', () => {
  it('round-trips a message and a batch', () => {
    expect(decodeFrame(encodeFrame(trade), registry)).toEqual({ messages: [trade], refusals: [] });
    const batch = [trade, { ...trade, seq: 2 }];
    expect(decodeFrame(encodeFrame(batch), registry).messages).toEqual(batch);
  });

  it('keeps the valid messages of a batch and refuses the others, with reasons', () => {
    const decoded = decodeFrame(encode([trade, { ...trade, seq: 2, qty: 0 }, { ...trade, seq: 3, price: 1.5 }]), registry);
    expect(decoded.messages).toEqual([trade]);
    expect(decoded.refusals.map((r) => r.reason)).toEqual([
      'Trade.qty must be an integer > 0 (got 0)',
      'Trade.price must be an integer > 0 (got 1.5)',
    ]);
  });

  it('refuses garbage, wrong versions, unknown instruments and unknown types without throwing', () => {
    const reasons = [
      Uint8Array.from([0xc1]),
      encode('hello'),
      encode({ ...trade, v: 9 }),
      encode({ ...trade, symbol: 'NOPE' }),
      encode({ ...trade, type: 'Nope' }),
      encode({ ...trade, ts: Number.NaN }),
      encode([]),
    ].map((frame) => decodeFrame(frame, registry).refusals[0]?.reason ?? 'accepted');
    expect(reasons).toEqual([
      expect.stringContaining('not msgpack'),
      'not a map',
      `Trade: schema version 9, expected ${SCHEMA_VERSION}`,
      'Trade: unknown instrument sim:NOPE',
      'unknown message type "Nope"',
      'Trade.ts must be an integer ≥ 0 (got NaN)',
      'empty batch',
    ]);
  });

  it('names the sender of a refused command', () => {
    const order = { v: SCHEMA_VERSION, type: 'SubmitOrder', seq: 1, ts: 1, rts: 1, src: 'python', venue: 'sim', symbol: 'BTC-USD', clientOrderId: 'a', strategyId: 's', side: 'buy', orderType: 'limit', price: 0, qty: 1, tif: 'GTC', causeTs: 0 };
    expect(decodeFrame(encode(order), registry).refusals).toEqual([{ reason: 'SubmitOrder: a limit order needs a price > 0', src: 'python' }]);
  });
});
