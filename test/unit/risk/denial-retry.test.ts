/**
 * A retry of a denied order gets its denial again (a sender whose first answer was lost still learns it), and never
 * becomes an order: the answer is the same rule and numbers, nothing is forwarded.
 */
import { describe, expect, it } from 'vitest';
import { riskHarness } from './risk-harness.js';

describe('a retried denied order', () => {
  it('is answered with the same denial and never forwarded', () => {
    const h = riskHarness({ maxOrderQty: { '*': 5 }, maxPosition: { '*': 100 }, maxOpenOrders: 10 });
    expect(h.submit('o1', 'buy', 6)).toMatchObject({ kind: 'denied', rule: 'max_order_qty', limit: 5, value: 6 });
    const sentBefore = h.sent.length;
    expect(h.submit('o1', 'buy', 6)).toMatchObject({ kind: 'denied', rule: 'max_order_qty', limit: 5, value: 6 });
    const retried = h.sent.slice(sentBefore);
    expect(retried.map((s) => [s.port, s.message.type])).toEqual([['pub', 'OrderDenied']]);
    expect(h.engine.counters()).toMatchObject({ commands: 2, denied: 1, duplicates: 1, forwarded: 0 });
  });
});
