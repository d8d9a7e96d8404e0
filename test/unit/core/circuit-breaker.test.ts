/** The circuit breaker's rules: each trips with its reason, stays tripped until re-armed, and only ever gets stricter. */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../workers/core/circuit-breaker.js';

const DAY = 86_400_000_000;
const T0 = 20_000 * DAY + 3_600_000_000; // 01:00 UTC on some day
const USD = 100_000_000; // 1 USD in 10^-8

describe('CircuitBreaker', () => {
  it('trips on the daily loss limit, counted from the day’s opening equity, and stays tripped until re-armed', () => {
    const breaker = new CircuitBreaker({ dailyLoss: { limit: 500 * USD, action: 'halted' } });
    expect(breaker.onEquity(T0, 1_000 * USD)).toBeUndefined();
    expect(breaker.onEquity(T0 + 1, 501 * USD)).toBeUndefined(); // lost 499
    expect(breaker.onEquity(T0 + 2, 500 * USD)).toMatchObject({ state: 'halted', rule: 'daily_loss', reason: expect.stringMatching(/500\.00/) });
    expect(breaker.onEquity(T0 + 3, 2_000 * USD)).toBeUndefined();
    expect(breaker.tripped?.rule).toBe('daily_loss'); // recovery does not re-arm it
    breaker.rearm();
    expect(breaker.tripped).toBeUndefined();
  });

  it('starts a new day at midnight UTC', () => {
    const breaker = new CircuitBreaker({ dailyLoss: { limit: 100 * USD, action: 'reducing' } });
    breaker.onEquity(T0, 1_000 * USD);
    breaker.onEquity(T0 + DAY, 950 * USD); // next day opens at 950
    expect(breaker.onEquity(T0 + DAY + 1, 860 * USD)).toBeUndefined();
    expect(breaker.onEquity(T0 + DAY + 2, 850 * USD)?.rule).toBe('daily_loss');
  });

  it('trips on a drawdown from the peak', () => {
    const breaker = new CircuitBreaker({ drawdown: { limit: 300 * USD, action: 'reducing' } });
    for (const equity of [100, 600, 400, 301]) expect(breaker.onEquity(T0, equity * USD)).toBeUndefined();
    expect(breaker.onEquity(T0, 300 * USD)).toMatchObject({ state: 'reducing', rule: 'drawdown' });
  });

  it('trips on a burst of rejects within the window, not on the same number spread out', () => {
    const breaker = new CircuitBreaker({ rejectBurst: { count: 3, windowUs: 1_000_000, action: 'halted' } });
    for (let i = 0; i < 8; i++) expect(breaker.onReject(T0 + i * 400_000)).toBeUndefined(); // never more than 3 in 1 s
    const start = T0 + 10_000_000;
    for (let i = 0; i < 3; i++) breaker.onReject(start + i);
    expect(breaker.onReject(start + 3)).toMatchObject({ rule: 'reject_burst' });
  });

  it('trips on stale market data and on a price jump', () => {
    const stale = new CircuitBreaker({ staleData: { afterUs: 5_000_000, action: 'reducing' } });
    stale.onMarketData(T0, 'sim:BTC-USD', 100);
    expect(stale.onTimer(T0 + 4_999_999)).toBeUndefined();
    expect(stale.onTimer(T0 + 5_000_000)).toMatchObject({ rule: 'stale_data', reason: expect.stringMatching(/sim:BTC-USD/) });
    const jump = new CircuitBreaker({ priceJump: { bps: 500, windowUs: 10_000_000, action: 'halted' } });
    expect(jump.onMarketData(T0, 'k', 10_000)).toBeUndefined();
    expect(jump.onMarketData(T0 + 1_000_000, 'k', 10_500)).toBeUndefined(); // exactly 5 %
    expect(jump.onMarketData(T0 + 2_000_000, 'k', 10_501)).toMatchObject({ rule: 'price_jump', state: 'halted' });
  });

  it('only ever gets stricter while tripped', () => {
    const breaker = new CircuitBreaker({ drawdown: { limit: 10, action: 'reducing' }, rejectBurst: { count: 0, windowUs: 1, action: 'halted' } });
    breaker.onEquity(T0, 100);
    breaker.onEquity(T0, 80);
    expect(breaker.tripped?.state).toBe('reducing');
    breaker.onReject(T0);
    expect(breaker.tripped?.state).toBe('halted');
    breaker.onEquity(T0, 0);
    expect(breaker.tripped).toMatchObject({ state: 'halted', rule: 'reject_burst' });
  });
});
