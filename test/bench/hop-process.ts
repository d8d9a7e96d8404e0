/**
 * One process of the transport-floor measurement (transport-floor.ts): bare zeromq.js in the tick-to-order path's
 * shape, with nothing of the terminal's runtime on it. Roles:
 *
 *   source     PUB (binds): `rate` trades/s in ticks of `tickMs`, each stamped just before it is sent;
 *   forwarder  `--from sub`: SUB (connects) → PUSH (connects), every `every`-th trade becomes an order carrying the
 *              trade's stamp as `causeTs` and its own send time as `ts` (the strategy's place);
 *              `--from pull`: PULL (binds) → PUSH (connects), each order passed on as a new message stamped `rts` on
 *              receipt (risk's place);
 *   sink       PULL (binds): records receive time − `causeTs` (and each hop) for `samples` orders after `warmupMs`,
 *              then hands them to the parent over the IPC channel (execution's place).
 *
 * Payloads are msgpack maps built once as templates; each message is a fresh copy (as the codec's encoder returns a
 * fresh array) with its stamps written in place, so the bytes and their sizes are realistic while the processes do
 * no encoding work. `--payload small` makes trades and orders ~40 B (zeromq.js copies messages ≤ 128 B);
 * `--payload order` makes trades shaped like our `Trade` (~120 B) and orders like our `SubmitOrder` padded to 250 B
 * (> 128 B: zeromq.js sends them zero-copy, releasing each buffer through a finalizer on the main thread).
 *
 * Times are `performance.timeOrigin + performance.now()` in µs (unrounded), comparable across processes.
 * The process exits when the parent says `stop` or its IPC channel closes.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { encode, decode } from '@msgpack/msgpack';
import * as zmq from 'zeromq';
import { createSocket } from '../../workers/runtime/sockets.js';
import { SCHEMA_VERSION } from '../../workers/protocol/messages.js';

/** What the parent hears from a hop process. */
export type HopReport =
  | { type: 'ready'; role: string; bytes: number }
  | { type: 'samples'; total: number[]; hops: [number[], number[], number[]]; gaps: number; windowUs: number; checked: boolean }
  | { type: 'failed'; error: string };

/** What the parent tells a hop process. */
export type HopCommand = { type: 'start' } | { type: 'stop' };

export type PayloadKind = 'small' | 'order';

const TOPIC = 'trade.sim.BTC-USD';
const SMALL_BYTES = 40;
const ORDER_BYTES = 250;

// Sentinels, written once into a template and searched for to find where each stamp lives.
const CAUSE_TS = 0.5;
const TS = 0.25;
const RTS = 0.125;
const SEQ = 0xdeadbeef; // msgpack uint32

/** A msgpack template and the offsets (of the value bytes) of its stamps. */
interface Template {
  bytes: Uint8Array;
  causeTs: number;
  ts: number;
  rts: number;
  seq: number;
}

function now(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

/** Encodes `fields`, padded with a `pad` string to at least `target` bytes (0: no padding), and locates its stamps. */
function template(fields: Record<string, unknown>, target: number): Template {
  let bytes = encode(fields);
  for (let pad = 1; bytes.length < target; pad++) bytes = encode({ ...fields, pad: 'x'.repeat(pad) });
  return { bytes, causeTs: find(bytes, 0xcb, CAUSE_TS), ts: find(bytes, 0xcb, TS), rts: find(bytes, 0xcb, RTS), seq: find(bytes, 0xce, SEQ) };
}

/** Offset of the value after a msgpack `marker` (0xcb float64, 0xce uint32) holding `value`; -1 if absent. */
function find(bytes: Uint8Array, marker: number, value: number): number {
  const pattern = Buffer.alloc(marker === 0xcb ? 9 : 5);
  pattern[0] = marker;
  if (marker === 0xcb) pattern.writeDoubleBE(value, 1);
  else pattern.writeUInt32BE(value, 1);
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(pattern);
  return at < 0 ? -1 : at + 1;
}

/** The trade and order templates of a payload kind. */
function templates(kind: PayloadKind): { trade: Template; order: Template } {
  if (kind === 'small') {
    return {
      trade: template({ type: 'Trade', causeTs: CAUSE_TS }, SMALL_BYTES),
      order: template({ c: CAUSE_TS, t: TS, r: RTS, n: SEQ }, SMALL_BYTES),
    };
  }
  const trade = {
    v: SCHEMA_VERSION, seq: 123_456, type: 'Trade', ts: CAUSE_TS, rts: 1_763_890_000_123_456, venue: 'sim', symbol: 'BTC-USD',
    price: 130_001, qty: 3, aggressor: 'buy', tradeId: 123_456,
  };
  const order = {
    v: SCHEMA_VERSION, seq: SEQ, type: 'SubmitOrder', ts: TS, rts: RTS, venue: 'sim', symbol: 'BTC-USD', src: 'strategy',
    clientOrderId: 'ping.1763890000.000012345', strategyId: 'ping', side: 'buy', orderType: 'market', price: 0, qty: 1,
    tif: 'IOC', causeTs: CAUSE_TS,
  };
  return { trade: template(trade, 0), order: template(order, ORDER_BYTES) };
}

/** A fresh copy of `t`'s bytes (as the encoder returns) and a view to write stamps with. */
function fresh(t: Template): { bytes: Uint8Array; view: DataView } {
  const bytes = t.bytes.slice();
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function report(message: HopReport): void {
  process.send?.(message);
}

/** Runs `onCommand` for the parent's commands; closes `sockets` and exits on `stop` or when the parent goes away. */
function listen(sockets: zmq.Socket[], onCommand: (command: HopCommand) => void = () => undefined): void {
  const exit = (): void => {
    for (const socket of sockets) socket.close();
    process.exit(0);
  };
  process.on('disconnect', exit);
  process.on('message', (command: HopCommand) => (command.type === 'stop' ? exit() : onCommand(command)));
}

async function source(endpoint: string, rate: number, tickMs: number, kind: PayloadKind): Promise<void> {
  const { trade } = templates(kind);
  const pub = createSocket('pub') as zmq.Publisher;
  await pub.bind(endpoint);
  let timer: NodeJS.Timeout | undefined;
  let startedAt = 0;
  let produced = 0;
  let busy = false;
  const maxBurst = Math.max(1, Math.floor((rate * 50) / 1000));
  // Like the flood source: what is due since the start, never more than 50 ms' worth at once.
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const target = Math.floor(((now() - startedAt) * rate) / 1e6);
      if (target - produced > maxBurst) produced = target - maxBurst;
      while (produced < target) {
        produced += 1;
        const { bytes, view: v } = fresh(trade);
        v.setFloat64(trade.causeTs, now());
        await pub.send([TOPIC, bytes]);
      }
    } finally {
      busy = false;
    }
  };
  listen([pub], (command) => {
    if (command.type !== 'start' || timer !== undefined) return;
    startedAt = now();
    timer = setInterval(() => void tick().catch(fail), tickMs);
  });
  report({ type: 'ready', role: 'source', bytes: trade.bytes.length });
}

async function forwarder(from: 'sub' | 'pull', input: string, output: string, every: number, kind: PayloadKind): Promise<void> {
  const { trade, order } = templates(kind);
  const push = createSocket('push') as zmq.Push;
  push.connect(output);
  if (from === 'sub') {
    const sub = createSocket('sub') as zmq.Subscriber;
    sub.connect(input);
    sub.subscribe('trade.');
    listen([sub, push]);
    report({ type: 'ready', role: 'forwarder sub', bytes: order.bytes.length });
    let received = 0;
    let sent = 0;
    for await (const [, payload] of sub) {
      received += 1;
      if (received % every !== 0 || payload === undefined) continue;
      const causeTs = view(payload).getFloat64(trade.causeTs);
      const { bytes, view: v } = fresh(order);
      v.setFloat64(order.causeTs, causeTs);
      v.setUint32(order.seq, ++sent);
      v.setFloat64(order.ts, now());
      await push.send(bytes);
    }
  } else {
    const pull = createSocket('pull') as zmq.Pull;
    await pull.bind(input);
    listen([pull, push]);
    report({ type: 'ready', role: 'forwarder pull', bytes: order.bytes.length });
    for await (const [payload] of pull) {
      if (payload === undefined) continue;
      const received = now();
      const bytes = new Uint8Array(payload); // a new message, as risk encodes its own
      view(bytes).setFloat64(order.rts, received);
      await push.send(bytes);
    }
  }
}

async function sink(endpoint: string, warmupMs: number, samples: number, kind: PayloadKind): Promise<void> {
  const { order } = templates(kind);
  const pull = createSocket('pull') as zmq.Pull;
  await pull.bind(endpoint);
  listen([pull]);
  report({ type: 'ready', role: 'sink', bytes: order.bytes.length });
  const total = new Float64Array(samples);
  const hops = [new Float64Array(samples), new Float64Array(samples), new Float64Array(samples)] as const;
  let first = 0;
  let windowStart = 0;
  let count = 0;
  let lastSeq = 0;
  let gaps = 0;
  let checked = true;
  for await (const [payload] of pull) {
    const received = now();
    if (payload === undefined) continue;
    const v = view(payload);
    const seq = v.getUint32(order.seq);
    if (lastSeq !== 0 && seq !== lastSeq + 1) gaps += 1;
    lastSeq = seq;
    if (first === 0) first = received;
    if (received - first < warmupMs * 1000) continue;
    if (count === 0) windowStart = received;
    if (count >= samples) continue;
    const causeTs = v.getFloat64(order.causeTs);
    const ts = v.getFloat64(order.ts);
    const rts = v.getFloat64(order.rts);
    total[count] = received - causeTs;
    hops[0][count] = ts - causeTs;
    hops[1][count] = rts - ts;
    hops[2][count] = received - rts;
    count += 1;
    if (count === 1 || count === samples) checked &&= decodes(payload, causeTs, rts);
    if (count === samples) {
      report({ type: 'samples', total: [...total], hops: [[...hops[0]], [...hops[1]], [...hops[2]]], gaps, windowUs: received - windowStart, checked });
    }
  }
}

/** The payload is the msgpack it claims to be, with the stamps where they were read. */
function decodes(payload: Uint8Array, causeTs: number, rts: number): boolean {
  try {
    const values = Object.values(decode(payload) as Record<string, unknown>);
    return values.includes(causeTs) && values.includes(rts);
  } catch {
    return false;
  }
}

function fail(error: unknown): void {
  report({ type: 'failed', error: (error as Error).stack ?? String(error) });
  process.exit(1);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      rate: { type: 'string', default: '10000' },
      'tick-ms': { type: 'string', default: '1' },
      every: { type: 'string', default: '1' },
      'warmup-ms': { type: 'string', default: '2000' },
      samples: { type: 'string', default: '10000' },
      payload: { type: 'string', default: 'small' },
    },
  });
  const role = positionals[0];
  const kind = values.payload === 'order' ? 'order' : 'small';
  const need = (name: 'in' | 'out'): string => {
    const value = values[name];
    if (value === undefined) throw new Error(`${role}: --${name} is required`);
    return value;
  };
  if (role === 'source') return source(need('out'), Number(values.rate), Number(values['tick-ms']), kind);
  if (role === 'forwarder') {
    const from = values.from === 'sub' ? 'sub' : values.from === 'pull' ? 'pull' : undefined;
    if (from === undefined) throw new Error('forwarder: --from sub|pull is required');
    return forwarder(from, need('in'), need('out'), Number(values.every), kind);
  }
  if (role === 'sink') return sink(need('in'), Number(values['warmup-ms']), Number(values.samples), kind);
  throw new Error(`unknown role ${String(role)}: source | forwarder | sink`);
}

main().catch(fail);
