/**
 * The documented command for scripts: `--headless --exit-after <s> --summary json` runs the whole system and prints
 * one JSON document at exit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src-main/host/summary.js';
import { pingStrategy } from './helpers/host-harness.js';

const START = fileURLToPath(new URL('../../dist/src-main/start.js', import.meta.url));
const runDir = mkdtempSync(join(tmpdir(), 'tt-summary-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

describe('npm start -- --headless --exit-after N --summary json', () => {
  it('prints one JSON document with every worker running, orders and positions', async () => {
    const configFile = join(runDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ strategies: [pingStrategy(5)] }));
    const args = [START, '--headless', '--no-ui', '--exit-after', '8', '--summary', 'json', '--run-dir', runDir, '--config', configFile];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Summary;
    expect(Object.keys(summary.workers)).toEqual(['sim', 'execution', 'risk', 'feed', 'strategy', 'exits', 'journal', 'history']);
    for (const [name, worker] of Object.entries(summary.workers)) {
      expect(worker.state, name).toBe('running');
      expect(worker.pid, name).toBeGreaterThan(0);
      expect(worker.refused, name).toBe(0);
    }
    expect(summary.orders.fills).toBeGreaterThan(0);
    expect(summary.positions['sim:BTC-USD']?.realized).toMatch(/^-?\d+\.\d{4}$/);
  });
});
