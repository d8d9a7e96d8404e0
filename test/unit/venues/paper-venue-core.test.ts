/**
 * The paper venue as a worker core: market data in on `md`, clients' commands in on `orders`, reports out on `reports`
 * with the same messages and fields as the simulated venue's, and nothing ever published on `md`.
 */
import { describe, expect, it } from 'vitest';
import { PaperVenueCore } from '../../../workers/venues/paper/paper-venue-core.js';
import { SimVenueCore } from '../../../workers/venues/sim/sim-venue-core.js';
import { FeeSchedule } from '../../../workers/core/fees.js';
import { OrderBook } from '../../../workers/core/order-book.js';
import { makeInstrument, type Instrument } from '../../../workers/core/instrument.js';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import type { AmendOrder, CancelOrder, Level, Message, Side, SubmitOrder } from '../../../workers/protocol/messages.js';
import { SCHEMA_VERSION } from '../../../workers/protocol/messages.js';
import { validateMessage } from '../../../workers/protocol/validate.js';

const T0 = 1_700_000_000_000_000;
const PEER = 'client-7';
const FEES = { makerFee: '0.0001', takerFee: '0.0005' };

function instrument(extra: { priceBandBps?: number; minNotional?: string } = {}): Instrument {
  return makeInstrument({
    venue: 'sim',
    symbol: 'BTC-USD',
    base: 'BTC',
    quote: 'USD',
    tickSize: '0.01',
    lotSize: '0.001',
    minNotional: extra.minNotional ?? '0.01',
    multiplier: 1,
    ...FEES,
    ...(extra.priceBandBps !== undefined ? { priceBandBps: extra.priceBandBps } : {}),
  });
}

interface Sent {
  port: string;
  topic: string;
  message: Outgoing;
}

function setup(latencyUs = 0, inst = instrument()) {
  const sent: Sent[] = [];
  const core = new PaperVenueCore({ instruments: [inst], latencyUs }, (port, topic, message) => sent.push({ port, topic, message }));
  const md = (message: Message, now: number): void => core.onMessage('md', 'book.sim.BTC-USD', message, now);
  /** Reports since the last call, as `Type state` plus the message. */
  const reports = (): Array<Outgoing & Record<string, unknown>> => sent.splice(0).map((s) => {
    expect(s.port).toBe('reports');
    expect(valid(s.message)).toBe(true);
    return s.message as Outgoing & Record<string, unknown>;
  });
  return { core, sent, md, reports };
}

let seq = 0;
const envelope = (now: number) => ({ v: SCHEMA_VERSION, seq: ++seq, ts: now, rts: now });
const on = { venue: 'sim', symbol: 'BTC-USD' };

const snapshot = (bids: Level[], asks: Level[], now = T0): Message => ({ ...envelope(now), type: 'BookSnapshot', ...on, bids, asks });
const update = (bids: Level[], asks: Level[], now = T0): Message => ({ ...envelope(now), type: 'BookUpdate', ...on, bids, asks });
const trade = (price: number, qty: number, aggressor: Side, now = T0): Message => ({ ...envelope(now), type: 'Trade', ...on, price, qty, aggressor, tradeId: seq });

function submit(fields: Partial<SubmitOrder> & Pick<SubmitOrder, 'clientOrderId' | 'side' | 'qty'>): SubmitOrder {
  return {
    ...envelope(T0),
    type: 'SubmitOrder',
    ...on,
    src: 'execution',
    strategyId: 'mm-1',
    orderType: 'market',
    price: 0,
    tif: 'IOC',
    causeTs: 0,
    ...fields,
  };
}
const cancel = (clientOrderId: string): CancelOrder => ({ ...envelope(T0), type: 'CancelOrder', ...on, src: 'execution', clientOrderId, strategyId: 'mm-1' });
const amend = (clientOrderId: string, changes: Partial<Pick<AmendOrder, 'price' | 'qty' | 'stopPrice'>>): AmendOrder => ({
  ...envelope(T0),
  type: 'AmendOrder',
  ...on,
  src: 'execution',
  clientOrderId,
  strategyId: 'mm-1',
  price: 0,
  qty: 0,
  stopPrice: 0,
  ...changes,
});

/** True if the message, once stamped, passes the protocol's validation. */
function valid(message: Outgoing): boolean {
  const result = validateMessage({ ...message, v: SCHEMA_VERSION, seq: 1 }, { isKnownInstrument: () => true });
  if (!result.ok) throw new Error(result.reason);
  return true;
}

const fees = new FeeSchedule({ maker: FEES.makerFee, taker: FEES.takerFee });

describe('PaperVenueCore', () => {
  it("fills a client's bid once the venue's queue ahead of it has traded, and reports it like the sim venue", () => {
    const { core, md, reports } = setup();
    md(snapshot([[10_000, 5]], [[10_001, 5]]), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'b1', side: 'buy', qty: 3, orderType: 'limit', price: 10_000, tif: 'GTC' }), T0);
    const [accepted] = reports();
    expect(accepted).toMatchObject({ type: 'OrderAccepted', clientOrderId: 'b1', strategyId: 'mm-1', side: 'buy', state: 'accepted', venue: 'sim', symbol: 'BTC-USD', ts: T0 });
    md(trade(10_000, 5, 'sell', T0 + 10), T0 + 10);
    expect(reports()).toEqual([]);
    md(trade(10_000, 2, 'sell', T0 + 20), T0 + 20);
    expect(reports()).toEqual([
      expect.objectContaining({
        type: 'OrderFilled',
        clientOrderId: 'b1',
        venueOrderId: accepted?.venueOrderId,
        state: 'partially_filled',
        price: 10_000,
        qty: 2,
        filledQty: 2,
        leavesQty: 1,
        liquidity: 'maker',
        fee: fees.fee(10_000, 2, 'maker'),
        ts: T0 + 20,
      }),
    ]);
    expect(core.counters()).toMatchObject({ orders: 1, fills: 1, md: 3 });
  });

  it('a market order walks the venue book and pays the spread; the paper venue publishes no market data', () => {
    const { core, sent, md, reports } = setup();
    md(snapshot([[10_000, 5]], [[10_001, 2], [10_003, 10]]), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'm1', side: 'buy', qty: 5 }), T0);
    expect(sent.every((s) => s.port === 'reports' && s.topic === PEER)).toBe(true);
    expect(reports().map((r) => [r.type, r.state, r.price, r.qty, r.liquidity, r.fee])).toEqual([
      ['OrderAccepted', 'accepted', undefined, undefined, undefined, undefined],
      ['OrderFilled', 'partially_filled', 10_001, 2, 'taker', fees.fee(10_001, 2, 'taker')],
      ['OrderFilled', 'filled', 10_003, 3, 'taker', fees.fee(10_003, 3, 'taker')],
    ]);
  });

  it('reports bracket legs with what they are, their trigger and the OCO cancel', () => {
    const { core, md, reports } = setup();
    md(snapshot([[10_000, 5], [9_990, 10]], [[10_001, 5]]), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'e1', side: 'buy', qty: 2, takeProfit: 10_050, stopLoss: 9_995 }), T0);
    const legs = reports().filter((r) => r.type === 'OrderAccepted' && r.parentId === 'e1');
    expect(legs).toEqual([
      expect.objectContaining({ clientOrderId: 'e1:tp', parentId: 'e1', orderType: 'limit', price: 10_050, qty: 2, tif: 'GTC', side: 'sell', strategyId: 'mm-1' }),
      expect.objectContaining({ clientOrderId: 'e1:sl', parentId: 'e1', orderType: 'stop', stopPrice: 9_995, qty: 2, tif: 'GTC', side: 'sell' }),
    ]);
    md(update([[10_000, 0]], [], T0 + 10), T0 + 10);
    md(trade(9_995, 1, 'sell', T0 + 20), T0 + 20);
    expect(reports().map((r) => [r.type, r.clientOrderId, r.state, r.price ?? r.triggerPrice])).toEqual([
      ['OrderTriggered', 'e1:sl', 'accepted', 9_995],
      ['OrderFilled', 'e1:sl', 'filled', 9_990],
      ['OrderCanceled', 'e1:tp', 'canceled', undefined],
    ]);
  });

  it('reports amends, expiries, rejections and refused requests', () => {
    const { core, md, reports } = setup();
    md(snapshot([[10_000, 5]], [[10_001, 5]]), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'b1', side: 'buy', qty: 3, orderType: 'limit', price: 9_990, tif: 'GTC' }), T0);
    core.onMessage('orders', PEER, amend('b1', { price: 9_995 }), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'i1', side: 'buy', qty: 8, orderType: 'limit', price: 10_001, tif: 'IOC' }), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'z1', side: 'buy', qty: 0, orderType: 'limit', price: 10_000, tif: 'GTC' }), T0);
    core.onMessage('orders', PEER, cancel('never-sent'), T0);
    core.onMessage('orders', PEER, cancel('i1'), T0);
    core.onMessage('orders', PEER, amend('b1', { qty: 3 }), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'u1', side: 'buy', qty: 1, symbol: 'DOGE-USD' }), T0);
    expect(reports().map((r) => [r.type, r.clientOrderId, r.state ?? r.request, r.reason])).toEqual([
      ['OrderAccepted', 'b1', 'accepted', undefined],
      ['OrderAmended', 'b1', 'accepted', 'amended'],
      ['OrderAccepted', 'i1', 'accepted', undefined],
      ['OrderFilled', 'i1', 'partially_filled', undefined],
      ['OrderExpired', 'i1', 'expired', 'IOC: rest expired'],
      ['OrderRejected', 'z1', 'rejected', expect.stringMatching(/quantity/)],
      ['RequestRejected', 'never-sent', 'cancel', 'unknown order'],
      ['RequestRejected', 'i1', 'cancel', 'the order is done'],
      ['RequestRejected', 'b1', 'amend', 'nothing to change'],
      ['OrderRejected', 'u1', 'rejected', 'unknown instrument sim:DOGE-USD'],
    ]);
    expect(core.counters()).toMatchObject({ rejects: 2, refused_requests: 3, amends: 2, cancels: 2 });
  });

  it("holds commands for the latency: an order cannot fill against a level the venue removed before it arrived", () => {
    const { core, md, reports } = setup(1_000);
    md(snapshot([[10_000, 5]], [[10_001, 5], [10_002, 5]]), T0);
    core.onMessage('orders', PEER, submit({ clientOrderId: 'm1', side: 'buy', qty: 5 }), T0);
    expect(reports()).toEqual([]);
    expect(core.nextWake()).toBe(T0 + 1_000);
    md(update([], [[10_001, 0]], T0 + 500), T0 + 500);
    core.onTimer(T0 + 1_000);
    expect(reports().map((r) => [r.type, r.price, r.ts])).toEqual([
      ['OrderAccepted', undefined, T0 + 1_000],
      ['OrderFilled', 10_002, T0 + 1_000],
    ]);
    expect(core.nextWake()).toBeUndefined();
  });

  it('ignores other ports and messages, and market data of instruments it does not trade', () => {
    const { core, sent } = setup();
    core.onMessage('md', 'trade.sim.ETH-USD', { ...(trade(10, 1, 'buy') as object), symbol: 'ETH-USD' } as Message, T0);
    core.onMessage('md', 'bar', { ...envelope(T0), type: 'Shutdown' } as Message, T0);
    core.onMessage('other', PEER, submit({ clientOrderId: 'x', side: 'buy', qty: 1 }), T0);
    expect(sent).toEqual([]);
    expect(core.counters()).toMatchObject({ ignored: 3, md: 0 });
  });

  it('refuses a client whose id is the mirror or the tape owner', () => {
    const { core, md, reports } = setup();
    md(snapshot([[10_000, 5]], [[10_001, 5]]), T0);
    core.onMessage('orders', '~book', submit({ clientOrderId: 'x', side: 'buy', qty: 1 }), T0);
    core.onMessage('orders', '~tape', cancel('x'), T0);
    expect(reports().map((r) => [r.type, r.reason])).toEqual([
      ['OrderRejected', 'reserved client id ~book'],
      ['RequestRejected', 'reserved client id ~tape'],
    ]);
  });
});

// ------------------------------------------------------------------ end to end: the sim venue's market data

/**
 * A real simulated venue runs; its `md` output feeds the paper venue, to which a client sends a passive quote pair at
 * the venue's touch each second (canceling the previous pair) and a market order every 10 s. Returns every message the paper venue sent, and the sim venue's.
 */
function paperOnSim(seconds: number) {
  const inst = instrument();
  const paperSent: Sent[] = [];
  const simSent: Sent[] = [];
  const paper = new PaperVenueCore({ instruments: [inst], latencyUs: 3_000 }, (port, topic, message) => paperSent.push({ port, topic, message }));
  let now = T0;
  const venueBook = new OrderBook(); // what the client sees of the venue, to quote at its touch
  const sim = new SimVenueCore(
    { venue: 'sim', instruments: [inst], startPrices: { 'BTC-USD': 10_000 }, seed: 99, ratePerSecond: 200, depth: 20 },
    (port, topic, message) => {
      simSent.push({ port, topic, message });
      if (port !== 'md') return;
      if (message.type === 'BookSnapshot') venueBook.setSnapshot(message.bids, message.asks);
      else if (message.type === 'BookUpdate') venueBook.apply(message.bids, message.asks);
      paper.onMessage('md', topic, { ...message, v: SCHEMA_VERSION, seq: simSent.length } as Message, now);
    },
  );
  let id = 0;
  for (let step = 0; step < seconds * 100; step++) {
    now = T0 + step * 10_000;
    sim.onTimer(now);
    paper.onTimer(now);
    const bid = venueBook.bestBid();
    const ask = venueBook.bestAsk();
    if (bid === undefined || ask === undefined) continue;
    if (step % 100 === 50) {
      id++;
      paper.onMessage('orders', PEER, cancel(`b${id - 1}`), now);
      paper.onMessage('orders', PEER, cancel(`a${id - 1}`), now);
      paper.onMessage('orders', PEER, submit({ clientOrderId: `b${id}`, side: 'buy', qty: 2, orderType: 'limit', price: bid, tif: 'GTC' }), now);
      paper.onMessage('orders', PEER, submit({ clientOrderId: `a${id}`, side: 'sell', qty: 2, orderType: 'limit', price: ask, tif: 'GTC' }), now);
    }
    if (step % 1_000 === 500) paper.onMessage('orders', PEER, submit({ clientOrderId: `m${id}`, side: id % 2 === 0 ? 'buy' : 'sell', qty: 3 }), now);
  }
  return { paperSent, simSent, paper };
}

describe('PaperVenueCore on the simulated venue', () => {
  it("follows the sim venue's book and tape: only the client's reports, valid, conserved; the sim venue never sees the orders", () => {
    const { paperSent, simSent } = paperOnSim(60);
    expect(simSent.filter((s) => s.port === 'md').length).toBeGreaterThan(1_000);
    expect(simSent.filter((s) => s.port === 'reports')).toEqual([]);
    expect(paperSent.length).toBeGreaterThan(0);
    expect(paperSent.every((s) => s.port === 'reports' && s.topic === PEER && valid(s.message))).toBe(true);
    const fills = paperSent.map((s) => s.message).filter((m): m is Extract<Outgoing, { type: 'OrderFilled' }> => m.type === 'OrderFilled');
    expect(fills.some((f) => f.liquidity === 'maker')).toBe(true);
    expect(fills.some((f) => f.liquidity === 'taker')).toBe(true);
    // Per order: fills add up to the reported filled quantity, and never beyond the order's size.
    const byOrder = new Map<string, number>();
    for (const f of fills) {
      byOrder.set(f.clientOrderId, (byOrder.get(f.clientOrderId) ?? 0) + f.qty);
      expect(f.filledQty).toBe(byOrder.get(f.clientOrderId));
      expect(f.filledQty + f.leavesQty).toBe(f.clientOrderId.startsWith('m') ? 3 : 2);
      expect(f.fee).toBe(fees.fee(f.price, f.qty, f.liquidity));
    }
  });

  it('is deterministic: the same market data and commands give the same reports', () => {
    const a = paperOnSim(15);
    const b = paperOnSim(15);
    expect(b.paperSent).toEqual(a.paperSent);
    expect(a.paperSent.length).toBeGreaterThan(10);
  });
});
