/**
 * Killing the host, however hard and whenever, leaves no worker behind: each worker notices its host is gone and
 * exits — also one still loading when the host died (its IPC channel closed before it listened, and it was already
 * re-parented when it looked at its parent).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEADLESS = fileURLToPath(new URL('../../dist/src-main/headless/main.js', import.meta.url));
const WORKERS = ['sim', 'execution', 'risk', 'feed', 'strategy', 'exits', 'journal', 'history'];

/** Pid and worker name of every process of the run in `runDir`, whoever its parent is now (found by its environment). */
function workersOfRun(runDir: string): Array<{ pid: number; name: string }> {
  const found: Array<{ pid: number; name: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let environ = '';
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!environ.includes(`"runDir":"${runDir}"`)) continue;
    const name = /(?:^|\0)TERMINAL_WORKER=([^\0]*)/.exec(environ)?.[1];
    if (name !== undefined) found.push({ pid: Number(entry), name });
  }
  return found;
}

async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.runIf(process.platform === 'linux')('the host dies', () => {
  it.each([
    ['SIGKILL', 'with every worker running'],
    ['SIGTERM', 'with every worker running'],
    ['SIGKILL', 'while its workers are still starting'],
  ] as const)('after %s %s, every worker exits', async (signal, when) => {
    const runDir = mkdtempSync(join(tmpdir(), 'tt-orphans-'));
    const host = spawn(process.execPath, [HEADLESS, '--no-ui', '--run-dir', runDir], { stdio: 'ignore' });
    try {
      if (when === 'with every worker running') {
        await until('every worker', () => WORKERS.every((name) => workersOfRun(runDir).some((w) => w.name === name)));
      } else {
        await until('the first workers', () => workersOfRun(runDir).length >= 2, 30_000);
      }
      host.kill(signal);
      await until('every worker of the run to exit', () => workersOfRun(runDir).length === 0);
      expect(workersOfRun(runDir)).toEqual([]);
    } finally {
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
      for (const { pid } of workersOfRun(runDir)) process.kill(pid, 'SIGKILL');
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
