/**
 * The host's exit side: the user's exit commands become checked `SetExitPlan` / `ClearExitPlan` commands for the exits
 * worker (a dragged stop keeps the plan's other rules), its statuses become rows, and bracket templates are saved,
 * survive a restart, and arm on an order's fill before the order is sent.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BracketStore, BRACKETS_FILE } from '../../../src-main/host/bracket-store.js';
import { ExitBoard, EXITS_WORKER } from '../../../src-main/host/exit-board.js';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import { defaultConfig } from '../../../workers/protocol/config.js';
import type { ClearExitPlan, SetExitPlan, Unstamped } from '../../../workers/protocol/messages.js';
import { exitStatus } from '../../fixtures/exit-status.js';

const registry = new InstrumentRegistry(defaultConfig('/tmp/unused').instruments);

const status = exitStatus;

describe('ExitBoard', () => {
  let sent: Array<{ worker: string; command: Unstamped<SetExitPlan> | Unstamped<ClearExitPlan> }>;
  let logs: string[];
  let now: number;
  let board: ExitBoard;

  beforeEach(() => {
    sent = [];
    logs = [];
    now = 1_000_000;
    board = new ExitBoard({ send: (worker, command) => sent.push({ worker, command }), log: (_level, text) => logs.push(text), validation: registry, now: () => now });
  });

  it('protects a position with a plan, sent to the exits worker', () => {
    expect(board.protect('sim', 'BTC-USD', 'manual', { stopDistance: 40, targets: [[60, 100]] })).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.worker).toBe(EXITS_WORKER);
    expect(sent[0]?.command).toMatchObject({ type: 'SetExitPlan', venue: 'sim', symbol: 'BTC-USD', owner: 'manual', attach: 'position', stopDistance: 40, targets: [[60, 100]] });
  });

  it('refuses a plan the worker would refuse, says why, and sends nothing', () => {
    expect(board.protect('sim', 'BTC-USD', 'manual', { stopDistance: 40, stopPrice: 127_000 })).toBe(false);
    expect(board.protect('sim', 'BTC-USD', 'manual', { targets: [[60, 70], [90, 40]] })).toBe(false);
    expect(board.protect('sim', 'NOPE', 'manual', { stopDistance: 40 })).toBe(false);
    expect(sent).toHaveLength(0);
    expect(logs[0]).toContain('not both');
    expect(logs[1]).toContain('110%');
    expect(logs[2]).toContain('unknown instrument');
  });

  it('moves the stop to the dropped price and keeps the other rules', () => {
    board.onStatus(status());
    expect(board.moveStop('sim', 'BTC-USD', 'manual', 127_900)).toBe(true);
    const command = sent[0]?.command as Unstamped<SetExitPlan>;
    expect(command).toMatchObject({ type: 'SetExitPlan', attach: 'position', stopPrice: 127_900, targets: [[60, 50], [120, 50]], breakEvenAfter: 30 });
    expect(command.stopDistance).toBeUndefined();
  });

  it('has nothing to move without an active plan', () => {
    expect(board.moveStop('sim', 'BTC-USD', 'manual', 127_900)).toBe(false);
    board.onStatus(status({ phase: 'done', reason: 'position closed' }));
    expect(board.moveStop('sim', 'BTC-USD', 'manual', 127_900)).toBe(false);
    expect(sent).toHaveLength(0);
    expect(logs).toEqual(['no exit plan of manual in sim:BTC-USD to move', 'no exit plan of manual in sim:BTC-USD to move']);
  });

  it('lists a plan waiting for a fill apart, then under its position once active, and drops a finished one later', () => {
    board.onStatus(status({ phase: 'armed', attach: 'fill', entryOrderId: 'manual.x.1', position: 0, stopPrice: 0, targets: [] }));
    board.onStatus(status({ owner: 'sma-btc' }));
    expect(board.rows().map((r) => [r.owner, r.phase])).toEqual([
      ['manual', 'armed'],
      ['sma-btc', 'active'],
    ]);
    board.onStatus(status({ attach: 'fill', entryOrderId: 'manual.x.1' }));
    expect(board.rows().map((r) => [r.owner, r.phase, r.entryOrderId])).toEqual([
      ['sma-btc', 'active', undefined],
      ['manual', 'active', 'manual.x.1'],
    ]);
    board.onStatus(status({ owner: 'sma-btc', phase: 'done', reason: 'position closed' }));
    expect(board.rows().find((r) => r.owner === 'sma-btc')?.reason).toBe('position closed');
    now += 11_000;
    expect(board.rows().map((r) => r.owner)).toEqual(['manual']);
  });

  it('clears a plan', () => {
    expect(board.clear('sim', 'BTC-USD', 'sma-btc')).toBe(true);
    expect(sent[0]?.command).toMatchObject({ type: 'ClearExitPlan', venue: 'sim', symbol: 'BTC-USD', owner: 'sma-btc' });
  });
});

describe('BracketStore', () => {
  let dir: string;
  let logs: string[];
  const log = (_level: string, text: string): void => void logs.push(text);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tt-brackets-'));
    logs = [];
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves templates by name, replaces one of the same name, and reads them back after a restart', () => {
    const store = new BracketStore(dir, log);
    expect(store.save({ name: 'Scalp', stopLoss: 20, targets: [{ distance: 30, share: 100 }] })).toBeUndefined();
    expect(store.save({ name: ' Swing ', stopLoss: 80, targets: [{ distance: 100, share: 50 }, { distance: 200, share: 50 }], breakEvenAfter: 60 })).toBeUndefined();
    expect(store.save({ name: 'scalp', stopLoss: 25, targets: [] })).toBeUndefined();
    const again = new BracketStore(dir, log);
    expect(again.all().map((t) => [t.name, t.stopLoss])).toEqual([
      ['scalp', 25],
      ['Swing', 80],
    ]);
    expect(again.find('SWING')?.targets).toHaveLength(2);
    expect(again.delete('Swing')).toBe(true);
    expect(new BracketStore(dir, log).all().map((t) => t.name)).toEqual(['scalp']);
    expect(logs).toEqual([]);
  });

  it('refuses a template that cannot work, with the reason, and keeps the file as it was', () => {
    const store = new BracketStore(dir, log);
    expect(store.save({ name: 'Bad', targets: [{ distance: 30, share: 60 }, { distance: 50, share: 60 }] })).toContain('120%');
    expect(store.save({ name: '', stopLoss: 10, targets: [] })).toBe('a template needs a name');
    expect(store.all()).toEqual([]);
  });

  it('drops a saved template that no longer passes and keeps the others', () => {
    writeFileSync(join(dir, BRACKETS_FILE), JSON.stringify({ version: 1, templates: [{ name: 'Ok', stopLoss: 10, targets: [] }, { name: 'Broken', targets: 'many' }] }));
    const store = new BracketStore(dir, log);
    expect(store.all().map((t) => t.name)).toEqual(['Ok']);
    expect(logs[0]).toContain('bracket template 2');
    expect(JSON.parse(readFileSync(join(dir, BRACKETS_FILE), 'utf8')).templates).toHaveLength(2);
  });
});
