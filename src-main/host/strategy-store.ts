/**
 * The user's strategy parameter changes, kept across sessions: one JSON file in the state directory, keyed by strategy
 * id, holding only the parameters the user changed (the configuration supplies the rest). Written atomically — a
 * temporary file renamed over the old one — so a crash mid-write leaves the previous version, never half a file.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ParamValue } from '../../workers/protocol/messages.js';

/** The file's name in the state directory. */
export const PARAMS_FILE = 'strategy-params.json';
const VERSION = 1;

type Saved = Record<string, Record<string, ParamValue>>;
type Log = (level: 'info' | 'warn' | 'error', text: string) => void;

/** Saved parameter changes by strategy id. */
export class StrategyStore {
  private readonly saved: Saved;
  readonly file: string;

  constructor(
    private readonly dir: string,
    private readonly log: Log,
  ) {
    this.file = join(dir, PARAMS_FILE);
    this.saved = this.load();
  }

  /** The saved changes of strategy `id`, if any. */
  get(id: string): Readonly<Record<string, ParamValue>> | undefined {
    return Object.hasOwn(this.saved, id) ? this.saved[id] : undefined;
  }

  /** Records new values of some of `id`'s parameters and writes the file. */
  merge(id: string, params: Readonly<Record<string, ParamValue>>): void {
    this.saved[id] = { ...this.get(id), ...params };
    this.write();
  }

  /** Forgets saved values of `id` (ones its schema now refuses) and writes the file. */
  drop(id: string, names: readonly string[]): void {
    const current = this.get(id);
    if (current === undefined || names.length === 0) return;
    const kept = Object.fromEntries(Object.entries(current).filter(([name]) => !names.includes(name)));
    if (Object.keys(kept).length === 0) delete this.saved[id];
    else this.saved[id] = kept;
    this.write();
  }

  private load(): Saved {
    const saved: Saved = Object.create(null) as Saved;
    if (!existsSync(this.file)) return saved;
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      // Keep the unreadable file for the user to look at; start without saved changes.
      const aside = `${this.file}.unreadable-${Date.now()}`;
      this.log('error', `saved strategy parameters in ${this.file} unreadable (${(error as Error).message}); moved to ${aside}`);
      try {
        renameSync(this.file, aside);
      } catch {
        // Leave it: the next save replaces it.
      }
      return saved;
    }
    const strategies = isRecord(document) && isRecord(document.strategies) ? document.strategies : undefined;
    if (strategies === undefined) {
      this.log('warn', `saved strategy parameters in ${this.file} have no "strategies" map: ignored`);
      return saved;
    }
    for (const [id, params] of Object.entries(strategies)) {
      if (isRecord(params)) saved[id] = { ...(params as Record<string, ParamValue>) };
      else this.log('warn', `saved parameters of ${id} are not a map: ignored`);
    }
    return saved;
  }

  private write(): void {
    const text = `${JSON.stringify({ version: VERSION, strategies: this.saved }, null, 2)}\n`;
    const temporary = join(this.dir, `.${PARAMS_FILE}.${process.pid}.tmp`);
    try {
      mkdirSync(this.dir, { recursive: true });
      // On disk before the rename: after a crash the file is the old version or the new one, whole.
      const fd = openSync(temporary, 'w');
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.file);
    } catch (error) {
      this.log('error', `could not save strategy parameters to ${this.file}: ${(error as Error).message}`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
