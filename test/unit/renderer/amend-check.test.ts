import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../workers/core/instrument.js';
import type { OrderRow } from '../../../workers/protocol/channels.js';
import { amendInputOf, checkAmend, editableFields } from '../../../src-renderer/src/ticket/amend-check.js';
import { isWaitingStop, levelOf, moveTo, typeLabel } from '../../../src-renderer/src/model/order-level.js';
import { orderRow } from '../../fixtures/order-row.js';

const BTC = makeInstrument({ venue: 'sim', symbol: 'BTC-USD', base: 'BTC', quote: 'USD', tickSize: '0.5', lotSize: '0.001', minNotional: '5', multiplier: 1 });

function order(over: Partial<OrderRow> = {}): OrderRow {
  return orderRow({ clientOrderId: 'manual.x.1', price: 128_000, qty: 10, ...over });
}

describe('order levels', () => {
  it('puts a limit order at its price and a waiting stop at its stop price', () => {
    expect(levelOf(order())).toEqual({ price: 128_000, field: 'price' });
    expect(levelOf(order({ orderType: 'stop', price: 0, stopPrice: 129_000 }))).toEqual({ price: 129_000, field: 'stopPrice' });
    expect(levelOf(order({ orderType: 'stop_limit', price: 129_010, stopPrice: 129_000 }))).toEqual({ price: 129_000, field: 'stopPrice' });
    expect(levelOf(order({ orderType: 'stop_limit', price: 129_010, stopPrice: 129_000, triggered: true }))).toEqual({ price: 129_010, field: 'price' });
    expect(levelOf(order({ orderType: 'trailing_stop', price: 0, stopPrice: 127_000, trailAmount: 20 }))).toEqual({ price: 127_000, field: 'stopPrice' });
  });

  it('gives no level to market orders, triggered stops and trailing stops without a known trigger', () => {
    expect(levelOf(order({ orderType: 'market', price: 0 }))).toBeUndefined();
    expect(levelOf(order({ orderType: 'stop', price: 0, stopPrice: 129_000, triggered: true }))).toBeUndefined();
    expect(levelOf(order({ orderType: 'trailing_stop', price: 0, stopPrice: 0 }))).toBeUndefined();
    expect(levelOf(order({ orderType: '' }))).toBeUndefined();
  });

  it('moves an order by amending the field its level is', () => {
    expect(moveTo(order(), 128_002)).toEqual({ clientOrderId: 'manual.x.1', price: 128_002 });
    expect(moveTo(order({ orderType: 'stop', price: 0, stopPrice: 129_000 }), 129_004)).toEqual({ clientOrderId: 'manual.x.1', stopPrice: 129_004 });
    expect(moveTo(order(), 128_000)).toBeUndefined();
    expect(moveTo(order(), 0)).toBeUndefined();
    expect(moveTo(order({ orderType: 'market', price: 0 }), 5)).toBeUndefined();
  });

  it('names types and bracket legs', () => {
    expect(typeLabel(order({ orderType: 'stop_limit' }))).toBe('stop limit');
    expect(typeLabel(order({ clientOrderId: 'e:tp', parentId: 'e' }))).toBe('limit (take-profit)');
    expect(typeLabel(order({ clientOrderId: 'e:sl', parentId: 'e', orderType: 'stop' }))).toBe('stop (stop-loss)');
    expect(isWaitingStop(order({ orderType: 'trailing_stop' }))).toBe(true);
    expect(isWaitingStop(order({ orderType: 'stop', triggered: true }))).toBe(false);
  });
});

describe('checkAmend', () => {
  const limit = order({ filledQty: 3 });

  it('offers the fields the order has', () => {
    expect(editableFields(limit)).toEqual({ price: true, stopPrice: false, qty: true });
    expect(editableFields(order({ orderType: 'stop' }))).toEqual({ price: false, stopPrice: true, qty: true });
    expect(editableFields(order({ orderType: 'stop_limit' }))).toEqual({ price: true, stopPrice: true, qty: true });
    expect(editableFields(order({ orderType: 'stop_limit', triggered: true }))).toEqual({ price: true, stopPrice: false, qty: true });
  });

  it('sends only what changed', () => {
    const start = amendInputOf(BTC, limit);
    expect(start).toEqual({ priceText: '64000.0', stopText: '', qtyText: '0.010' });
    expect(checkAmend(BTC, limit, start)).toEqual({ errors: {}, request: undefined, unchanged: true });
    expect(checkAmend(BTC, limit, { ...start, priceText: '64001.0' }).request).toEqual({ clientOrderId: 'manual.x.1', price: 128_002 });
    expect(checkAmend(BTC, limit, { ...start, qtyText: '0.004' }).request).toEqual({ clientOrderId: 'manual.x.1', qty: 4 });
  });

  it('refuses a price off the tick, and a quantity off the lot or not above the filled part', () => {
    const start = amendInputOf(BTC, limit);
    expect(checkAmend(BTC, limit, { ...start, priceText: '64001.2' }).errors).toEqual({ priceText: 'Price must be a multiple of 0.5' });
    expect(checkAmend(BTC, limit, { ...start, qtyText: '0.0045' }).errors).toEqual({ qtyText: 'Quantity must be a multiple of 0.001' });
    const tooSmall = checkAmend(BTC, limit, { ...start, qtyText: '0.003' });
    expect(tooSmall.errors).toEqual({ qtyText: 'Quantity must be above the 0.003 filled' });
    expect(tooSmall.request).toBeUndefined();
  });

  it('moves a stop price, but not through the last trade', () => {
    const stop = order({ orderType: 'stop', price: 0, stopPrice: 129_000 });
    const start = amendInputOf(BTC, stop);
    expect(checkAmend(BTC, stop, { ...start, stopText: '64600.0' }, 128_000).request).toEqual({ clientOrderId: 'manual.x.1', stopPrice: 129_200 });
    expect(checkAmend(BTC, stop, { ...start, stopText: '63900.0' }, 128_000).errors.stopText).toBe('A buy stop must be above the last trade (64000.0)');
  });
});
