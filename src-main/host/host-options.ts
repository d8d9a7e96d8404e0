/**
 * Command-line options of the host, and the configuration they produce. Defaults give a working terminal on the
 * simulated exchange with nothing to set.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultConfig, type TerminalConfig } from '../../workers/protocol/config.js';
import type { SafeStorageLike } from './key-store.js';

/** What the user asked for on the command line. */
export interface HostOptions {
  headless: boolean;
  /** Exit after this many seconds (scripts, tests). */
  exitAfter: number | undefined;
  summary: 'json' | undefined;
  /** UI port for the headless host; 0 picks a free one. */
  port: number;
  config: TerminalConfig;
  /** Where what outlives a session is kept (the user's strategy parameters). */
  stateDir: string;
}

/** Defaults that depend on the host (Electron keeps state in its userData folder). */
export interface HostDefaults {
  stateDir?: string;
  /** Electron's safeStorage, where the host runs in Electron: API keys are kept only through it. */
  safeStorage?: SafeStorageLike;
}

/** The state directory outside Electron, unless `--state-dir` or `TERMINAL_STATE_DIR` names another. */
export const DEFAULT_STATE_DIR = join(homedir(), '.trading-terminal');

const USAGE = `usage: npm start -- [--headless] [--port <n>] [--exit-after <seconds>] [--summary json]
                  [--run-dir <dir>] [--base-port <n>] [--config <file.json>] [--seed <n>] [--rate <events/s>]
                  [--state-dir <dir>] [--no-journal] [--no-ui]
  --state-dir  where strategy parameter changes are kept across sessions (default: TERMINAL_STATE_DIR, else
               Electron's user data folder in the desktop app, else ~/.trading-terminal)`;

/** Parses argv (without node and script); throws with the usage on anything unknown. */
export function parseHostOptions(argv: readonly string[], defaults: HostDefaults = {}): HostOptions & { ui: boolean } {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const name = arg.slice(2);
    if (['headless', 'no-journal', 'no-ui', 'help'].includes(name)) switches.add(name);
    else if (['port', 'exit-after', 'summary', 'run-dir', 'base-port', 'config', 'seed', 'rate', 'state-dir'].includes(name)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value\n${USAGE}`);
      flags.set(name, value);
    } else throw new Error(`unknown option --${name}\n${USAGE}`);
  }
  if (switches.has('help')) throw new Error(USAGE);
  const session = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const runDir = resolve(flags.get('run-dir') ?? join(tmpdir(), 'trading-terminal', session));
  mkdirSync(runDir, { recursive: true });
  const basePort = numberFlag(flags, 'base-port');
  let config = defaultConfig(runDir, basePort);
  const file = flags.get('config');
  if (file !== undefined) config = { ...config, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<TerminalConfig>), runDir };
  const seed = numberFlag(flags, 'seed');
  if (seed !== undefined) config.sim.seed = seed;
  const rate = numberFlag(flags, 'rate');
  if (rate !== undefined) config.sim.ratePerSecond = rate;
  if (switches.has('no-journal')) config.journal = false;
  const summary = flags.get('summary');
  if (summary !== undefined && summary !== 'json') throw new Error(`--summary takes json\n${USAGE}`);
  return {
    headless: switches.has('headless'),
    exitAfter: numberFlag(flags, 'exit-after'),
    summary: summary === 'json' ? 'json' : undefined,
    port: numberFlag(flags, 'port') ?? 0,
    ui: !switches.has('no-ui'),
    config,
    stateDir: resolve(flags.get('state-dir') ?? (process.env.TERMINAL_STATE_DIR || undefined) ?? defaults.stateDir ?? DEFAULT_STATE_DIR),
  };
}

function numberFlag(flags: Map<string, string>, name: string): number | undefined {
  const value = flags.get(name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`--${name} takes a number ≥ 0, got ${value}`);
  return number;
}
