/**
 * `npm run indicators -- --input <file.csv> --indicator <name> [--param key=value ...]`: the built command on TA-Lib's
 * reference series (test/fixtures/indicators), its JSON, and its errors (exit code 2, message on stderr).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/src-main/cli/indicators.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/indicators/ta-lib-daily-ref.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tt-indicators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

function json(out: { code: number | null; stdout: string; stderr: string }): Record<string, (number | null)[]> {
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as Record<string, (number | null)[]>;
}

describe('npm run indicators', () => {
  it("prints RSI(14) as one JSON object aligned to the rows, matching TA-Lib's published values", () => {
    const result = json(run('--input', FIXTURE, '--indicator', 'rsi', '--param', 'period=14'));
    expect(Object.keys(result)).toEqual(['value']);
    const rsi = result.value as (number | null)[];
    expect(rsi).toHaveLength(252);
    expect(rsi.slice(0, 14).every((v) => v === null)).toBe(true);
    // TA-Lib test_rsi.c: 49.14, 52.32, 46.07 from bar 14, 49.63 on the last bar (its tolerance: 0.01).
    for (const [i, want] of [[14, 49.14], [15, 52.32], [16, 46.07], [251, 49.63]] as const) expect(Math.abs((rsi[i] as number) - want)).toBeLessThan(0.01);
  });

  it('names multi-output indicators by output: MACD with default parameters (12/26/9), stochastic k and d', () => {
    const macd = json(run('--input', FIXTURE, '--indicator', 'macd'));
    expect(Object.keys(macd)).toEqual(['macd', 'signal', 'histogram']);
    expect(macd.macd?.findIndex((v) => v !== null)).toBe(33);
    expect(Math.abs((macd.macd?.[33] as number) + 1.9738)).toBeLessThan(0.01);
    expect(Math.abs((macd.signal?.[33] as number) + 2.7071)).toBeLessThan(0.01);
    const stoch = json(run('--input', FIXTURE, '--indicator', 'stoch', '--param', 'period=5', '--param', 'slowk=3', '--param', 'slowd=3'));
    expect(Object.keys(stoch)).toEqual(['k', 'd']);
    expect(Math.abs((stoch.k?.[8] as number) - 24.0128)).toBeLessThan(0.01);
  });

  it('reads the columns in any order and needs only those the indicator uses', () => {
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    const shuffled = lines.map((line) => {
      const [, , high, low, close] = line.split(',');
      return [close, low, high].join(',');
    });
    const file = join(dir, 'hlc.csv');
    writeFileSync(file, `${shuffled.join('\n')}\n`);
    const fromShuffled = json(run('--input', file, '--indicator', 'atr'));
    const fromFixture = json(run('--input', FIXTURE, '--indicator', 'atr'));
    expect(fromShuffled).toEqual(fromFixture);
    expect(Math.abs((fromShuffled.value?.[14] as number) - 3.578)).toBeLessThan(0.01);
  });

  it('exits 2 with a message on stderr for an unknown indicator, a missing column, a bad parameter or bad usage', () => {
    const closeOnly = join(dir, 'close.csv');
    writeFileSync(closeOnly, 'time,close\n0,1\n1,2\n');
    const cases: [string[], RegExp][] = [
      [['--input', FIXTURE, '--indicator', 'kama'], /unknown indicator "kama"; known: sma, ema/],
      [['--input', closeOnly, '--indicator', 'atr'], /missing columns high, low \(the header has: time, close\)/],
      [['--input', FIXTURE, '--indicator', 'sma', '--param', 'period=0'], /sma: parameter period must be an integer ≥ 1, got "0"/],
      [['--input', FIXTURE, '--indicator', 'sma', '--param', 'window=5'], /sma has no parameter "window"/],
      [['--input', FIXTURE, '--indicator', 'sma', '--param', 'period'], /--param takes <key>=<value>/],
      [['--indicator', 'sma'], /--input <file.csv> is required/],
      [['--input', join(dir, 'nope.csv'), '--indicator', 'sma'], /cannot read .*nope\.csv: ENOENT/],
    ];
    for (const [args, message] of cases) {
      const out = run(...args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stdout, args.join(' ')).toBe('');
      expect(out.stderr, args.join(' ')).toMatch(message);
    }
  });
});
