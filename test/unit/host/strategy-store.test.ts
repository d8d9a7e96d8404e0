/** Saved strategy parameters: a round trip through the file, atomic writes, and what happens to a bad file. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARAMS_FILE, StrategyStore } from '../../../src-main/host/strategy-store.js';

describe('StrategyStore', () => {
  let dir: string;
  let logs: string[];
  const log = (level: string, text: string): void => void logs.push(`${level}: ${text}`);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tt-store-'));
    logs = [];
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty without a file, and creates its folder on the first save', () => {
    const nested = join(dir, 'a', 'b');
    const store = new StrategyStore(nested, log);
    expect(store.get('sr-btc')).toBeUndefined();
    expect(existsSync(nested)).toBe(false);
    store.merge('sr-btc', { conditions: [{ side: 'buy', trigger: 130_000, turn: 1 }] });
    expect(existsSync(join(nested, PARAMS_FILE))).toBe(true);
  });

  it('reads back what it saved, merged per parameter', () => {
    const store = new StrategyStore(dir, log);
    store.merge('ping', { every: 5 });
    store.merge('ping', { qty: 2 });
    store.merge('sr-btc', { conditions: [] });
    store.merge('ping', { every: 7 });
    const again = new StrategyStore(dir, log);
    expect(again.get('ping')).toEqual({ every: 7, qty: 2 });
    expect(again.get('sr-btc')).toEqual({ conditions: [] });
    again.drop('ping', ['every']);
    expect(new StrategyStore(dir, log).get('ping')).toEqual({ qty: 2 });
    again.drop('ping', ['qty']);
    expect(new StrategyStore(dir, log).get('ping')).toBeUndefined();
    expect(logs).toEqual([]);
  });

  it('writes whole files through a temporary file: no partial file, no temporary left behind', () => {
    const store = new StrategyStore(dir, log);
    for (let i = 1; i <= 20; i++) {
      store.merge(`s${i}`, { every: i });
      // After each write the file is a complete document, and only it is in the folder.
      expect(readdirSync(dir)).toEqual([PARAMS_FILE]);
      const document = JSON.parse(readFileSync(join(dir, PARAMS_FILE), 'utf8')) as { version: number; strategies: Record<string, unknown> };
      expect(document.version).toBe(1);
      expect(Object.keys(document.strategies)).toHaveLength(i);
    }
  });

  it('ignores a temporary file a crash left behind', () => {
    new StrategyStore(dir, log).merge('ping', { every: 5 });
    writeFileSync(join(dir, `.${PARAMS_FILE}.999.tmp`), '{"version":1,"strategies":{"ping":{"ev');
    expect(new StrategyStore(dir, log).get('ping')).toEqual({ every: 5 });
  });

  it('moves an unreadable file aside, says so, and starts empty', () => {
    writeFileSync(join(dir, PARAMS_FILE), '{ not json');
    const store = new StrategyStore(dir, log);
    expect(store.get('ping')).toBeUndefined();
    expect(logs[0]).toMatch(/unreadable .* moved to/);
    expect(readdirSync(dir).some((name) => name.startsWith(`${PARAMS_FILE}.unreadable-`))).toBe(true);
  });

  it('ignores entries that are not maps, and a document without strategies', () => {
    writeFileSync(join(dir, PARAMS_FILE), JSON.stringify({ version: 1, strategies: { ping: 5, sr: { conditions: [] } } }));
    const store = new StrategyStore(dir, log);
    expect(store.get('ping')).toBeUndefined();
    expect(store.get('sr')).toEqual({ conditions: [] });
    expect(store.get('toString')).toBeUndefined();
    writeFileSync(join(dir, PARAMS_FILE), JSON.stringify([1, 2]));
    expect(new StrategyStore(dir, log).get('sr')).toBeUndefined();
    expect(logs.some((line) => line.includes('no "strategies" map'))).toBe(true);
  });

  it('logs a save that fails instead of throwing', () => {
    const blocked = join(dir, 'file');
    writeFileSync(blocked, 'not a folder');
    const store = new StrategyStore(join(blocked, 'state'), log);
    expect(() => store.merge('ping', { every: 5 })).not.toThrow();
    expect(logs[0]).toMatch(/^error: could not save strategy parameters/);
  });
});
