/**
 * The gateway's core: what the adapter verified goes out on the venue's stream, late joiners get the books it holds
 * (none while a book is being rebuilt), paper orders fill on that book, and live orders without a router are refused
 * with the reason.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import type { Outgoing } from '../../../../workers/core/worker-core.js';
import type { Message } from '../../../../workers/protocol/messages.js';
import { GatewayCore } from '../../../../workers/venues/binance/gateway-core.js';

const spot = makeInstrument({ venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });
const fut = makeInstrument({ venue: 'binanceusdm', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', lotSize: '0.001', minNotional: '100', multiplier: 1, kind: 'future' });

function gateway() {
  const out: Array<{ port: string; topic: string; message: Outgoing }> = [];
  const core = new GatewayCore({ instruments: [spot, fut], paper: new Set([spot.key]), depth: 50 }, (port, topic, message) => out.push({ port, topic, message }));
  const md = (venue: string, message: Record<string, unknown>, now: number) =>
    core.onMessage('adapter', '', { v: 2, seq: 1, ts: now, rts: now, venue, symbol: 'BTCUSDT', ...message } as Message, now);
  const order = (venue: string, message: Record<string, unknown>, now: number) =>
    core.onMessage('orders', 'terminal', { v: 2, seq: 1, ts: now, rts: now, venue, symbol: 'BTCUSDT', src: 'execution', strategyId: 'manual', ...message } as Message, now);
  return { core, out, md, order };
}

describe('Binance gateway core', () => {
  it('republishes verified market data and serves its books to late joiners, except while rebuilding', () => {
    const { core, out, md } = gateway();
    md('binance', { type: 'BookSnapshot', bids: [[6_499_999, 10]], asks: [[6_500_000, 20]] }, 1);
    md('binance', { type: 'BookUpdate', bids: [[6_499_998, 5]], asks: [] }, 2);
    expect(out.map((o) => [o.port, o.topic, o.message.type])).toEqual([
      ['md', 'book.binance.BTCUSDT', 'BookSnapshot'],
      ['md', 'book.binance.BTCUSDT', 'BookUpdate'],
    ]);
    expect(core.snapshot('book.', 3)[0]?.message).toMatchObject({ bids: [[6_499_999, 10], [6_499_998, 5]], asks: [[6_500_000, 20]] });
    md('binance', { type: 'MarketDataStatus', state: 'gap', reason: 'update 7 missing' }, 4);
    const late = core.snapshot('', 5).map((s) => s.message.type);
    expect(late).toEqual(['MarketDataStatus']);
    expect(out.at(-1)).toMatchObject({ topic: 'quality.binance.BTCUSDT' });
  });

  it('fills a paper market order against the live book, at the venue’s prices', () => {
    const { out, md, order } = gateway();
    md('binance', { type: 'BookSnapshot', bids: [[6_499_999, 10_000]], asks: [[6_500_000, 300], [6_500_005, 5_000]] }, 1);
    order('binance', { type: 'SubmitOrder', clientOrderId: 'c1', side: 'buy', orderType: 'market', price: 0, qty: 500, tif: 'IOC', causeTs: 0 }, 2);
    const fills = out.filter((o) => o.message.type === 'OrderFilled').map((o) => o.message as unknown as { price: number; qty: number; leavesQty: number });
    expect(out.every((o) => o.port !== 'orders' || o.topic === 'terminal')).toBe(true);
    expect(fills.map((f) => [f.price, f.qty])).toEqual([[6_500_000, 300], [6_500_005, 200]]);
    expect(fills.at(-1)?.leavesQty).toBe(0);
  });

  it('refuses orders for a live instrument when no live router is wired, saying why', () => {
    const { out, order } = gateway();
    order('binanceusdm', { type: 'SubmitOrder', clientOrderId: 'c2', side: 'sell', orderType: 'limit', price: 650_000, qty: 1, tif: 'GTC', causeTs: 0 }, 1);
    order('binanceusdm', { type: 'CancelOrder', clientOrderId: 'c2' }, 2);
    expect(out.map((o) => [o.port, o.topic, o.message.type])).toEqual([['orders', 'terminal', 'OrderRejected'], ['orders', 'terminal', 'RequestRejected']]);
    expect((out[0]!.message as { reason: string }).reason).toContain('live trading');
  });
});
