/**
 * Backtests through the real host API: a 2×2 sweep on the shipped sample runs in child processes and comes back
 * ranked, each report identical to the backtest command's JSON; runs are recorded; bad input and cancel are answered.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestUpdate, HostToRenderer } from '../../workers/protocol/channels.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/workers/backtest/cli.js', import.meta.url));
const DATA = 'resources/data/xrp-eth-trades.csv';

describe('backtests in the terminal', () => {
  let terminal: TestTerminal;
  const updates: BacktestUpdate[] = [];
  const messages: HostToRenderer[] = [];

  beforeAll(async () => {
    terminal = await startTestTerminal();
    terminal.host.api.subscribe((message) => {
      messages.push(message);
      if (message.channel === 'backtest') {
        const { channel: _channel, ...update } = message;
        updates.push(update);
      }
    });
  }, 60_000);

  afterAll(async () => {
    await terminal?.stop();
  });

  const of = (requestId: string): BacktestUpdate[] => updates.filter((u) => u.requestId === requestId);
  const doneOf = (requestId: string) => of(requestId).find((u) => u.kind === 'done');

  it('runs a 2×2 sweep, ranks it by Sharpe, and each report is the command line\'s JSON', async () => {
    terminal.host.api.handle({ channel: 'runBacktest', requestId: 's1', strategy: 'sma-cross', params: { fast: [5, 10], slow: [30, 50], tf: '5m' }, data: DATA, mode: 'bar', tf: '5m', quantity: '100', feeBps: '10' });
    await terminal.waitFor('the sweep to end', () => doneOf('s1') !== undefined, 60_000);
    const done = doneOf('s1');
    if (done?.kind !== 'done') throw new Error('no done');
    expect(done.cancelled).toBe(false);
    expect(done.rankBy).toBe('sharpe');
    expect(done.ranked).toHaveLength(4);
    const sharpes = done.ranked.map((r) => r.statistics.sharpe as number);
    expect([...sharpes].sort((a, b) => b - a)).toEqual(sharpes);
    const progress = of('s1').filter((u) => u.kind === 'progress');
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4 });
    const results = of('s1').filter((u) => u.kind === 'result');
    expect(results).toHaveLength(4);
    for (const result of results) {
      if (result.kind !== 'result') continue;
      const args = ['--strategy', 'sma-cross', '--data', DATA, '--mode', 'bar', '--param', `fast=${result.params.fast}`, '--param', `slow=${result.params.slow}`, '--param', 'tf=5m', '--tf', '5m', '--fee-bps', '10', '--quantity', '100', '--chart-bars', '3000', '--json'];
      const expected = JSON.parse(execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' })) as Record<string, unknown>;
      // The host passes the file as an absolute path; everything the run computed must be the same.
      expect({ ...result.report, data: { ...(result.report.data as object), file: DATA } }).toEqual(expected);
      expect(result.runId).toBeGreaterThan(0);
    }
  }, 120_000);

  it('lists the recorded runs in the history store', async () => {
    terminal.host.api.handle({ channel: 'historyQuery', requestId: 'h1', filter: { kind: 'backtests' } });
    await terminal.waitFor('the history answer', () => messages.some((m) => m.channel === 'historyResult' && m.requestId === 'h1'));
    const answer = messages.find((m) => m.channel === 'historyResult' && m.requestId === 'h1');
    if (answer?.channel !== 'historyResult') throw new Error('no answer');
    expect(answer.table.rows.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses an unknown strategy, a bad parameter value and a missing file with a clear error', async () => {
    terminal.host.api.handle({ channel: 'runBacktest', requestId: 'e1', strategy: 'nope', params: {}, data: DATA, mode: 'bar' });
    terminal.host.api.handle({ channel: 'runBacktest', requestId: 'e2', strategy: 'sma-cross', params: {}, data: 'resources/data/missing.csv', mode: 'bar' });
    terminal.host.api.handle({ channel: 'runBacktest', requestId: 'e3', strategy: 'sma-cross', params: { fast: 'abc', tf: '5m' }, data: DATA, mode: 'bar', tf: '5m' });
    expect(of('e1')).toEqual([{ requestId: 'e1', kind: 'error', error: expect.stringMatching(/unknown strategy nope/) }]);
    expect(of('e2')).toEqual([{ requestId: 'e2', kind: 'error', error: expect.stringMatching(/missing\.csv not found/) }]);
    await terminal.waitFor('the bad run to end', () => doneOf('e3') !== undefined, 60_000);
    const failed = of('e3').find((u) => u.kind === 'failed');
    expect(failed).toMatchObject({ kind: 'failed', error: expect.stringMatching(/fast/) });
    expect(doneOf('e3')).toMatchObject({ ranked: [] });
  }, 90_000);

  it('cancels a sweep: it ends cancelled, with fewer runs than asked', async () => {
    const fast = Array.from({ length: 20 }, (_, i) => i + 2);
    terminal.host.api.handle({ channel: 'runBacktest', requestId: 'c1', strategy: 'sma-cross', params: { fast, slow: 40, tf: '5m' }, data: DATA, mode: 'bar', tf: '5m' });
    terminal.host.api.handle({ channel: 'cancelBacktest', requestId: 'c1' });
    await terminal.waitFor('the sweep to end', () => doneOf('c1') !== undefined, 60_000);
    const done = doneOf('c1');
    expect(done).toMatchObject({ cancelled: true });
    if (done?.kind === 'done') expect(done.ranked.length).toBeLessThan(20);
  }, 90_000);
});
