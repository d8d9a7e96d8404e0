/** The support-resistance strategy's rules, through the strategy worker's core. */
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import { SCHEMA_VERSION, type Message } from '../../../workers/protocol/messages.js';
import { StrategyEngine } from '../../../workers/strategy/strategy-engine.js';

const T0 = 1_700_000_000_000_000;
let seq = 0;
const env = () => ({ v: SCHEMA_VERSION, seq: ++seq, ts: T0, rts: T0 });

function setup(conditions: Array<Record<string, unknown>>) {
  const sent: Array<Outgoing & Record<string, unknown>> = [];
  const engine = new StrategyEngine('strategy', [{ id: 'sr', kind: 'support-resistance', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { conditions } as never }], (_p, _t, m) => sent.push(m as Outgoing & Record<string, unknown>));
  const prices = (...list: number[]) => {
    for (const price of list) engine.onMessage('md', '', { ...env(), type: 'Trade', venue: 'sim', symbol: 'BTC-USD', price, qty: 1, aggressor: 'buy', tradeId: seq } as Message, T0);
  };
  const event = (message: Record<string, unknown>) => engine.onMessage('exec', '', { ...env(), venue: 'sim', symbol: 'BTC-USD', strategyId: 'sr', ...message } as Message, T0);
  const orders = () => sent.filter((m) => m.type === 'SubmitOrder');
  return { engine, sent, prices, event, orders };
}

describe('support-resistance', () => {
  it('buys only after the price reaches the trigger and turns up by the turning distance, with its bracket', () => {
    const s = setup([{ side: 'buy', trigger: 1000, turn: 5, qty: 2, takeProfit: 20, stopLoss: 10 }]);
    s.prices(1010, 1004, 1003, 1007); // never reached 1000
    expect(s.orders()).toHaveLength(0);
    s.prices(1000, 998, 1002); // armed at 1000, low 998, up 4: not yet
    expect(s.orders()).toHaveLength(0);
    s.prices(1003); // up 5 from the low
    expect(s.orders()).toEqual([expect.objectContaining({ side: 'buy', orderType: 'market', qty: 2, takeProfit: 1023, stopLoss: 993, strategyId: 'sr' })]);
    s.prices(990, 1100); // fires once only
    expect(s.orders()).toHaveLength(1);
  });

  it('sells at a resistance, and protects the filled entry with a reduce-only trailing stop', () => {
    const s = setup([{ side: 'sell', trigger: 2000, turn: 3, qty: 1, trail: 7 }]);
    s.prices(2001, 2006, 2003);
    const entry = s.orders()[0];
    expect(entry).toMatchObject({ side: 'sell', qty: 1 });
    expect(entry).not.toHaveProperty('takeProfit');
    s.event({ type: 'OrderFilled', clientOrderId: entry?.clientOrderId, side: 'sell', state: 'filled', venueOrderId: 'v', fillId: 'f1', price: 2003, qty: 1, filledQty: 1, leavesQty: 0, liquidity: 'taker' });
    expect(s.orders().at(-1)).toMatchObject({ side: 'buy', orderType: 'trailing_stop', trailAmount: 7, qty: 1, reduceOnly: true });
  });

  it('keeps the progress of unchanged conditions when the list is edited, and starts new ones afresh', () => {
    const s = setup([{ side: 'buy', trigger: 1000, turn: 5, qty: 1 }]);
    s.prices(999); // armed
    s.engine.onMessage('ctl', '', { ...env(), type: 'SetStrategyParams', strategyId: 'sr', params: { conditions: [{ side: 'buy', trigger: 1000, turn: 5, qty: 1 }, { side: 'sell', trigger: 1010, turn: 2, qty: 1 }] } } as Message, T0);
    s.prices(1004);
    expect(s.orders().map((o) => o.side)).toEqual(['buy']);
    const status = s.sent.filter((m) => m.type === 'StrategyStatus').at(-1);
    expect((status?.params as { conditions: unknown[] }).conditions).toHaveLength(2);
  });
});
