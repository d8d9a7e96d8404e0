/**
 * Imports kept for reuse under the state folder (`<state>/history-cache/`), one compact binary file per source
 * file content and reading options, so a large dump is parsed once. The file: a magic line, the length of a JSON
 * header (format, grid, counts, bad rows, notes), the header padded to 8 bytes, then the columns as little-endian
 * float64 (integers of ticks, lots and µs, exact below 2^53) and the side column as bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDecimal, parseDecimal } from '../../core/fixed-point.js';
import type { BarColumns, ImportResult, TradeColumns } from './import-types.js';

const MAGIC = 'tt-import v1\n';
const BAR_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const TRADE_COLUMNS = ['time', 'price', 'qty'] as const;

/** The cache key of a source file's bytes read with these options. */
export function cacheKey(bytes: Uint8Array, options: { format?: string; tick?: string; lot?: string }): string {
  const hash = createHash('sha256');
  hash.update(bytes);
  hash.update(`\0${MAGIC}${options.format ?? ''}\0${options.tick ?? ''}\0${options.lot ?? ''}`);
  return hash.digest('hex');
}

/** Where the entry of `key` lives. */
export function cachePath(stateDir: string, key: string): string {
  return join(stateDir, 'history-cache', `${key}.bin`);
}

/** Encodes an import. */
export function encodeImport(result: ImportResult): Uint8Array {
  const { data } = result;
  const header = JSON.stringify({ ...result, data: undefined, kind: data.kind, length: data.length, tick: formatDecimal(result.tick), lot: formatDecimal(result.lot) });
  const headerBytes = Buffer.from(header, 'utf8');
  const names: readonly string[] = data.kind === 'bars' ? BAR_COLUMNS : TRADE_COLUMNS;
  const start = align8(MAGIC.length + 4 + headerBytes.length);
  const total = start + names.length * data.length * 8 + (data.kind === 'trades' ? data.length : 0);
  const out = Buffer.alloc(total);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  let at = start;
  for (const name of names) {
    const column = (data as unknown as Record<string, Float64Array>)[name] as Float64Array;
    for (let i = 0; i < data.length; i++, at += 8) out.writeDoubleLE(column[i] as number, at);
  }
  if (data.kind === 'trades') Buffer.from(data.side.buffer, data.side.byteOffset, data.length).copy(out, at);
  return out;
}

/** Decodes an entry; undefined if it is not one (damaged, another version). */
export function decodeImport(bytes: Uint8Array): ImportResult | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < MAGIC.length + 4 || buffer.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  try {
    const headerLength = buffer.readUInt32LE(MAGIC.length);
    const header = JSON.parse(buffer.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as Omit<ImportResult, 'data' | 'tick' | 'lot'> & { kind: 'bars' | 'trades'; length: number; tick: string; lot: string };
    const n = header.length;
    const names: readonly string[] = header.kind === 'bars' ? BAR_COLUMNS : TRADE_COLUMNS;
    let at = align8(MAGIC.length + 4 + headerLength);
    const expected = at + names.length * n * 8 + (header.kind === 'trades' ? n : 0);
    if (buffer.length !== expected) return undefined;
    const columns: Record<string, Float64Array> = {};
    for (const name of names) {
      const column = new Float64Array(n);
      for (let i = 0; i < n; i++, at += 8) column[i] = buffer.readDoubleLE(at);
      columns[name] = column;
    }
    const data: BarColumns | TradeColumns = header.kind === 'bars'
      ? { kind: 'bars', time: columns.time as Float64Array, open: columns.open as Float64Array, high: columns.high as Float64Array, low: columns.low as Float64Array, close: columns.close as Float64Array, volume: columns.volume as Float64Array, length: n }
      : { kind: 'trades', time: columns.time as Float64Array, price: columns.price as Float64Array, qty: columns.qty as Float64Array, side: Uint8Array.from(buffer.subarray(at, at + n)), length: n };
    const { kind: _kind, length: _length, ...rest } = header;
    return { ...rest, data, tick: parseDecimal(header.tick), lot: parseDecimal(header.lot) };
  } catch {
    return undefined;
  }
}

/** Reads an entry, undefined if absent or unreadable. */
export function loadCached(stateDir: string, key: string): ImportResult | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cachePath(stateDir, key));
  } catch {
    return undefined;
  }
  return decodeImport(bytes);
}

/** Writes an entry (to a temporary name first, so a reader never sees half of one). */
export function storeCached(stateDir: string, key: string, result: ImportResult): string {
  const path = cachePath(stateDir, key);
  mkdirSync(join(stateDir, 'history-cache'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, encodeImport(result));
  renameSync(temporary, path);
  return path;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
