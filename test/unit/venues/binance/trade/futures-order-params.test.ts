import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../../workers/core/instrument.js';
import type { AmendOrder, SubmitOrder } from '../../../../../workers/protocol/messages.js';
import { futuresModify, futuresOrderParams } from '../../../../../workers/venues/binance/trade/futures-order-params.js';

const BTC = makeInstrument({ venue: 'binanceusdm', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', lotSize: '0.001', minNotional: '100', multiplier: 1 });
const order = (fields: Partial<SubmitOrder> = {}): SubmitOrder => ({
  v: 3, seq: 1, ts: 1, rts: 1, type: 'SubmitOrder', venue: 'binanceusdm', symbol: 'BTCUSDT', src: 't', clientOrderId: 'c1', strategyId: 'manual',
  side: 'buy', orderType: 'limit', price: 650_001, qty: 25, tif: 'GTC', causeTs: 0, ...fields,
});
const map = (fields: Partial<SubmitOrder> = {}) => futuresOrderParams(order(fields), BTC, 'ttx_c1');

describe('futures order mapping', () => {
  it('maps each native type with decimals formatted from ticks and lots', () => {
    expect(map()).toEqual({ symbol: 'BTCUSDT', side: 'BUY', quantity: '0.025', newClientOrderId: 'ttx_c1', newOrderRespType: 'RESULT', type: 'LIMIT', timeInForce: 'GTC', price: '65000.10' });
    expect(map({ orderType: 'market', price: 0, side: 'sell' })).toMatchObject({ type: 'MARKET', side: 'SELL' });
    expect(map({ tif: 'IOC' })).toMatchObject({ timeInForce: 'IOC' });
    expect(map({ tif: 'FOK' })).toMatchObject({ timeInForce: 'FOK' });
    expect(map({ postOnly: true })).toMatchObject({ type: 'LIMIT', timeInForce: 'GTX' });
    expect(map({ orderType: 'stop', price: 0, stopPrice: 660_000 })).toMatchObject({ type: 'STOP_MARKET', stopPrice: '66000.00', workingType: 'CONTRACT_PRICE' });
    expect(map({ orderType: 'stop_limit', stopPrice: 660_000 })).toMatchObject({ type: 'STOP', price: '65000.10', stopPrice: '66000.00', timeInForce: 'GTC' });
    expect(map({ orderType: 'stop', price: 0, stopPrice: 640_000, trigger: 'take_profit' })).toMatchObject({ type: 'TAKE_PROFIT_MARKET', stopPrice: '64000.00' });
    expect(map({ orderType: 'stop_limit', stopPrice: 640_000, trigger: 'take_profit' })).toMatchObject({ type: 'TAKE_PROFIT', price: '65000.10' });
    expect(map({ orderType: 'trailing_stop', price: 0, trailBps: 50, side: 'sell' })).toMatchObject({ type: 'TRAILING_STOP_MARKET', callbackRate: '0.5' });
    expect(map({ orderType: 'trailing_stop', price: 0, trailBps: 100, stopPrice: 660_000 })).toMatchObject({ callbackRate: '1.0', activationPrice: '66000.00' });
  });

  it('sends reduce-only and self-trade prevention as Binance names them', () => {
    expect(map({ reduceOnly: true, side: 'sell' })).toMatchObject({ reduceOnly: 'true' });
    expect(map({ stp: 'expire_both' })).toMatchObject({ selfTradePreventionMode: 'EXPIRE_BOTH' });
    expect(map()).not.toHaveProperty('reduceOnly');
  });

  it('refuses what futures does not do natively, with the reason', () => {
    expect(map({ takeProfit: 700_000 })).toMatch(/brackets are not native/);
    expect(map({ ocoWith: 'c0' })).toMatch(/OCO/);
    expect(map({ orderType: 'trailing_stop', price: 0, trailAmount: 100 })).toMatch(/by a price amount/);
    expect(map({ orderType: 'trailing_stop', price: 0, trailBps: 5 })).toMatch(/0.1 % to 10 %/);
    expect(map({ orderType: 'trailing_stop', price: 0, trailBps: 15 })).toMatch(/steps of 0.1 %/);
    expect(map({ trigger: 'take_profit' })).toMatch(/needs a stop/);
  });
});

describe('futures amend (modify in place)', () => {
  const amend = (price: number, qty: number, stopPrice = 0): AmendOrder => ({ v: 3, seq: 2, ts: 2, rts: 2, type: 'AmendOrder', venue: 'binanceusdm', symbol: 'BTCUSDT', src: 't', clientOrderId: 'c1', strategyId: 'manual', price, qty, stopPrice });
  const live = (fields: Partial<SubmitOrder> = {}, filledLots = 0) => ({ command: order(fields), venueId: 'ttx_c1', filledLots });

  it('sends the whole new quantity and price of a limit order under its client id', () => {
    expect(futuresModify(live(), amend(649_000, 40), BTC)).toEqual({ price: 649_000, qty: 40, params: { symbol: 'BTCUSDT', side: 'BUY', origClientOrderId: 'ttx_c1', quantity: '0.040', price: '64900.00' } });
    expect(futuresModify(live(), amend(0, 30), BTC)).toMatchObject({ price: 650_001, qty: 30 });
  });

  it('refuses what cannot be modified in place', () => {
    expect(futuresModify(live({ orderType: 'stop', price: 0, stopPrice: 660_000 }), amend(0, 30), BTC)).toMatch(/limit orders only/);
    expect(futuresModify(live(), amend(0, 10), BTC)).toMatchObject({ qty: 10 }); // smaller is fine while above the filled part
    expect(futuresModify(live({}, 12), amend(0, 10), BTC)).toMatch(/above what has filled/);
    expect(futuresModify(live(), amend(650_001, 25), BTC)).toBe('nothing to change');
    expect(futuresModify(live(), amend(0, 0, 600_000), BTC)).toMatch(/no stop price/);
  });
});
