/** The host's strategy rows and commands: statuses from own and external workers, routing, checks, saved parameters. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StrategyBoard, type WorkerCondition } from '../../../src-main/host/strategy-board.js';
import { StrategyStore } from '../../../src-main/host/strategy-store.js';
import type { StrategyConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message, type StrategyStatus, type Unstamped } from '../../../workers/protocol/messages.js';
import { ping } from '../../../workers/strategies/ping.js';
import { supportResistance } from '../../../workers/strategies/support-resistance.js';

const PING: StrategyConfig = { id: 'ping', kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { every: 10, qty: 1 } };
const SR: StrategyConfig = { id: 'sr-btc', kind: 'support-resistance', venue: 'sim', symbol: 'BTC-USD', enabled: false, params: { conditions: [] }, worker: 'strategy-b' };
const UP = (): WorkerCondition => ({ up: true });

/** A status as a strategy worker sends it. */
function status(over: Partial<StrategyStatus> = {}): StrategyStatus {
  return {
    type: 'StrategyStatus',
    v: SCHEMA_VERSION,
    seq: 1,
    ts: 1,
    rts: 1,
    worker: 'strategy',
    strategyId: 'ping',
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

describe('StrategyBoard', () => {
  let dir: string;
  let sent: Array<{ worker: string; command: Unstamped<Message> }>;
  let logs: string[];

  const make = (configs: StrategyConfig[] = [PING, SR]): StrategyBoard =>
    new StrategyBoard(configs, {
      send: (worker, command) => sent.push({ worker, command }),
      log: (level, text) => logs.push(`${level}: ${text}`),
      store: new StrategyStore(dir, (level, text) => logs.push(`${level}: ${text}`)),
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tt-board-'));
    sent = [];
    logs = [];
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists configured instances before their first status, with the built-in schema', () => {
    const rows = make().rows(UP);
    expect(rows.map((row) => [row.id, row.worker, row.state, row.enabled, row.external])).toEqual([
      ['ping', 'strategy', 'starting', true, false],
      ['sr-btc', 'strategy-b', 'stopped', false, false],
    ]);
    expect(Object.keys(rows[1]!.schema)).toEqual(['conditions']);
  });

  it('takes state, reason, parameters and position from statuses', () => {
    const board = make();
    board.onStatus('strategy', status({ state: 'failed', reason: 'boom', position: 3, params: { every: 7, qty: 1 } }), false);
    expect(board.rows(UP)[0]).toMatchObject({ state: 'failed', reason: 'boom', position: 3, params: { every: 7, qty: 1 }, enabled: false });
  });

  it("shows a strategy whose worker is down as starting or stopped, with the worker's reason", () => {
    const board = make();
    board.onStatus('strategy', status(), false);
    expect(board.rows(() => ({ up: false, starting: true, reason: 'worker strategy is restarting' }))[0]).toMatchObject({ state: 'starting', reason: 'worker strategy is restarting' });
    expect(board.rows(() => ({ up: false, starting: false, reason: 'worker strategy is stopped' }))[0]).toMatchObject({ state: 'stopped' });
  });

  it('creates a row for an instance an external worker reports, and sends its commands there', () => {
    const board = make([]);
    const schema = JSON.stringify({ threshold: { kind: 'number', default: 1.5, min: 0, description: 'x' } });
    board.onStatus('py-strat', status({ worker: 'py-strat', strategyId: 'mean-py', kind: 'python-mean', params: { threshold: 1.5 }, schema }), true);
    expect(board.rows(UP)[0]).toMatchObject({ id: 'mean-py', worker: 'py-strat', external: true, state: 'running', schema: { threshold: { kind: 'number', min: 0 } } });
    board.setState('mean-py', 'paused');
    board.setEnabled('mean-py', false);
    board.setParams('mean-py', { threshold: 2.25 });
    expect(sent.map(({ worker, command }) => [worker, command.type])).toEqual([
      ['py-strat', 'SetStrategyState'],
      ['py-strat', 'SetStrategyEnabled'],
      ['py-strat', 'SetStrategyParams'],
    ]);
    expect(sent[2]!.command).toMatchObject({ strategyId: 'mean-py', params: { threshold: 2.25 } });
    expect(logs.some((line) => line.includes('external strategy mean-py'))).toBe(true);
  });

  it('refuses parameters the schema refuses: logged, shown, nothing sent or saved', () => {
    const board = make();
    board.onStatus('strategy', status(), false);
    board.setParams('ping', { every: 0 });
    board.setParams('ping', { speed: 3 });
    expect(sent).toEqual([]);
    expect(logs).toContain('warn: parameters of ping refused, nothing sent: every must be at least 1');
    expect(board.rows(UP)[0]!.refusal).toMatch(/unknown parameter speed/);
    board.setParams('ping', { every: 5 });
    expect(board.rows(UP)[0]!.refusal).toBe('');
    expect(sent).toHaveLength(1);
  });

  it('refuses inherited names: the schema has no prototype', () => {
    const board = make([PING, { ...PING, id: 'odd', kind: 'no-such-kind' }]);
    board.setParams('odd', { toString: 1 });
    board.onStatus('strategy', status(), false);
    board.setParams('ping', { constructor: 1 });
    expect(sent).toEqual([]);
    expect(board.rows(UP)[0]!.refusal).toMatch(/unknown parameter constructor/);
    expect(board.rows(UP)[1]!.refusal).toMatch(/unknown parameter toString/);
  });

  it('sends a checked change with list items completed, and saves it for the next session', () => {
    const board = make();
    board.onStatus('strategy-b', status({ worker: 'strategy-b', strategyId: 'sr-btc', kind: 'support-resistance', state: 'stopped', params: { conditions: [] }, schema: JSON.stringify(supportResistance.params) }), false);
    board.setParams('sr-btc', { conditions: [{ side: 'sell', trigger: 130_010, turn: 2 }] });
    const condition = { side: 'sell', trigger: 130_010, turn: 2, qty: 1, takeProfit: 0, stopLoss: 0, trail: 0, repeat: false };
    expect(sent[0]).toMatchObject({ worker: 'strategy-b', command: { type: 'SetStrategyParams', strategyId: 'sr-btc', params: { conditions: [condition] } } });
    const file = JSON.parse(readFileSync(join(dir, 'strategy-params.json'), 'utf8')) as { strategies: Record<string, unknown> };
    expect(file.strategies['sr-btc']).toEqual({ conditions: [condition] });
    // The next session's worker gets it in its configuration.
    const next = make();
    expect(next.startConfigs().find((c) => c.id === 'sr-btc')?.params).toEqual({ conditions: [condition] });
    expect(next.rows(UP)[1]!.params).toEqual({ conditions: [condition] });
  });

  it('drops a saved value the schema refuses, with a log line, and keeps the rest', () => {
    make().setParams('ping', { every: 3, qty: 2 });
    const store = new StrategyStore(dir, () => undefined);
    store.merge('ping', { every: -4 });
    const next = make();
    expect(logs).toContain('warn: saved parameter every of ping dropped: every must be at least 1');
    expect(next.startConfigs()[0]!.params).toEqual({ every: 10, qty: 2 });
    expect(new StrategyStore(dir, () => undefined).get('ping')).toEqual({ qty: 2 });
  });

  it("keeps what the worker runs with when the worker refuses a change the host let through", () => {
    const board = make();
    board.onStatus('strategy', status(), false);
    board.setParams('ping', { every: 3 });
    board.onStatus('strategy', status({ reason: 'parameters refused: every is odd', params: { every: 10, qty: 1 } }), false);
    expect(new StrategyStore(dir, () => undefined).get('ping')).toEqual({ every: 10 });
  });

  it("starts the session's workers from the configuration as it was, whatever changes later", () => {
    const board = make();
    board.setState('ping', 'stopped');
    board.setParams('ping', { every: 4 });
    expect(board.startConfigs().map((c) => [c.id, c.enabled, c.params])).toEqual([
      ['ping', true, { every: 10, qty: 1 }],
      ['sr-btc', false, { conditions: [] }],
    ]);
    expect(board.workers()).toEqual(['strategy', 'strategy-b']);
  });

  it('gives a worker that came back what it lacks: the parameters and run state the user last set', () => {
    const board = make();
    board.onStatus('strategy', status(), false);
    board.setParams('ping', { every: 4 });
    board.setState('ping', 'paused');
    board.onStatus('strategy', status({ state: 'paused', params: { every: 4, qty: 1 } }), false);
    sent = [];
    // Restarted without its journal: back to the configuration.
    board.workerRestarted('strategy');
    board.onStatus('strategy', status({ state: 'running', params: { every: 10, qty: 1 } }), false);
    expect(sent.map(({ command }) => command)).toMatchObject([
      { type: 'SetStrategyParams', strategyId: 'ping', params: { every: 4 } },
      { type: 'SetStrategyState', strategyId: 'ping', state: 'paused' },
    ]);
    // Until it confirms, the wish stands; a journaled restart that replayed everything gets nothing.
    board.onStatus('strategy', status({ state: 'paused', params: { every: 4, qty: 1 } }), false);
    board.workerRestarted('strategy');
    board.onStatus('strategy', status({ state: 'paused', params: { every: 4, qty: 1 } }), false);
    expect(sent).toHaveLength(2);
  });

  it('sends an external instance its saved parameters when it first reports, and again after it restarts', () => {
    new StrategyStore(dir, () => undefined).merge('mean-py', { threshold: 3 });
    const board = make([]);
    const schema = JSON.stringify({ threshold: { kind: 'number', default: 1.5, min: 0, description: 'x' } });
    const report = (): void => board.onStatus('py', status({ worker: 'py', strategyId: 'mean-py', params: { threshold: 1.5 }, schema }), true);
    report();
    report();
    expect(sent.map(({ worker, command }) => [worker, command.type])).toEqual([['py', 'SetStrategyParams']]);
    board.workerRestarted('py');
    report();
    expect(sent).toHaveLength(2);
  });

  it('logs a command for a strategy it does not know', () => {
    make().setState('ghost', 'running');
    expect(sent).toEqual([]);
    expect(logs).toContain('warn: no strategy ghost: cannot make it running');
  });
});
