import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../workers/core/instrument.js';
import { checkTicket, confirmThreshold, formatNotional, stepPrice, stepQty, type TicketInput } from '../../../src-renderer/src/ticket/ticket-check.js';

const BTC = makeInstrument({ venue: 'sim', symbol: 'BTC-USD', base: 'BTC', quote: 'USD', tickSize: '0.5', lotSize: '0.001', minNotional: '5', multiplier: 1 });
const ETH = makeInstrument({ venue: 'sim', symbol: 'ETH-USD', base: 'ETH', quote: 'USD', tickSize: '0.01', lotSize: '0.01', minNotional: '5', multiplier: 1 });

function input(over: Partial<TicketInput> = {}): TicketInput {
  return { instrument: BTC, side: 'buy', orderType: 'limit', priceText: '64000.5', qtyText: '0.010', tif: 'GTC', ...over };
}

describe('checkTicket', () => {
  it('turns a clean limit ticket into ticks and lots', () => {
    const check = checkTicket(input());
    expect(check.errors).toEqual({});
    expect(check.request).toEqual({ venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', price: 128_001, qty: 10, tif: 'GTC' });
    expect(check.notionalUnits).toBe(128_001 * 10);
    expect(formatNotional(BTC, check.notionalUnits)).toBe('640.01 USD');
  });

  it('refuses a price off the tick, with the reason on the price', () => {
    const check = checkTicket(input({ priceText: '64000.3' }));
    expect(check.errors.price).toBe('Price must be a multiple of 0.5');
    expect(check.request).toBeUndefined();
  });

  it('refuses a quantity off the lot, with the reason on the quantity', () => {
    const check = checkTicket(input({ qtyText: '0.0105' }));
    expect(check.errors.qty).toBe('Quantity must be a multiple of 0.001');
    expect(check.request).toBeUndefined();
  });

  it('refuses an order below the minimum notional', () => {
    // 0.01 ETH at 300.00 is 3 USD, under the 5 USD minimum.
    const check = checkTicket(input({ instrument: ETH, priceText: '300.00', qtyText: '0.01' }));
    expect(check.errors.notional).toBe('Below the minimum notional of 5 USD');
    expect(check.request).toBeUndefined();
    expect(checkTicket(input({ instrument: ETH, priceText: '500.00', qtyText: '0.01' })).request).toBeDefined();
  });

  it.each([
    ['', 'Enter a price'],
    ['abc', 'Not a price: use digits and a point'],
    ['1e5', 'Not a price: use digits and a point'],
    ['-5', 'Not a price: use digits and a point'],
    ['0', 'Price must be above 0'],
  ])('refuses price %j', (priceText, reason) => {
    expect(checkTicket(input({ priceText })).errors.price).toBe(reason);
  });

  it.each([
    ['', 'Enter a quantity'],
    ['0', 'Quantity must be above 0'],
    ['1,5', 'Not a quantity: use digits and a point'],
  ])('refuses quantity %j', (qtyText, reason) => {
    expect(checkTicket(input({ qtyText })).errors.qty).toBe(reason);
  });

  it('prices a market order at 0 and estimates its notional from the reference', () => {
    const check = checkTicket(input({ orderType: 'market', priceText: 'ignored', referencePrice: 128_000 }));
    expect(check.errors).toEqual({});
    expect(check.request).toMatchObject({ orderType: 'market', price: 0, qty: 10 });
    expect(check.notionalUnits).toBe(1_280_000);
  });

  it('sends a market order without a reference (the host checks its notional)', () => {
    expect(checkTicket(input({ orderType: 'market', priceText: '' })).request).toBeDefined();
  });
});

describe('steps', () => {
  it('moves the price by ticks from the field, or from the fallback', () => {
    expect(stepPrice(BTC, '64000.5', 1, undefined)).toBe(128_002);
    expect(stepPrice(BTC, '64000.5', -10, undefined)).toBe(127_991);
    expect(stepPrice(BTC, '', 1, 128_000)).toBe(128_001);
    expect(stepPrice(BTC, '', 1, undefined)).toBeUndefined();
    expect(stepPrice(BTC, '0.5', -5, undefined)).toBe(1);
  });

  it('moves the quantity by steps of lots, never below one step', () => {
    expect(stepQty(BTC, '0.010', 1, 5)).toBe(15);
    expect(stepQty(BTC, '0.010', -1, 5)).toBe(5);
    expect(stepQty(BTC, '0.005', -1, 5)).toBe(5);
    expect(stepQty(BTC, 'x', 1, 1)).toBe(1);
  });

  it('finds the confirmation threshold by key, symbol, then *', () => {
    expect(confirmThreshold({ '*': 100 }, BTC)).toBe(100);
    expect(confirmThreshold({ '*': 100, 'BTC-USD': 50 }, BTC)).toBe(50);
    expect(confirmThreshold({ 'sim:BTC-USD': 7, 'BTC-USD': 50 }, BTC)).toBe(7);
    expect(confirmThreshold({}, BTC)).toBeUndefined();
  });
});
