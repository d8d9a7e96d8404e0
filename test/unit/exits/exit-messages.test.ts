/** The exit messages on the wire: `SetExitPlan`, `ClearExitPlan` and `ExitStatus` round-trip and are checked at decode. */
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import { decodeFrame, encodeFrame } from '../../../workers/protocol/codec.js';
import { SIM_INSTRUMENTS } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type ClearExitPlan, type ExitStatus, type SetExitPlan } from '../../../workers/protocol/messages.js';

const registry = new InstrumentRegistry(SIM_INSTRUMENTS);
const envelope = { v: SCHEMA_VERSION, seq: 1, ts: 1_700_000_000_000_000, rts: 1_700_000_000_000_000, venue: 'sim', symbol: 'BTC-USD' };
const plan: SetExitPlan = {
  ...envelope,
  type: 'SetExitPlan',
  owner: 'manual',
  attach: 'fill',
  entryOrderId: 'ticket-7',
  stopDistance: 40,
  targets: [[20, 50], [60, 50]],
  trailAtr: 2.5,
  trailAtrPeriod: 14,
  trailTf: '1m',
  trailStartAfter: 30,
  breakEvenAfter: 20,
  breakEvenOffset: 1,
  timeStopUs: 3_600_000_000,
};

const refusal = (message: Record<string, unknown>) => decodeFrame(encode(message), registry).refusals[0]?.reason ?? 'accepted';

describe('exit messages', () => {
  it('round-trip', () => {
    const clear: ClearExitPlan = { ...envelope, type: 'ClearExitPlan', owner: 'sma-btc' };
    const status: ExitStatus = {
      ...envelope, type: 'ExitStatus', worker: 'exits', owner: 'manual', phase: 'active', attach: 'fill', stopPrice: 129_960, stopQty: 10,
      targets: [[130_020, 5], [130_060, 5]], trailingActive: false, breakEvenDone: true, timeStopAt: 1_700_003_600_000_000, position: 10,
      entryPrice: 130_000, reason: 'break-even', entryOrderId: 'ticket-7', plan: { stopDistance: 40, targets: [[20, 50], [60, 50]], trailAtr: 2.5 },
    };
    for (const message of [plan, clear, status]) expect(decodeFrame(encodeFrame(message), registry)).toEqual({ messages: [message], refusals: [] });
  });

  it('refuses plans that cannot work, saying why', () => {
    const { entryOrderId: _, ...withoutOrder } = plan;
    expect(refusal(withoutOrder)).toBe("SetExitPlan: attach 'fill' needs the entryOrderId of the order");
    expect(refusal({ ...plan, attach: 'position' })).toBe("SetExitPlan: an entryOrderId goes with attach 'fill'");
    expect(refusal({ ...plan, attach: 'order' })).toMatch(/^SetExitPlan.attach must be one of position, fill/);
    expect(refusal({ ...plan, targets: [[20, 60], [60, 50]] })).toBe("SetExitPlan: the targets' shares add up to 110%, more than 100%");
    expect(refusal({ ...plan, targets: [[20, 101]] })).toBe('SetExitPlan.targets has a share that is not an integer from 1 to 100 (got an array)');
    expect(refusal({ ...plan, stopPrice: 129_000 })).toBe('SetExitPlan: give the stop-loss as stopDistance or stopPrice, not both');
    expect(refusal({ ...plan, trailAmount: 5 })).toBe('SetExitPlan: a trailing stop needs exactly one of an amount, a percent (bps) or an ATR multiple');
    expect(refusal({ ...plan, trailAtr: 0 })).toBe('SetExitPlan.trailAtr must be a number > 0 (got 0)');
    expect(refusal({ ...envelope, type: 'SetExitPlan', owner: 'manual', attach: 'position' })).toBe('SetExitPlan: a plan needs at least one exit');
    expect(refusal({ ...plan, symbol: 'NOPE' })).toBe('SetExitPlan: unknown instrument sim:NOPE');
    const status = { ...envelope, type: 'ExitStatus', worker: 'exits', owner: 'm', phase: 'active', attach: 'position', stopPrice: 1, stopQty: 1, targets: [], trailingActive: false, breakEvenDone: false, timeStopAt: 0, position: 1, entryPrice: 1, reason: '' };
    expect(refusal(status)).toBe('accepted');
    expect(refusal({ ...status, phase: 'sleeping' })).toMatch(/^ExitStatus.phase must be one of armed, active, closing, done/);
    expect(refusal({ ...status, plan: { stopDistance: -1 } })).toBe('ExitStatus.plan .stopDistance must be an integer > 0 (got object)');
  });
});
