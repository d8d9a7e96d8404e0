/**
 * The runner with a stand-in backtest command (a real child process that waits for a go file): at most two runs at
 * once, ranked results, failures and refusals reported, and cancel killing the running children.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BacktestRunner, type BacktestMessage } from '../../../src-main/host/backtest-runner.js';

// Records its pid, waits for `go`, then prints a report whose Sharpe is the fast parameter (fast=0 fails).
const FAKE_CLI = `
const { writeFileSync, existsSync } = require('node:fs');
const dir = process.env.FAKE_DIR;
const fast = Number(process.argv.find((a) => a.startsWith('fast=')).slice(5));
writeFileSync(dir + '/started-' + process.pid, '');
const wait = setInterval(() => {
  if (!existsSync(dir + '/go')) return;
  clearInterval(wait);
  if (fast === 0) { process.stderr.write('strategy sma-cross: fast must be at least 1\\n'); process.exit(2); }
  process.stdout.write(JSON.stringify({ params: { fast }, statistics: { sharpe: fast } }));
}, 20);
`;

describe('BacktestRunner', () => {
  let dir = '';
  let runner: BacktestRunner | undefined;
  afterEach(() => {
    runner?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function setup(): { messages: BacktestMessage[]; started: () => number[] } {
    dir = mkdtempSync(join(tmpdir(), 'tt-bt-'));
    writeFileSync(join(dir, 'data.csv'), 'time,side,price,amount\n');
    const cli = join(dir, 'fake-cli.cjs');
    writeFileSync(cli, FAKE_CLI);
    process.env.FAKE_DIR = dir;
    const messages: BacktestMessage[] = [];
    runner = new BacktestRunner({ emit: (m) => messages.push(m), baseDir: dir, cliPath: cli });
    const started = (): number[] => readdirSync(dir).filter((f) => f.startsWith('started-')).map((f) => Number(f.slice(8)));
    return { messages, started };
  }

  const until = async (condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('runs at most two at once and ranks the results best first, failures reported', async () => {
    const { messages, started } = setup();
    const answer = runner!.start('s', { strategy: 'sma-cross', params: { fast: [3, 0, 7, 5], slow: 50 }, data: 'data.csv', mode: 'bar' });
    expect(answer).toEqual({ ok: true, total: 4 });
    await until(() => started().length === 2);
    // None can finish before `go`, so a third would be a third at once.
    expect(started()).toHaveLength(2);
    writeFileSync(join(dir, 'go'), '');
    await until(() => messages.some((m) => m.kind === 'done'));
    const done = messages.find((m) => m.kind === 'done');
    expect(done).toMatchObject({ kind: 'done', cancelled: false, rankBy: 'sharpe' });
    if (done?.kind === 'done') expect(done.ranked.map((r) => r.params.fast)).toEqual(['7', '5', '3']);
    expect(messages.find((m) => m.kind === 'failed')).toMatchObject({ params: { fast: '0' }, error: 'strategy sma-cross: fast must be at least 1' });
    expect(messages.filter((m) => m.kind === 'progress').at(-1)).toMatchObject({ done: 4, total: 4 });
  });

  it('cancel kills the running children and ends the sweep as cancelled', async () => {
    const { messages, started } = setup();
    runner!.start('c', { strategy: 'sma-cross', params: { fast: [1, 2, 3] }, data: 'data.csv', mode: 'bar' });
    await until(() => started().length === 2);
    expect(runner!.cancel('c')).toBe(true);
    await until(() => messages.some((m) => m.kind === 'done'));
    expect(messages.find((m) => m.kind === 'done')).toMatchObject({ cancelled: true, ranked: [] });
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until(() => started().every((pid) => !alive(pid)));
    expect(started()).toHaveLength(2);
    expect(runner!.active()).toEqual([]);
  });

  it('refuses bad input with a clear error and starts nothing', () => {
    const { messages, started } = setup();
    expect(runner!.start('a', { strategy: 'nope', params: {}, data: 'data.csv', mode: 'bar' })).toMatchObject({ ok: false, error: expect.stringMatching(/unknown strategy nope/) });
    expect(runner!.start('b', { strategy: 'sma-cross', params: {}, data: 'missing.csv', mode: 'bar' })).toMatchObject({ ok: false, error: 'data file missing.csv not found' });
    expect(runner!.start('c', { strategy: 'sma-cross', params: { fats: 1 }, data: 'data.csv', mode: 'bar' })).toMatchObject({ ok: false, error: expect.stringMatching(/no parameter fats/) });
    expect(messages.map((m) => m.kind)).toEqual(['error', 'error', 'error']);
    expect(started()).toEqual([]);
    expect(existsSync(join(dir, 'go'))).toBe(false);
  });
});
