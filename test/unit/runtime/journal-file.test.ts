import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalWriter, readJournal } from '../../../workers/runtime/journal-file.js';

const dirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
  dirs.push(dir);
  return join(dir, 'inputs.jnl');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('journal file', () => {
  it('reads back every record in order', () => {
    const path = tempFile();
    const writer = new JournalWriter(path);
    writer.append({ time: 1.5e15, port: 'md', topic: 'trade.sim.BTC-USD', payload: Uint8Array.from([1, 2, 3]) });
    writer.append({ time: 1.5e15 + 7, port: '@timer', topic: '', payload: new Uint8Array(0) });
    writer.close();
    const { records, tornBytes } = readJournal(path);
    expect(tornBytes).toBe(0);
    expect(records.map((r) => [r.time, r.port, r.topic, [...r.payload]])).toEqual([
      [1.5e15, 'md', 'trade.sim.BTC-USD', [1, 2, 3]],
      [1.5e15 + 7, '@timer', '', []],
    ]);
  });

  it('cuts a torn last record and keeps the ones before it', () => {
    const path = tempFile();
    const writer = new JournalWriter(path);
    writer.append({ time: 1, port: 'in', topic: 'a', payload: Uint8Array.from([9]) });
    writer.close();
    const goodSize = statSync(path).size;
    appendFileSync(path, readFileSync(path).subarray(0, goodSize - 3)); // a crash mid-write
    const { records, tornBytes } = readJournal(path);
    expect(records).toHaveLength(1);
    expect(tornBytes).toBe(goodSize - 3);
    expect(statSync(path).size).toBe(goodSize);
  });

  it('stops at a corrupted record', () => {
    const path = tempFile();
    const writer = new JournalWriter(path);
    writer.append({ time: 1, port: 'in', topic: 'a', payload: Uint8Array.from([1]) });
    writer.append({ time: 2, port: 'in', topic: 'b', payload: Uint8Array.from([2]) });
    writer.close();
    const bytes = readFileSync(path);
    bytes[bytes.length - 1]! ^= 0xff; // a flipped bit in the last record's payload
    writeFileSync(path, bytes);
    expect(readJournal(path).records.map((r) => r.topic)).toEqual(['a']);
  });
});
