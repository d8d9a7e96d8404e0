/**
 * Risk's scenario table through the real bus: orders in from a client socket, fills from the simulated exchange in
 * manual mode (a counterparty places the other side at exact prices), marks from the feed; decisions, positions and
 * P&L out on risk's PUB. Each scenario trades for its own owner (strategy id), so its figures are its own, and each is
 * checked against a hand calculation to the last tick and the last 10⁻⁸ of a fee.
 *
 * Units: BTC-USD is 0.5 USD a tick, 0.001 BTC a lot, so a tick×lot is 0.0005 USD = 50,000 fee units (10⁻⁸ USD); the
 * taker fee (5 bp) of P ticks × q lots is 25·P·q units, the maker fee (1 bp) 5·P·q. IDX-FUT is 0.25 points a tick,
 * whole contracts, $50 a point: a tick×lot is 12.5 USD and the taker fee (0.4 bp) is 50,000·P·q units.
 */
import * as zmq from 'zeromq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../../workers/protocol/messages.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

type Event = Message & Record<string, unknown>;

const BTC = 130_000;
const IDX = 21_600;

describe('risk scenarios through the real bus (manual sim)', () => {
  let terminal: TestTerminal;
  let counterparty: zmq.Dealer;
  let client: zmq.Push;
  let sub: zmq.Subscriber;
  const events: Event[] = [];
  const theirReports: Event[] = [];
  let seq = 0;
  let ids = 0;

  const now = () => Date.now() * 1000;
  const order = (owner: string, symbol: string, fields: Record<string, unknown>) =>
    ({ v: SCHEMA_VERSION, seq: ++seq, ts: now(), rts: now(), venue: 'sim', symbol, strategyId: owner, type: 'SubmitOrder', src: 'it', tif: 'GTC', causeTs: 0, clientOrderId: `sc-${++ids}`, ...fields }) as unknown as Message & { clientOrderId: string };
  const until = (what: string, condition: () => boolean) => terminal.waitFor(what, condition, 20_000);

  /** Rests the counterparty's limit order and waits until the venue has it. */
  async function theyRest(symbol: string, side: 'buy' | 'sell', price: number, qty: number): Promise<void> {
    const message = order('cp', symbol, { side, orderType: 'limit', price, qty });
    await counterparty.send(encodeFrame(message));
    await until(`their ${side} ${qty} at ${price}`, () => theirReports.some((e) => e.clientOrderId === message.clientOrderId && e.type === 'OrderAccepted'));
  }

  /** Sends our order through risk; returns its id. */
  async function weSend(owner: string, symbol: string, fields: Record<string, unknown>): Promise<string> {
    const message = order(owner, symbol, fields);
    await client.send(encodeFrame(message));
    return message.clientOrderId;
  }

  const done = (id: string) => events.some((e) => e.clientOrderId === id && (e.state === 'filled' || e.type === 'OrderDenied'));
  const latestOwner = (owner: string, symbol: string) => events.filter((e) => e.type === 'OwnerPosition' && e.owner === owner && e.symbol === symbol).at(-1);

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [], sim: { seed: 1, ratePerSecond: 0, startPrices: { 'BTC-USD': '65000', 'ETH-USD': '3200', 'IDX-FUT': '5400' }, depth: 10, timerMs: 20 } });
    const { endpoints } = terminal.config;
    const registry = new InstrumentRegistry(terminal.config.instruments);
    sub = new zmq.Subscriber({ linger: 0 });
    sub.connect(endpoints.exec);
    sub.connect(endpoints.risk);
    for (const prefix of ['order.', 'fill.', 'pnl.', 'position.']) sub.subscribe(prefix);
    void (async () => {
      for await (const [, payload] of sub) if (payload !== undefined) events.push(...(decodeFrame(payload, registry).messages as Event[]));
    })().catch(() => undefined);
    client = new zmq.Push({ linger: 0 });
    client.connect(endpoints.riskIn);
    counterparty = new zmq.Dealer({ linger: 0, routingId: 'counterparty' });
    counterparty.connect(endpoints.simOrders);
    void (async () => {
      for await (const [payload] of counterparty) if (payload !== undefined) theirReports.push(...(decodeFrame(payload, registry).messages as Event[]));
    })().catch(() => undefined);
    // A subscriber misses what was published before it joined: probe (a bid far below anything traded) until seen.
    await until('the subscriber to join', () => {
      if (events.some((e) => e.type === 'OrderAccepted')) return true;
      void weSend('probe', 'BTC-USD', { side: 'buy', orderType: 'limit', price: 100_000, qty: 1 });
      return false;
    });
  });

  afterAll(async () => {
    for (const socket of [sub, client, counterparty]) socket?.close();
    await terminal?.stop();
  });

  it('partial fills, then the rest as maker: the position, its cost and both fees', async () => {
    await theyRest('BTC-USD', 'sell', BTC, 3);
    const id = await weSend('sc-partial', 'BTC-USD', { side: 'buy', orderType: 'limit', price: BTC, qty: 5 });
    await until('the partial fill', () => events.some((e) => e.clientOrderId === id && e.state === 'partially_filled'));
    await theyRest('BTC-USD', 'sell', BTC + 10, 1); // not ours: above our bid
    const rest = order('cp', 'BTC-USD', { side: 'sell', orderType: 'limit', price: BTC, qty: 2 });
    await counterparty.send(encodeFrame(rest));
    await until('our order filled', () => done(id));
    await until('the owner at 5 lots', () => latestOwner('sc-partial', 'BTC-USD')?.qty === 5);
    expect(latestOwner('sc-partial', 'BTC-USD')).toMatchObject({ qty: 5, cost: 5 * BTC, realized: 0, fees: 25 * BTC * 3 + 5 * BTC * 2 });
  });

  it('a flip from long to short: realised P&L on the closed part (FIFO), the rest opens the short', async () => {
    await theyRest('BTC-USD', 'sell', BTC + 10, 1); // with the earlier one: 2 lots at BTC + 10
    const buy = await weSend('sc-flip', 'BTC-USD', { side: 'buy', orderType: 'market', price: 0, qty: 2, tif: 'IOC' });
    await until('the buy filled', () => done(buy));
    await theyRest('BTC-USD', 'buy', BTC + 20, 5);
    const sell = await weSend('sc-flip', 'BTC-USD', { side: 'sell', orderType: 'market', price: 0, qty: 5, tif: 'IOC' });
    await until('the sell filled', () => done(sell));
    await until('the owner short 3', () => latestOwner('sc-flip', 'BTC-USD')?.qty === -3);
    expect(latestOwner('sc-flip', 'BTC-USD')).toMatchObject({ qty: -3, cost: 3 * (BTC + 20), realized: (BTC + 20 - (BTC + 10)) * 2, fees: 25 * (BTC + 10) * 2 + 25 * (BTC + 20) * 5 });
  });

  it('a future with a multiplier: 4 ticks on one contract is 4 ticks×lots = 50 USD, fees at 12.5 USD a tick×lot', async () => {
    await theyRest('IDX-FUT', 'sell', IDX, 1);
    const buy = await weSend('sc-future', 'IDX-FUT', { side: 'buy', orderType: 'market', price: 0, qty: 1, tif: 'IOC' });
    await until('the buy filled', () => done(buy));
    await theyRest('IDX-FUT', 'buy', IDX + 4, 1);
    const sell = await weSend('sc-future', 'IDX-FUT', { side: 'sell', orderType: 'market', price: 0, qty: 1, tif: 'IOC' });
    await until('the sell filled', () => done(sell));
    await until('flat', () => latestOwner('sc-future', 'IDX-FUT')?.qty === 0);
    expect(latestOwner('sc-future', 'IDX-FUT')).toMatchObject({ qty: 0, cost: 0, realized: 4, fees: 50_000 * IDX + 50_000 * (IDX + 4) });
    const position = events.filter((e) => e.type === 'PositionChanged' && e.symbol === 'IDX-FUT').at(-1);
    expect(position).toMatchObject({ qty: 0, realized: 4 });
  });

  it('a decision: an order over the maximum quantity is denied with the numbers and never reaches the venue', async () => {
    const id = await weSend('sc-denied', 'BTC-USD', { side: 'buy', orderType: 'limit', price: BTC - 100, qty: 1001 });
    await until('the denial', () => done(id));
    expect(events.find((e) => e.clientOrderId === id && e.type === 'OrderDenied')).toMatchObject({ rule: 'max_order_qty', limit: 1000, value: 1001 });
    expect(events.some((e) => e.clientOrderId === id && e.type === 'OrderSubmitted')).toBe(false);
  });
});
