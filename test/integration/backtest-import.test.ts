/**
 * `npm run backtest` on imported data: the shipped sample of real trades (aggregated to bars, and trade by trade
 * through the matching engine), byte-identical output run after run, Binance files detected by their shape, bad rows
 * skipped and named by line on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/workers/backtest/cli.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/data/xrp-eth-trades.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tt-backtest-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [CLI, ...args, '--state-dir', join(dir, 'state')], { encoding: 'utf8', timeout: 60_000 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

type Report = { data: Record<string, unknown>; assumptions: Record<string, unknown>; statistics: Record<string, unknown>; trades: Array<Record<string, string>> };

describe('backtests on imported data', () => {
  const BASE = ['--strategy', 'sma-cross', '--data', SAMPLE, '--tf', '5m', '--quantity', '100', '--fee-bps', '10', '--json'];

  it('runs sma-cross on the shipped sample of real trades, aggregated to 5-minute bars', () => {
    const out = run(...BASE);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as Report;
    expect(report.data).toMatchObject({ format: 'csv', rows: 7000, badRows: 0, bars: 365, intervalSeconds: 300, from: '2019-10-11T00:00:00.000Z' });
    expect(report.assumptions).toMatchObject({ mode: 'bar', tick: '0.00000001', lot: '0.1' });
    expect(report.trades.length).toBeGreaterThan(0);
    expect(report.trades[0]?.qty).toBe('100.0');
  });

  it('runs it trade by trade through the matching engine, with the mode and its assumptions in the report, byte-identical twice', () => {
    const args = [...BASE, '--mode', 'trade', '--latency-ms', '50'];
    const a = run(...args);
    const b = run(...args);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout) as Report;
    expect(report.data).toMatchObject({ events: 7000, bars: 365 });
    expect(report.assumptions).toMatchObject({ mode: 'trade', fill: 'tape', latencyMs: '50', queueAhead: 'auto' });
    expect((report.assumptions.rules as string[]).join('\n')).toMatch(/displayed size queued ahead fills first/);
    // Market orders sent at a bar's close arrive 50 ms later: every entry is stamped then.
    expect(report.trades.length).toBeGreaterThan(0);
    for (const trade of report.trades) expect(trade.entryTime).toMatch(/:\d0:00\.050Z$|:\d5:00\.050Z$/);
    const text = run(...args.filter((arg) => arg !== '--json'));
    expect(text.stdout).toContain('mode trade-level, fills from the tape');
    expect(text.stdout).toContain('latency 50 ms');
  });

  it('sends the trade mode\'s orders through the risk core: limits from --risk deny them, and the report counts it', () => {
    const risk = join(dir, 'risk.json');
    writeFileSync(risk, JSON.stringify({ risk: { maxOrderQty: { '*': 500 }, maxPosition: { '*': 5000 }, maxOpenOrders: 10 } }));
    const out = run(...BASE, '--mode', 'trade', '--risk', risk);
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as Report;
    // 100 XRP is 1,000 lots of 0.1: above the 500-lot order limit.
    expect(report.statistics).toMatchObject({ fills: 0, trades: 0 });
    expect(report.statistics.ordersSent).toBeGreaterThan(0);
    expect(report.statistics.ordersDenied).toBe(report.statistics.ordersSent);
  });

  it('reads a Binance kline file by its shape and skips a bad row, naming its line on stderr', () => {
    const path = join(dir, 'BTCUSDT-1m.csv');
    const rows: string[] = [];
    const t0 = 1_704_067_200_000;
    for (let i = 0; i < 40; i++) {
      const price = (100 + Math.round(10 * Math.sin(i / 4))).toFixed(2);
      rows.push(`${t0 + i * 60_000},${price},${price},${price},${price},1.000,${t0 + i * 60_000 + 59_999},100,1,0.5,50,0`);
    }
    rows[5] = 'garbage';
    writeFileSync(path, `${rows.join('\n')}\n`);
    const out = run('--strategy', 'sma-cross', '--param', 'fast=2', '--param', 'slow=5', '--data', path, '--json');
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('bad row skipped: line 6: expected 12 kline columns, found 1');
    const report = JSON.parse(out.stdout) as Report;
    expect(report.data).toMatchObject({ format: 'binance-klines', rows: 40, badRows: 1, bars: 39 });
  });

  it('refuses the trade mode on bars and an unknown format', () => {
    const bars = join(dir, 'bars.json');
    writeFileSync(bars, '[[1704067200000, 1, 1, 1, 1, 1], [1704067260000, 1, 1, 1, 1, 1]]');
    const trade = run('--strategy', 'sma-cross', '--data', bars, '--mode', 'trade');
    expect(trade.code).toBe(2);
    expect(trade.stderr).toMatch(/--mode trade needs a file of trades/);
    const format = run('--strategy', 'sma-cross', '--data', bars, '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format xml/);
  });
});
