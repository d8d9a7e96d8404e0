/** The bar strategies' rules (sma-cross, rsi-reversion, breakout), fed closed bars through the strategy worker's core. */
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import type { StrategyConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message } from '../../../workers/protocol/messages.js';
import { StrategyEngine } from '../../../workers/strategy/strategy-engine.js';

const T0 = 1_700_000_000_000_000;
let seq = 0;

function setup(kind: string, params: StrategyConfig['params']) {
  const sent: Array<Outgoing & Record<string, unknown>> = [];
  const engine = new StrategyEngine('strategy', [{ id: 's', kind, venue: 'sim', symbol: 'BTC-USD', enabled: true, params }], (_p, _t, m) => sent.push(m as Outgoing & Record<string, unknown>));
  let t = T0;
  const bar = (close: number, high = close, low = close) => {
    t += 1_000_000;
    engine.onMessage('md', '', { v: SCHEMA_VERSION, seq: ++seq, ts: t, rts: t, type: 'Bar', venue: 'sim', symbol: 'BTC-USD', tf: '1s', start: t, open: close, high, low, close, volume: 1, trades: 1, closed: true } as Message, t);
  };
  const fill = (order: Record<string, unknown>, price: number) => {
    const qty = order.qty as number;
    engine.onMessage('exec', '', { v: SCHEMA_VERSION, seq: ++seq, ts: t, rts: t, type: 'OrderFilled', venue: 'sim', symbol: 'BTC-USD', clientOrderId: order.clientOrderId, strategyId: 's', side: order.side, state: 'filled', venueOrderId: 'v', fillId: `f${seq}`, price, qty, filledQty: qty, leavesQty: 0, liquidity: 'taker' } as Message, t);
  };
  const commands = () => sent.filter((m) => m.type === 'SubmitOrder' || m.type === 'AmendOrder' || m.type === 'CancelOrder');
  return { bar, fill, commands };
}

describe('bar strategies', () => {
  it('sma-cross goes long on an upward cross and short on a downward one with allowShort', () => {
    const s = setup('sma-cross', { fast: 2, slow: 3, tf: '1s', qty: 5, allowShort: true });
    for (const close of [100, 100, 100, 90]) s.bar(close);
    s.bar(120); // fast (105) crosses above slow (103.3)
    const [buy] = s.commands();
    expect(buy).toMatchObject({ side: 'buy', orderType: 'market', qty: 5 });
    s.fill(buy!, 120);
    for (const close of [60]) s.bar(close); // fast 90 < slow 90? (90,120,60): fast 90, slow 90 → no cross yet
    s.bar(50); // fast 55 < slow 76.7
    expect(s.commands().at(-1)).toMatchObject({ side: 'sell', qty: 10 });
  });

  it('rsi-reversion buys when oversold and sells at the middle band', () => {
    const s = setup('rsi-reversion', { rsiPeriod: 3, bandPeriod: 4, tf: '1s', qty: 2 });
    for (const close of [100, 99, 98, 97, 96]) s.bar(close);
    const [buy] = s.commands();
    expect(buy).toMatchObject({ side: 'buy', qty: 2 });
    s.fill(buy!, 96);
    s.bar(97); // below the average of (98, 97, 96, 97) = 97? close 97 ≥ 97: exits
    expect(s.commands().at(-1)).toMatchObject({ side: 'sell', qty: 2 });
  });

  it('breakout enters above the channel, places an ATR stop once filled, and only ever tightens it', () => {
    const s = setup('breakout', { period: 3, atrPeriod: 2, atrMultiple: 2, tf: '1s', qty: 1 });
    for (const close of [100, 101, 100, 101]) s.bar(close, close + 1, close - 1);
    expect(s.commands()).toHaveLength(0);
    s.bar(110, 111, 105); // above the previous 3 bars' high (102)
    const entry = s.commands()[0];
    expect(entry).toMatchObject({ side: 'buy', orderType: 'market', qty: 1 });
    s.fill(entry!, 110);
    const stop = s.commands()[1];
    expect(stop).toMatchObject({ side: 'sell', orderType: 'stop', qty: 1, reduceOnly: true });
    expect(stop!.stopPrice as number).toBeLessThan(110);
    s.bar(120, 121, 118);
    const amend = s.commands()[2];
    expect(amend).toMatchObject({ type: 'AmendOrder', clientOrderId: stop!.clientOrderId });
    expect(amend!.stopPrice as number).toBeGreaterThan(stop!.stopPrice as number);
    s.bar(112, 113, 111);
    expect(s.commands()).toHaveLength(3); // a lower close never loosens the stop
  });
});
