/**
 * The execution worker as a real process routes each order to its venue's DEALER: sim orders to the simulated
 * exchange's ROUTER, Binance orders to the Binance gateway's; reports, unknown statuses and reconciliation reports
 * from the gateway come out on `exec`. The test stands in for both venues with ROUTER sockets of its own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as zmq from 'zeromq';
import { defaultConfig, type TerminalConfig } from '../../workers/protocol/config.js';
import { decodePayload, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type Message } from '../../workers/protocol/messages.js';

const DIST = new URL('../../dist/', import.meta.url);

interface Received {
  peer: string;
  message: Record<string, unknown>;
}

let runDir: string;
let child: ChildProcess;
let ctl: zmq.Router;
let sim: zmq.Router;
let binance: zmq.Router;
let push: zmq.Push;
let sub: zmq.Subscriber;
const atSim: Received[] = [];
const atBinance: Received[] = [];
const published: Array<{ topic: string; message: Record<string, unknown> }> = [];
let heartbeats = 0;

async function readRouter(socket: zmq.Router, into: Received[]): Promise<void> {
  try {
    for await (const [peer, payload] of socket) {
      const decoded = decodePayload(payload!) as Record<string, unknown> | Array<Record<string, unknown>>;
      for (const message of Array.isArray(decoded) ? decoded : [decoded]) into.push({ peer: peer!.toString(), message });
    }
  } catch {
    // closed
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let seq = 0;
const stamp = () => ({ v: SCHEMA_VERSION, seq: ++seq, ts: Date.now() * 1000, rts: Date.now() * 1000 });

function order(venue: string, symbol: string, clientOrderId: string): Message {
  return { ...stamp(), type: 'SubmitOrder', venue, symbol, src: 'risk', clientOrderId, strategyId: 'manual', side: 'buy', orderType: 'limit', price: 6_000_000, qty: 100, tif: 'GTC', causeTs: 0 } as Message;
}

beforeAll(async () => {
  runDir = mkdtempSync(join(tmpdir(), 'tt-routing-'));
  const base = defaultConfig(runDir);
  const config: TerminalConfig = {
    ...base,
    journal: false,
    instruments: [...base.instruments, { venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 }],
    venues: { binance: { symbols: [{ symbol: 'BTCUSDT', market: 'spot', mode: 'live' }] } as never },
  };
  const e = config.endpoints;
  ctl = new zmq.Router({ linger: 0 });
  sim = new zmq.Router({ linger: 0 });
  binance = new zmq.Router({ linger: 0 });
  await Promise.all([ctl.bind(e.ctl), sim.bind(e.simOrders), binance.bind(e.binanceOrders)]);
  void readRouter(sim, atSim);
  void readRouter(binance, atBinance);
  void (async () => {
    try {
      for await (const [, payload] of ctl) {
        const decoded = decodePayload(payload!) as Record<string, unknown>;
        if (decoded.type === 'Heartbeat') heartbeats++;
      }
    } catch {
      // closed
    }
  })();
  child = fork(new URL('workers/execution/main.js', DIST).pathname, [], {
    env: { ...process.env, TERMINAL_CONFIG: JSON.stringify(config), TERMINAL_WORKER: 'execution' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  push = new zmq.Push({ linger: 0 });
  push.connect(e.execIn);
  sub = new zmq.Subscriber({ linger: 0 });
  sub.connect(e.exec);
  sub.subscribe();
  void (async () => {
    try {
      for await (const [topic, payload] of sub) {
        const decoded = decodePayload(payload!) as Record<string, unknown> | Array<Record<string, unknown>>;
        for (const message of Array.isArray(decoded) ? decoded : [decoded]) published.push({ topic: topic!.toString(), message });
      }
    } catch {
      // closed
    }
  })();
});

afterAll(async () => {
  child?.kill('SIGKILL');
  if (child !== undefined && child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  for (const socket of [ctl, sim, binance, push, sub]) socket?.close();
  rmSync(runDir, { recursive: true, force: true });
});

describe('execution routes orders by venue', () => {
  it('sends sim orders to the simulator and Binance orders to the Binance gateway, each on its own DEALER', async () => {
    // The execution worker binds execIn once it runs: resend until it has taken the order (it is idempotent by id).
    const send = async (message: Message, seen: () => boolean) => {
      while (!seen()) {
        await push.send(encodeFrame(message));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await send(order('sim', 'BTC-USD', 's-1'), () => atSim.some((r) => r.message.clientOrderId === 's-1'));
    await send(order('binance', 'BTCUSDT', 'b-1'), () => atBinance.some((r) => r.message.clientOrderId === 'b-1'));
    expect(atSim.map((r) => r.message.clientOrderId)).not.toContain('b-1');
    expect(atBinance.map((r) => r.message.clientOrderId)).not.toContain('s-1');
    expect(atBinance.find((r) => r.message.clientOrderId === 'b-1')?.peer).toBe('terminal');
  });

  it("publishes the gateway's reports, unknown statuses and reconciliation on exec", async () => {
    const reply = (message: Record<string, unknown>) => binance.send(['terminal', encodeFrame({ ...stamp(), ...message } as Message)]);
    const ids = { venue: 'binance', symbol: 'BTCUSDT', strategyId: 'manual', side: 'buy' };
    await reply({ type: 'ReconcileReport', venue: 'binance', account: 'main', state: 'differences', reason: '1 difference', differences: [{ kind: 'fill_missed', symbol: 'BTCUSDT', id: '9', terminal: 'not seen', venue: 'fill', action: 'publish the fill', blocking: true }] });
    await reply({ type: 'OrderStatusUnknown', ...ids, clientOrderId: 'b-1', state: 'pending_new', request: 'submit', reason: 'no answer in time' });
    await reply({ type: 'OrderAccepted', ...ids, clientOrderId: 'b-1', state: 'accepted', venueOrderId: '77' });
    await reply({ type: 'VenueAccount', venue: 'binance', account: 'main', source: 'stream', balances: [{ asset: 'USDT', free: '99940.5', locked: '60' }], updateTime: 1 });
    await until(() => published.some((p) => p.message.type === 'VenueAccount'), 'the balances on exec');
    expect(published.find((p) => p.message.type === 'ReconcileReport')).toMatchObject({ topic: 'reconcile.binance.main', message: { state: 'differences' } });
    expect(published.find((p) => p.message.type === 'OrderStatusUnknown')).toMatchObject({ topic: 'order.binance.BTCUSDT', message: { clientOrderId: 'b-1' } });
    expect(published.find((p) => p.message.type === 'OrderAccepted' && p.message.clientOrderId === 'b-1')?.topic).toBe('order.binance.BTCUSDT');
    expect(published.find((p) => p.message.type === 'VenueAccount')?.topic).toBe('account.binance.main');
    // Answered: no more resends of b-1 to the gateway over four heartbeats (longer than the resend period).
    const count = atBinance.filter((r) => r.message.clientOrderId === 'b-1').length;
    const from = heartbeats;
    await until(() => heartbeats >= from + 4, 'four heartbeats');
    expect(atBinance.filter((r) => r.message.clientOrderId === 'b-1').length).toBe(count);
  });
});
