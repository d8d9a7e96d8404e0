/**
 * `npm run backtest -- --strategy <name> [--param k=v ...] --data <file> [--fee-bps N] ... [--json]`: the built
 * command on the hand-made fixture (test/fixtures/backtest/README.md), its JSON, its determinism and its errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/workers/backtest/cli.js', import.meta.url));
const CROSS = fileURLToPath(new URL('../fixtures/backtest/cross-1m.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tt-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const BASE = ['--strategy', 'sma-cross', '--param', 'fast=2', '--param', 'slow=3', '--data', CROSS, '--fee-bps', '10'];

describe('npm run backtest', () => {
  it('prints one JSON document with the trades, statistics and assumptions', () => {
    const out = run(...BASE, '--json');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as Record<string, Record<string, unknown> & unknown[]>;
    expect(Object.keys(report)).toEqual(['strategy', 'params', 'data', 'assumptions', 'statistics', 'trades', 'equityCurve']);
    expect(report.params).toEqual({ fast: 2, slow: 3, tf: '1m', qty: 1, allowShort: false });
    expect(report.assumptions).toMatchObject({ mode: 'bar', fill: 'next-open', feeBps: '10', slippageBps: '0', tick: '0.01', lot: '1', capital: '10.00' });
    expect(report.trades).toEqual([{ side: 'long', qty: '1', entryTime: '2024-01-01T00:04:00.000Z', entryPrice: '12.50', exitTime: '2024-01-01T00:07:00.000Z', exitPrice: '9.50', fees: '0.03', pnl: '-3.03' }]);
    expect(report.statistics).toMatchObject({ endEquity: '7.75', netProfit: '-2.25', totalReturn: -0.225, maxDrawdown: 0.381679, trades: 1, winRate: 0, fees: '0.05', fills: 3 });
  });

  it('gives the same bytes for the same inputs, and the human report by default', () => {
    const a = run(...BASE, '--json', '--slippage-bps', '25', '--quantity', '3');
    const b = run(...BASE, '--json', '--slippage-bps', '25', '--quantity', '3');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect((JSON.parse(a.stdout) as { params: { qty: number } }).params.qty).toBe(3);
    const text = run(...BASE);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Backtest of sma-cross');
    expect(text.stdout).toContain('inside a bar, stops are checked before limits');
    expect(text.stdout).toContain('long  1  2024-01-01T00:04:00.000Z  12.50  2024-01-01T00:07:00.000Z  9.50  0.03  -3.03');
  });

  it('includes the per-bar equity and drawdown, and with --chart-bars the run\'s bars, the same on every run', () => {
    const a = run(...BASE, '--json', '--chart-bars', '4');
    const b = run(...BASE, '--json', '--chart-bars', '4');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout) as { equityCurve: { bars: number; points: number; columns: string[]; rows: string[][] }; chart: { intervalSeconds: number; merged: number; bars: number; rows: string[][] } };
    // Marked at each close (test/fixtures/backtest/README.md): flat at 10.00, long from bar 4, flat again on bars 7-8.
    expect(report.equityCurve).toMatchObject({ bars: 11, points: 11, bucketBars: 1, columns: ['time', 'equity', 'drawdown'] });
    expect(report.equityCurve.rows.map((row) => row[1])).toEqual(['10.00', '10.00', '10.00', '10.00', '10.48', '8.48', '6.48', '6.97', '6.97', '7.25', '7.75']);
    expect(report.equityCurve.rows[6]).toEqual(['2024-01-01T00:06:00.000Z', '6.48', '4.00']);
    // 11 one-minute bars merged by 3 to fit in 4, prices at the tick's two decimals.
    expect(report.chart).toMatchObject({ intervalSeconds: 180, merged: 3, bars: 4 });
    expect(report.chart.rows[1]).toEqual(['2024-01-01T00:03:00.000Z', '9.00', '13.10', '8.90', '11.00']);
    // Without the flag, no chart; the rest is the same document.
    const plain = JSON.parse(run(...BASE, '--json').stdout) as Record<string, unknown>;
    expect(plain.chart).toBeUndefined();
    expect({ ...plain, chart: report.chart }).toEqual(report);
    expect(run(...BASE, '--chart-bars', '0').stderr).toMatch(/--chart-bars 0/);
  });

  it('refuses bad arguments and data with a message and exit code 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--strategy', 'nope', '--data', CROSS], /unknown strategy nope/],
      [['--strategy', 'sma-cross', '--data', CROSS, '--param', 'speed=3'], /unknown parameter speed/],
      [['--strategy', 'sma-cross', '--data', CROSS, '--param', 'fast=x'], /not a number/],
      [['--strategy', 'sma-cross', '--data', CROSS, '--fill', 'next-close'], /only next-open/],
      [['--strategy', 'sma-cross', '--data', CROSS, '--tick', '0.2'], /not a multiple of the tick size/],
      [['--strategy', 'sma-cross', '--data', CROSS, '--fee-bps', '-1'], /must not be negative/],
      [['--strategy', 'sma-cross', '--data', join(dir, 'missing.csv')], /cannot read --data/],
      [['--strategy', 'sma-cross', '--data', CROSS, '--param', 'tf=5m'], /does not resample/],
      [['--strategy', 'sma-cross'], /--data/],
      [['--strategy', 'sma-cross', '--data', CROSS, '--param', 'fast=5', '--param', 'slow=3'], /slow \(3\) must be more than fast/],
    ];
    for (const [args, message] of cases) {
      const out = run(...args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(message);
    }
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'time,open,high,low,close\n1704067200,10,11,9,10\n1704067200,10,11,9,10\n');
    expect(run('--strategy', 'sma-cross', '--data', bad).stderr).toMatch(/line 3: times must increase/);
  });
});
