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
  moveOrder: { channel: 'moveOrder', clientOrderId: 'ui-1', price: 128_002 },
  flatten: { channel: 'flatten', venue: 'sim', symbol: 'BTC-USD' },
  killSwitch: { channel: 'killSwitch' },
  resumeTrading: { channel: 'resumeTrading' },
  setStrategy: { channel: 'setStrategy', id: 'sma-btc', enabled: true },
  chart: { channel: 'chart', venue: 'sim', symbol: 'BTC-USD', tf: '1m' },
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
    ['a stop order (not in the protocol yet)', { ...ORDER, orderType: 'stop' }, /submitOrder.orderType/],
    ['an unknown time in force', { ...ORDER, tif: 'GTD' }, /submitOrder.tif/],
    ['a limit order without a price', { ...ORDER, price: 0 }, /limit order needs a price/],
    ['a market order with a price', { ...ORDER, orderType: 'market' }, /market order has price 0/],
    ['a move to price 0', { channel: 'moveOrder', clientOrderId: 'ui-1', price: 0 }, /moveOrder.price/],
    ['a cancel without an id', { channel: 'cancelOrder', clientOrderId: '' }, /cancelOrder.clientOrderId/],
    ['a cancelAll without a symbol', { channel: 'cancelAll', venue: 'sim' }, /cancelAll.symbol/],
    ['a kill switch with a field', { channel: 'killSwitch', now: true }, /unexpected field "now"/],
    ['a strategy switch that is not boolean', { channel: 'setStrategy', id: 'a', enabled: 1 }, /setStrategy.enabled/],
    ['a chart of an unknown timeframe', { channel: 'chart', venue: 'sim', symbol: 'BTC-USD', tf: '2m' }, /chart.tf/],
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
