import { describe, it, expect } from 'vitest';
import {
  checkAmendValidity,
  checkMaxOpenOrders,
  checkMaxOrderNotional,
  checkMaxOrderQty,
  checkMaxPosition,
  checkMinNotional,
  checkOrderValidity,
  checkTradingState,
} from '../../../workers/core/risk-checks.js';

describe('checkMaxOrderQty', () => {
  it('passes up to the limit and denies above it with a readable reason', () => {
    expect(checkMaxOrderQty(10, 10)).toBeUndefined();
    expect(checkMaxOrderQty(50, 10)).toEqual({
      rule: 'max_order_qty',
      reason: 'quantity 50 lots exceeds the maximum of 10 lots',
      limit: 10,
      value: 50,
    });
  });

  it('says lot, not lots, for one', () => {
    expect(checkMaxOrderQty(2, 1)?.reason).toBe('quantity 2 lots exceeds the maximum of 1 lot');
  });
});

describe('checkMaxPosition', () => {
  it('passes while the position after a full fill stays within ±limit', () => {
    expect(checkMaxPosition(0, 'buy', 10, 10)).toBeUndefined();
    expect(checkMaxPosition(-4, 'sell', 6, 10)).toBeUndefined();
    expect(checkMaxPosition(5, 'sell', 15, 10)).toBeUndefined(); // flips to short 10
  });

  it('denies an order that takes the position beyond the limit', () => {
    const denial = checkMaxPosition(8, 'buy', 3, 10);
    expect(denial).toMatchObject({ rule: 'max_position', limit: 10, value: 11 });
    expect(denial?.reason).toBe('position after the fill would be long 11 lots, beyond the limit of ±10 lots');
    expect(checkMaxPosition(-8, 'sell', 3, 10)).toMatchObject({ value: 11 });
    expect(checkMaxPosition(-8, 'sell', 3, 10)?.reason).toContain('short 11 lots');
  });

  it('denies a flip that lands beyond the limit on the other side', () => {
    expect(checkMaxPosition(5, 'sell', 16, 10)).toMatchObject({ rule: 'max_position', value: 11 });
  });

  it('always passes an order that only reduces the position, even over a lowered limit', () => {
    expect(checkMaxPosition(25, 'sell', 5, 10)).toBeUndefined();
    expect(checkMaxPosition(-25, 'buy', 25, 10)).toBeUndefined();
  });

  it('denies a flip out of an oversized position that lands beyond the limit', () => {
    expect(checkMaxPosition(15, 'sell', 27, 10)).toMatchObject({ value: 12 });
  });
});

describe('checkTradingState', () => {
  it('passes everything while active', () => {
    expect(checkTradingState('active', 0, 'buy', 1000)).toBeUndefined();
  });

  it('denies everything while halted, reducing orders too', () => {
    expect(checkTradingState('halted', 0, 'buy', 1)).toMatchObject({ rule: 'trading_state' });
    expect(checkTradingState('halted', 5, 'sell', 1)?.reason).toContain('halted');
  });

  it('while reducing, passes orders that shrink the position without flipping it', () => {
    expect(checkTradingState('reducing', 5, 'sell', 3)).toBeUndefined();
    expect(checkTradingState('reducing', 5, 'sell', 5)).toBeUndefined();
    expect(checkTradingState('reducing', -5, 'buy', 2)).toBeUndefined();
  });

  it('while reducing, denies orders that grow or flip the position', () => {
    expect(checkTradingState('reducing', 5, 'buy', 1)).toMatchObject({ rule: 'trading_state', limit: 5, value: 1 });
    expect(checkTradingState('reducing', 5, 'sell', 6)).toMatchObject({ rule: 'trading_state', limit: 5, value: 6 });
    expect(checkTradingState('reducing', 5, 'sell', 6)?.reason).toBe(
      'trading is reduce-only: with a position of long 5 lots, only sell orders of up to 5 lots are allowed',
    );
  });

  it('while reducing, denies any order when flat', () => {
    expect(checkTradingState('reducing', 0, 'sell', 1)?.reason).toBe(
      'trading is reduce-only and there is no position to reduce',
    );
  });
});

describe('checkMinNotional', () => {
  it('passes at or above the minimum and denies below it', () => {
    expect(checkMinNotional(100, 10, 1000)).toBeUndefined();
    expect(checkMinNotional(100, 9, 1000)).toMatchObject({ rule: 'min_notional', limit: 1000, value: 900 });
  });

  it('formats money with the formatter it is given', () => {
    const denial = checkMinNotional(100, 9, 1000, (units) => `${(units / 100).toFixed(2)} USD`);
    expect(denial?.reason).toBe('order value 9.00 USD is below the minimum of 10.00 USD');
  });
});

describe('checkMaxOpenOrders', () => {
  it('passes while one more order stays within the limit', () => {
    expect(checkMaxOpenOrders(0, 1)).toBeUndefined();
    expect(checkMaxOpenOrders(9, 10)).toBeUndefined();
  });

  it('denies when the limit is reached', () => {
    expect(checkMaxOpenOrders(10, 10)).toEqual({
      rule: 'max_open_orders',
      reason: '10 orders are already open; another would exceed the maximum of 10',
      limit: 10,
      value: 11,
    });
  });
});

describe('checkMaxOrderNotional', () => {
  it('passes an order worth exactly the maximum and denies one unit over, with the numbers in ticks×lots', () => {
    expect(checkMaxOrderNotional(500_000, 500_000)).toBeUndefined();
    expect(checkMaxOrderNotional(500_001, 500_000)).toEqual({
      rule: 'max_order_notional',
      reason: 'order value 500001 ticks×lots exceeds the maximum of 500000 ticks×lots',
      limit: 500_000,
      value: 500_001,
    });
  });

  it('formats money with the formatter it is given', () => {
    const usd = (units: number) => `${(units / 2000).toFixed(4)} USD`;
    expect(checkMaxOrderNotional(2_000_002, 2_000_000, usd)?.reason).toBe('order value 1000.0010 USD exceeds the maximum of 1000.0000 USD');
  });
});

describe('checkOrderValidity', () => {
  const limit = { orderType: 'limit' as const, price: 100, qty: 1 };

  it('passes whole positive lots and ticks, with prices only where the type has them', () => {
    expect(checkOrderValidity(limit)).toBeUndefined();
    expect(checkOrderValidity({ orderType: 'market', price: 0, qty: 3 })).toBeUndefined();
    expect(checkOrderValidity({ orderType: 'stop', price: 0, qty: 3, stopPrice: 90 })).toBeUndefined();
    expect(checkOrderValidity({ orderType: 'stop_limit', price: 95, qty: 3, stopPrice: 90 })).toBeUndefined();
    expect(checkOrderValidity({ orderType: 'trailing_stop', price: 0, qty: 3 })).toBeUndefined();
  });

  it('denies a quantity off the lot grid or not above 0 (rule lot_size)', () => {
    expect(checkOrderValidity({ ...limit, qty: 0 })).toMatchObject({ rule: 'lot_size', limit: 1, value: 0 });
    expect(checkOrderValidity({ ...limit, qty: 1.5 })).toMatchObject({ rule: 'lot_size', value: 1 }); // OrderDenied carries integers
    expect(checkOrderValidity({ ...limit, qty: -2 })?.reason).toBe('quantity -2 is not a whole number of lots above 0');
  });

  it('denies a price off the tick grid, missing, or where the type has none (rule tick_size)', () => {
    expect(checkOrderValidity({ ...limit, price: 100.5 })).toMatchObject({ rule: 'tick_size', value: 100 });
    expect(checkOrderValidity({ ...limit, price: 0 })?.reason).toBe("a limit order's price 0 is not a whole number of ticks above 0");
    expect(checkOrderValidity({ orderType: 'market', price: 7, qty: 1 })?.reason).toBe('a market order has no price, but carries 7');
    expect(checkOrderValidity({ orderType: 'stop', price: 0, qty: 1, stopPrice: 0 })).toMatchObject({ rule: 'tick_size', value: 0 });
    expect(checkOrderValidity({ orderType: 'stop', price: 0, qty: 1, stopPrice: Number.NaN })).toMatchObject({ rule: 'tick_size', value: 0 });
  });

  it('checks an amend\'s new terms: 0 keeps, anything else must be whole and positive', () => {
    expect(checkAmendValidity(0, 0, 0)).toBeUndefined();
    expect(checkAmendValidity(101, 2, 99)).toBeUndefined();
    expect(checkAmendValidity(0, 2.5, 0)).toMatchObject({ rule: 'lot_size' });
    expect(checkAmendValidity(-1, 0, 0)).toMatchObject({ rule: 'tick_size' });
    expect(checkAmendValidity(0, 0, 1.25)).toMatchObject({ rule: 'tick_size', value: 1 });
  });
});
