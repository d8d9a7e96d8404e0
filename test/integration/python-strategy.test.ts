/**
 * A strategy in another language: the Python example (examples/python-strategy/strategy.py, written from
 * docs/protocol.md) runs against a real terminal on TCP endpoints with the simulated exchange's default flow. It gets
 * market data, its orders go through risk and execution and fill, it reports its own position, and the terminal lists
 * it as an external strategy whose switch and parameters work like a built-in one's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillRow, HostToRenderer, OrderRow, StrategyRow } from '../../workers/protocol/channels.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';
import { PYTHON, pythonReady } from './helpers/python.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STRATEGY = join(ROOT, 'examples/python-strategy/strategy.py');
const ID = 'py-momentum';

const havePython = pythonReady('python-strategy.test');

/** What the strategy prints on stdout, one JSON line each, in the order it happened. */
type Line =
  | { status: { state: string; reason: string; position: number; params: Record<string, unknown>; worker: string } }
  | { order: { clientOrderId: string; side: string; qty: number; causeTs: number } };

/** The strategy process and what it said. */
class PythonStrategy {
  readonly lines: Line[] = [];
  stderr = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private partial = '';

  constructor(args: string[]) {
    this.child = spawn(PYTHON, [STRATEGY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-50_000)));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  statuses(): Array<Extract<Line, { status: unknown }>['status']> {
    return this.lines.flatMap((line) => ('status' in line ? [line.status] : []));
  }

  orders(): Array<Extract<Line, { order: unknown }>['order']> {
    return this.lines.flatMap((line) => ('order' in line ? [line.order] : []));
  }

  lastStatus(): Extract<Line, { status: unknown }>['status'] | undefined {
    return this.statuses().at(-1);
  }

  /** Closed bars it has received, from its latest stats line on stderr. */
  bars(): number {
    const counts = [...this.stderr.matchAll(/ stats .*?\bbars=(\d+)/g)];
    return counts.length === 0 ? 0 : Number(counts[counts.length - 1]![1]);
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code (null if it had to be killed). */
  async stop(timeoutMs = 10_000): Promise<number | null> {
    if (!this.running) return this.child.exitCode;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome !== 'late') return outcome;
    this.child.kill('SIGKILL');
    await this.exited;
    return null;
  }

  private onStdout(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) if (part.trim() !== '') this.lines.push(JSON.parse(part) as Line);
  }
}

/** Starts a terminal on TCP endpoints; another range if a port found free is taken before the host binds it. */
async function startTerminal(): Promise<TestTerminal> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTestTerminal({}, true);
    } catch (error) {
      if (attempt >= 3 || !/already in use/.test((error as Error).message)) throw error;
    }
  }
}

describe.skipIf(!havePython)('a Python strategy on the bus', () => {
  let terminal: TestTerminal;
  let python: PythonStrategy;
  const orders = new Map<string, OrderRow>();
  const fills: FillRow[] = [];
  let state: Extract<HostToRenderer, { channel: 'state' }> | undefined;
  // The host keeps the user's parameter changes across sessions: in a folder of this test's, not the user's.
  const stateDir = mkdtempSync(join(tmpdir(), 'tt-python-state-'));
  const savedStateDir = process.env.TERMINAL_STATE_DIR;

  const ours = (): OrderRow[] => [...orders.values()].filter((o) => o.strategyId === ID);
  const ourFills = (): FillRow[] => fills.filter((f) => f.strategyId === ID);
  const row = (): StrategyRow | undefined => state?.strategies.find((s) => s.id === ID);

  /** Polls `condition` every 100 ms; fails with `what` and what the strategy said after `timeoutMs`. */
  const waitFor = async (what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}\nstrategy row: ${JSON.stringify(row())}\nlast status: ${JSON.stringify(python.lastStatus())}\n--- strategy stderr:\n${python.stderr.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval
    }
  };

  beforeAll(async () => {
    process.env.TERMINAL_STATE_DIR = stateDir;
    terminal = await startTerminal();
    const take = (message: HostToRenderer): void => {
      if (message.channel === 'orders') for (const order of message.orders) orders.set(order.clientOrderId, order);
      if (message.channel === 'fills') fills.push(...message.fills);
      if (message.channel === 'state') state = message;
    };
    for (const message of terminal.host.api.current()) take(message);
    terminal.host.api.subscribe(take);
    const { endpoints } = terminal.config;
    // Momentum on every 1 s close, long or short: trades within seconds on the simulated flow.
    python = new PythonStrategy([
      '--ctl', endpoints.ctl,
      '--md', endpoints.md,
      '--risk-in', endpoints.riskIn,
      '--risk', endpoints.risk,
      '--exec', endpoints.exec,
      '--exec-snap', endpoints.execSnap,
      '--param', 'lookback=1',
      '--param', 'allowShort=true',
    ]);
  });

  afterAll(async () => {
    await python?.stop();
    await terminal?.stop();
    if (savedStateDir === undefined) delete process.env.TERMINAL_STATE_DIR;
    else process.env.TERMINAL_STATE_DIR = savedStateDir;
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('receives market data and trades: its orders go through risk and execution and fill', async () => {
    await waitFor('its first trade from md', () => python.stderr.includes('market data: first trade on trade.sim.BTC-USD'));
    await waitFor('a filled order of its own on the order board', () => ours().some((o) => o.state === 'filled'));
    const sent = new Map(python.orders().map((o) => [o.clientOrderId, o]));
    for (const order of ours()) {
      // Every order the terminal shows under its id is one it sent, as it sent it.
      expect(sent.has(order.clientOrderId), order.clientOrderId).toBe(true);
      expect(order).toMatchObject({ venue: 'sim', symbol: 'BTC-USD', orderType: 'market', side: sent.get(order.clientOrderId)!.side });
    }
    for (const order of sent.values()) expect(order.causeTs).toBeGreaterThan(0); // caused by a bar: tick-to-order latency
    expect(ourFills().length).toBeGreaterThan(0);
  });

  it('sees its own fills: the position it reports is the sum of its fills', async () => {
    const signed = (): number => ourFills().reduce((sum, f) => sum + (f.side === 'buy' ? f.qty : -f.qty), 0);
    await waitFor('its StrategyStatus position to match its fills', () => ourFills().length > 0 && python.lastStatus()?.position === signed());
    expect(new Set(ourFills().map((f) => f.fillId)).size).toBe(ourFills().length);
    await waitFor('the terminal to show the same position', () => row()?.position === python.lastStatus()?.position);
  });

  it('is listed among the terminal\'s strategies as external, with its parameters and schema', async () => {
    await waitFor('its row in the strategy list', () => row()?.state === 'running');
    expect(row()).toMatchObject({ kind: 'py-momentum', venue: 'sim', symbol: 'BTC-USD', worker: ID, external: true, enabled: true });
    expect(row()!.params).toEqual({ lookback: 1, qty: 1, allowShort: true });
    expect(Object.keys(row()!.schema).sort()).toEqual(['allowShort', 'lookback', 'qty']);
    expect(row()!.schema.qty).toMatchObject({ kind: 'int', unit: 'lots', min: 1 });
    expect(row()!.schema.allowShort).toMatchObject({ kind: 'bool', default: false });
    // The built-in strategy is listed too, and is not external.
    expect(state!.strategies.find((s) => s.id === 'sma-btc')).toMatchObject({ external: false });
  });

  it('takes new parameters from the terminal, and refuses bad ones with a reason', async () => {
    terminal.host.api.handle({ channel: 'setStrategyParams', id: ID, params: { qty: 2 } });
    await waitFor('its status with qty 2', () => python.lastStatus()?.params.qty === 2);
    await waitFor('the terminal to show qty 2', () => row()?.params.qty === 2);
    terminal.host.api.handle({ channel: 'setStrategyParams', id: ID, params: { lookback: 0 } });
    // Refused by the host against the schema the strategy published, or by the strategy itself: either way, said.
    await waitFor('the refusal', () => (row()?.refusal ?? '') !== '' || (row()?.reason ?? '').startsWith('parameters refused'));
    expect(python.lastStatus()?.params.lookback).toBe(1);
    expect(row()!.params.lookback).toBe(1);
  });

  it('pauses and resumes from the terminal', async () => {
    terminal.host.api.handle({ channel: 'setStrategyState', id: ID, state: 'paused' });
    await waitFor('its status paused', () => python.lastStatus()?.state === 'paused');
    await waitFor('the terminal to show it paused', () => row()?.state === 'paused');
    terminal.host.api.handle({ channel: 'setStrategyState', id: ID, state: 'running' });
    await waitFor('its status running', () => python.lastStatus()?.state === 'running');
    await waitFor('the terminal to show it running', () => row()?.state === 'running');
  });

  it('switched off from the terminal, reports stopped and sends no more orders', async () => {
    terminal.host.api.handle({ channel: 'setStrategy', id: ID, enabled: false });
    await waitFor('its status stopped', () => python.lastStatus()?.state === 'stopped');
    const sentBeforeStop = new Set(python.orders().map((o) => o.clientOrderId));
    const barsAtStop = python.bars();
    await waitFor('the terminal to show it stopped', () => row()?.state === 'stopped' && row()?.enabled === false);
    // Market data keeps coming while it is off; it must not act on it.
    await waitFor('three more closed bars', () => python.bars() >= barsAtStop + 3, 20_000);
    expect(python.orders().map((o) => o.clientOrderId)).toEqual([...sentBeforeStop]);
    for (const order of ours()) expect(sentBeforeStop.has(order.clientOrderId), order.clientOrderId).toBe(true);

    terminal.host.api.handle({ channel: 'setStrategyState', id: ID, state: 'running' });
    await waitFor('its status running again', () => python.lastStatus()?.state === 'running');
    await waitFor('the terminal to show it running', () => row()?.state === 'running' && row()?.enabled === true);
  });

  it('stops cleanly on SIGTERM and says so', async () => {
    const code = await python.stop();
    expect(code, python.stderr.slice(-2000)).toBe(0);
    expect(python.lastStatus()?.state).toBe('stopped');
    await waitFor('the terminal to show it stopped', () => row()?.state === 'stopped');
  });
});

describe.skipIf(!havePython)('the Python strategy\'s own checks', () => {
  it('refuses bad starting parameters with the reason, before it connects', () => {
    const run = (param: string) => spawnSync(PYTHON, [STRATEGY, '--base-port', '1', '--param', param], { encoding: 'utf8', timeout: 10_000 });
    expect(run('lookback=0')).toMatchObject({ status: 1, stderr: expect.stringContaining('lookback must be at least 1') });
    expect(run('qty=1.5')).toMatchObject({ status: 1, stderr: expect.stringContaining('qty must be a whole number') });
    expect(run('allowShort=1')).toMatchObject({ status: 1, stderr: expect.stringContaining('allowShort must be true or false') });
    expect(run('speed=3')).toMatchObject({ status: 1, stderr: expect.stringContaining('unknown parameter speed (known: lookback, qty, allowShort)') });
  });
});
