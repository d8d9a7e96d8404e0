import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../../../../../workers/core/worker-core.js';
import { SCHEMA_VERSION, type OrderCommand } from '../../../../../workers/protocol/messages.js';
import { LiveRouters, type RouteEntry } from '../../../../../workers/venues/binance/trade/live-routers.js';

function entry(venue: string, account: string, seen: string[]): RouteEntry {
  return { venue, account, router: { onCommand: (_peer, command) => void seen.push(`${venue}|${account}:${command.type}:${command.clientOrderId}`), stop: () => undefined, counters: () => ({ live_orders: 1 }) } };
}

const base = { v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1, symbol: 'BTCUSDT', src: 'execution', strategyId: 'manual' };
const submit = (id: string, venue: string, account?: string): OrderCommand => ({ ...base, type: 'SubmitOrder', venue, clientOrderId: id, side: 'buy', orderType: 'limit', price: 1, qty: 1, tif: 'GTC', causeTs: 0, ...(account === undefined ? {} : { account }) });
const cancel = (id: string, venue: string): OrderCommand => ({ ...base, type: 'CancelOrder', venue, clientOrderId: id });

function routers() {
  const seen: string[] = [];
  const out: Outgoing[] = [];
  const live = new LiveRouters(
    [entry('binance', 'main', seen), entry('binanceusdm', 'main', seen), entry('binanceusdm', 'sub', seen)],
    'main', (_port, _peer, message) => void out.push(message), 'orders',
    (venue, account) => `no route to ${venue} for ${account}`,
  );
  return { live, seen, out };
}

describe('live routers over accounts and markets', () => {
  it('routes a new order by venue and account (the default when it names none), its cancel to the router that took it', () => {
    const { live, seen } = routers();
    live.onCommand('t', submit('a', 'binanceusdm'), 1);
    live.onCommand('t', submit('b', 'binanceusdm', 'sub'), 1);
    live.onCommand('t', submit('c', 'binance'), 1);
    live.onCommand('t', cancel('b', 'binanceusdm'), 1);
    expect(seen).toEqual(['binanceusdm|main:SubmitOrder:a', 'binanceusdm|sub:SubmitOrder:b', 'binance|main:SubmitOrder:c', 'binanceusdm|sub:CancelOrder:b']);
  });

  it('refuses an order for an account or market without a route, with the reason; an unknown cancel goes to the default', () => {
    const { live, seen, out } = routers();
    live.onCommand('t', submit('x', 'binance', 'sub'), 1);
    expect(out[0]).toMatchObject({ type: 'OrderRejected', clientOrderId: 'x', reason: 'no route to binance for sub' });
    live.onCommand('t', cancel('nobody', 'binanceusdm'), 1);
    expect(seen).toEqual(['binanceusdm|main:CancelOrder:nobody']);
    expect(live.counters()).toMatchObject({ live_orders: 3, live_refused_no_account: 1 });
  });
});
