/**
 * The host's small JSON documents in the state directory (strategy parameters, bracket templates). Written atomically
 * — a temporary file renamed over the old one — so a crash mid-write leaves the previous version, never half a file;
 * an unreadable file is moved aside for the user to look at, and the terminal starts without it.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type Log = (level: 'info' | 'warn' | 'error', text: string) => void;

/** The parsed document at `file`, or undefined if there is none or it could not be parsed (then it is moved aside). */
export function readJsonFile(file: string, what: string, log: Log): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const aside = `${file}.unreadable-${Date.now()}`;
    log('error', `${what} in ${file} unreadable (${(error as Error).message}); moved to ${aside}`);
    try {
      renameSync(file, aside);
    } catch {
      // Leave it: the next save replaces it.
    }
    return undefined;
  }
}

/** Writes `document` to `file` as indented JSON, atomically; a failure is logged, not thrown. */
export function writeJsonFile(file: string, document: unknown, what: string, log: Log): void {
  const dir = dirname(file);
  const temporary = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    // On disk before the rename: after a crash the file is the old version or the new one, whole.
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, `${JSON.stringify(document, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    log('error', `could not save ${what} to ${file}: ${(error as Error).message}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
