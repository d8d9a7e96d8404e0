/**
 * Our orders as ccxt's createOrder arguments (exact decimals from ticks and lots, our client order id), what is
 * refused with the reason, and what a poll of open orders makes the core look up.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import { SCHEMA_VERSION, type SubmitOrder } from '../../../../workers/protocol/messages.js';
import type { BelievedOrder } from '../../../../workers/venues/binance/trade/reconcile-diff.js';
import { ccxtDialect, ccxtOrderParams } from '../../../../workers/venues/ccxt/ccxt-dialect.js';
import { ordersToQuery, SeenTrades } from '../../../../workers/venues/ccxt/ccxt-order-poll.js';

const BTC = makeInstrument({ venue: 'ccxt-binance', symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });
const can = { name: 'binance (ccxt)', stops: true };

function order(fields: Partial<SubmitOrder>): SubmitOrder {
  return {
    v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1, type: 'SubmitOrder', venue: 'ccxt-binance', symbol: 'BTC-USDT', src: 'test', clientOrderId: 'o1', strategyId: 's',
    side: 'buy', orderType: 'limit', price: 6_400_012, qty: 123, tif: 'GTC', causeTs: 0, ...fields,
  };
}

describe('orders as ccxt createOrder arguments', () => {
  it('limit and market orders, with exact decimals and our client order id', () => {
    expect(ccxtOrderParams(order({}), BTC, 'ttabc123_o1', can)).toEqual({ type: 'limit', side: 'buy', amount: '0.00123', price: '64000.12', timeInForce: 'GTC', clientOrderId: 'ttabc123_o1' });
    expect(ccxtOrderParams(order({ orderType: 'market', side: 'sell', price: 0, tif: 'IOC' }), BTC, 'id', can)).toEqual({ type: 'market', side: 'sell', amount: '0.00123', clientOrderId: 'id' });
    expect(ccxtOrderParams(order({ postOnly: true }), BTC, 'id', can)).toMatchObject({ type: 'limit', postOnly: 'true' });
  });

  it('stops as ccxt stop-loss orders where the exchange takes them, refused with the reason elsewhere', () => {
    expect(ccxtOrderParams(order({ orderType: 'stop', price: 0, stopPrice: 6_600_000 }), BTC, 'id', can)).toMatchObject({ type: 'market', stopLossPrice: '66000.00' });
    expect(ccxtOrderParams(order({ orderType: 'stop_limit', stopPrice: 6_600_000 }), BTC, 'id', can)).toMatchObject({ type: 'limit', price: '64000.12', stopLossPrice: '66000.00' });
    expect(ccxtOrderParams(order({ orderType: 'stop', stopPrice: 6_600_000 }), BTC, 'id', { ...can, stops: false })).toMatch(/takes no stop orders through ccxt/);
    // A take-profit triggers the other way: never sent as a stop-loss.
    expect(ccxtOrderParams(order({ orderType: 'stop', stopPrice: 6_600_000, trigger: 'take_profit' }), BTC, 'id', { ...can, takeProfits: true })).toMatchObject({ type: 'market', takeProfitPrice: '66000.00' });
    expect(ccxtOrderParams(order({ orderType: 'stop_limit', stopPrice: 6_600_000, trigger: 'take_profit' }), BTC, 'id', can)).toMatch(/takes no take-profit orders/);
  });

  it('refuses what is not sent through ccxt', () => {
    expect(ccxtOrderParams(order({ orderType: 'trailing_stop', trailBps: 50 }), BTC, 'id', can)).toMatch(/trailing stops/);
    expect(ccxtOrderParams(order({ reduceOnly: true }), BTC, 'id', can)).toMatch(/reduce-only/);
    expect(ccxtOrderParams(order({ takeProfit: 6_500_000 }), BTC, 'id', can)).toMatch(/brackets/);
    expect(ccxtOrderParams(order({ ocoWith: 'o0' }), BTC, 'id', can)).toMatch(/OCO/);
  });

  it('leaves rate limits to ccxt and refuses amends with the reason', () => {
    const dialect = ccxtDialect(can);
    expect(dialect.limits).toEqual([]);
    expect(dialect.refusedBy).toBe('binance (ccxt)');
    expect(dialect.amendRefusal).toMatch(/amends through ccxt are not built/);
    expect(() => dialect.route({ kind: 'time', id: 1, offsetMs: 0 })).toThrow(/ccxt builds each request/);
  });
});

describe('a poll of open orders', () => {
  const believed = (venueId: string, fields: Partial<BelievedOrder> = {}): BelievedOrder => ({ venueId, busId: venueId, symbol: 'BTC-USDT', venueOrderId: `v-${venueId}`, open: true, filledLots: 0, ...fields });

  it('looks up orders that left the list or traded, not those unchanged, done or not yet acknowledged', () => {
    const listed = new Map<string, number | undefined>([['a', 0], ['b', 5], ['c', undefined]]);
    const orders = [believed('a'), believed('b', { filledLots: 2 }), believed('c'), believed('gone'), believed('done', { open: false }), believed('placing', { venueOrderId: '' })];
    expect(ordersToQuery(orders, listed)).toEqual(['b', 'gone']);
  });

  it('remembers trade ids handed over, forgetting the oldest beyond its bound', () => {
    const seen = new SeenTrades(2);
    expect([seen.add('x:1'), seen.add('x:1'), seen.add('x:2'), seen.add('x:3'), seen.add('x:1')]).toEqual([true, false, true, true, true]);
  });
});
