/** The host's state folder option and the strategy worker processes a configuration asks for. */
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHostOptions } from '../../../src-main/host/host-options.js';
import { strategyWorkerNames, workerDefinitions } from '../../../src-main/host/start-host.js';
import { defaultConfig, type StrategyConfig } from '../../../workers/protocol/config.js';

describe('--state-dir', () => {
  let runDir: string;
  let saved: string | undefined;

  beforeEach(() => {
    runDir = mkdtempSync(join(tmpdir(), 'tt-options-'));
    saved = process.env.TERMINAL_STATE_DIR;
    delete process.env.TERMINAL_STATE_DIR;
  });

  afterEach(() => {
    if (saved === undefined) delete process.env.TERMINAL_STATE_DIR;
    else process.env.TERMINAL_STATE_DIR = saved;
    rmSync(runDir, { recursive: true, force: true });
  });

  const parse = (args: string[], defaults = {}) => parseHostOptions(['--run-dir', runDir, ...args], defaults);

  it('is the flag, else TERMINAL_STATE_DIR, else the host default (Electron), else ~/.trading-terminal', () => {
    expect(parse([]).stateDir).toBe(join(homedir(), '.trading-terminal'));
    expect(parse([], { stateDir: '/electron/user-data' }).stateDir).toBe('/electron/user-data');
    process.env.TERMINAL_STATE_DIR = '/from/env';
    expect(parse([], { stateDir: '/electron/user-data' }).stateDir).toBe('/from/env');
    expect(parse(['--state-dir', 'relative/state']).stateDir).toBe(resolve('relative/state'));
  });

  it('needs a value', () => {
    expect(() => parseHostOptions(['--state-dir'])).toThrow(/--state-dir needs a value/);
  });
});

describe('strategy workers', () => {
  const strategy = (id: string, worker?: string): StrategyConfig => ({ id, kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: {}, ...(worker === undefined ? {} : { worker }) });

  it('runs one process per worker name, `strategy` first, each supervised like the others', () => {
    const config = { ...defaultConfig('/tmp/x'), strategies: [strategy('a'), strategy('b', 'fast'), strategy('c', 'fast'), strategy('d', 'slow')] };
    expect(strategyWorkerNames(config)).toEqual(['strategy', 'fast', 'slow']);
    const definitions = workerDefinitions(config);
    expect(definitions.map((d) => d.name)).toEqual(['sim', 'execution', 'risk', 'feed', 'strategy', 'fast', 'slow', 'exits', 'journal', 'history']);
    expect(new Set(definitions.filter((d) => ['strategy', 'fast', 'slow'].includes(d.name)).map((d) => d.entry)).size).toBe(1);
  });

  it.each([['risk'], ['Has Space'], ['feed'], ['']])('refuses the worker name %j', (name) => {
    expect(() => strategyWorkerNames({ ...defaultConfig('/tmp/x'), strategies: [strategy('a', name)] })).toThrow(/is not a usable name/);
  });
});
