/**
 * The recorded sessions a user can open: the session folders next to the running one (each run makes one under the
 * same parent unless `--run-dir` says otherwise) that hold a recording — a journal folder with the session's
 * configuration. Newest first. Only names are offered: a window opens a session by name, never by path.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SessionSummary } from '../../workers/protocol/channels.js';

/** Most sessions listed (the newest). */
const MAX_LISTED = 200;

/** Where sessions are looked for, given the running session's folder. */
export function sessionsRootOf(runDir: string): string {
  return dirname(runDir);
}

/** The recorded sessions under `root`, newest first; `current` is the running session's folder. */
export function listSessions(root: string, current: string): SessionSummary[] {
  if (!existsSync(root)) return [];
  const sessions: SessionSummary[] = [];
  for (const name of readdirSync(root)) {
    const journal = join(root, name, 'journal');
    if (!existsSync(join(journal, 'config.json'))) continue;
    const { bytes, modifiedMs } = measure(journal);
    sessions.push({ name, bytes, modifiedMs, current: name === basename(current) && dirname(current) === root });
  }
  return sessions.sort((a, b) => b.modifiedMs - a.modifiedMs || b.name.localeCompare(a.name)).slice(0, MAX_LISTED);
}

/** The folder of session `name` under `root`, if `name` is one listed there. */
export function sessionDir(root: string, name: string): string | undefined {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) return undefined;
  const dir = join(root, name);
  return existsSync(join(dir, 'journal', 'config.json')) ? dir : undefined;
}

/** Bytes in the stream journals' segments, and the newest write among them. */
function measure(journal: string): { bytes: number; modifiedMs: number } {
  let bytes = 0;
  let modifiedMs = statSync(journal).mtimeMs;
  for (const entry of readdirSync(journal)) {
    if (!entry.endsWith('.jnl')) continue;
    const folder = join(journal, entry);
    for (const segment of readdirSync(folder)) {
      const stat = statSync(join(folder, segment));
      bytes += stat.size;
      modifiedMs = Math.max(modifiedMs, stat.mtimeMs);
    }
  }
  return { bytes, modifiedMs: Math.round(modifiedMs) };
}
