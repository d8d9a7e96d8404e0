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

describe('checkTicket: stops, trailing stops, flags and brackets', () => {
  // BTC: tick 0.5 (64000.0 = 128_000 ticks), lot 0.001, minimum notional 5 USD.
  const LAST = 128_000;

  it('turns a clean stop into a stop price and no limit price', () => {
    const check = checkTicket(input({ orderType: 'stop', priceText: '', stopText: '64100.0', lastPrice: LAST }));
    expect(check.errors).toEqual({});
    expect(check.request).toEqual({ venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'stop', price: 0, stopPrice: 128_200, qty: 10, tif: 'GTC' });
    expect(check).toMatchObject({ notionalUnits: 128_200 * 10, notionalAt: 'stop' });
  });

  it('turns a clean stop-limit into both prices', () => {
    const check = checkTicket(input({ orderType: 'stop_limit', priceText: '64110.0', stopText: '64100.0', lastPrice: LAST }));
    expect(check.request).toMatchObject({ orderType: 'stop_limit', price: 128_220, stopPrice: 128_200 });
    expect(check.notionalAt).toBe('limit');
  });

  it('refuses a stop price off the tick, with the reason on the stop price', () => {
    const check = checkTicket(input({ orderType: 'stop', stopText: '64100.3' }));
    expect(check.errors).toEqual({ stopPrice: 'Stop price must be a multiple of 0.5' });
    expect(check.request).toBeUndefined();
  });

  it('asks for a stop price', () => {
    expect(checkTicket(input({ orderType: 'stop_limit', stopText: '' })).errors.stopPrice).toBe('Enter a stop price');
  });

  it('refuses a stop that the last trade has already reached', () => {
    const buy = checkTicket(input({ orderType: 'stop', stopText: '64000.0', lastPrice: LAST }));
    expect(buy.errors.stopPrice).toBe('A buy stop must be above the last trade (64000.0)');
    const sell = checkTicket(input({ side: 'sell', orderType: 'stop', stopText: '64000.5', lastPrice: LAST }));
    expect(sell.errors.stopPrice).toBe('A sell stop must be below the last trade (64000.0)');
    expect(checkTicket(input({ side: 'sell', orderType: 'stop', stopText: '63999.5', lastPrice: LAST })).request).toBeDefined();
  });

  it('values a stop at its stop price for the minimum notional', () => {
    // 0.01 ETH: at a 300.00 stop it is 3 USD, under 5; at 600.00 it is 6.
    const low = checkTicket(input({ instrument: ETH, orderType: 'stop', stopText: '300.00', qtyText: '0.01', referencePrice: 100_000 }));
    expect(low.errors.notional).toBe('Below the minimum notional of 5 USD');
    expect(checkTicket(input({ instrument: ETH, orderType: 'stop', stopText: '600.00', qtyText: '0.01', referencePrice: 100 })).request).toBeDefined();
  });

  it('values a stop-limit at its limit price, not its stop', () => {
    const check = checkTicket(input({ instrument: ETH, orderType: 'stop_limit', priceText: '300.00', stopText: '600.00', qtyText: '0.01' }));
    expect(check.errors.notional).toBe('Below the minimum notional of 5 USD');
  });

  it('takes a trailing stop by amount or by percent', () => {
    const byAmount = checkTicket(input({ side: 'sell', orderType: 'trailing_stop', trailAmountText: '20.0', lastPrice: LAST }));
    expect(byAmount.request).toEqual({ venue: 'sim', symbol: 'BTC-USD', side: 'sell', orderType: 'trailing_stop', price: 0, qty: 10, tif: 'GTC', trailAmount: 40 });
    expect(byAmount.notionalUnits).toBe(LAST * 10);
    const byPercent = checkTicket(input({ side: 'sell', orderType: 'trailing_stop', trailPercentText: '0.25', lastPrice: LAST }));
    expect(byPercent.request).toMatchObject({ trailBps: 25 });
    expect(byPercent.request).not.toHaveProperty('trailAmount');
  });

  it.each([
    [{ trailAmountText: '', trailPercentText: '' }, 'Enter a trail amount or a trail percent'],
    [{ trailAmountText: '20.0', trailPercentText: '1' }, 'Enter a trail amount or a trail percent, not both'],
    [{ trailAmountText: '20.2' }, 'Trail amount must be a multiple of 0.5'],
    [{ trailPercentText: '0.125' }, 'Trail percent must be a multiple of 0.01'],
    [{ trailPercentText: '100' }, 'Trail percent must be below 100'],
    [{ trailPercentText: '0' }, 'Trail percent must be above 0'],
  ])('refuses a trailing stop with %j', (fields, reason) => {
    const check = checkTicket(input({ orderType: 'trailing_stop', lastPrice: LAST, ...fields }));
    expect(check.errors.trail).toBe(reason);
    expect(check.request).toBeUndefined();
  });

  it('ignores the price and trail fields of types that do not use them', () => {
    const check = checkTicket(input({ orderType: 'stop', priceText: 'junk', stopText: '64100.0', trailAmountText: 'junk', lastPrice: LAST }));
    expect(check.errors).toEqual({});
    expect(check.request).not.toHaveProperty('trailAmount');
  });

  it('refuses post-only on anything but a GTC limit order', () => {
    expect(checkTicket(input({ postOnly: true })).request).toMatchObject({ postOnly: true });
    expect(checkTicket(input({ postOnly: true, orderType: 'market', referencePrice: LAST })).errors.postOnly).toBe('Post-only needs a limit order');
    expect(checkTicket(input({ postOnly: true, orderType: 'stop_limit', stopText: '64100.0' })).errors.postOnly).toBe('Post-only needs a limit order');
    const ioc = checkTicket(input({ postOnly: true, tif: 'IOC' }));
    expect(ioc.errors).toEqual({ postOnly: 'Post-only needs GTC: IOC would take liquidity' });
    expect(ioc.request).toBeUndefined();
  });

  it('sends reduce-only when asked', () => {
    expect(checkTicket(input({ reduceOnly: true })).request).toMatchObject({ reduceOnly: true });
    expect(checkTicket(input({ reduceOnly: false })).request).not.toHaveProperty('reduceOnly');
  });

  it('takes a bracket on the right sides of a limit entry', () => {
    const check = checkTicket(input({ takeProfitText: '64500.0', stopLossText: '63500.0' }));
    expect(check.errors).toEqual({});
    expect(check.request).toMatchObject({ takeProfit: 129_000, stopLoss: 127_000 });
  });

  it('refuses a take-profit or stop-loss on the wrong side of the entry', () => {
    const buy = checkTicket(input({ takeProfitText: '63900.0', stopLossText: '64100.0' }));
    expect(buy.errors).toEqual({ takeProfit: 'Take-profit must be above the entry (64000.5)', stopLoss: 'Stop-loss must be below the entry (64000.5)' });
    expect(buy.request).toBeUndefined();
    const sell = checkTicket(input({ side: 'sell', takeProfitText: '64100.0' }));
    expect(sell.errors.takeProfit).toBe('Take-profit must be below the entry (64000.5)');
  });

  it('measures a stop entry from its stop price and a market entry from the market', () => {
    const stop = checkTicket(input({ orderType: 'stop', stopText: '64100.0', stopLossText: '64200.0', lastPrice: LAST }));
    expect(stop.errors.stopLoss).toBe('Stop-loss must be below the entry (64100.0)');
    const market = checkTicket(input({ orderType: 'market', referencePrice: LAST, takeProfitText: '63000.0' }));
    expect(market.errors.takeProfit).toBe('Take-profit must be above the entry (64000.0)');
    // Without a known entry only the two legs are compared.
    const trailing = checkTicket(input({ orderType: 'trailing_stop', trailAmountText: '5.0', takeProfitText: '63000.0', stopLossText: '63500.0' }));
    expect(trailing.errors.takeProfit).toBe('Take-profit must be above the stop-loss');
  });

  it('refuses a bracket price off the tick, and a bracket on a reduce-only order', () => {
    expect(checkTicket(input({ takeProfitText: '64500.2' })).errors.takeProfit).toBe('Take-profit must be a multiple of 0.5');
    expect(checkTicket(input({ reduceOnly: true, stopLossText: '63000.0' })).errors.reduceOnly).toBe('A reduce-only order cannot carry a take-profit or stop-loss');
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

describe('take-profit trigger', () => {
  it('turns a stop the other way: a sell above the last trade, a buy below it', () => {
    const sell = checkTicket(input({ side: 'sell', orderType: 'stop', priceText: '', stopText: '65000.0', lastPrice: 128_000, takeProfitTrigger: true }));
    expect(sell.errors).toEqual({});
    expect(sell.request).toMatchObject({ orderType: 'stop', stopPrice: 130_000, trigger: 'take_profit' });
    expect(checkTicket(input({ side: 'sell', orderType: 'stop', priceText: '', stopText: '65000.0', lastPrice: 128_000 })).errors.stopPrice).toMatch(/A sell stop must be below/);
    expect(checkTicket(input({ side: 'buy', orderType: 'stop_limit', stopText: '65000.0', lastPrice: 128_000, takeProfitTrigger: true })).errors.stopPrice).toMatch(/A buy take-profit must be below/);
    // Not a stop: the flag does nothing.
    expect(checkTicket(input({ takeProfitTrigger: true })).request).not.toHaveProperty('trigger');
  });
});
