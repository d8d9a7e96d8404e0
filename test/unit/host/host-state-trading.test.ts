/**
 * The host state's trading side over stand-ins: the state shown comes from risk's `TradingStatus` (falling back to
 * what the host asked), a breaker trip is shown and logged with its cause, the re-arm goes to risk, and the kill switch
 * from the control channel reports once everything is finished and flat, or after 5 s with what is left. The user's
 * state goes to risk in the stream of the user's orders, so no order sent after it can overtake it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostState } from '../../../src-main/host/host-state.js';
import type { KillSwitchOutcome } from '../../../src-main/host/kill-switch.js';
import type { WorkerStatus } from '../../../src-main/supervisor/supervisor.js';
import type { HostToRenderer } from '../../../workers/protocol/channels.js';
import { defaultConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message, type PositionChanged, type TradingStatus, type Unstamped } from '../../../workers/protocol/messages.js';
import { NO_TOTALS, stubHostParts } from './host-parts-stub.js';

const ENVELOPE = { v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1 };
const ORDER = { ...ENVELOPE, venue: 'sim', symbol: 'BTC-USD', clientOrderId: 'o1', strategyId: 'manual', side: 'buy' as const };

function supervised(name: string, pid = 100): WorkerStatus {
  return { name, state: 'running', pid, restarts: 0, startedAt: Date.now(), lastHeartbeatAt: Date.now(), heartbeat: undefined, reason: '', wanted: true };
}

function position(qty: number): PositionChanged {
  return { ...ENVELOPE, type: 'PositionChanged', venue: 'sim', symbol: 'BTC-USD', qty, cost: 0, realized: 0, unrealized: 0, mark: 0 };
}

describe('HostState trading state and kill switch', () => {
  let dir: string;
  let state: HostState;
  let sent: Array<{ worker: string; command: Unstamped<Message> }>;
  let messages: HostToRenderer[];
  let monitor: { positions: Map<string, PositionChanged>; owners: Map<string, unknown>; venueAccounts: Map<string, unknown>; reconciliations: Map<string, unknown>; totals: Record<string, number>; riskStatus: TradingStatus | undefined };
  /** What reached the user's order stream to risk, in order. */
  let stream: string[];
  let riskPid: number;
  const orders = {
    cancel: vi.fn(),
    submit: vi.fn((request: { symbol: string; side: string }) => {
      stream.push(`submit ${request.symbol} ${request.side}`);
      return 'flat-1';
    }),
    setTradingState: (state: string, cause: string) => stream.push(`state ${state} (${cause})`),
    acknowledge: vi.fn(),
    isAsking: () => false,
  };

  const logs = (): string[] => messages.flatMap((m) => (m.channel === 'log' ? [m.text] : []));
  const riskSays = (status: Partial<TradingStatus>): void => {
    const message: TradingStatus = { ...ENVELOPE, type: 'TradingStatus', state: 'active', source: '', cause: '', ...status };
    monitor.riskStatus = message;
    state.onBusMessage(message);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'tt-host-trading-'));
    sent = [];
    messages = [];
    stream = [];
    riskPid = 100;
    orders.cancel.mockClear();
    orders.submit.mockClear();
    const config = { ...defaultConfig(dir), strategies: [] };
    const control = { send: (worker: string, command: Unstamped<Message>) => sent.push({ worker, command }) };
    const names = ['sim', 'execution', 'risk', 'feed', 'strategy'];
    monitor = { positions: new Map(), owners: new Map(), venueAccounts: new Map(), reconciliations: new Map(), totals: { ...NO_TOTALS }, riskStatus: undefined };
    const parts = stubHostParts(dir, config, {
      supervisor: { statuses: () => names.map((name) => supervised(name, name === 'risk' ? riskPid : 100)), has: (name: string) => names.includes(name) },
      monitor,
      orders,
      control,
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

  it("shows risk's state with the breaker's cause, logs the trip once, and sends the re-arm to risk", () => {
    expect(state.trading()).toEqual({ state: 'active', cause: '' });
    const breaker = { rule: 'daily_loss', reason: 'loss today 5.00 reached the limit 1.00', at: 7 };
    riskSays({ state: 'halted', source: 'breaker', cause: `daily_loss: ${breaker.reason}`, breaker });
    riskSays({ state: 'halted', source: 'breaker', cause: `daily_loss: ${breaker.reason}`, breaker });
    expect(state.trading()).toEqual({ state: 'halted', cause: 'daily_loss: loss today 5.00 reached the limit 1.00', breaker });
    expect(logs().filter((line) => line.includes('circuit breaker tripped'))).toEqual(['circuit breaker tripped, trading halted: daily_loss: loss today 5.00 reached the limit 1.00']);
    vi.advanceTimersByTime(20);
    const shown = [...messages].reverse().find((m) => m.channel === 'state');
    expect(shown?.channel === 'state' && shown.trading.breaker?.rule).toBe('daily_loss');

    state.handle({ channel: 'rearmBreaker' });
    expect(sent.map(({ worker, command }) => [worker, command.type])).toEqual([['risk', 'RearmBreaker']]);
    riskSays({ state: 'active' });
    expect(state.trading()).toEqual({ state: 'active', cause: '' });
  });

  it('refuses to store an API key where there is no OS key store, says why, and never shows the key', () => {
    const apiKey = 'K3yThatMustNeverShow0123456789';
    state.handle({ channel: 'saveKey', account: 'main', network: 'testnet', apiKey, secret: 'S3cretThatMustNeverShow0123456' });
    expect(logs().at(-1)).toMatch(/^key not stored: This system offers no key store/);
    vi.advanceTimersByTime(300);
    const shown = JSON.stringify(messages);
    expect(shown).not.toContain(apiKey);
    expect(shown).not.toContain('S3cret');
    const stateMessage = messages.filter((m) => m.channel === 'state').at(-1);
    expect(stateMessage).toMatchObject({ keys: [], keyStoreProblem: expect.stringMatching(/no key store/) });
  });

  it("shows the user's request until risk confirms it", () => {
    riskSays({ state: 'active' });
    state.handle({ channel: 'killSwitch' });
    expect(state.trading()).toEqual({ state: 'reducing', cause: 'kill switch' });
    riskSays({ state: 'reducing', source: 'user', cause: 'kill switch' });
    expect(state.trading()).toEqual({ state: 'reducing', cause: 'kill switch' });
  });

  it("sends the user's state in the stream of the user's orders, ahead of an order sent after it, never on the control channel", () => {
    monitor.positions.set('sim:BTC-USD', position(3));
    state.handle({ channel: 'killSwitch' });
    state.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'ETH-USD', side: 'buy', orderType: 'market', price: 0, qty: 1, tif: 'IOC' });
    state.handle({ channel: 'resumeTrading' });
    expect(stream).toEqual(['state reducing (kill switch)', 'submit BTC-USD sell', 'submit ETH-USD buy', 'state active ()']);
    expect(sent.filter(({ command }) => command.type === 'SetTradingState')).toEqual([]);
  });

  it("tells risk the user's state again when it runs in a new process, and only then", () => {
    vi.advanceTimersByTime(300);
    state.handle({ channel: 'killSwitch' });
    vi.advanceTimersByTime(300);
    expect(stream).toEqual(['state reducing (kill switch)']);
    riskPid = 101;
    vi.advanceTimersByTime(300);
    expect(stream).toEqual(['state reducing (kill switch)', 'state reducing (kill switch)']);
  });

  it('reports the kill switch once every order is finished, every position flat, and risk restricts trading', () => {
    riskSays({ state: 'active' });
    state.onBusMessage({ ...ORDER, type: 'OrderAccepted', state: 'accepted', venueOrderId: 'v1' });
    monitor.positions.set('sim:BTC-USD', position(3));
    const reports: KillSwitchOutcome[] = [];
    state.killSwitchFrom('cli', 'test', (outcome) => reports.push(outcome));
    expect(orders.cancel).toHaveBeenCalledTimes(1);
    expect(orders.submit).toHaveBeenCalledWith(expect.objectContaining({ side: 'sell', qty: 3, orderType: 'market' }));
    vi.advanceTimersByTime(200);
    expect(reports).toEqual([]);
    state.onBusMessage({ ...ORDER, type: 'OrderCanceled', state: 'canceled', canceledQty: 1, reason: 'canceled' });
    monitor.positions.set('sim:BTC-USD', position(0));
    vi.advanceTimersByTime(40);
    expect(reports).toEqual([]);
    riskSays({ state: 'reducing', source: 'user', cause: 'kill switch' });
    vi.advanceTimersByTime(40);
    expect(reports).toMatchObject([{ canceled: 1, flattened: [{ venue: 'sim', symbol: 'BTC-USD', qty: 3 }], strategiesPaused: 0, state: 'reducing', workingLeft: 0, openLeft: 0 }]);
    expect(logs().some((line) => /^kill switch: 1 orders canceled, flattened sim:BTC-USD \+3, 0 strategies paused, trading reducing, all done in \d+ ms$/.test(line))).toBe(true);
  });

  it('reports what is left after 5 s', () => {
    monitor.positions.set('sim:BTC-USD', position(-2));
    const reports: KillSwitchOutcome[] = [];
    state.killSwitchFrom('cli', '', (outcome) => reports.push(outcome));
    vi.advanceTimersByTime(4900);
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(reports).toMatchObject([{ canceled: 0, flattened: [{ qty: -2 }], workingLeft: 0, openLeft: 1 }]);
    expect(reports[0]?.elapsedMs).toBeGreaterThanOrEqual(5000);
  });
});
