import { describe, it, expect } from 'vitest';
import { WorkingOrders } from '../../../workers/risk/working-orders.js';
import { Book, Holding, Market } from '../../../workers/risk/exposure.js';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import { SIM_INSTRUMENTS } from '../../../workers/protocol/config.js';
import type { Side, SubmitOrder } from '../../../workers/protocol/messages.js';
import { submitOrder } from './risk-harness.js';

const T0 = 1_700_000_000_000_000;
const registry = new InstrumentRegistry(SIM_INSTRUMENTS);

function order(clientOrderId: string, side: Side, qty: number, fields: Partial<SubmitOrder> = {}): SubmitOrder {
  return submitOrder(clientOrderId, side, qty, fields);
}

/** The account's and one strategy's holdings in BTC-USD and ETH-USD. */
function setup() {
  const account = new Book('account');
  const strategy = new Book('ping');
  const btc = new Market(registry.get('sim', 'BTC-USD'), 1);
  const eth = new Market(registry.get('sim', 'ETH-USD'), 1);
  const holdings = {
    btc: { account: new Holding(btc, account), strategy: new Holding(btc, strategy) },
    eth: { account: new Holding(eth, account), strategy: new Holding(eth, strategy) },
  };
  const working = new WorkingOrders();
  const add = (command: SubmitOrder) => {
    const h = command.symbol === 'ETH-USD' ? holdings.eth : holdings.btc;
    return working.add(command, T0, h.account, h.strategy);
  };
  return { working, add, account, strategy, ...holdings };
}

describe('WorkingOrders', () => {
  it('keeps each added order, unacknowledged, with its full quantity open', () => {
    const { working, add } = setup();
    const added = add(order('a', 'buy', 5));
    expect(working.size).toBe(1);
    expect(working.get('a')).toBe(added);
    expect(added).toMatchObject({ acked: false, lastSent: T0, leaves: 5, pendingQty: 0, reserved: 0 });
    expect(working.get('unknown')).toBeUndefined();
    expect([...working.values()].map((o) => o.command.clientOrderId)).toEqual(['a']);
  });

  it('counts open quantity per side and open orders in the account and the strategy holdings', () => {
    const { add, btc, eth, account, strategy } = setup();
    add(order('b1', 'buy', 3));
    add(order('b2', 'buy', 4));
    add(order('s1', 'sell', 2, { reduceOnly: true }));
    add(order('e1', 'buy', 9, { symbol: 'ETH-USD' }));
    for (const h of [btc.account, btc.strategy]) expect(h).toMatchObject({ buys: 7, sells: 2, open: 3 });
    expect(eth.account).toMatchObject({ buys: 9, sells: 0, open: 1 });
    expect(btc.account.potential('buy')).toBe(7);
    expect(btc.account.potential('sell')).toBe(-2);
    expect([account.open, strategy.open]).toEqual([4, 4]);
  });

  it('counts only what is left open after a partial fill', () => {
    const { working, add, btc } = setup();
    const a = add(order('a', 'buy', 10));
    add(order('b', 'buy', 5));
    working.setLeaves(a, 6);
    expect(a.leaves).toBe(6);
    expect(btc.account.buys).toBe(11);
    working.setLeaves(a, 1);
    expect(btc.strategy.buys).toBe(6);
  });

  it("frees a finished order's open quantity once, however often it is finished", () => {
    const { working, add, btc, account } = setup();
    const a = add(order('a', 'sell', 10));
    add(order('b', 'sell', 5));
    working.setLeaves(a, 4);
    working.finish('a');
    expect(working.get('a')).toBeUndefined();
    expect(working.size).toBe(1);
    expect(btc.account.sells).toBe(5);
    working.finish('a');
    working.finish('never-added');
    expect(btc.account.sells).toBe(5);
    working.finish('b');
    expect(working.size).toBe(0);
    expect([btc.account.sells, btc.account.open, account.open]).toEqual([0, 0, 0]);
  });

  it('holds the extra lots of an amend that raises the quantity until the venue confirms or refuses it', () => {
    const { working, add, btc } = setup();
    const a = add(order('a', 'buy', 4, { orderType: 'limit', price: 100, tif: 'GTC' }));
    working.reserve(a, 10);
    expect([a.pendingQty, a.reserved, btc.account.buys]).toEqual([10, 6, 10]);
    working.release(a);
    expect([a.pendingQty, a.reserved, btc.account.buys]).toEqual([0, 0, 4]);
    working.reserve(a, 10);
    // Confirmed: the order's own quantity now carries the lots, nothing is held twice.
    working.amend(a, { price: 100, qty: 10, stopPrice: 0, leavesQty: 10 });
    expect([a.pendingQty, a.reserved, a.command.qty, btc.account.buys]).toEqual([0, 0, 10, 10]);
    working.reserve(a, 12);
    working.finish('a');
    expect(btc.account.buys).toBe(0);
  });

  it('keeps an amend pending through a change of another kind (a reduce-only cap)', () => {
    const { working, add, btc } = setup();
    const a = add(order('a', 'sell', 6, { orderType: 'limit', price: 100, tif: 'GTC', reduceOnly: true }));
    working.reserve(a, 8);
    working.amend(a, { price: 100, qty: 3, stopPrice: 0, leavesQty: 3 });
    expect([a.pendingQty, a.reserved, btc.account.sells]).toEqual([8, 5, 8]);
  });
});
