/**
 * The configuration a session's workers ran with, kept in its journal folder as `config.json`: the replay command
 * builds the same cores from it. Written once per session; a restarted journal worker leaves it as it is.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerminalConfig } from '../protocol/config.js';

const FILE = 'config.json';

/** Saves `config` in `dir` unless a configuration is there already (written whole or not at all). */
export function saveSessionConfig(dir: string, config: TerminalConfig): void {
  const path = join(dir, FILE);
  if (existsSync(path)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** The configuration saved in a session's journal folder; throws with a clear message when there is none. */
export function loadSessionConfig(dir: string): TerminalConfig {
  const path = join(dir, FILE);
  if (!existsSync(path)) throw new Error(`${path} not found: not a session folder recorded with the journal on`);
  return JSON.parse(readFileSync(path, 'utf8')) as TerminalConfig;
}
