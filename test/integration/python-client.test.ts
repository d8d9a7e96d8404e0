/**
 * The wire protocol from another language: a Python client (pyzmq + msgpack, written from docs/protocol.md) subscribes
 * to market data, submits a market order to risk and follows it on execution's stream until it is filled, against a
 * real headless terminal on TCP endpoints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT_NAMES, defaultEndpoints, type Endpoints } from '../../workers/protocol/config.js';
import { PYTHON, pythonReady } from './helpers/python.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST_ENTRY = join(ROOT, 'dist/src-main/headless/main.js');
const CLIENT = join(ROOT, 'test/fixtures/python/client.py');

const havePython = pythonReady('python-client.test');

/** Resolves true if `port` can be bound on 127.0.0.1 right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port with every endpoint's port (base … base+11) free. */
async function findBasePort(): Promise<number> {
  const count = ENDPOINT_NAMES.length;
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let i = 0; i < count && free; i++) free = await portFree(base + i);
    if (free) return base;
  }
  throw new Error(`no range of ${count} free ports found`);
}

/** Resolves true if a TCP connection to 127.0.0.1:`port` succeeds. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function portOf(endpoint: string): number {
  const match = /:(\d+)$/.exec(endpoint);
  if (match === null) throw new Error(`not a tcp endpoint: ${endpoint}`);
  return Number(match[1]);
}

interface ClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the Python client once against `endpoints`. */
function runClient(endpoints: Endpoints, timeoutSeconds: number): Promise<ClientRun> {
  const args = [
    CLIENT,
    '--md', endpoints.md,
    '--risk-in', endpoints.riskIn,
    '--exec', endpoints.exec,
    '--risk', endpoints.risk,
    '--exec-snap', endpoints.execSnap,
    '--timeout', String(timeoutSeconds),
  ];
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // The client has its own timeout; this only guards against a hung interpreter.
    const guard = setTimeout(() => child.kill('SIGKILL'), (timeoutSeconds + 10) * 1000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What the client prints on success. */
interface ClientReport {
  ok: boolean;
  clientOrderId: string;
  trade: { topic: string; price: number; qty: number };
  events: string[];
  states: string[];
  fill: { price: number; qty: number; filledQty: number; leavesQty: number; fillId: string; liquidity: string } | null;
}

/** Waits for the host to exit: SIGTERM, then SIGKILL after `timeoutMs`. */
async function stopHost(child: ChildProcess, timeoutMs = 25_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const outcome = await Promise.race([exited.then(() => 'exited' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}

describe.skipIf(!havePython)('Python client over ZeroMQ + msgpack', () => {
  let runDir = '';
  let host: ChildProcess | undefined;
  let hostLog = '';
  let endpoints: Endpoints;

  beforeAll(async () => {
    runDir = mkdtempSync(join(tmpdir(), 'terminal-python-'));
    // A port found free may be taken before the host binds it (other tests run alongside): then try another range.
    for (let attempt = 1; ; attempt++) {
      const basePort = await findBasePort();
      endpoints = defaultEndpoints(runDir, basePort);
      const child = spawn(process.execPath, [HOST_ENTRY, '--no-ui', '--run-dir', runDir, '--base-port', String(basePort)], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      host = child;
      const keep = (chunk: Buffer): void => {
        hostLog = (hostLog + chunk.toString('utf8')).slice(-20_000);
      };
      let started = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        keep(chunk);
        // Printed once every worker has been started and the host handles SIGTERM (stopping it earlier would kill
        // it outright and leave workers writing into the run folder after it is gone).
        if (hostLog.includes('Session folder:')) started = true;
      });
      child.stderr?.on('data', keep);
      // Up when the host has started every worker and md (the feed, bound after venue, execution and risk) connects.
      const deadline = Date.now() + 30_000;
      let up = false;
      while (child.exitCode === null && Date.now() < deadline) {
        if (started && (await canConnect(portOf(endpoints.md)))) {
          up = true;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval
      }
      if (up) return;
      await stopHost(child);
      if (attempt >= 3 || !/already in use|EADDRINUSE/.test(hostLog)) {
        throw new Error(`the terminal did not open md (${endpoints.md}):\n${hostLog}`);
      }
    }
  });

  afterAll(async () => {
    if (host !== undefined) await stopHost(host);
    if (runDir !== '') rmSync(runDir, { recursive: true, force: true });
  });

  it('sees a trade, submits a market order and reads its fill', async () => {
    // Retry until the system trades (a fresh client each time, with a fresh clientOrderId), within a minute overall.
    const deadline = Date.now() + 35_000;
    let run: ClientRun;
    for (;;) {
      run = await runClient(endpoints, 15);
      if (run.code === 0 || Date.now() > deadline || host?.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 250)); // poll interval between attempts
    }
    expect(run.code, `client failed:\n${run.stderr}\n--- host:\n${hostLog}`).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const report = JSON.parse(lines[lines.length - 1]!) as ClientReport;

    expect(report.ok).toBe(true);
    expect(report.trade.topic).toBe('trade.sim.BTC-USD');
    expect(report.trade.price).toBeGreaterThan(0);
    expect(report.events).toContain('OrderSubmitted');
    expect(report.events[report.events.length - 1]).toBe('OrderFilled');
    expect(report.fill).not.toBeNull();
    expect(report.fill!.qty).toBe(1);
    expect(report.fill!.filledQty).toBe(1);
    expect(report.fill!.leavesQty).toBe(0);
    expect(Number.isSafeInteger(report.fill!.price) && report.fill!.price > 0).toBe(true);
    // pending_new first, filled last, and only accepted / partially_filled between.
    expect(report.states[0]).toBe('pending_new');
    expect(report.states[report.states.length - 1]).toBe('filled');
    for (const state of report.states.slice(1, -1)) expect(['accepted', 'partially_filled']).toContain(state);
  }, 60_000);
});
