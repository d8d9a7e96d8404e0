/**
 * The user's strategy parameter changes, kept across sessions: one JSON file in the state directory, keyed by strategy
 * id, holding only the parameters the user changed (the configuration supplies the rest). Written atomically (json-file.ts).
 */
import { join } from 'node:path';
import type { ParamValue } from '../../workers/protocol/messages.js';
import { isRecord, readJsonFile, writeJsonFile, type Log } from './json-file.js';

/** The file's name in the state directory. */
export const PARAMS_FILE = 'strategy-params.json';
const VERSION = 1;

type Saved = Record<string, Record<string, ParamValue>>;

/** Saved parameter changes by strategy id. */
export class StrategyStore {
  private readonly saved: Saved;
  readonly file: string;

  constructor(
    dir: string,
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
    const document = readJsonFile(this.file, 'saved strategy parameters', this.log);
    if (document === undefined) return saved;
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
    writeJsonFile(this.file, { version: VERSION, strategies: this.saved }, 'strategy parameters', this.log);
  }
}
