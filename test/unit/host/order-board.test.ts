import { describe, expect, it } from 'vitest';
import { OrderBoard } from '../../../src-main/host/order-board.js';
import { amendProblem } from '../../../src-main/host/host-state.js';
import { submitFields } from '../../../src-main/host/manual-orders.js';
import { SCHEMA_VERSION, type Message, type OrderEvent, type RequestRejected } from '../../../workers/protocol/messages.js';

let seq = 0;
const base = { v: SCHEMA_VERSION, rts: 0, venue: 'sim', symbol: 'BTC-USD', strategyId: 'manual', side: 'buy' as const };

/** An order event with its envelope; `ts` grows with each one. */
function event<E extends OrderEvent>(body: Omit<E, 'v' | 'seq' | 'ts' | 'rts' | 'venue' | 'symbol' | 'strategyId' | 'side'> & Partial<Pick<E, 'side'>>): Message {
  seq += 1;
  return { ...base, seq, ts: seq, ...body } as unknown as Message;
}

function submitted(id: string, over: Record<string, unknown> = {}): Message {
  return event({ type: 'OrderSubmitted', clientOrderId: id, state: 'pending_new', orderType: 'limit', price: 100, qty: 10, tif: 'GTC', ...over } as never);
}

function accepted(id: string, over: Record<string, unknown> = {}): Message {
  return event({ type: 'OrderAccepted', clientOrderId: id, state: 'accepted', venueOrderId: `v-${id}`, ...over } as never);
}

describe('OrderBoard', () => {
  it('shows a stop order with its type, stop price and flags, then its trigger', () => {
    const board = new OrderBoard((_venue, _symbol, ticks) => `${ticks / 2}`);
    board.apply(submitted('s1', { orderType: 'stop_limit', price: 120, stopPrice: 118, postOnly: false, reduceOnly: true, tif: 'GTC' }));
    board.apply(accepted('s1'));
    expect(board.get('s1')).toMatchObject({ orderType: 'stop_limit', price: 120, stopPrice: 118, reduceOnly: true, triggered: false, state: 'accepted' });
    board.apply(event({ type: 'OrderTriggered', clientOrderId: 's1', state: 'accepted', stopPrice: 118, triggerPrice: 119 } as never));
    expect(board.get('s1')).toMatchObject({ triggered: true, reason: 'triggered at 59.5', state: 'accepted' });
    expect(board.drain().orders.map((row) => row.clientOrderId)).toEqual(['s1']);
  });

  it('shows an order risk denied with the command it carried and the rule, limit and value', () => {
    const board = new OrderBoard();
    board.apply(event({ type: 'OrderDenied', clientOrderId: 'd1', state: 'rejected', rule: 'max_order_qty', reason: 'quantity 21 lots exceeds the maximum of 20 lots', limit: 20, value: 21, orderType: 'limit', price: 128_000, qty: 21, tif: 'GTC' } as never));
    expect(board.get('d1')).toMatchObject({
      state: 'rejected',
      orderType: 'limit',
      price: 128_000,
      qty: 21,
      tif: 'GTC',
      reason: 'quantity 21 lots exceeds the maximum of 20 lots (max_order_qty)',
      denial: { rule: 'max_order_qty', limit: 20, value: 21 },
    });
  });

  it('takes an amendment of price and quantity into the same row', () => {
    const board = new OrderBoard();
    board.apply(submitted('a1'));
    board.apply(accepted('a1'));
    board.drain();
    board.apply(event({ type: 'OrderAmended', clientOrderId: 'a1', state: 'accepted', price: 104, qty: 6, stopPrice: 0, leavesQty: 6, reason: 'amended' } as never));
    const [row] = board.drain().orders;
    expect(row).toMatchObject({ clientOrderId: 'a1', price: 104, qty: 6, reason: 'amended', state: 'accepted' });
    expect(board.working()).toHaveLength(1);
  });

  it('follows a trailing stop: its first trigger from the acceptance, then each move', () => {
    const board = new OrderBoard();
    board.apply(submitted('t1', { orderType: 'trailing_stop', price: 0, trailAmount: 5, side: 'sell' }));
    board.apply(accepted('t1', { stopPrice: 95 }));
    expect(board.get('t1')).toMatchObject({ stopPrice: 95, trailAmount: 5 });
    board.apply(event({ type: 'OrderAmended', clientOrderId: 't1', state: 'accepted', price: 0, qty: 10, stopPrice: 97, leavesQty: 10, reason: 'trailing stop moved' } as never));
    expect(board.get('t1')).toMatchObject({ stopPrice: 97, reason: 'trailing stop moved' });
  });

  it('ends an expired order with its reason', () => {
    const board = new OrderBoard();
    board.apply(submitted('e1', { tif: 'IOC' }));
    board.apply(event({ type: 'OrderExpired', clientOrderId: 'e1', state: 'expired', expiredQty: 10, reason: 'IOC: rest of the quantity' } as never));
    expect(board.get('e1')).toMatchObject({ state: 'expired', reason: 'expired: IOC: rest of the quantity' });
    expect(board.isWorking('e1')).toBe(false);
    expect(board.working()).toEqual([]);
  });

  it('shows a refused cancel or amend on the row, which stays as it was', () => {
    const board = new OrderBoard();
    board.apply(submitted('r1'));
    board.apply(accepted('r1'));
    board.drain();
    const refusal: RequestRejected = { ...base, type: 'RequestRejected', seq: 99, ts: 1_000, clientOrderId: 'r1', request: 'amend', reason: 'post-only: the order would take liquidity' };
    board.apply(refusal);
    const [row] = board.drain().orders;
    expect(row).toMatchObject({ state: 'accepted', price: 100, reason: 'amend refused: post-only: the order would take liquidity', updated: 1_000 });
    board.apply({ ...refusal, clientOrderId: 'unknown' });
    expect(board.drain().orders).toEqual([]);
  });

  it('gives a bracket leg made by the venue its own row, linked to its entry', () => {
    const board = new OrderBoard();
    board.apply(submitted('b1', { takeProfit: 110, stopLoss: 95 }));
    board.apply(accepted('b1'));
    expect(board.get('b1')).toMatchObject({ takeProfit: 110, stopLoss: 95, parentId: '' });
    board.apply(accepted('b1:tp', { side: 'sell', parentId: 'b1', orderType: 'limit', price: 110, qty: 4, tif: 'GTC' }));
    board.apply(accepted('b1:sl', { side: 'sell', parentId: 'b1', orderType: 'stop', price: 0, stopPrice: 95, qty: 4, tif: 'GTC' }));
    expect(board.get('b1:tp')).toMatchObject({ parentId: 'b1', orderType: 'limit', price: 110, qty: 4, side: 'sell', state: 'accepted' });
    expect(board.get('b1:sl')).toMatchObject({ parentId: 'b1', orderType: 'stop', stopPrice: 95, qty: 4 });
    expect(board.working().map((row) => row.clientOrderId).sort()).toEqual(['b1', 'b1:sl', 'b1:tp']);
  });

  it('keeps the fee of each fill', () => {
    const board = new OrderBoard();
    board.apply(submitted('f1'));
    board.apply(event({ type: 'OrderFilled', clientOrderId: 'f1', state: 'partially_filled', venueOrderId: 'v', fillId: 'x1', price: 100, qty: 4, filledQty: 4, leavesQty: 6, liquidity: 'maker', fee: -2 } as never));
    board.apply(event({ type: 'OrderFilled', clientOrderId: 'f1', state: 'filled', venueOrderId: 'v', fillId: 'x2', price: 100, qty: 6, filledQty: 10, leavesQty: 0, liquidity: 'taker' } as never));
    expect(board.drain().fills.map((fill) => [fill.fillId, fill.fee])).toEqual([
      ['x1', -2],
      ['x2', 0],
    ]);
  });
});

describe('the host side of an amend', () => {
  const row = { orderType: 'limit', price: 100, qty: 10, filledQty: 4, stopPrice: 0, triggered: false } as const;

  it('refuses what cannot apply to the order, whatever the market does', () => {
    expect(amendProblem({ ...row } as never, { clientOrderId: 'a', price: 101 })).toBeUndefined();
    expect(amendProblem({ ...row } as never, { clientOrderId: 'a', price: 100 })).toBe('nothing to change');
    expect(amendProblem({ ...row } as never, { clientOrderId: 'a', qty: 4 })).toBe('the quantity must stay above the 4 lots filled');
    expect(amendProblem({ ...row } as never, { clientOrderId: 'a', stopPrice: 90 })).toBe('the order has no trigger price to change');
    expect(amendProblem({ ...row, orderType: 'stop', price: 0, stopPrice: 95 } as never, { clientOrderId: 'a', price: 90 })).toBe('a stop order has no limit price');
    expect(amendProblem({ ...row, orderType: 'stop', price: 0, stopPrice: 95, triggered: true } as never, { clientOrderId: 'a', stopPrice: 90 })).toBe('the order has no trigger price to change');
    expect(amendProblem({ ...row, orderType: 'stop', price: 0, stopPrice: 95 } as never, { clientOrderId: 'a', stopPrice: 90 })).toBeUndefined();
  });

  it('sends only the optional order fields that say something', () => {
    const plain = { venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', price: 100, qty: 1, tif: 'GTC' } as const;
    expect(submitFields({ ...plain, postOnly: false, reduceOnly: false })).toEqual(plain);
    expect(Object.keys(submitFields({ ...plain, stopPrice: undefined }))).not.toContain('stopPrice');
    expect(submitFields({ ...plain, orderType: 'stop', price: 0, stopPrice: 120, reduceOnly: true, takeProfit: 130 })).toEqual({
      ...plain,
      orderType: 'stop',
      price: 0,
      stopPrice: 120,
      reduceOnly: true,
      takeProfit: 130,
    });
  });
});
