/**
 * The terminal as a user runs it headless: the host (`dist/src-main/headless/main.js`) as its own process with its
 * workers, and Debian's Chromium driven by playwright-core against the UI address it prints. Everything started here
 * is stopped by `stop()`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TerminalConfig } from '../../../workers/protocol/config.js';

const HEADLESS = fileURLToPath(new URL('../../../dist/src-main/headless/main.js', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags for a quiet headless Chromium on a machine with no network: no sandbox (root in CI), no background traffic. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** A running terminal with a browser page on its UI. */
export interface BrowserTerminal {
  page: Page;
  url: string;
  host: ChildProcess;
  runDir: string;
  /** Where the host keeps what outlives a session (saved strategy parameters). */
  stateDir: string;
  /** Pid of the worker process named `name` (its title is `terminal:<name>`), or undefined. */
  workerPid(name: string): number | undefined;
  stop(): Promise<void>;
}

/** Starts the host with `overrides` and opens its UI in Chromium. */
export async function openTerminal(overrides: Partial<TerminalConfig> = {}, viewport = { width: 1600, height: 1000 }): Promise<BrowserTerminal> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`);
  const runDir = mkdtempSync(join(tmpdir(), 'tt-e2e-'));
  const configFile = join(runDir, 'config.json');
  writeFileSync(configFile, JSON.stringify(overrides));
  // The user's saved strategy parameters go to the test's own folder, never to ~/.trading-terminal.
  const stateDir = join(runDir, 'state');
  const host = spawn(process.execPath, [HEADLESS, '--port', '0', '--run-dir', runDir, '--config', configFile, '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  host.stderr!.resume();
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the host printed no UI address: ${out}`)), 60_000);
    host.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /UI: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    host.once('exit', (code) => reject(new Error(`the host exited (${code}) before serving the UI: ${out}`)));
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport });
    await page.goto(url);
    return {
      page,
      url,
      host,
      runDir,
      stateDir,
      workerPid: (name) => workerPid(host.pid!, name),
      stop: async () => {
        await browser?.close();
        await stopHost(host);
        rmSync(runDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await stopHost(host);
    throw error;
  }
}

/** A terminal opened for one describe block, and what its tests read of it. */
export interface SuiteTerminal {
  readonly terminal: BrowserTerminal;
  readonly page: Page;
  /** A panel by its accessible name (`Orders`, `Fills`, …). */
  panel(name: string): Locator;
}

/** Opens a terminal with `overrides` before the block's tests and stops it after them; call inside `describe`. */
export function terminalPerSuite(overrides: Partial<TerminalConfig> = {}): SuiteTerminal {
  let opened: BrowserTerminal | undefined;
  beforeAll(async () => {
    opened = await openTerminal(overrides);
  });
  afterAll(async () => {
    await opened?.stop();
  });
  const terminal = (): BrowserTerminal => {
    if (opened === undefined) throw new Error('the terminal is not open (used outside a test?)');
    return opened;
  };
  return {
    get terminal() {
      return terminal();
    },
    get page() {
      return terminal().page;
    },
    panel: (name) => terminal().page.getByRole('region', { name, exact: true }),
  };
}

function workerPid(hostPid: number, name: string): number | undefined {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(hostPid)], { encoding: 'utf8' });
  } catch {
    return undefined; // ps exits 1 when nothing matches
  }
  for (const line of out.split('\n')) {
    const match = /^\s*(\d+)\s+terminal:(\S+)/.exec(line);
    if (match !== null && match[2] === name) return Number(match[1]);
  }
  return undefined;
}

/** SIGTERM, then SIGKILL if it has not exited in 20 s. */
async function stopHost(host: ChildProcess): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => host.once('exit', () => resolve()));
  host.kill('SIGTERM');
  const timer = setTimeout(() => host.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
