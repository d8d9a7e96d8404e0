/**
 * P&L per owner: each strategy's (and the user's) position and realised and unrealised P&L come from its own fills
 * only, an exit order's fills count for the owner it protects, and the instrument's position is their sum.
 */
import { describe, expect, it } from 'vitest';
import type { OwnerPosition, PositionChanged } from '../../../workers/protocol/messages.js';
import { riskHarness } from './risk-harness.js';

const BTC = 130_000;
const config = { maxOrderQty: { '*': 1000 }, maxPosition: { '*': 1000 }, maxOpenOrders: 100 };

type Out = ReturnType<typeof riskHarness>['sent'];

function owners(sent: Out): Map<string, Omit<OwnerPosition, 'v' | 'seq'>> {
  const latest = new Map<string, Omit<OwnerPosition, 'v' | 'seq'>>();
  for (const { message } of sent) if (message.type === 'OwnerPosition') latest.set(message.owner, message as Omit<OwnerPosition, 'v' | 'seq'>);
  return latest;
}

describe('P&L per owner', () => {
  it('splits the instrument by owner, counting exit orders for the owner they protect', () => {
    const h = riskHarness(config);
    h.bar(BTC);
    h.submit('a1', 'buy', 5, { strategyId: 'sma-btc' });
    h.fill('a1', 5, BTC);
    // The exits worker closes sma-btc's long 10 ticks higher; then the user sells short.
    h.submit('x1', 'sell', 5, { strategyId: 'exits:sma-btc', reduceOnly: true });
    h.fill('x1', 5, BTC + 10);
    h.submit('m1', 'sell', 2, { strategyId: 'manual' });
    h.fill('m1', 2, BTC + 10);
    h.bar(BTC + 4);
    h.engine.onTimer(h.now);
    const byOwner = owners(h.sent);
    expect([...byOwner.keys()].sort()).toEqual(['manual', 'sma-btc']);
    expect(byOwner.get('sma-btc')).toMatchObject({ venue: 'sim', symbol: 'BTC-USD', qty: 0, realized: 50, unrealized: 0 });
    // Short 2 from BTC + 10, marked at BTC + 4: 6 ticks × 2 lots in profit.
    expect(byOwner.get('manual')).toMatchObject({ qty: -2, cost: (BTC + 10) * 2, realized: 0, unrealized: 12, mark: BTC + 4 });
    const instrument = h.sent.filter((s) => s.message.type === 'PositionChanged').at(-1)?.message as PositionChanged;
    expect(instrument.qty).toBe(-2);
  });

  it('puts every owner in the snapshot a late subscriber asks for', () => {
    const h = riskHarness(config);
    h.submit('a1', 'buy', 3, { strategyId: 'rsi-eth' });
    h.fill('a1', 3, BTC);
    const snapshot = h.engine.snapshot('pnl.', h.now);
    expect(snapshot.map((s) => [s.topic, (s.message as OwnerPosition).owner, (s.message as OwnerPosition).qty])).toEqual([['pnl.sim.BTC-USD', 'rsi-eth', 3]]);
  });
});
