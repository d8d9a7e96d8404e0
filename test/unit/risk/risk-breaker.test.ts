import { describe, expect, it } from 'vitest';
import type { RiskConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION } from '../../../workers/protocol/messages.js';
import { riskHarness, T0 } from './risk-harness.js';

const SECOND = 1_000_000;
const BASE: RiskConfig = { maxOrderQty: { '*': 1000 }, maxPosition: { '*': 5000 }, maxOpenOrders: 200 };
const envelope = (ts: number) => ({ v: SCHEMA_VERSION, seq: 1, ts, rts: ts });

function statuses(sent: ReturnType<typeof riskHarness>['sent']) {
  return sent.map((s) => s.message).filter((m) => m.type === 'TradingStatus');
}

describe('RiskEngine: circuit breaker', () => {
  it('trips on a daily loss, halts, cancels working orders, publishes its cause; only a re-arm clears it', () => {
    // BTC-USD: a tick×lot is 0.0005 USD; a loss of 1 USD trips.
    const h = riskHarness({ ...BASE, breaker: { dailyLoss: { limit: '1', action: 'halted' } } });
    h.engine.onTimer(T0); // the day opens at equity 0
    expect(h.limit('w1', 'buy', 5, 90_000, {}, T0 + 1)).toEqual({ kind: 'forwarded' });
    h.submit('b1', 'buy', 10, {}, T0 + 2);
    h.fill('b1', 10, 100_000);
    h.submit('s1', 'sell', 10, {}, T0 + 3);
    h.sent.length = 0;
    h.fill('s1', 10, 99_000); // −1,000 ticks × 10 lots = −5 USD
    const trip = h.engine.breakerTrip();
    expect(trip).toMatchObject({ rule: 'daily_loss', state: 'halted' });
    expect(h.engine.tradingState()).toEqual({ state: 'halted', source: 'breaker', cause: `daily_loss: ${trip?.reason}` });
    expect(trip?.reason).toBe('loss today 5.00 reached the limit 1.00');
    const cancels = h.sent.filter((s) => s.port === 'out' && s.message.type === 'CancelOrder').map((s) => s.message);
    expect(cancels).toMatchObject([{ clientOrderId: 'w1', src: 'risk' }]);
    expect(statuses(h.sent)).toMatchObject([{ state: 'halted', source: 'breaker', breaker: { rule: 'daily_loss', reason: trip?.reason } }]);
    expect(h.sent.find((s) => s.message.type === 'TradingStatus')?.port).toBe('pub');
    expect(h.submit('n1', 'buy', 1, {}, T0 + 4)).toMatchObject({ kind: 'denied', rule: 'trading_state' });

    // Time passing does not clear it; the user's re-arm does.
    h.engine.onTimer(T0 + 10 * SECOND);
    expect(h.engine.tradingState().state).toBe('halted');
    h.sent.length = 0;
    h.engine.onMessage('ctl', '', { ...envelope(T0 + 11 * SECOND), type: 'RearmBreaker' }, T0 + 11 * SECOND);
    expect(h.engine.breakerTrip()).toBeUndefined();
    expect(h.engine.tradingState()).toEqual({ state: 'active', source: '', cause: '' });
    expect(statuses(h.sent)).toEqual([expect.objectContaining({ state: 'active', source: '', cause: '' })]);
    expect(statuses(h.sent)[0]).not.toHaveProperty('breaker');
    expect(h.submit('n2', 'buy', 1, {}, T0 + 12 * SECOND)).toEqual({ kind: 'forwarded' });
  });

  it('trips to reducing on a burst of denials, without canceling working orders', () => {
    const h = riskHarness({ ...BASE, maxOrderQty: { '*': 5 }, breaker: { rejectBurst: { count: 2, windowMs: 1000, action: 'reducing' } } });
    expect(h.limit('w1', 'buy', 1, 90_000, {}, T0)).toEqual({ kind: 'forwarded' });
    h.sent.length = 0;
    for (let i = 0; i < 3; i++) expect(h.submit(`big${i}`, 'buy', 10, {}, T0 + i)).toMatchObject({ kind: 'denied', rule: 'max_order_qty' });
    expect(h.engine.tradingState()).toMatchObject({ state: 'reducing', source: 'breaker' });
    expect(h.engine.tradingState().cause).toMatch(/^reject_burst: 3 rejects/);
    expect(h.sent.some((s) => s.message.type === 'CancelOrder')).toBe(false);
  });

  it("counts execution's rejects", () => {
    const h = riskHarness({ ...BASE, breaker: { rejectBurst: { count: 0, windowMs: 1000, action: 'halted' } } });
    h.submit('o1', 'buy', 1, {}, T0);
    h.engine.onMessage('exec', '', { ...envelope(T0 + 1), type: 'OrderRejected', venue: 'sim', symbol: 'BTC-USD', clientOrderId: 'o1', strategyId: 'a', side: 'buy', state: 'rejected', reason: 'no' }, T0 + 1);
    expect(h.engine.tradingState()).toMatchObject({ state: 'halted', source: 'breaker' });
  });

  it('trips on stale market data on the timer', () => {
    const h = riskHarness({ ...BASE, breaker: { staleData: { afterMs: 5000, action: 'halted' } } });
    h.bar(100_000);
    h.engine.onTimer(T0 + 4 * SECOND);
    expect(h.engine.breakerTrip()).toBeUndefined();
    h.engine.onTimer(T0 + 5 * SECOND);
    expect(h.engine.breakerTrip()).toMatchObject({ rule: 'stale_data', reason: 'no market data on sim:BTC-USD for 5 s' });
  });

  it('says nothing new while the state does not change, and answers snapshots with the state', () => {
    const h = riskHarness({ ...BASE });
    h.state('reducing');
    h.state('reducing');
    expect(statuses(h.sent)).toHaveLength(1);
    const snapshot = h.engine.snapshot('status.', T0);
    expect(snapshot).toEqual([{ topic: 'status.risk', message: expect.objectContaining({ type: 'TradingStatus', state: 'reducing', source: 'user', cause: 'test' }) }]);
  });

  it('refuses malformed breaker rules: a bad rule fails the start', () => {
    expect(() => riskHarness({ ...BASE, breaker: { dailyLoss: { limit: '0', action: 'halted' } } })).toThrow(/must be > 0/);
    expect(() => riskHarness({ ...BASE, breaker: { staleData: { afterMs: 0, action: 'halted' } } })).toThrow(/afterMs must be an integer > 0/);
    expect(() => riskHarness({ ...BASE, breaker: { drawdown: { limit: '5', action: 'stop' as 'halted' } } })).toThrow(/action must be reducing or halted/);
  });
});

describe('RiskEngine: P&L method', () => {
  const realized = (h: ReturnType<typeof riskHarness>) => {
    const positions = h.sent.map((s) => s.message).filter((m) => m.type === 'PositionChanged');
    const last = positions[positions.length - 1];
    return last?.type === 'PositionChanged' ? last.realized : undefined;
  };
  for (const [method, expected] of [['fifo', 2000], ['average', 1000]] as const) {
    it(`measures realised P&L by ${method}`, () => {
      const h = riskHarness({ ...BASE, pnl: method });
      h.submit('b1', 'buy', 10, {}, T0);
      h.fill('b1', 10, 100_000);
      h.submit('b2', 'buy', 10, {}, T0 + 1);
      h.fill('b2', 10, 100_200);
      h.submit('s1', 'sell', 10, {}, T0 + 2);
      h.fill('s1', 10, 100_200);
      expect(realized(h)).toBe(expected);
    });
  }
});
