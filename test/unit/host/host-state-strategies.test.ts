/**
 * The host state's strategy side over stand-ins for the supervisor, bus and sockets: strategy rows from statuses, an
 * external worker from its heartbeats (never the supervisor's business) that turns `gone` after six silent heartbeat
 * periods, and the user's strategy commands routed to the worker that reported the instance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostState } from '../../../src-main/host/host-state.js';
import { StrategyBoard } from '../../../src-main/host/strategy-board.js';
import { StrategyStore } from '../../../src-main/host/strategy-store.js';
import type { WorkerStatus } from '../../../src-main/supervisor/supervisor.js';
import type { HostToRenderer } from '../../../workers/protocol/channels.js';
import { defaultConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Heartbeat, type Message, type StrategyStatus, type Unstamped } from '../../../workers/protocol/messages.js';
import { ping } from '../../../workers/strategies/ping.js';
import { stubHostParts } from './host-parts-stub.js';

type State = Extract<HostToRenderer, { channel: 'state' }>;
const HEARTBEAT_MS = 500;
const ENVELOPE = { v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1 };

function heartbeat(worker: string, pid: number): Heartbeat {
  return { ...ENVELOPE, type: 'Heartbeat', worker, pid, state: 'running', reason: '', stats: { msgsIn: 5, msgsOut: 7, refused: 0, counters: { strategies: 1 } } };
}

function status(worker: string, strategyId: string, over: Partial<StrategyStatus> = {}): StrategyStatus {
  return {
    ...ENVELOPE,
    type: 'StrategyStatus',
    worker,
    strategyId,
    kind: 'ping',
    venue: 'sim',
    symbol: 'BTC-USD',
    state: 'running',
    reason: '',
    params: { every: 10, qty: 1 },
    schema: JSON.stringify(ping.params),
    position: 0,
    ...over,
  };
}

function supervised(name: string): WorkerStatus {
  return { name, state: 'running', pid: 100, restarts: 0, startedAt: Date.now(), lastHeartbeatAt: Date.now(), heartbeat: undefined, reason: '', wanted: true };
}

describe('HostState strategies and external workers', () => {
  let dir: string;
  let state: HostState;
  let sent: Array<{ worker: string; command: Unstamped<Message> }>;
  let messages: HostToRenderer[];
  const onHeartbeat = vi.fn();

  const latest = (): State => [...messages].reverse().find((m): m is State => m.channel === 'state')!;
  const logs = (): string[] => messages.flatMap((m) => (m.channel === 'log' ? [m.text] : []));

  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'tt-host-state-'));
    sent = [];
    messages = [];
    const config = { ...defaultConfig(dir), heartbeatMs: HEARTBEAT_MS, strategies: [{ id: 'ping', kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { every: 10 } }] };
    const control = { send: (worker: string, command: Unstamped<Message>) => sent.push({ worker, command }) };
    const strategies = new StrategyBoard(config.strategies, { send: control.send, log: (level, text) => state.log('host', level, text), store: new StrategyStore(dir, () => undefined) });
    const names = ['sim', 'execution', 'risk', 'feed', 'strategy'];
    const parts = stubHostParts(dir, config, {
      supervisor: { statuses: () => names.map(supervised), has: (name: string) => names.includes(name), onHeartbeat },
      control,
      strategies,
    });
    state = new HostState(parts);
    state.subscribe((message) => messages.push(message));
    state.start();
  });

  afterEach(() => {
    state.stop();
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a configured strategy as starting, then as its status says', () => {
    vi.advanceTimersByTime(300);
    expect(latest().strategies).toMatchObject([{ id: 'ping', state: 'starting', worker: 'strategy', external: false, schema: { every: { kind: 'int' } } }]);
    state.onStrategyStatus('strategy', status('strategy', 'ping', { state: 'paused', position: -2 }));
    vi.advanceTimersByTime(20);
    expect(latest().strategies[0]).toMatchObject({ state: 'paused', position: -2, enabled: true });
    expect(latest().workers.some((w) => w.external)).toBe(false);
  });

  it('follows an external worker by its heartbeats, shows its strategy, and calls it gone after six silent periods', () => {
    state.onExternalHeartbeat('py-strat', heartbeat('py-strat', 4242));
    state.onStrategyStatus('py-strat', status('py-strat', 'mean-py', { kind: 'python-mean' }));
    vi.advanceTimersByTime(250);
    expect(onHeartbeat).not.toHaveBeenCalled();
    expect(latest().workers.find((w) => w.name === 'py-strat')).toMatchObject({ external: true, state: 'running', pid: 4242, msgsIn: 5, counters: { strategies: 1 } });
    expect(latest().strategies.find((s) => s.id === 'mean-py')).toMatchObject({ external: true, worker: 'py-strat', state: 'running' });
    expect(logs()).toContain('external worker py-strat connected');

    // Heartbeats keep it alive past six periods...
    for (let i = 0; i < 8; i++) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      state.onExternalHeartbeat('py-strat', heartbeat('py-strat', 4242));
    }
    expect(latest().workers.find((w) => w.name === 'py-strat')?.state).toBe('running');
    // ...silence does not.
    vi.advanceTimersByTime(HEARTBEAT_MS * 6 + 300);
    expect(latest().workers.find((w) => w.name === 'py-strat')).toMatchObject({ state: 'gone', external: true });
    expect(latest().strategies.find((s) => s.id === 'mean-py')).toMatchObject({ state: 'stopped', reason: 'external worker py-strat is gone' });
    expect(logs().filter((text) => text.includes('py-strat is gone'))).toHaveLength(1);

    state.onExternalHeartbeat('py-strat', heartbeat('py-strat', 5151));
    vi.advanceTimersByTime(250);
    expect(latest().workers.find((w) => w.name === 'py-strat')).toMatchObject({ state: 'running', pid: 5151 });
    expect(logs()).toContain('external worker py-strat is back');
  });

  it("routes the user's strategy commands to the worker that reported the instance", () => {
    state.onExternalHeartbeat('py-strat', heartbeat('py-strat', 4242));
    state.onStrategyStatus('py-strat', status('py-strat', 'mean-py'));
    state.onStrategyStatus('strategy', status('strategy', 'ping'));
    state.handle({ channel: 'setStrategyState', id: 'mean-py', state: 'paused' });
    state.handle({ channel: 'setStrategyParams', id: 'mean-py', params: { every: 4 } });
    state.handle({ channel: 'setStrategy', id: 'ping', enabled: false });
    state.handle({ channel: 'setStrategyParams', id: 'ping', params: { every: 0 } });
    expect(sent.map(({ worker, command }) => [worker, command.type, (command as { strategyId?: string }).strategyId])).toEqual([
      ['py-strat', 'SetStrategyState', 'mean-py'],
      ['py-strat', 'SetStrategyParams', 'mean-py'],
      ['strategy', 'SetStrategyEnabled', 'ping'],
    ]);
    expect(logs()).toContain('parameters of ping refused, nothing sent: every must be at least 1');
    vi.advanceTimersByTime(250);
    expect(latest().strategies.find((s) => s.id === 'ping')?.refusal).toBe('every must be at least 1');
  });

  it('pauses every strategy worker on the kill switch, external ones included', () => {
    state.onExternalHeartbeat('py-strat', heartbeat('py-strat', 4242));
    state.handle({ channel: 'killSwitch' });
    const paused = sent.filter(({ command }) => command.type === 'SetPaused').map(({ worker }) => worker);
    expect(paused.sort()).toEqual(['py-strat', 'strategy']);
  });
});
