/**
 * The strategy worker's core with the strategy API: instances start, pause, stop and take new parameters from the
 * control channel and report each change; market data reaches only the instances of its instrument; order helpers
 * produce the commands risk expects; a strategy that throws fails alone.
 */
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import type { StrategyConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message } from '../../../workers/protocol/messages.js';
import { defineStrategy, type StrategyDefinition } from '../../../workers/strategies/api.js';
import type { ParamSchema } from '../../../workers/strategies/params.js';
import { strategyDefinition } from '../../../workers/strategies/registry.js';
import { StrategyEngine } from '../../../workers/strategy/strategy-engine.js';

const T0 = 1_700_000_000_000_000;
let seq = 0;
const env = (ts = T0) => ({ v: SCHEMA_VERSION, seq: ++seq, ts, rts: ts });
const trade = (symbol: string, price: number, ts = T0) => ({ ...env(ts), type: 'Trade', venue: 'sim', symbol, price, qty: 1, aggressor: 'buy', tradeId: seq }) as Message;

/** Throws on its second trade; orders a bracket on its first. */
const fragile = defineStrategy({
  kind: 'fragile',
  title: 'Fragile',
  description: 'test',
  params: { limit: { kind: 'int', default: 1, min: 1, max: 5, description: 'x' } },
  create(context) {
    let trades = 0;
    return {
      onTrade(t) {
        trades += 1;
        if (trades === 1) context.bracket('buy', 2, { takeProfit: t.price + 10, stopLoss: t.price - 10 }, t.price);
        else throw new Error('boom');
      },
    };
  },
});

function setup(configs: StrategyConfig[]) {
  const sent: Array<{ port: string; message: Outgoing & Record<string, unknown> }> = [];
  const lookup = (kind: string) => (kind === 'fragile' ? (fragile as unknown as StrategyDefinition<ParamSchema>) : strategyDefinition(kind));
  const engine = new StrategyEngine('strategy', configs, (port, _topic, message) => sent.push({ port, message: message as Outgoing & Record<string, unknown> }), lookup);
  const statuses = (id: string) => sent.filter((s) => s.message.type === 'StrategyStatus' && s.message.strategyId === id).map((s) => s.message);
  const intents = () => sent.filter((s) => s.port === 'intents').map((s) => s.message);
  const ctl = (message: Record<string, unknown>) => engine.onMessage('ctl', '', { ...env(), ...message } as Message, T0);
  return { engine, sent, statuses, intents, ctl };
}

const ping = (id: string, symbol = 'BTC-USD', every = 2): StrategyConfig => ({ id, kind: 'ping', venue: 'sim', symbol, enabled: true, params: { every, qty: 1 } });

describe('StrategyEngine', () => {
  it("holds a venue's strategies while its account check has not passed, and lets them act once it has", () => {
    const s = setup([ping('p-btc')]);
    const reconcile = (state: string) =>
      s.engine.onMessage('exec', 'reconcile.sim.main', { ...env(), type: 'ReconcileReport', venue: 'sim', account: 'main', state, reason: '', differences: [] } as unknown as Message, T0);
    reconcile('differences');
    for (let i = 0; i < 4; i++) s.engine.onMessage('md', '', trade('BTC-USD', 100 + i, T0 + i), T0 + i);
    expect(s.intents()).toEqual([]);
    reconcile('passed');
    for (let i = 0; i < 4; i++) s.engine.onMessage('md', '', trade('BTC-USD', 100 + i, T0 + 10 + i), T0 + 10 + i);
    expect(s.intents().length).toBeGreaterThan(0);
  });

  it('starts configured instances, reports them, and routes trades only to their instrument', () => {
    const s = setup([ping('p-btc'), ping('p-eth', 'ETH-USD')]);
    for (let i = 0; i < 4; i++) s.engine.onMessage('md', '', trade('BTC-USD', 100 + i, T0 + i), T0 + i);
    expect(s.statuses('p-btc').at(-1)).toMatchObject({ state: 'running', kind: 'ping', params: { every: 2, qty: 1 }, worker: 'strategy' });
    expect(JSON.parse(s.statuses('p-btc').at(-1)?.schema as string)).toHaveProperty('every');
    const orders = s.intents();
    expect(orders.map((o) => [o.strategyId, o.side, o.orderType, o.causeTs])).toEqual([
      ['p-btc', 'buy', 'market', T0 + 1],
      ['p-btc', 'sell', 'market', T0 + 3],
    ]);
  });

  it('pauses, resumes, stops (canceling its working orders) and refuses parameters outside the schema', () => {
    const s = setup([ping('p', 'BTC-USD', 1)]);
    s.engine.onMessage('md', '', trade('BTC-USD', 100), T0);
    expect(s.intents()).toHaveLength(1);
    s.ctl({ type: 'SetStrategyState', strategyId: 'p', state: 'paused' });
    s.engine.onMessage('md', '', trade('BTC-USD', 101), T0);
    expect(s.intents()).toHaveLength(1);
    s.ctl({ type: 'SetStrategyParams', strategyId: 'p', params: { every: 0 } });
    expect(s.statuses('p').at(-1)).toMatchObject({ state: 'paused', reason: expect.stringMatching(/every must be at least 1/), params: { every: 1 } });
    s.ctl({ type: 'SetStrategyParams', strategyId: 'p', params: { qty: 3 } });
    s.ctl({ type: 'SetStrategyState', strategyId: 'p', state: 'running' });
    s.engine.onMessage('md', '', trade('BTC-USD', 102), T0);
    expect(s.intents().at(-1)).toMatchObject({ qty: 3 });
    s.ctl({ type: 'SetStrategyState', strategyId: 'p', state: 'stopped' });
    // Both market orders are unanswered, so still working: stopping cancels them.
    expect(s.intents().filter((o) => o.type === 'CancelOrder').map((o) => o.clientOrderId)).toEqual(s.intents().filter((o) => o.type === 'SubmitOrder').map((o) => o.clientOrderId));
    expect(s.statuses('p').at(-1)).toMatchObject({ state: 'stopped', reason: '' });
  });

  it('fails a strategy that throws, cancels its orders, and keeps the others going', () => {
    const s = setup([{ id: 'f', kind: 'fragile', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: {} }, ping('p', 'BTC-USD', 1)]);
    s.engine.onMessage('md', '', trade('BTC-USD', 100), T0);
    const bracket = s.intents().find((o) => o.strategyId === 'f');
    expect(bracket).toMatchObject({ type: 'SubmitOrder', orderType: 'limit', price: 100, qty: 2, takeProfit: 110, stopLoss: 90, tif: 'GTC' });
    s.engine.onMessage('md', '', trade('BTC-USD', 101), T0);
    expect(s.statuses('f').at(-1)).toMatchObject({ state: 'failed', reason: 'boom' });
    expect(s.intents().filter((o) => o.type === 'CancelOrder' && o.strategyId === 'f').map((o) => o.clientOrderId)).toEqual([bracket?.clientOrderId]);
    expect(s.sent.some((x) => x.message.type === 'WorkerLog' && String(x.message.text).includes('boom'))).toBe(true);
    s.engine.onMessage('md', '', trade('BTC-USD', 102), T0);
    expect(s.intents().filter((o) => o.strategyId === 'p' && o.type === 'SubmitOrder')).toHaveLength(3);
    expect(s.engine.counters()).toMatchObject({ failures: 1 });
  });

  it('refuses a configuration with an unknown parameter, naming it', () => {
    expect(() => setup([{ ...ping('p'), params: { every: 2, fast: 1 } }])).toThrow(/unknown parameter fast/);
  });
});

describe('StrategyEngine and the exits worker', () => {
  it('counts the fills of exit orders placed for an instance in its position', () => {
    const s = setup([ping('p', 'BTC-USD', 1_000)]);
    s.engine.onMessage('md', '', trade('BTC-USD', 100), T0);
    const fill = (strategyId: string, side: 'buy' | 'sell', fillId: string) =>
      s.engine.onMessage('exec', '', { ...env(), type: 'OrderFilled', venue: 'sim', symbol: 'BTC-USD', clientOrderId: `${strategyId}-${fillId}`, strategyId, side, state: 'filled', venueOrderId: 'v', fillId, price: 100, qty: 3, filledQty: 3, leavesQty: 0, liquidity: 'taker' } as Message, T0);
    fill('p', 'buy', 'f1');
    fill('exits:p', 'sell', 'f2');
    fill('exits:other', 'sell', 'f3');
    s.engine.onTimer(T0 + 1);
    expect(s.statuses('p').at(-1)).toMatchObject({ position: 0 });
  });
});
