import { describe, expect, it, vi } from 'vitest';
import { deliverCommand, parseRendererCommand } from '../../../src-main/bridge/renderer-command.js';
import { RENDERER_CHANNELS, type RendererToHost } from '../../../workers/protocol/channels.js';
import { FakeHostApi } from '../../fixtures/fake-host-api.js';

const ORDER = { channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', price: 128_001, qty: 10, tif: 'GTC' } as const;

/** One valid command per channel, so a new channel without a sample fails the coverage test below. */
const VALID: { [C in RendererToHost['channel']]: Extract<RendererToHost, { channel: C }> } = {
  startWorker: { channel: 'startWorker', name: 'feed' },
  stopWorker: { channel: 'stopWorker', name: 'risk' },
  submitOrder: ORDER,
  cancelOrder: { channel: 'cancelOrder', clientOrderId: 'ui-1' },
  cancelAll: { channel: 'cancelAll', venue: 'sim', symbol: 'ETH-USD' },
  amendOrder: { channel: 'amendOrder', clientOrderId: 'ui-1', price: 128_002 },
  flatten: { channel: 'flatten', venue: 'sim', symbol: 'BTC-USD' },
  killSwitch: { channel: 'killSwitch' },
  resumeTrading: { channel: 'resumeTrading' },
  rearmBreaker: { channel: 'rearmBreaker' },
  setStrategy: { channel: 'setStrategy', id: 'sma-btc', enabled: true },
  setStrategyState: { channel: 'setStrategyState', id: 'sma-btc', state: 'paused' },
  setStrategyParams: { channel: 'setStrategyParams', id: 'sr-btc', params: { conditions: [{ side: 'buy', trigger: 128_000, turn: 2, repeat: false }] } },
  chart: { channel: 'chart', venue: 'sim', symbol: 'BTC-USD', tf: '1m' },
  setExitPlan: { channel: 'setExitPlan', venue: 'sim', symbol: 'BTC-USD', owner: 'manual', plan: { stopDistance: 40, targets: [[60, 50], [120, 50]] } },
  moveExitStop: { channel: 'moveExitStop', venue: 'sim', symbol: 'BTC-USD', owner: 'manual', stopPrice: 127_900 },
  clearExitPlan: { channel: 'clearExitPlan', venue: 'sim', symbol: 'BTC-USD', owner: 'sma-btc' },
  saveBracket: { channel: 'saveBracket', template: { name: 'Scalp', stopLoss: 20, targets: [{ distance: 30, share: 100 }] } },
  deleteBracket: { channel: 'deleteBracket', name: 'Scalp' },
  saveKey: { channel: 'saveKey', account: 'main', network: 'testnet', apiKey: 'A'.repeat(64), secret: 'B'.repeat(64) },
  deleteKey: { channel: 'deleteKey', account: 'main', network: 'testnet' },
  historyQuery: { channel: 'historyQuery', requestId: 'h-1', filter: { kind: 'fills', symbol: 'BTC-USD', day: '2026-11-23' }, csv: true },
  runBacktest: { channel: 'runBacktest', requestId: 'b-1', strategy: 'sma-cross', params: { fast: [5, 10], slow: 30 }, data: 'resources/data/xrp-eth-trades.csv', mode: 'bar', tf: '5m', feeBps: '10', rankBy: 'sharpe' },
  cancelBacktest: { channel: 'cancelBacktest', requestId: 'b-1' },
  listSessions: { channel: 'listSessions' },
  openSession: { channel: 'openSession', session: '2026-11-23T10-12-00-000Z-4242' },
  closeSession: { channel: 'closeSession' },
  playback: { channel: 'playback', playing: true, speed: 10, at: 1_763_892_720_000_000 },
};

describe('parseRendererCommand', () => {
  it.each(RENDERER_CHANNELS)('accepts %s with its fields', (channel) => {
    const command = VALID[channel];
    expect(parseRendererCommand(command)).toEqual({ ok: true, command });
  });

  it('accepts a market order at price 0', () => {
    expect(parseRendererCommand({ ...ORDER, orderType: 'market', price: 0, tif: 'IOC' })).toMatchObject({ ok: true });
  });

  it.each([
    ['a stop', { ...ORDER, orderType: 'stop', price: 0, stopPrice: 129_000 }],
    ['a stop-limit', { ...ORDER, orderType: 'stop_limit', price: 129_010, stopPrice: 129_000 }],
    ['a trailing stop by amount', { ...ORDER, orderType: 'trailing_stop', price: 0, trailAmount: 40 }],
    ['a trailing stop by percent, with a first trigger', { ...ORDER, orderType: 'trailing_stop', price: 0, trailBps: 50, stopPrice: 129_000 }],
    ['a post-only GTC limit', { ...ORDER, postOnly: true }],
    ['a reduce-only market order', { ...ORDER, orderType: 'market', price: 0, tif: 'IOC', reduceOnly: true }],
    ['a bracket around a limit buy', { ...ORDER, takeProfit: 130_000, stopLoss: 127_000 }],
    ['a bracket on a market sell', { ...ORDER, side: 'sell', orderType: 'market', price: 0, takeProfit: 120_000, stopLoss: 135_000 }],
    ['an order for a named venue account', { ...ORDER, account: 'sub-1' }],
    ['a take-profit stop', { ...ORDER, side: 'sell', orderType: 'stop', price: 0, stopPrice: 131_000, trigger: 'take_profit' }],
    ['an amend of the quantity', { channel: 'amendOrder', clientOrderId: 'ui-1', qty: 3 }],
    ['an amend of the stop price and quantity', { channel: 'amendOrder', clientOrderId: 'ui-1', stopPrice: 127_000, qty: 3 }],
    ['a run of a strategy', { channel: 'setStrategyState', id: 'ping', state: 'running' }],
    ['scalar parameters', { channel: 'setStrategyParams', id: 'sma-btc', params: { fast: 3, ratio: 0.5, tf: '1m', allowShort: true } }],
    ['an emptied list', { channel: 'setStrategyParams', id: 'sr-btc', params: { conditions: [] } }],
  ])('accepts %s', (_label, value) => {
    expect(parseRendererCommand(value)).toEqual({ ok: true, command: value });
  });

  it('leaves absent optional fields absent', () => {
    const parsed = parseRendererCommand({ ...ORDER, stopPrice: undefined, postOnly: undefined });
    expect(parsed).toEqual({ ok: true, command: ORDER });
    if (parsed.ok) expect(Object.keys(parsed.command)).not.toContain('stopPrice');
  });

  it.each([
    ['not a map', 'startWorker', /not a map/],
    ['an array', [{ channel: 'startWorker', name: 'feed' }], /not a map/],
    ['null', null, /not a map/],
    ['an unknown channel', { channel: 'deleteEverything', name: 'feed' }, /unknown channel "deleteEverything"/],
    ['an inherited name as channel', { channel: 'toString', name: 'feed' }, /unknown channel/],
    ['a missing field', { channel: 'stopWorker' }, /stopWorker.name must be a string/],
    ['a field of the wrong type', { channel: 'stopWorker', name: 7 }, /got 7/],
    ['an empty name', { channel: 'stopWorker', name: '' }, /stopWorker.name/],
    ['an overlong name', { channel: 'stopWorker', name: 'x'.repeat(101) }, /1\.\.100/],
    ['an extra field', { channel: 'stopWorker', name: 'feed', force: true }, /unexpected field "force"/],
    ['a map with its own toString', { channel: { toString: 1 } }, /unknown channel a map/],
    ['a fractional price', { ...ORDER, price: 128_000.5 }, /submitOrder.price must be an integer/],
    ['a negative price', { ...ORDER, price: -1 }, /submitOrder.price/],
    ['a zero quantity', { ...ORDER, qty: 0 }, /submitOrder.qty must be an integer >= 1/],
    ['a NaN quantity', { ...ORDER, qty: Number.NaN }, /submitOrder.qty/],
    ['an unsafe quantity', { ...ORDER, qty: 2 ** 60 }, /submitOrder.qty/],
    ['a quantity as a string', { ...ORDER, qty: '10' }, /submitOrder.qty/],
    ['an unknown side', { ...ORDER, side: 'short' }, /submitOrder.side must be one of buy, sell/],
    ['an unknown order type', { ...ORDER, orderType: 'iceberg' }, /submitOrder.orderType must be one of market, limit, stop, stop_limit, trailing_stop/],
    ['a stop without a stop price', { ...ORDER, orderType: 'stop', price: 0 }, /a stop order needs a stopPrice/],
    ['a stop with a limit price', { ...ORDER, orderType: 'stop', stopPrice: 129_000 }, /a stop order has price 0/],
    ['a stop-limit without a limit price', { ...ORDER, orderType: 'stop_limit', price: 0, stopPrice: 129_000 }, /stop_limit order needs a price/],
    ['a limit order with a stop price', { ...ORDER, stopPrice: 129_000 }, /a limit order has no stopPrice/],
    ['a stop price of 0', { ...ORDER, orderType: 'stop', price: 0, stopPrice: 0 }, /submitOrder.stopPrice must be an integer >= 1/],
    ['a fractional stop price', { ...ORDER, orderType: 'stop', price: 0, stopPrice: 1.5 }, /submitOrder.stopPrice/],
    ['a null stop price', { ...ORDER, orderType: 'stop', price: 0, stopPrice: null }, /submitOrder.stopPrice .*got null/],
    ['a trailing stop with no distance', { ...ORDER, orderType: 'trailing_stop', price: 0 }, /exactly one of trailAmount, trailBps/],
    ['a trailing stop with both distances', { ...ORDER, orderType: 'trailing_stop', price: 0, trailAmount: 4, trailBps: 10 }, /exactly one of/],
    ['a trail of 100 %', { ...ORDER, orderType: 'trailing_stop', price: 0, trailBps: 10_000 }, /submitOrder.trailBps must be an integer of 1..9999/],
    ['a trail on a limit order', { ...ORDER, trailAmount: 4 }, /a limit order has no trail/],
    ['post-only on a market order', { ...ORDER, orderType: 'market', price: 0, postOnly: true }, /postOnly needs a GTC limit order/],
    ['post-only IOC', { ...ORDER, tif: 'IOC', postOnly: true }, /postOnly needs a GTC limit order/],
    ['post-only as a string', { ...ORDER, postOnly: 'yes' }, /submitOrder.postOnly must be true or false/],
    ['a take-profit below a buy', { ...ORDER, takeProfit: 128_000 }, /takeProfit must be above the price/],
    ['a stop-loss above a buy', { ...ORDER, stopLoss: 128_500 }, /stopLoss must be below the price/],
    ['a take-profit above a sell', { ...ORDER, side: 'sell', takeProfit: 128_500 }, /takeProfit must be below the price/],
    ['a take-profit under the stop-loss', { ...ORDER, orderType: 'market', price: 0, takeProfit: 120_000, stopLoss: 125_000 }, /takeProfit must be above stopLoss/],
    ['a bracket on a reduce-only order', { ...ORDER, reduceOnly: true, takeProfit: 130_000 }, /reduceOnly order cannot carry a bracket/],
    ['an amend with nothing to change', { channel: 'amendOrder', clientOrderId: 'ui-1' }, /an amend needs a price, qty or stopPrice/],
    ['an amend to price 0', { channel: 'amendOrder', clientOrderId: 'ui-1', price: 0 }, /amendOrder.price must be an integer >= 1/],
    ['an amend to a fractional quantity', { channel: 'amendOrder', clientOrderId: 'ui-1', qty: 2.5 }, /amendOrder.qty/],
    ['an amend to a negative stop price', { channel: 'amendOrder', clientOrderId: 'ui-1', stopPrice: -3 }, /amendOrder.stopPrice/],
    ['an amend without an id', { channel: 'amendOrder', price: 5 }, /amendOrder.clientOrderId/],
    ['an amend with an extra field', { channel: 'amendOrder', clientOrderId: 'ui-1', price: 5, side: 'sell' }, /unexpected field "side"/],
    ['the old move command', { channel: 'moveOrder', clientOrderId: 'ui-1', price: 5 }, /unknown channel "moveOrder"/],
    ['an unknown time in force', { ...ORDER, tif: 'GTD' }, /submitOrder.tif/],
    ['a limit order without a price', { ...ORDER, price: 0 }, /limit order needs a price/],
    ['a market order with a price', { ...ORDER, orderType: 'market' }, /market order has price 0/],
    ['a cancel without an id', { channel: 'cancelOrder', clientOrderId: '' }, /cancelOrder.clientOrderId/],
    ['a cancelAll without a symbol', { channel: 'cancelAll', venue: 'sim' }, /cancelAll.symbol/],
    ['a kill switch with a field', { channel: 'killSwitch', now: true }, /unexpected field "now"/],
    ['a strategy switch that is not boolean', { channel: 'setStrategy', id: 'a', enabled: 1 }, /setStrategy.enabled/],
    ['an unknown strategy state', { channel: 'setStrategyState', id: 'a', state: 'failed' }, /setStrategyState.state must be one of running, paused, stopped/],
    ['a strategy state without an id', { channel: 'setStrategyState', state: 'running' }, /setStrategyState.id/],
    ['parameters that are not a map', { channel: 'setStrategyParams', id: 'a', params: [1] }, /setStrategyParams.params must be a map of parameters/],
    ['no parameters at all', { channel: 'setStrategyParams', id: 'a', params: {} }, /must hold 1..100 parameters/],
    ['a parameter that is null', { channel: 'setStrategyParams', id: 'a', params: { every: null } }, /every must be a number, true\/false, a string or a list of records/],
    ['a parameter that is a map', { channel: 'setStrategyParams', id: 'a', params: { every: { n: 1 } } }, /every must be a number/],
    ['an infinite parameter', { channel: 'setStrategyParams', id: 'a', params: { every: Number.POSITIVE_INFINITY } }, /every must be a finite number/],
    ['a NaN parameter', { channel: 'setStrategyParams', id: 'a', params: { every: Number.NaN } }, /every must be a finite number/],
    ['an overlong text parameter', { channel: 'setStrategyParams', id: 'a', params: { tf: 'x'.repeat(201) } }, /tf must be at most 200 characters/],
    ['a bad parameter name', { channel: 'setStrategyParams', id: 'a', params: { 'a b': 1 } }, /bad parameter name "a b"/],
    ['a prototype key as a parameter', { channel: 'setStrategyParams', id: 'a', params: JSON.parse('{"__proto__": 1}') as unknown }, /bad parameter name "__proto__"/],
    ['a list of numbers', { channel: 'setStrategyParams', id: 'a', params: { conditions: [1, 2] } }, /conditions\[0\] must be a record/],
    ['a list item holding a list', { channel: 'setStrategyParams', id: 'a', params: { conditions: [{ side: ['buy'] }] } }, /conditions\[0\].side must be a number/],
    ['a list item with a bad field name', { channel: 'setStrategyParams', id: 'a', params: { conditions: [{ 'x-y': 1 }] } }, /conditions\[0\] has a bad field name/],
    ['an overlong list', { channel: 'setStrategyParams', id: 'a', params: { conditions: Array.from({ length: 1001 }, () => ({})) } }, /conditions may hold at most 1000 items/],
    ['parameters with an extra field', { channel: 'setStrategyParams', id: 'a', params: { every: 1 }, save: false }, /unexpected field "save"/],
    ['a chart of an unknown timeframe', { channel: 'chart', venue: 'sim', symbol: 'BTC-USD', tf: '2m' }, /chart.tf/],
    ['a session given as a path', { channel: 'openSession', session: '../../etc' }, /openSession.session must be a session folder name/],
    ['a playback speed not offered', { channel: 'playback', speed: 1000 }, /playback.speed must be one of 1, 10, 100, 0/],
    ['a playback command that asks nothing', { channel: 'playback' }, /playback needs playing, speed or at/],
    ['a playback moment before the epoch', { channel: 'playback', at: -5 }, /playback.at must be an integer >= 0/],
  ])('refuses %s', (_label, value, reason) => {
    const parsed = parseRendererCommand(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('copies only the known fields', () => {
    const parsed = parseRendererCommand({ channel: 'flatten', venue: 'sim', symbol: 'BTC-USD' });
    expect(parsed).toEqual({ ok: true, command: { channel: 'flatten', venue: 'sim', symbol: 'BTC-USD' } });
  });
});

describe('deliverCommand', () => {
  it('hands valid commands to the host and reports the rest', () => {
    const host = new FakeHostApi();
    const reasons: string[] = [];
    expect(deliverCommand(host, { channel: 'startWorker', name: 'feed' }, (r) => reasons.push(r))).toBe(true);
    expect(deliverCommand(host, ORDER, (r) => reasons.push(r))).toBe(true);
    expect(deliverCommand(host, { channel: 'nope' }, (r) => reasons.push(r))).toBe(false);
    expect(host.handled).toEqual([{ channel: 'startWorker', name: 'feed' }, ORDER]);
    expect(reasons).toHaveLength(1);
  });

  it('does not throw when the host does', () => {
    const host = new FakeHostApi();
    host.handle = () => {
      throw new Error('no such worker');
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(deliverCommand(host, { channel: 'stopWorker', name: 'ghost' })).toBe(false);
      expect(deliverCommand(host, { channel: 'killSwitch' })).toBe(false);
      expect(logged).toHaveBeenCalledTimes(2);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('API keys from a window', () => {
  it('never repeats a key or secret in a refusal', () => {
    const secret = 'S'.repeat(300);
    const parsed = parseRendererCommand({ channel: 'saveKey', account: 'main', network: 'testnet', apiKey: 'A'.repeat(64), secret });
    expect(parsed).toEqual({ ok: false, reason: 'saveKey.secret must be a string of 1..256 characters' });
  });
});

describe('venue account and trigger of an order from the window', () => {
  it('refuses a take-profit trigger on an order that is no stop, and an unknown trigger', () => {
    expect(parseRendererCommand({ ...ORDER, trigger: 'take_profit' })).toMatchObject({ ok: false });
    expect(parseRendererCommand({ ...ORDER, orderType: 'stop', price: 0, stopPrice: 131_000, trigger: 'sideways' })).toMatchObject({ ok: false });
    expect(parseRendererCommand({ ...ORDER, account: '' })).toMatchObject({ ok: false });
  });
});
