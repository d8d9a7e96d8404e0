/**
 * Garbage at every bound endpoint: frames that do not decode or validate are refused and counted, every worker stays
 * up, and trading goes on.
 */
import { encode } from '@msgpack/msgpack';
import { connect } from 'node:net';
import * as zmq from 'zeromq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingStrategy, startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const now = Date.now() * 1000;
const order = { v: 3, type: 'SubmitOrder', seq: 1, ts: now, rts: now, src: 'garbage-test', venue: 'sim', symbol: 'BTC-USD', clientOrderId: 'g-1', strategyId: 'g', side: 'buy', orderType: 'limit', price: 100, qty: 1, tif: 'GTC', causeTs: 0 };

/** Frames that must each be refused (one refusal apiece). */
const BAD_PAYLOADS: Array<[string, Uint8Array]> = [
  ['random bytes', Uint8Array.from([0xc1, 0xff, 0x00, 0x13, 0x37])],
  ['not a map', encode(42)],
  ['unknown type', encode({ ...order, type: 'LaunchRocket' })],
  ['wrong version', encode({ ...order, v: 1 })],
  ['NaN price', encode({ ...order, price: Number.NaN })],
  ['zero quantity', encode({ ...order, qty: 0 })],
  ['negative quantity', encode({ ...order, qty: -5 })],
  ['fractional quantity', encode({ ...order, qty: 1.5 })],
  ['unknown instrument', encode({ ...order, symbol: 'DOGE-XYZ' })],
  ['market order with a price', encode({ ...order, orderType: 'market', price: 5 })],
];

describe('garbage frames', () => {
  let terminal: TestTerminal;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [pingStrategy(5)] }, true);
    await terminal.waitFor('trading', () => terminal.summary().orders.fills >= 2);
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  it('refuses and counts them at every endpoint, and every worker stays up', async () => {
    const { endpoints } = terminal.config;
    const before = terminal.summary();
    for (const endpoint of [endpoints.riskIn, endpoints.execIn]) await sendAll(new zmq.Push({ linger: 1000 }), endpoint, BAD_PAYLOADS.length);
    for (const endpoint of [endpoints.ctl, endpoints.simOrders, endpoints.mdSnap, endpoints.execSnap, endpoints.riskSnap, endpoints.simSnap]) {
      await sendAll(new zmq.Dealer({ linger: 1000 }), endpoint, BAD_PAYLOADS.length);
    }
    for (const endpoint of [endpoints.md, endpoints.risk, endpoints.exec, endpoints.simMd]) await rawTcpGarbage(endpoint);

    const refusedBy = (name: string): number => terminal.summary().workers[name]!.refused - before.workers[name]!.refused;
    // Each PULL endpoint refuses every bad payload plus the two-frame message.
    await terminal.waitFor('risk to count every refusal', () => refusedBy('risk') >= BAD_PAYLOADS.length * 2 + 1);
    await terminal.waitFor('execution to count every refusal', () => refusedBy('execution') >= BAD_PAYLOADS.length * 2 + 1);
    await terminal.waitFor('the venue to count its refusals', () => refusedBy('sim') >= BAD_PAYLOADS.length);
    await terminal.waitFor('feed to count its refusals', () => refusedBy('feed') >= BAD_PAYLOADS.length);
    await terminal.waitFor('the host to count control refusals', () => terminal.summary().hostRefused - before.hostRefused >= BAD_PAYLOADS.length);

    const fills = terminal.summary().orders.fills;
    await terminal.waitFor('trading to go on', () => terminal.summary().orders.fills >= fills + 3);
    const after = terminal.summary();
    for (const [name, worker] of Object.entries(after.workers)) {
      expect(worker.state, name).toBe('running');
      expect(worker.restarts, name).toBe(0);
      expect(worker.pid, name).toBe(before.workers[name]!.pid);
    }
    expect(after.orders.denied).toBe(before.orders.denied);
  });
});

/** Sends every bad payload, then one two-frame message, and closes. */
async function sendAll(socket: zmq.Push | zmq.Dealer, endpoint: string, _count: number): Promise<void> {
  socket.connect(endpoint);
  for (const [, payload] of BAD_PAYLOADS) await socket.send(payload);
  await socket.send([Buffer.from('two'), Buffer.from('frames')]);
  socket.close();
}

/** Writes bytes that are not ZMTP at all to a TCP endpoint. */
async function rawTcpGarbage(endpoint: string): Promise<void> {
  const [, host, port] = /^tcp:\/\/([^:]+):(\d+)$/.exec(endpoint)!;
  await new Promise<void>((resolve) => {
    const socket = connect(Number(port), host!, () => {
      socket.end(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u00ff garbage'));
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
    socket.setTimeout(2000, () => socket.destroy());
  });
}
