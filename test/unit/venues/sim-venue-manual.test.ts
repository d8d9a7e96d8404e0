/**
 * The simulated exchange in manual mode (no synthetic flow): scripted sequences through the protocol, as a test or a
 * user checking a scenario would send them — fees, the futures multiplier, stops, brackets, amends, refusals, and the
 * configured order and market-data latency.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../workers/core/instrument.js';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import { SIM_INSTRUMENTS } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type AmendOrder, type Message, type SubmitOrder } from '../../../workers/protocol/messages.js';
import { validateMessage } from '../../../workers/protocol/validate.js';
import { SimVenueCore } from '../../../workers/venues/sim/sim-venue-core.js';

const T0 = 1_700_000_000_000_000;
const instruments = SIM_INSTRUMENTS.map(makeInstrument);

function setup(latency: { orderLatencyUs?: number; mdLatencyUs?: number } = {}) {
  const sent: Array<{ port: string; topic: string; message: Outgoing; at: number }> = [];
  let clock = T0;
  const core = new SimVenueCore(
    { venue: 'sim', instruments, startPrices: { 'BTC-USD': 130_000, 'ETH-USD': 320_000, 'IDX-FUT': 21_600 }, seed: 7, ratePerSecond: 0, depth: 10, ...latency },
    (port, topic, message) => sent.push({ port, topic, message, at: clock }),
  );
  let seq = 0;
  const send = (peer: string, message: Partial<SubmitOrder> | Partial<AmendOrder> | Record<string, unknown>, at = clock) => {
    clock = at;
    const full = { v: SCHEMA_VERSION, seq: ++seq, ts: at, rts: at, venue: 'sim', symbol: 'BTC-USD', src: peer, strategyId: 's', ...message };
    const checked = validateMessage(full, { isKnownInstrument: () => true });
    if (!checked.ok) throw new Error(checked.reason);
    core.onMessage('orders', peer, checked.message as Message, at);
  };
  const order = (peer: string, fields: Partial<SubmitOrder>, at = clock) =>
    send(peer, { type: 'SubmitOrder', orderType: 'limit', tif: 'GTC', causeTs: 0, price: 0, qty: 1, side: 'buy', ...fields }, at);
  const timer = (at: number) => {
    clock = at;
    core.onTimer(at);
  };
  const reports = (peer: string) => sent.filter((s) => s.port === 'reports' && s.topic === peer).map((s) => s.message);
  const lines = (peer: string) =>
    reports(peer).map((m) => {
      const r = m as Record<string, unknown>;
      return `${String(r.clientOrderId)} ${m.type}${m.type === 'OrderFilled' ? ` ${String(r.qty)}@${String(r.price)} fee=${String(r.fee)}` : ''}`;
    });
  return { core, sent, send, order, timer, reports, lines };
}

describe('simulated exchange, manual mode', () => {
  it('has no flow: the book holds only what clients placed, and trades only when they cross', () => {
    const s = setup();
    s.timer(T0);
    const snapshot = s.sent.find((x) => x.message.type === 'BookSnapshot')?.message as { bids: unknown[]; asks: unknown[] };
    expect(snapshot).toMatchObject({ bids: [], asks: [] });
    s.order('mm', { clientOrderId: 'a1', side: 'sell', price: 130_010, qty: 1_000 });
    s.timer(T0 + 5_000_000);
    expect(s.sent.filter((x) => x.message.type === 'Trade')).toHaveLength(0);
    s.order('t', { clientOrderId: 'b1', side: 'buy', orderType: 'market', tif: 'IOC', qty: 400 });
    const trades = s.sent.filter((x) => x.message.type === 'Trade').map((x) => x.message as { price: number; qty: number });
    expect(trades).toEqual([expect.objectContaining({ price: 130_010, qty: 400 })]);
  });

  it('charges maker and taker fees from the instrument, in its money units', () => {
    const s = setup();
    s.order('mm', { clientOrderId: 'a1', side: 'sell', price: 130_000, qty: 1_000 });
    s.order('t', { clientOrderId: 'b1', side: 'buy', orderType: 'market', tif: 'IOC', qty: 1_000 });
    // 65,000 USD × 1 BTC: 1 bp maker = 6.5 USD, 5 bp taker = 32.5 USD, in 10^-8 USD.
    expect(s.lines('mm')).toEqual(['a1 OrderAccepted', 'a1 OrderFilled 1000@130000 fee=650000000']);
    expect(s.lines('t')).toEqual(['b1 OrderAccepted', 'b1 OrderFilled 1000@130000 fee=3250000000']);
  });

  it('trades the index future in whole contracts with its multiplier in the fee', () => {
    const s = setup();
    s.order('mm', { symbol: 'IDX-FUT', clientOrderId: 'f1', side: 'sell', price: 21_600, qty: 2 });
    s.order('t', { symbol: 'IDX-FUT', clientOrderId: 'f2', side: 'buy', orderType: 'market', tif: 'IOC', qty: 2 });
    // 5,400 points × $50 × 2 contracts = $540,000 notional; taker 0.4 bp = $21.60, maker 0.2 bp = $10.80.
    expect(s.lines('t')).toEqual(['f2 OrderAccepted', 'f2 OrderFilled 2@21600 fee=2160000000']);
    expect(s.lines('mm')).toEqual(['f1 OrderAccepted', 'f1 OrderFilled 2@21600 fee=1080000000']);
  });

  it('runs a bracket through the protocol: legs announced with their parent, take-profit fills, stop-loss canceled', () => {
    const s = setup();
    s.order('mm', { clientOrderId: 'a1', side: 'sell', price: 130_000, qty: 10 });
    s.order('me', { clientOrderId: 'e', side: 'buy', price: 130_000, qty: 10, takeProfit: 131_000, stopLoss: 129_000 });
    const legs = s.reports('me').filter((m) => m.type === 'OrderAccepted' && 'parentId' in m);
    expect(legs).toEqual([
      expect.objectContaining({ clientOrderId: 'e:tp', parentId: 'e', orderType: 'limit', price: 131_000, qty: 10, side: 'sell' }),
      expect.objectContaining({ clientOrderId: 'e:sl', parentId: 'e', orderType: 'stop', stopPrice: 129_000, qty: 10, side: 'sell' }),
    ]);
    s.order('mm', { clientOrderId: 'b1', side: 'buy', orderType: 'market', tif: 'IOC', qty: 10 });
    expect(s.lines('me').slice(-2)).toEqual(['e:tp OrderFilled 10@131000 fee=6550000', 'e:sl OrderCanceled']);
    expect(s.sent.every((x) => validateMessage({ ...x.message, v: SCHEMA_VERSION, seq: 1 }, { isKnownInstrument: () => true }).ok)).toBe(true);
  });

  it('amends a resting order, refuses an amend it cannot take, and triggers a stop on the tape', () => {
    const s = setup();
    s.order('me', { clientOrderId: 'o1', side: 'buy', price: 129_000, qty: 5 });
    s.send('me', { type: 'AmendOrder', clientOrderId: 'o1', price: 129_500, qty: 0, stopPrice: 0 });
    s.send('me', { type: 'AmendOrder', clientOrderId: 'o1', price: 0, qty: 0, stopPrice: 128_000 });
    s.order('mm', { clientOrderId: 'a1', side: 'sell', price: 129_700, qty: 5 });
    s.order('me', { clientOrderId: 's1', side: 'buy', orderType: 'stop', stopPrice: 129_600, qty: 2 });
    s.order('x', { clientOrderId: 'x1', side: 'sell', price: 129_600, qty: 1 });
    s.order('y', { clientOrderId: 'y1', side: 'buy', orderType: 'market', tif: 'IOC', qty: 1 });
    const mine = s.reports('me').map((m) => [m.type, (m as { clientOrderId: string }).clientOrderId]);
    expect(mine).toEqual([
      ['OrderAccepted', 'o1'],
      ['OrderAmended', 'o1'],
      ['RequestRejected', 'o1'],
      ['OrderAccepted', 's1'],
      ['OrderTriggered', 's1'],
      ['OrderFilled', 's1'],
    ]);
    expect(s.reports('me')[1]).toMatchObject({ price: 129_500, qty: 5, leavesQty: 5 });
    expect(s.reports('me')[2]).toMatchObject({ request: 'amend', reason: expect.stringMatching(/no trigger price/) });
    expect(s.reports('me')[4]).toMatchObject({ stopPrice: 129_600, triggerPrice: 129_600 });
    expect(s.reports('me')[5]).toMatchObject({ price: 129_700, qty: 2, liquidity: 'taker', state: 'filled' });
  });

  it('holds a command for the order latency and everything it sends for the market-data latency', () => {
    const s = setup({ orderLatencyUs: 3_000, mdLatencyUs: 2_000 });
    s.order('mm', { clientOrderId: 'a1', side: 'sell', price: 130_000, qty: 5 }, T0);
    expect(s.sent).toHaveLength(0);
    expect(s.core.nextWake()).toBe(T0 + 3_000);
    s.timer(T0 + 3_000); // the order takes effect: accepted now, reported 2 ms later
    expect(s.sent.filter((x) => x.message.type === 'OrderAccepted')).toHaveLength(0);
    expect(s.core.nextWake()).toBe(T0 + 5_000);
    s.timer(T0 + 5_000);
    const accepted = s.sent.find((x) => x.message.type === 'OrderAccepted');
    expect(accepted).toMatchObject({ at: T0 + 5_000, message: { ts: T0 + 3_000 } });
    expect(s.sent.find((x) => x.message.type === 'BookUpdate')).toMatchObject({ at: T0 + 5_000 });
    // A cancel racing a fill: the buyer's order arrives first at the venue, so the cancel finds the order done.
    s.order('t', { clientOrderId: 'b1', side: 'buy', orderType: 'market', tif: 'IOC', qty: 5 }, T0 + 6_000);
    s.send('mm', { type: 'CancelOrder', clientOrderId: 'a1' }, T0 + 6_500);
    s.timer(T0 + 20_000);
    expect(s.lines('mm')).toEqual(['a1 OrderAccepted', 'a1 OrderFilled 5@130000 fee=3250000', 'a1 RequestRejected']);
  });
});
