/** Binance's limits kept before sending: weight per minute, orders per 10 s, the venue's own count, Retry-After. */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../../workers/venues/binance/trade/rate-limiter.js';

const MINUTE = 60_000;
const T = 1_700_000_040_000; // 40 s into a minute

describe('RateLimiter', () => {
  it('admits up to the weight limit less its headroom, then says when the minute ends', () => {
    const limiter = new RateLimiter([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 100 }], { headroom: 0.1 });
    for (let i = 0; i < 4; i++) expect(limiter.admit({ weight: 20, orders: 0 }, T).ok).toBe(true);
    const refused = limiter.admit({ weight: 20, orders: 0 }, T + 1);
    expect(refused).toEqual({ ok: false, retryAt: T - (T % MINUTE) + MINUTE, limit: '100 request weight per 1 minute' });
    expect(limiter.admit({ weight: 10, orders: 0 }, T + 2).ok).toBe(true); // 90 of 90: still fits
    expect(limiter.admit({ weight: 20, orders: 0 }, T - (T % MINUTE) + MINUTE).ok).toBe(true); // a new window
  });

  it('counts orders per 10 seconds apart from weight', () => {
    const limiter = new RateLimiter([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 3 },
    ], { headroom: 0 });
    for (let i = 0; i < 3; i++) expect(limiter.admit({ weight: 1, orders: 1 }, T).ok).toBe(true);
    expect(limiter.admit({ weight: 1, orders: 1 }, T)).toMatchObject({ ok: false, limit: '3 orders per 10 seconds' });
    expect(limiter.admit({ weight: 4, orders: 0 }, T).ok).toBe(true); // a query is not an order
  });

  it("takes the venue's higher count from the headers", () => {
    const limiter = new RateLimiter([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 100 }], { headroom: 0 });
    limiter.observe({ 'x-mbx-used-weight-1m': '95' }, T);
    expect(limiter.admit({ weight: 6, orders: 0 }, T).ok).toBe(false);
    expect(limiter.admit({ weight: 5, orders: 0 }, T).ok).toBe(true);
    expect(limiter.usage(T)).toMatchObject({ weight_1m: 100 });
  });

  it('blocks everything until Retry-After has passed', () => {
    const limiter = new RateLimiter();
    limiter.block(T + 2000);
    expect(limiter.admit({ weight: 1, orders: 0 }, T + 1999)).toMatchObject({ ok: false, retryAt: T + 2000 });
    expect(limiter.admit({ weight: 1, orders: 0 }, T + 2000).ok).toBe(true);
  });
});
