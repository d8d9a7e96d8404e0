/**
 * Starts the real terminal (host in this process, workers as real child processes over real sockets) from the
 * compiled build, with a test configuration, and offers condition waits. `npm test` builds first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINT_NAMES, type TerminalConfig } from '../../../workers/protocol/config.js';
import type { RunningHost } from '../../../src-main/host/start-host.js';
import type { HostDefaults } from '../../../src-main/host/host-options.js';
import type { Summary } from '../../../src-main/host/summary.js';

const DIST = new URL('../../../dist/', import.meta.url);

/** A running test terminal. */
export interface TestTerminal {
  host: RunningHost;
  config: TerminalConfig;
  runDir: string;
  summary(): Summary;
  /** Polls `condition` every 100 ms until true; fails with `what` after `timeoutMs`. */
  waitFor(what: string, condition: () => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A ping strategy on the simulated BTC market: an order every `every` trades, alternating sides. */
export function pingStrategy(every: number): TerminalConfig['strategies'][number] {
  return { id: 'ping', kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { qty: 1, every } };
}

/** What a test may add to the host's start: its defaults (a fake safeStorage), and files put in its state folder first. */
export interface HostExtras {
  defaults?: HostDefaults;
  prepareState?: (stateDir: string) => void;
}

/** Starts a terminal; `overrides` replace top-level sections of the default configuration. */
export async function startTestTerminal(overrides: Partial<TerminalConfig> = {}, tcp = false, extras: HostExtras = {}): Promise<TestTerminal> {
  const runDir = mkdtempSync(join(tmpdir(), 'tt-test-'));
  const configFile = join(runDir, 'test-config.json');
  writeFileSync(configFile, JSON.stringify(overrides));
  const { startHost } = (await import(new URL('src-main/host/start-host.js', DIST).href)) as typeof import('../../../src-main/host/start-host.js');
  const { NodeSpawner } = (await import(new URL('src-main/supervisor/node-spawner.js', DIST).href)) as typeof import('../../../src-main/supervisor/node-spawner.js');
  // Saved strategy parameters go to the test's own folder, never the user's home.
  const args = ['--no-ui', '--run-dir', runDir, '--config', configFile, '--state-dir', join(runDir, 'state')];
  if (tcp) args.push('--base-port', String(await freePortRange(ENDPOINT_NAMES.length)));
  extras.prepareState?.(join(runDir, 'state'));
  const host = await startHost(new NodeSpawner(), args, extras.defaults);
  const waitFor = async (what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(host.summary().orders)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    host,
    config: host.options.config,
    runDir,
    summary: () => host.summary(),
    waitFor,
    stop: async () => {
      await host.stop();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** The first of `count` consecutive free TCP ports on 127.0.0.1. */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let port = base; port < base + count && free; port++) free = await isFree(port);
    if (free) return base;
  }
  throw new Error('no free port range found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
