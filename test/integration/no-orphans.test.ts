/**
 * Killing the host, however hard, leaves no worker behind: each worker notices its host is gone and exits.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEADLESS = fileURLToPath(new URL('../../dist/src-main/headless/main.js', import.meta.url));

/** Pids of processes titled `terminal:<name>` whose parent is `ppid`. */
function workersOf(ppid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(ppid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when nothing matches
  }
  return out.split('\n').filter((line) => /terminal:/.test(line)).map((line) => Number(line.trim().split(/\s+/)[0]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the host dies', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)('after %s every worker exits', async (signal) => {
    const runDir = mkdtempSync(join(tmpdir(), 'tt-orphans-'));
    const host = spawn(process.execPath, [HEADLESS, '--no-ui', '--run-dir', runDir], { stdio: 'ignore' });
    try {
      await until('six workers', () => workersOf(host.pid!).length === 6);
      const pids = workersOf(host.pid!);
      host.kill(signal);
      await until('every worker to exit', () => pids.every((pid) => !alive(pid)));
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
