import { describe, it, expect } from 'vitest';
import { SimVenueCore, SIM_FLOW_OWNER } from '../../../workers/venues/sim/sim-venue-core.js';
import { makeInstrument, type Instrument } from '../../../workers/core/instrument.js';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import type { CancelOrder, Message, SubmitOrder } from '../../../workers/protocol/messages.js';
import { SCHEMA_VERSION } from '../../../workers/protocol/messages.js';
import { topics } from '../../../workers/protocol/topics.js';
import { validateMessage } from '../../../workers/protocol/validate.js';

const T0 = 1_700_000_000_000_000;
const PEER = 'client-7';

function instrument(symbol: string): Instrument {
  return makeInstrument({
    venue: 'sim',
    symbol,
    base: symbol.split('-')[0] as string,
    quote: 'USD',
    tickSize: '0.01',
    lotSize: '0.001',
    minNotional: '1',
    multiplier: 1,
  });
}

interface Sent {
  port: string;
  topic: string;
  message: Outgoing;
}

function setup(symbols = ['BTC-USD'], ratePerSecond = 200) {
  const sent: Sent[] = [];
  const core = new SimVenueCore(
    {
      venue: 'sim',
      instruments: symbols.map(instrument),
      startPrices: Object.fromEntries(symbols.map((s, i) => [s, 10_000 * (i + 1)])),
      seed: 1234,
      ratePerSecond,
      depth: 20,
    },
    (port, topic, message) => sent.push({ port, topic, message }),
  );
  /** Runs the timer every 10 ms for `seconds`, starting at `from`; returns the next time. */
  const tick = (from: number, seconds: number): number => {
    let t = from;
    for (; t < from + seconds * 1_000_000; t += 10_000) core.onTimer(t);
    return t;
  };
  return { core, sent, tick };
}

let seq = 0;
function submit(fields: Partial<SubmitOrder> & Pick<SubmitOrder, 'clientOrderId' | 'side' | 'qty'>): SubmitOrder {
  return {
    v: SCHEMA_VERSION,
    seq: ++seq,
    ts: T0,
    rts: T0,
    type: 'SubmitOrder',
    venue: 'sim',
    symbol: 'BTC-USD',
    src: 'execution',
    strategyId: 'momentum-1',
    orderType: 'market',
    price: 0,
    tif: 'IOC',
    causeTs: 0,
    ...fields,
  };
}

function cancel(clientOrderId: string): CancelOrder {
  return { v: SCHEMA_VERSION, seq: ++seq, ts: T0, rts: T0, type: 'CancelOrder', venue: 'sim', symbol: 'BTC-USD', src: 'execution', clientOrderId, strategyId: 'momentum-1' };
}

/** True if the message, once stamped, passes the protocol's validation. */
function valid(message: Outgoing): boolean {
  const result = validateMessage({ ...message, v: SCHEMA_VERSION, seq: 1 }, { isKnownInstrument: () => true });
  if (!result.ok) throw new Error(result.reason);
  return true;
}

describe('SimVenueCore', () => {
  it('publishes a snapshot on the first timer, then updates and trades, and no reports for its own flow', () => {
    const { sent, tick } = setup();
    tick(T0, 30);
    const first = sent[0];
    expect(first?.port).toBe('md');
    expect(first?.topic).toBe(topics.book('sim', 'BTC-USD'));
    expect(first?.message.type).toBe('BookSnapshot');
    const snapshot = first?.message as Extract<Outgoing, { type: 'BookSnapshot' }>;
    expect(snapshot.bids.length).toBeGreaterThan(5);
    expect(snapshot.asks.length).toBeGreaterThan(5);
    expect(sent.filter((s) => s.message.type === 'BookSnapshot')).toHaveLength(1);
    expect(sent.some((s) => s.message.type === 'BookUpdate')).toBe(true);
    expect(sent.some((s) => s.message.type === 'Trade' && s.topic === topics.trade('sim', 'BTC-USD'))).toBe(true);
    expect(sent.filter((s) => s.port === 'reports')).toHaveLength(0);
    expect(sent.every((s) => valid(s.message))).toBe(true);
  });

  it("fills a client's market buy against the flow's asks and reports it to that client", () => {
    const { core, sent, tick } = setup();
    const now = tick(T0, 5);
    const bestAsk = (core.snapshot('book.', now)[0]?.message as { asks: Array<[number, number]> }).asks[0]?.[0];
    sent.length = 0;
    core.onMessage('orders', PEER, submit({ clientOrderId: 'c1', side: 'buy', qty: 25 }), now);

    const reports = sent.filter((s) => s.port === 'reports');
    expect(reports.every((s) => s.topic === PEER)).toBe(true);
    expect(reports.map((s) => s.message.type)).toEqual(['OrderAccepted', ...Array(reports.length - 1).fill('OrderFilled')]);
    const accepted = reports[0]?.message as Extract<Outgoing, { type: 'OrderAccepted' }>;
    expect(accepted).toMatchObject({ clientOrderId: 'c1', strategyId: 'momentum-1', side: 'buy', state: 'accepted', ts: now, rts: now });
    const fills = reports.slice(1).map((s) => s.message as Extract<Outgoing, { type: 'OrderFilled' }>);
    expect(fills.length).toBeGreaterThan(0);
    expect(fills[0]?.price).toBe(bestAsk);
    expect(fills.reduce((sum, f) => sum + f.qty, 0)).toBe(25);
    expect(fills.at(-1)).toMatchObject({ state: 'filled', filledQty: 25, leavesQty: 0 });
    expect(fills.slice(0, -1).every((f) => f.state === 'partially_filled' && f.leavesQty > 0)).toBe(true);
    expect(fills.every((f) => f.liquidity === 'taker' && f.venueOrderId === accepted.venueOrderId && f.strategyId === 'momentum-1')).toBe(true);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(fills.length);

    // One public trade per fill, in the same order, then one book update.
    const md = sent.filter((s) => s.port === 'md');
    const trades = md.filter((s) => s.message.type === 'Trade').map((s) => s.message as Extract<Outgoing, { type: 'Trade' }>);
    expect(trades.map((t) => [t.price, t.qty, t.aggressor])).toEqual(fills.map((f) => [f.price, f.qty, 'buy']));
    expect(trades.map((t) => t.tradeId)).toEqual([...trades.map((t) => t.tradeId as number)].sort((a, b) => a - b));
    expect(md.at(-1)?.message.type).toBe('BookUpdate');
    expect(sent.every((s) => valid(s.message))).toBe(true);
    expect(core.counters()).toMatchObject({ orders: 1, fills: fills.length });
  });

  it('sends the market data of one tick grouped by topic, each topic in its own order (one batch frame per topic)', () => {
    const { core, sent, tick } = setup(['BTC-USD', 'ETH-USD'], 5_000);
    const now = tick(T0, 1);
    sent.length = 0;
    core.onTimer(now);
    const md = sent.filter((s) => s.port === 'md');
    // Dozens of engine events on both instruments, yet four topics, each one contiguous run.
    expect(md.length).toBeGreaterThan(20);
    const runs = md.map((s) => s.topic).filter((topic, i, all) => i === 0 || all[i - 1] !== topic);
    expect(runs.sort()).toEqual([topics.book('sim', 'BTC-USD'), topics.book('sim', 'ETH-USD'), topics.trade('sim', 'BTC-USD'), topics.trade('sim', 'ETH-USD')].sort());
    for (const symbol of ['BTC-USD', 'ETH-USD']) {
      const ids = md.filter((s) => s.topic === topics.trade('sim', symbol)).map((s) => (s.message as Extract<Outgoing, { type: 'Trade' }>).tradeId as number);
      expect(ids.length).toBeGreaterThan(1);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
  });

  it('reports a resting limit order partially filled by the flow, and its cancel', () => {
    const { core, sent, tick } = setup();
    let now = tick(T0, 2);
    const bid = (core.snapshot('book.sim.BTC-USD', now)[0]?.message as { bids: Array<[number, number]> }).bids[0]?.[0] as number;
    core.onMessage('orders', PEER, submit({ clientOrderId: 'L1', side: 'buy', qty: 1_000_000, orderType: 'limit', price: bid + 1, tif: 'GTC' }), now);
    now = tick(now, 60);
    const fills = sent.filter((s) => s.message.type === 'OrderFilled').map((s) => s.message as Extract<Outgoing, { type: 'OrderFilled' }>);
    expect(fills.length).toBeGreaterThan(0); // flow sellers hit the best bid
    expect(fills.every((f) => f.liquidity === 'maker' && f.state === 'partially_filled')).toBe(true);
    const filled = fills.at(-1)?.filledQty as number;
    sent.length = 0;
    core.onMessage('orders', PEER, cancel('L1'), now);
    expect(sent[0]).toMatchObject({ port: 'reports', topic: PEER });
    expect(sent[0]?.message).toMatchObject({ type: 'OrderCanceled', state: 'canceled', canceledQty: 1_000_000 - filled, clientOrderId: 'L1' });
    expect(sent[1]?.message.type).toBe('BookUpdate');
  });

  it('ignores a duplicate client order id and refuses cancels of finished or unknown orders, with the reason', () => {
    const { core, sent, tick } = setup();
    const now = tick(T0, 1);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'd1', side: 'sell', qty: 1 }), now);
    const count = sent.length;
    core.onMessage('orders', PEER, submit({ clientOrderId: 'd1', side: 'sell', qty: 1 }), now);
    core.onMessage('orders', PEER, cancel('d1'), now); // finished already
    core.onMessage('orders', PEER, cancel('never-sent'), now);
    core.onMessage('orders', PEER, { ...cancel('x'), type: 'Shutdown' } as unknown as Message, now);
    expect(sent.slice(count).map((s) => [s.port, s.topic, s.message])).toEqual([
      ['reports', PEER, expect.objectContaining({ type: 'RequestRejected', clientOrderId: 'd1', request: 'cancel', reason: 'the order is done' })],
      ['reports', PEER, expect.objectContaining({ type: 'RequestRejected', clientOrderId: 'never-sent', request: 'cancel', reason: 'unknown order' })],
    ]);
    expect(sent.every((s) => valid(s.message))).toBe(true);
    expect(core.counters()).toMatchObject({ duplicates: 1, refused_requests: 2, ignored: 1 });
  });

  it('rejects bad orders to their sender with a reason', () => {
    const { core, sent, tick } = setup();
    const now = tick(T0, 1);
    sent.length = 0;
    core.onMessage('orders', PEER, submit({ clientOrderId: 'u1', side: 'buy', qty: 1, symbol: 'DOGE-USD' }), now);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'z1', side: 'buy', qty: 0 }), now);
    expect(sent.map((s) => [s.port, s.topic, s.message.type, (s.message as { state: string }).state])).toEqual([
      ['reports', PEER, 'OrderRejected', 'rejected'],
      ['reports', PEER, 'OrderRejected', 'rejected'],
    ]);
    expect(core.counters().rejects).toBe(2);
  });

  it('answers snapshot requests by topic prefix', () => {
    const { core, tick } = setup(['BTC-USD', 'ETH-USD']);
    const now = tick(T0, 1);
    expect(core.snapshot('book.sim.', now).map((s) => s.topic)).toEqual(['book.sim.BTC-USD', 'book.sim.ETH-USD']);
    expect(core.snapshot('book.sim.ETH', now).map((s) => s.topic)).toEqual(['book.sim.ETH-USD']);
    expect(core.snapshot('trade.', now)).toEqual([]);
    const eth = core.snapshot('book.sim.ETH-USD', now)[0]?.message as Extract<Outgoing, { type: 'BookSnapshot' }>;
    expect(eth.bids).toHaveLength(20);
    expect(Math.abs((eth.bids[0]?.[0] as number) - 20_000)).toBeLessThan(200);
  });

  it('produces the same outputs from the same inputs', () => {
    const a = setup(['BTC-USD', 'ETH-USD']);
    const b = setup(['BTC-USD', 'ETH-USD']);
    for (const s of [a, b]) {
      const now = s.tick(T0, 3);
      s.core.onMessage('orders', PEER, submit({ clientOrderId: 'm1', side: 'sell', qty: 7 }), now);
      s.tick(now, 3);
    }
    expect(b.sent).toEqual(a.sent);
    expect(a.sent.length).toBeGreaterThan(100);
  });

  it('keeps the flow owner distinct from client peers', () => {
    expect(SIM_FLOW_OWNER).not.toBe(PEER);
  });
});
