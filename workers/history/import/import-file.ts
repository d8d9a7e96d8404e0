/**
 * Imports a file from disk: reads it, answers from the cache under the state folder when the same bytes were read
 * with the same options before, else parses it (read-import.ts) and, for files of `cacheFrom` bytes or more, stores
 * the result for next time. The thin I/O shell around the pure reader.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { formatDecimal, type Decimal } from '../../core/fixed-point.js';
import { cacheKey, loadCached, storeCached } from './import-cache.js';
import type { ImportFormat, ImportResult } from './import-types.js';
import { ImportError, readImport } from './read-import.js';

/** Files this large or larger are cached: below, parsing costs about what reading the cache does. */
export const CACHE_FROM_BYTES = 1 << 20;

/** How to import. */
export interface ImportFileOptions {
  format?: ImportFormat;
  tick?: Decimal;
  lot?: Decimal;
  /** The state folder; no caching when undefined. */
  stateDir?: string;
  cacheFrom?: number;
}

/** An import and whether it came from the cache. */
export interface ImportedFile extends ImportResult {
  cached: 'hit' | 'stored' | 'off';
}

/** The state folder as the terminal chooses it: TERMINAL_STATE_DIR, else ~/.trading-terminal. */
export function defaultStateDir(): string {
  return process.env.TERMINAL_STATE_DIR || join(homedir(), '.trading-terminal');
}

/** Imports `path`; throws {@link ImportError} with the reason when it cannot. */
export function importFile(path: string, options: ImportFileOptions = {}): ImportedFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ImportError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const cacheable = options.stateDir !== undefined && bytes.length >= (options.cacheFrom ?? CACHE_FROM_BYTES);
  const key = cacheable ? cacheKey(bytes, { format: options.format, tick: options.tick && formatDecimal(options.tick), lot: options.lot && formatDecimal(options.lot) }) : '';
  if (cacheable) {
    const hit = loadCached(options.stateDir as string, key);
    if (hit !== undefined) return { ...hit, cached: 'hit' };
  }
  const result = readImport(bytes.toString('utf8'), {
    name: basename(path),
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.tick !== undefined ? { tick: options.tick } : {}),
    ...(options.lot !== undefined ? { lot: options.lot } : {}),
  });
  if (!cacheable) return { ...result, cached: 'off' };
  try {
    storeCached(options.stateDir as string, key, result);
    return { ...result, cached: 'stored' };
  } catch {
    // A read-only or full state folder costs only the reuse, not the import.
    return { ...result, cached: 'off' };
  }
}
