/**
 * The transport floor under the Binance section's latency: one ZeroMQ PUB → SUB hop over ipc:// between two Node
 * processes, with the gateway's payload (a real 20-level BookUpdate as the gateway encodes it, so zeromq.js sends it
 * zero-copy as it does the gateway's) at the same rate, and nothing else: no WebSocket, no adapter, no shell. The
 * sender stamps just before `send` (binance-floor-process.ts); the subscriber here stamps on receipt.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as zmq from 'zeromq';
import { encodeFrame } from '../../workers/protocol/codec.js';
import type { Message } from '../../workers/protocol/messages.js';
import { createSocket } from '../../workers/runtime/sockets.js';

/** Percentiles of the hop, µs. */
export interface FloorFigures {
  payloadBytes: number;
  samples: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

const PROCESS = fileURLToPath(new URL('./binance-floor-process.js', import.meta.url));

/** Measures the hop for `measureMs` after `warmupMs`, one message per `periodMs`. */
export async function runBinanceFloor(sample: Message, options: { periodMs: number; warmupMs: number; measureMs: number }): Promise<FloorFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-bnb-floor-'));
  const payloadFile = join(dir, 'payload.bin');
  const payload = encodeFrame(sample);
  writeFileSync(payloadFile, payload);
  const endpoint = `ipc://${join(dir, 'md.sock')}`;
  const child = spawn(process.execPath, [PROCESS, '--out', endpoint, '--payload', payloadFile, '--period-ms', String(options.periodMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const sub = createSocket('sub') as zmq.Subscriber;
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`binance floor: the sender exited (${code})`)));
    });
    sub.subscribe('book.');
    sub.connect(endpoint);
    const samples: number[] = [];
    let measuring = false;
    const reading = (async () => {
      for await (const [, body] of sub) {
        const now = (performance.timeOrigin + performance.now()) * 1000;
        if (measuring) samples.push(now - new DataView(body!.buffer, body!.byteOffset, 8).getFloat64(0, true));
      }
    })().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
    measuring = true;
    await new Promise((resolve) => setTimeout(resolve, options.measureMs));
    measuring = false;
    sub.close();
    await reading;
    const sorted = samples.sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    return { payloadBytes: payload.length, samples: sorted.length, p50Us: at(0.5), p99Us: at(0.99), p999Us: at(0.999), maxUs: Math.round(sorted.at(-1) ?? 0) };
  } finally {
    if (!sub.closed) sub.close();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
