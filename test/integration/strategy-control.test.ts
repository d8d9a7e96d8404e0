/**
 * Live control of strategies through the real host, workers and sockets: two strategy worker processes each running
 * its own instance, a parameter change that takes effect (and outlives a crash of its worker), a refused change with
 * its reason, and a pause during which a strategy sends nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToRenderer, OrderRow, StrategyRow } from '../../workers/protocol/channels.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

describe('strategy control', () => {
  let terminal: TestTerminal;
  let stateDir: string;
  const orders = new Map<string, OrderRow>();
  const logs: string[] = [];
  let last: Extract<HostToRenderer, { channel: 'state' }> | undefined;
  let trades = 0;

  beforeAll(async () => {
    terminal = await startTestTerminal({
      strategies: [
        // Quiet until its parameters change.
        { id: 'ping', kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { qty: 1, every: 1_000_000 } },
        { id: 'ping-b', kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { qty: 1, every: 5 }, worker: 'strategy-b' },
      ],
    });
    const take = (message: HostToRenderer): void => {
      if (message.channel === 'orders') for (const row of message.orders) orders.set(row.clientOrderId, row);
      if (message.channel === 'state') last = message;
      if (message.channel === 'log') logs.push(message.text);
      if (message.channel === 'market') trades += message.trades.filter((t) => t.symbol === 'BTC-USD').length;
    };
    for (const message of terminal.host.api.current()) take(message);
    terminal.host.api.subscribe(take);
    // The harness keeps saved parameters in the session's own folder.
    stateDir = join(terminal.runDir, 'state');
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  const row = (id: string): StrategyRow | undefined => last?.strategies.find((s) => s.id === id);
  const ordersOf = (id: string): number => [...orders.values()].filter((o) => o.strategyId === id).length;
  const worker = (name: string) => terminal.host.supervisor.statuses().find((s) => s.name === name);
  /** Waits until `count` more BTC trades have gone by. */
  const tradesPass = async (count: number): Promise<void> => {
    const target = trades + count;
    await terminal.waitFor(`${count} trades`, () => trades >= target);
  };

  it('runs two strategy worker processes, each with only its own strategy', async () => {
    await terminal.waitFor('both instances running', () => row('ping')?.state === 'running' && row('ping-b')?.state === 'running');
    expect(row('ping')).toMatchObject({ worker: 'strategy', external: false, kind: 'ping' });
    expect(row('ping-b')).toMatchObject({ worker: 'strategy-b', external: false });
    const a = worker('strategy')!;
    const b = worker('strategy-b')!;
    expect(a.state).toBe('running');
    expect(b.state).toBe('running');
    expect(a.pid).not.toBe(b.pid);
    await terminal.waitFor('orders from ping-b', () => ordersOf('ping-b') >= 3);
    await terminal.waitFor('heartbeats with counters', () => worker('strategy')?.heartbeat?.stats.counters.strategies !== undefined && worker('strategy-b')?.heartbeat?.stats.counters.strategies !== undefined);
    expect(worker('strategy')!.heartbeat!.stats.counters.strategies).toBe(1);
    expect(worker('strategy-b')!.heartbeat!.stats.counters.strategies).toBe(1);
    expect(ordersOf('ping')).toBe(0);
  });

  it('changes a parameter while running: it takes effect and is saved', async () => {
    terminal.host.api.handle({ channel: 'setStrategyParams', id: 'ping', params: { every: 3 } });
    await terminal.waitFor('the new parameter reported', () => row('ping')?.params.every === 3);
    await terminal.waitFor('orders from ping', () => ordersOf('ping') >= 3);
    const saved = JSON.parse(readFileSync(join(stateDir, 'strategy-params.json'), 'utf8')) as { strategies: Record<string, unknown> };
    expect(saved.strategies.ping).toEqual({ every: 3 });
  });

  it('refuses a change its schema refuses, shows why, and sends nothing', async () => {
    terminal.host.api.handle({ channel: 'setStrategyParams', id: 'ping', params: { every: 0 } });
    await terminal.waitFor('the refusal in the log', () => logs.includes('parameters of ping refused, nothing sent: every must be at least 1'));
    await terminal.waitFor('the refusal on the row', () => row('ping')?.refusal === 'every must be at least 1');
    expect(row('ping')?.params.every).toBe(3);
    terminal.host.api.handle({ channel: 'setStrategyParams', id: 'ping', params: { every: 3, speed: 2 } });
    await terminal.waitFor('the unknown name refused', () => row('ping')?.refusal.startsWith('unknown parameter speed') === true);
    const saved = JSON.parse(readFileSync(join(stateDir, 'strategy-params.json'), 'utf8')) as { strategies: Record<string, unknown> };
    expect(saved.strategies.ping).toEqual({ every: 3 });
  });

  it('pauses a strategy: no new orders while paused, orders again once it runs', async () => {
    terminal.host.api.handle({ channel: 'setStrategyState', id: 'ping-b', state: 'paused' });
    await terminal.waitFor('ping-b paused', () => row('ping-b')?.state === 'paused');
    await tradesPass(10); // orders sent before the pause reach the host
    const before = ordersOf('ping-b');
    await tradesPass(60); // every 5th trade would have been an order
    expect(ordersOf('ping-b')).toBe(before);
    expect(ordersOf('ping')).toBeGreaterThan(3); // the other worker's strategy went on
    terminal.host.api.handle({ channel: 'setStrategyState', id: 'ping-b', state: 'running' });
    await terminal.waitFor('ping-b running', () => row('ping-b')?.state === 'running');
    await terminal.waitFor('orders from ping-b again', () => ordersOf('ping-b') > before);
  });

  it('stops a strategy from the old switch, and a restarted worker keeps the changed parameters', async () => {
    terminal.host.api.handle({ channel: 'setStrategy', id: 'ping-b', enabled: false });
    await terminal.waitFor('ping-b stopped', () => row('ping-b')?.state === 'stopped' && row('ping-b')?.enabled === false);
    const pid = worker('strategy')!.pid;
    process.kill(pid, 'SIGKILL');
    await terminal.waitFor('the strategy worker restarted', () => worker('strategy')?.state === 'running' && worker('strategy')?.pid !== pid);
    // With the configuration's every = 1,000,000 it would stay quiet: orders mean it started with the saved every = 3.
    const before = ordersOf('ping');
    await terminal.waitFor('orders from the restarted ping', () => ordersOf('ping') > before + 2);
    expect(row('ping')?.params.every).toBe(3);
    expect(existsSync(join(stateDir, 'strategy-params.json'))).toBe(true);
  });
});
