/**
 * The transport floor: tick-to-order through bare zeromq.js in the system's shape, to put its figures in context.
 * Four Node processes (hop-process.ts) on ipc:// sockets under a fresh temp folder: a PUB at `rate` messages/s in
 * ticks of `tickMs` → a SUB process forwarding every `every`-th over PUSH → a PULL/PUSH forwarder → a PULL sink; the
 * same binds and connects as feed → strategy → risk → execution, and no work on the way but copying the payload.
 * The sink measures receive time − the source's stamp; this module turns its samples into exact percentiles.
 *
 * It runs once per payload size: small (~40 B, which zeromq.js copies) and order-sized (trades like our `Trade`,
 * orders like our `SubmitOrder` at 250 B, which zeromq.js sends zero-copy and releases through finalizers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HopCommand, HopReport, PayloadKind } from './hop-process.js';
import type { LatencyFigures, LatencyStages } from './journal-latency.js';

const HOP_SCRIPT = fileURLToPath(new URL('./hop-process.js', import.meta.url));

/** How to run it. */
export interface TransportFloorOptions {
  /** Messages per second from the source. */
  rate: number;
  /** An order every this many messages. */
  every: number;
  /** The source's clock tick, ms (its messages go out in bursts of rate × tickMs / 1000). */
  tickMs: number;
  /** Orders the sink lets pass before it measures, in ms from its first. */
  warmupMs: number;
  /** Orders measured per payload size. */
  samples: number;
  payloads: PayloadKind[];
}

/** One payload size's figures. */
export interface TransportFloorVariant {
  payload: PayloadKind;
  /** Sizes of the messages on the wire (msgpack payload frame; the PUB's topic frame not counted). */
  tradeBytes: number;
  orderBytes: number;
  /** Receive time at the sink − the source's stamp. */
  endToEnd: LatencyFigures;
  /** The same split as the system's `stages`: source → SUB forwarder's send, → PULL forwarder's receipt, → sink. */
  stages: LatencyStages;
  /** Orders per second the sink received over its window. */
  ordersPerSecond: number;
  /** Breaks in the orders' sequence seen by the sink (warm-up included). */
  gaps: number;
  /** The sink decoded its first and last measured payload as msgpack and found the stamps it had read. */
  payloadChecked: boolean;
}

/** What it measured. */
export interface TransportFloorResult {
  shape: string;
  rate: number;
  every: number;
  tickMs: number;
  warmupSeconds: number;
  variants: TransportFloorVariant[];
  problems: string[];
}

/** Measures every payload size in turn; every process it starts is stopped and the temp folder removed. */
export async function runTransportFloor(options: TransportFloorOptions): Promise<TransportFloorResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-floor-'));
  const variants: TransportFloorVariant[] = [];
  try {
    for (const payload of options.payloads) variants.push(await runVariant(options, payload, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const expected = options.rate / options.every;
  const problems = variants.flatMap((v) => [
    ...(v.gaps > 0 ? [`transport floor ${v.payload}: ${v.gaps} gaps in the orders' sequence`] : []),
    ...(v.payloadChecked ? [] : [`transport floor ${v.payload}: the sink's payload did not decode to the stamps it read`]),
    ...(v.ordersPerSecond < 0.95 * expected ? [`transport floor ${v.payload}: ${Math.round(v.ordersPerSecond)} orders/s, expected ${expected}`] : []),
  ]);
  return {
    shape: `PUB ${options.rate.toLocaleString('en-US')}/s in ${options.tickMs} ms ticks → SUB, every ${options.every}th over PUSH → PULL/PUSH → PULL; 4 Node processes, ipc://`,
    rate: options.rate,
    every: options.every,
    tickMs: options.tickMs,
    warmupSeconds: options.warmupMs / 1000,
    variants,
    problems,
  };
}

async function runVariant(options: TransportFloorOptions, payload: PayloadKind, dir: string): Promise<TransportFloorVariant> {
  const md = `ipc://${join(dir, `${payload}-md.sock`)}`;
  const riskIn = `ipc://${join(dir, `${payload}-risk-in.sock`)}`;
  const execIn = `ipc://${join(dir, `${payload}-exec-in.sock`)}`;
  const common = ['--payload', payload];
  // Binders first, as the terminal's owners bind and everyone else connects.
  const sink = new Hop('sink', ['sink', '--in', execIn, '--warmup-ms', String(options.warmupMs), '--samples', String(options.samples), ...common]);
  const pullForwarder = new Hop('forwarder pull', ['forwarder', '--from', 'pull', '--in', riskIn, '--out', execIn, '--every', '1', ...common]);
  const subForwarder = new Hop('forwarder sub', ['forwarder', '--from', 'sub', '--in', md, '--out', riskIn, '--every', String(options.every), ...common]);
  const source = new Hop('source', ['source', '--out', md, '--rate', String(options.rate), '--tick-ms', String(options.tickMs), ...common]);
  const hops = [source, subForwarder, pullForwarder, sink];
  try {
    const failed = Promise.race(hops.map((hop) => hop.failed));
    failed.catch(() => undefined);
    const [sourceReady, sinkReady] = await Promise.race([
      Promise.all([source.next('ready', 10_000), sink.next('ready', 10_000), subForwarder.next('ready', 10_000), pullForwarder.next('ready', 10_000)]),
      failed,
    ]);
    source.send({ type: 'start' });
    const expectedMs = options.warmupMs + (options.samples * options.every * 1000) / options.rate;
    const samples = await Promise.race([sink.next('samples', 2 * expectedMs + 15_000), failed]);
    const total = samples.total;
    return {
      payload,
      tradeBytes: sourceReady.bytes,
      orderBytes: sinkReady.bytes,
      endToEnd: figures(total),
      stages: { feedToStrategy: figures(samples.hops[0]), strategyToRisk: figures(samples.hops[1]), riskToExecution: figures(samples.hops[2]) },
      ordersPerSecond: samples.windowUs > 0 ? ((total.length - 1) * 1e6) / samples.windowUs : 0,
      gaps: samples.gaps,
      payloadChecked: samples.checked,
    };
  } finally {
    // The source first, so nothing queues behind the others as they go.
    for (const hop of hops) await hop.stop();
  }
}

/** Exact percentiles (nearest rank) of latencies in µs, rounded to whole µs. */
export function figures(samples: readonly number[]): LatencyFigures {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number): number => (sorted.length === 0 ? 0 : Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!));
  return { count: sorted.length, p50Us: at(50), p99Us: at(99), p999Us: at(99.9), maxUs: at(100) };
}

type ReportOf<T extends HopReport['type']> = Extract<HopReport, { type: T }>;

/** One hop process: its reports, its stderr, and a way to stop it for sure. */
class Hop {
  private readonly child: ChildProcess;
  private stderr = '';
  private stopping = false;
  private readonly exited: Promise<void>;
  /** Rejects if the process fails or exits before it is stopped. */
  readonly failed: Promise<never>;

  constructor(
    readonly name: string,
    args: string[],
  ) {
    this.child = spawn(process.execPath, [HOP_SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4_000);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.failed = new Promise<never>((_, reject) => {
      this.child.once('error', (error) => reject(new Error(`transport floor: ${this.name} could not start: ${error.message}`)));
      this.child.on('message', (report: HopReport) => {
        if (report.type === 'failed') reject(new Error(`transport floor: ${this.name} failed: ${report.error}`));
      });
      this.child.once('exit', (code, signal) => {
        if (!this.stopping) reject(new Error(`transport floor: ${this.name} exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
      });
    });
    this.failed.catch(() => undefined);
  }

  /** The next report of `type`; rejects after `timeoutMs`. */
  next<T extends HopReport['type']>(type: T, timeoutMs: number): Promise<ReportOf<T>> {
    return new Promise((resolve, reject) => {
      const onMessage = (report: HopReport): void => {
        if (report.type !== type) return;
        done();
        resolve(report as ReportOf<T>);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`transport floor: timed out after ${timeoutMs} ms waiting for ${this.name}'s ${type}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
      };
      this.child.on('message', onMessage);
    });
  }

  send(command: HopCommand): void {
    if (this.child.connected) this.child.send(command);
  }

  /** Asks it to stop; kills it if it has not exited within 2 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    await this.exited;
    clearTimeout(timer);
  }
}
