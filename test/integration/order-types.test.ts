/**
 * Every order type through the real workers: the simulated exchange in manual mode (no synthetic flow), a
 * counterparty trading on it directly, and our orders going the whole way (risk → execution → venue) over real
 * ZeroMQ sockets. What comes back on execution's PUB is what the terminal shows: a bracket whose legs the venue
 * places and execution adopts, an amend, a stop that triggers on the tape, refused requests, fees in positions.
 */
import * as zmq from 'zeromq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../../workers/protocol/messages.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

type Event = Message & Record<string, unknown>;

describe('order types through the real workers (manual sim)', () => {
  let terminal: TestTerminal;
  let counterparty: zmq.Dealer;
  let client: zmq.Push;
  let sub: zmq.Subscriber;
  const events: Event[] = [];
  let seq = 0;

  const now = () => Date.now() * 1000;
  const stamp = (fields: Record<string, unknown>) => ({ v: SCHEMA_VERSION, seq: ++seq, ts: now(), rts: now(), venue: 'sim', symbol: 'BTC-USD', strategyId: 'it', ...fields }) as unknown as Message;
  const order = (fields: Record<string, unknown>) => stamp({ type: 'SubmitOrder', src: 'it', orderType: 'limit', tif: 'GTC', causeTs: 0, price: 0, ...fields });
  const ours = (fields: Record<string, unknown>) => client.send(encodeFrame(order(fields)));
  const theirs = (fields: Record<string, unknown>) => counterparty.send(encodeFrame(order(fields)));
  const of = (id: string) => events.filter((e) => e.clientOrderId === id).map((e) => e.type);
  const until = (what: string, condition: () => boolean) => terminal.waitFor(what, condition, 20_000);

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [], sim: { seed: 1, ratePerSecond: 0, startPrices: { 'BTC-USD': '65000', 'ETH-USD': '3200', 'IDX-FUT': '5400' }, depth: 10, timerMs: 20 } });
    const { endpoints } = terminal.config;
    const registry = new InstrumentRegistry(terminal.config.instruments);
    sub = new zmq.Subscriber({ linger: 0 });
    sub.connect(endpoints.exec);
    sub.connect(endpoints.risk);
    for (const prefix of ['order.', 'fill.', 'position.']) sub.subscribe(prefix);
    void (async () => {
      for await (const [, payload] of sub) if (payload !== undefined) events.push(...(decodeFrame(payload, registry).messages as Event[]));
    })().catch(() => undefined);
    client = new zmq.Push({ linger: 0 });
    client.connect(endpoints.riskIn);
    counterparty = new zmq.Dealer({ linger: 0, routingId: 'counterparty' });
    counterparty.connect(endpoints.simOrders);
    void (async () => {
      for await (const _ of counterparty) void _; // its reports are not under test
    })().catch(() => undefined);
    // A subscriber misses what was published before it joined: probe until our first order's events arrive.
    let probes = 0;
    await until('the subscriber to join', () => {
      if (events.some((e) => e.type === 'OrderAccepted')) return true;
      void ours({ clientOrderId: `probe-${++probes}`, side: 'buy', price: 100_000, qty: 10 });
      return false;
    });
  });

  afterAll(async () => {
    for (const socket of [sub, client, counterparty]) socket?.close();
    await terminal?.stop();
  });

  it('runs a bracket: entry fills, the venue places both legs, the take-profit fills and the stop-loss is canceled', async () => {
    await theirs({ clientOrderId: 'cp-ask', side: 'sell', price: 130_000, qty: 20 });
    await ours({ clientOrderId: 'br', side: 'buy', price: 130_000, qty: 20, takeProfit: 131_000, stopLoss: 129_000 });
    await until('both legs', () => of('br:tp').includes('OrderAccepted') && of('br:sl').includes('OrderAccepted'));
    const tp = events.find((e) => e.clientOrderId === 'br:tp' && e.type === 'OrderAccepted');
    expect(tp).toMatchObject({ parentId: 'br', orderType: 'limit', price: 131_000, qty: 20, side: 'sell' });
    await theirs({ clientOrderId: 'cp-lift', side: 'buy', orderType: 'market', tif: 'IOC', qty: 20 });
    await until('the take-profit to fill and the stop-loss to go', () => of('br:sl').includes('OrderCanceled') && of('br:tp').includes('OrderFilled'));
    expect(of('br')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    await until('the flat position with both fees', () => events.some((e) => e.type === 'PositionChanged' && e.qty === 0 && (e.fees as number) > 0));
    const position = events.filter((e) => e.type === 'PositionChanged').at(-1) as Event;
    // Bought 0.02 BTC at 65,000, sold at 65,500: +10 USD = 20,000 money units of 0.0005 USD. Fees in 10^-8 USD:
    // 5 bp taker on 1,300 USD (0.65 USD) and 1 bp maker on 1,310 USD (0.131 USD).
    expect(position).toMatchObject({ qty: 0, realized: 20_000, fees: 65_000_000 + 13_100_000 });
  });

  it('amends a working order, and the venue refuses an amend it cannot take', async () => {
    await ours({ clientOrderId: 'am', side: 'buy', price: 128_000, qty: 5 });
    await until('accepted', () => of('am').includes('OrderAccepted'));
    await client.send(encodeFrame(stamp({ type: 'AmendOrder', src: 'it', clientOrderId: 'am', price: 128_500, qty: 3, stopPrice: 0 })));
    await until('amended', () => of('am').includes('OrderAmended'));
    expect(events.find((e) => e.clientOrderId === 'am' && e.type === 'OrderAmended')).toMatchObject({ price: 128_500, qty: 3, leavesQty: 3, state: 'accepted' });
    await client.send(encodeFrame(stamp({ type: 'AmendOrder', src: 'it', clientOrderId: 'am', price: 0, qty: 0, stopPrice: 127_000 })));
    await until('the refusal', () => of('am').includes('RequestRejected'));
    expect(events.find((e) => e.clientOrderId === 'am' && e.type === 'RequestRejected')).toMatchObject({ request: 'amend', reason: expect.stringMatching(/no trigger price/) });
  });

  it('triggers a stop on the tape and fills it against the book', async () => {
    await theirs({ clientOrderId: 'cp-ask2', side: 'sell', price: 132_000, qty: 5 });
    await ours({ clientOrderId: 'st', side: 'buy', orderType: 'stop', stopPrice: 131_500, qty: 2 });
    await until('the stop accepted', () => of('st').includes('OrderAccepted'));
    await theirs({ clientOrderId: 'cp-print-ask', side: 'sell', price: 131_500, qty: 1 });
    await ours({ clientOrderId: 'print', side: 'buy', orderType: 'market', tif: 'IOC', qty: 1 }); // one owner cannot trade with itself
    await until('the stop to trigger and fill', () => of('st').includes('OrderFilled'));
    expect(of('st')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderTriggered', 'OrderFilled']);
    expect(events.find((e) => e.clientOrderId === 'st' && e.type === 'OrderFilled')).toMatchObject({ price: 132_000, qty: 2, liquidity: 'taker' });
  });
});
