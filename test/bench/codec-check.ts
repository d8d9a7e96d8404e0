/**
 * Guards the wire codec's fast path before the bench trusts it: for realistic messages, random nested values and
 * corrupted frames, `encodeFrame` must produce exactly the bytes of `@msgpack/msgpack`'s encoder and `decodePayload`
 * exactly its values (or the same error). Runs in well under a second; `npm run bench` stops if it fails.
 */
import { isDeepStrictEqual } from 'node:util';
import { decode, Encoder } from '@msgpack/msgpack';
import { SeededRandom } from '../../workers/core/random.js';
import { decodePayload, encodeFrame } from '../../workers/protocol/codec.js';
import type { Message } from '../../workers/protocol/messages.js';

const reference = new Encoder({ ignoreUndefined: true });

/** Cases checked and the first mismatches found (none when the codec agrees with the library). */
export interface CodecCheck {
  cases: number;
  mismatches: string[];
}

/** Runs the check with a fixed seed. */
export function checkCodec(cases = 3_000, seed = 7): CodecCheck {
  const random = new SeededRandom(seed);
  const mismatches: string[] = [];
  const check = (value: unknown): void => {
    if (mismatches.length < 5) compare(value, mismatches, random);
  };
  for (const message of sampleMessages()) check(message);
  check(sampleMessages());
  for (let i = 0; i < cases; i++) check(randomValue(random, 0));
  return { cases: cases + sampleMessages().length + 1, mismatches };
}

function compare(value: unknown, mismatches: string[], random: SeededRandom): void {
  const expected = reference.encode(value);
  const actual = encodeFrame(value as Message);
  if (!isDeepStrictEqual(Buffer.from(actual), Buffer.from(expected))) {
    mismatches.push(`encode differs for ${safeJson(value)}`);
    return;
  }
  compareDecode(expected, mismatches);
  // A corrupted copy: truncated, or one byte changed, or a byte appended.
  const corrupt = Uint8Array.from(expected);
  const roll = random.next();
  if (roll < 0.3) compareDecode(corrupt.subarray(0, Math.floor(random.next() * corrupt.length)), mismatches);
  else if (roll < 0.9 && corrupt.length > 0) {
    corrupt[Math.floor(random.next() * corrupt.length)] = Math.floor(random.next() * 256);
    compareDecode(corrupt, mismatches);
  } else compareDecode(Uint8Array.from([...expected, 0xc0]), mismatches);
}

function compareDecode(bytes: Uint8Array, mismatches: string[]): void {
  const outcome = (run: () => unknown): { value?: unknown; error?: string } => {
    try {
      return { value: run() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const frame = Buffer.from(bytes); // frames arrive as Buffers; binary values decode as views of them
  const expected = outcome(() => decode(frame));
  const actual = outcome(() => decodePayload(frame));
  if (!isDeepStrictEqual(actual, expected)) {
    mismatches.push(`decode of [${frame.toString('hex').slice(0, 120)}] differs: ${safeJson(actual)} vs ${safeJson(expected)}`);
  }
}

const EDGE_NUMBERS = [
  0, -0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -1, -32, -33, -128, -129, -32768,
  -32769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53) + 1, 0.5, -1.25, 1e300, Number.NaN, Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY, 2 ** 53, 1_732_000_000_000_000,
];
const STRINGS = ['', 'Trade', 'sim', 'BTC-USD', 'buy', 'x'.repeat(31), 'y'.repeat(32), 'z'.repeat(300), 'é', '≥ 0', '\u{1F600}', '__proto__', '\ud800'];

function randomValue(random: SeededRandom, depth: number): unknown {
  const roll = random.next();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)]!;
  if (depth > 3 || roll < 0.35) {
    const leaf = random.next();
    if (leaf < 0.45) return pick(EDGE_NUMBERS) + (random.next() < 0.3 ? Math.floor(random.next() * 1000) : 0);
    if (leaf < 0.8) return random.next() < 0.8 ? pick(STRINGS) : `id-${Math.floor(random.next() * 1e9)}`;
    return pick([true, false, null, undefined, new Uint8Array([1, 2, 3]), new Date(0)]);
  }
  // Wide only near the top, so values stay small: the widths that change a header (15, 16, 17) are what matters.
  const size = depth === 0 ? pick([0, 1, 3, 15, 16, 17, 40]) : pick([0, 1, 2, 3, 16]);
  if (roll < 0.6) return Array.from({ length: size }, () => randomValue(random, depth + 1));
  const map: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    // Own properties even for `__proto__`, which plain assignment would turn into a prototype.
    const key = random.next() < 0.1 ? pick(STRINGS) : `k${i}`;
    Object.defineProperty(map, key, { value: randomValue(random, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return map;
}

function sampleMessages(): unknown[] {
  const envelope = { v: 1, seq: 123_456, ts: 1_732_000_000_123_456, rts: 1_732_000_000_123_999 };
  return [
    { type: 'Trade', ...envelope, venue: 'sim', symbol: 'BTC-USD', price: 130_000, qty: 3, aggressor: 'buy', tradeId: 99 },
    { type: 'Bar', ...envelope, venue: 'sim', symbol: 'BTC-USD', tf: '1s', start: 1_732_000_000_000_000, open: 1, high: 3, low: 1, close: 2, volume: 10, trades: 4, closed: false },
    { type: 'BookUpdate', ...envelope, venue: 'sim', symbol: 'ETH-USD', bids: [[320_000, 5], [319_999, 0]], asks: [] },
    { type: 'SubmitOrder', ...envelope, venue: 'sim', symbol: 'BTC-USD', src: 'risk', clientOrderId: 'ping.lx3k2.12345', strategyId: 'ping', side: 'sell', orderType: 'market', price: 0, qty: 1, tif: 'IOC', causeTs: 1_732_000_000_123_000 },
    { type: 'Heartbeat', ...envelope, worker: 'execution', pid: 1234, state: 'running', reason: '', stats: { msgsIn: 5, msgsOut: 6, refused: 0, counters: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`counter_${i}`, i * 1000])) } },
    { type: 'WorkerLog', ...envelope, worker: 'risk', level: 'warn', text: 'limit ≥ 5 exceeded', extra: undefined },
  ];
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))?.slice(0, 300) ?? String(value);
  } catch {
    return String(value);
  }
}
