/**
 * A refused order's cause chain: the command as sent and by whom, then the rule with the configured limit against
 * the order's own value in the rule's unit (lots for quantity rules, money for value rules), then the reason; a
 * venue's refusal says the venue refused it.
 */
import { describe, expect, it } from 'vitest';
import { causeChain } from '../../../src-renderer/src/model/cause-chain.js';
import { makeInstrument } from '../../../workers/core/instrument.js';
import { defaultConfig } from '../../../workers/protocol/config.js';
import { orderRow } from '../../fixtures/order-row.js';

const btc = makeInstrument(defaultConfig('/tmp/unused').instruments.find((i) => i.symbol === 'BTC-USD')!);

describe('cause chain', () => {
  it('walks from the command through the rule and its numbers to the reason', () => {
    const denied = orderRow({ state: 'rejected', strategyId: 'sma-btc', price: 128_000, qty: 21, reason: 'quantity 21 lots exceeds the maximum of 20 lots (max_order_qty)', denial: { rule: 'max_order_qty', limit: 20, value: 21 } });
    expect(causeChain(denied, btc)).toEqual([
      { label: 'Command', text: 'Buy 0.021 BTC-USD at 64000.0 (limit, GTC)' },
      { label: 'From', text: 'strategy sma-btc' },
      { label: 'Refused by', text: 'risk, rule max_order_qty' },
      { label: 'Limit', text: 'configured 0.020; this order 0.021' },
      { label: 'Reason', text: 'quantity 21 lots exceeds the maximum of 20 lots (max_order_qty)' },
    ]);
  });

  it('shows value limits as money and a venue refusal as the venue', () => {
    const notional = causeChain(orderRow({ state: 'rejected', denial: { rule: 'max_order_notional', limit: 40_000_000, value: 40_000_002 } }), btc);
    expect(notional.find((s) => s.label === 'Limit')?.text).toBe('configured 20000.0000 USD; this order 20000.0010 USD');
    const venue = causeChain(orderRow({ state: 'rejected', reason: 'no liquidity: the ask side is empty' }), btc);
    expect(venue.map((s) => s.label)).toEqual(['Command', 'From', 'Refused by', 'Reason']);
    expect(venue[1]?.text).toBe('you (manual)');
    expect(venue[2]?.text).toBe('the venue (sim)');
  });
});
