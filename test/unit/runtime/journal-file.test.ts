import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_DEFAULTS, type JournalSettings } from '../../../workers/protocol/config.js';
import { readJournal } from '../../../workers/runtime/journal-file.js';
import { JournalWriter } from '../../../workers/runtime/journal-writer.js';

const dirs: string[] = [];
const tempJournal = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
  dirs.push(dir);
  return join(dir, 'inputs.jnl');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const settings = (overrides: Partial<JournalSettings> = {}): JournalSettings => ({ ...JOURNAL_DEFAULTS, ...overrides });
const record = (i: number) => ({ time: 1.7e15 + i, port: 'md', topic: `trade.sim.BTC-USD`, payload: Uint8Array.from([i % 256, 1, 2, 3]) });

/** Writes `count` records into a fresh journal and closes it. */
function write(dir: string, count: number, options: Partial<JournalSettings> = {}): void {
  mkdirSync(dir, { recursive: true });
  const writer = new JournalWriter(dir, readJournal(dir, { repair: true }).nextSeq, settings(options));
  for (let i = 1; i <= count; i++) writer.append(record(i));
  writer.close();
}

const segmentsOf = (dir: string): string[] => readdirSync(dir).sort();

describe('journal', () => {
  it('reads back every record in order with its sequence number, across segments', () => {
    const dir = tempJournal();
    write(dir, 100, { segmentBytes: 1000 });
    const { records, tornBytes, nextSeq, segments } = readJournal(dir);
    expect(tornBytes).toBe(0);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(records[41]).toMatchObject({ time: 1.7e15 + 42, port: 'md', topic: 'trade.sim.BTC-USD' });
    expect([...records[41]!.payload]).toEqual([42, 1, 2, 3]);
    expect(nextSeq).toBe(101);
    expect(segments).toBeGreaterThan(3);
    // Each segment is named by its first record's number, and none exceeds the size limit.
    const names = segmentsOf(dir);
    expect(names[0]).toBe('0000000000000001.seg');
    for (const name of names) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(1000);
  });

  it('goes on numbering where the journal ends, in a new segment, after a restart', () => {
    const dir = tempJournal();
    write(dir, 3);
    write(dir, 2);
    expect(segmentsOf(dir)).toEqual(['0000000000000001.seg', '0000000000000004.seg']);
    expect(readJournal(dir).records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('cuts a torn last record, keeps the ones before it, and lets the next writer continue after them', () => {
    const dir = tempJournal();
    write(dir, 5);
    const segment = join(dir, segmentsOf(dir)[0]!);
    const goodSize = statSync(segment).size;
    appendFileSync(segment, readFileSync(segment).subarray(60, 80)); // a crash in the middle of a write
    const read = readJournal(dir, { repair: true });
    expect(read.records).toHaveLength(5);
    expect(read.tornBytes).toBe(20);
    expect(statSync(segment).size).toBe(goodSize);
    write(dir, 1);
    expect(readJournal(dir).records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stops at a corrupted last record', () => {
    const dir = tempJournal();
    write(dir, 2);
    const segment = join(dir, segmentsOf(dir)[0]!);
    const bytes = readFileSync(segment);
    bytes[bytes.length - 1]! ^= 0xff; // a flipped bit in the last record's payload
    writeFileSync(segment, bytes);
    expect(readJournal(dir).records.map((r) => r.seq)).toEqual([1]);
  });

  it.each([
    ['a torn header', 10],
    ['no bytes at all', 0],
  ])('drops a last segment with %s and keeps the earlier segments', (_what, size) => {
    const dir = tempJournal();
    write(dir, 4);
    write(dir, 3);
    const last = join(dir, segmentsOf(dir)[1]!);
    truncateSync(last, size);
    const read = readJournal(dir, { repair: true });
    expect(read.records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(read.nextSeq).toBe(5);
    expect(segmentsOf(dir)).toEqual(['0000000000000001.seg']);
    write(dir, 1);
    expect(readJournal(dir).records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops a last segment that has a header and no records', () => {
    const dir = tempJournal();
    write(dir, 2);
    write(dir, 1);
    const last = join(dir, segmentsOf(dir)[1]!);
    truncateSync(last, 28);
    expect(readJournal(dir, { repair: true }).nextSeq).toBe(3);
    write(dir, 1);
    expect(readJournal(dir).records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('refuses a journal with records missing in the middle', () => {
    const dir = tempJournal();
    write(dir, 60, { segmentBytes: 500 });
    unlinkSync(join(dir, segmentsOf(dir)[2]!));
    expect(() => readJournal(dir)).toThrow(/records missing/);
  });

  it('refuses the old single-file format with a clear message', () => {
    const dir = tempJournal();
    writeFileSync(dir, Buffer.alloc(40));
    expect(() => readJournal(dir)).toThrow(/old single-file format/);
  });

  it('keeps appends in memory until flushed, then has them on disk', () => {
    const dir = tempJournal();
    mkdirSync(dir);
    const writer = new JournalWriter(dir, 1, settings({ flushMs: 60_000 }));
    writer.append(record(1));
    writer.append(record(2));
    expect(readJournal(dir).records).toHaveLength(0);
    writer.flush();
    expect(readJournal(dir).records).toHaveLength(2);
    writer.close();
  });

  it('writes waiting appends by itself after flushMs', async () => {
    const dir = tempJournal();
    mkdirSync(dir);
    const writer = new JournalWriter(dir, 1, settings({ flushMs: 5 }));
    writer.append(record(1));
    await waitFor(() => readJournal(dir).records.length === 1);
    writer.close();
  });

  it('writes as soon as flushBytes are waiting', () => {
    const dir = tempJournal();
    mkdirSync(dir);
    const writer = new JournalWriter(dir, 1, settings({ flushMs: 60_000, flushBytes: 400 }));
    for (let i = 1; i <= 20; i++) writer.append(record(i));
    expect(readJournal(dir).records.length).toBeGreaterThanOrEqual(10);
    writer.close();
    expect(readJournal(dir).records).toHaveLength(20);
  });

  it('starts a new segment once the current one is older than segmentMinutes', () => {
    const dir = tempJournal();
    mkdirSync(dir);
    let now = 0;
    const writer = new JournalWriter(dir, 1, settings({ segmentMinutes: 1 }), { now: () => now });
    writer.append(record(1));
    writer.flush();
    now = 30_000;
    writer.append(record(2));
    writer.flush();
    now = 61_000;
    writer.append(record(3));
    writer.close();
    expect(segmentsOf(dir)).toEqual(['0000000000000001.seg', '0000000000000003.seg']);
    expect(readJournal(dir).records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('prunes the oldest segments of a pruned journal and reads the rest without a gap', () => {
    const dir = tempJournal();
    mkdirSync(dir);
    const writer = new JournalWriter(dir, 1, settings({ segmentBytes: 500, keepSegments: 3 }), { prune: true });
    for (let i = 1; i <= 200; i++) writer.append(record(i));
    writer.close();
    expect(segmentsOf(dir)).toHaveLength(3);
    const { records, nextSeq } = readJournal(dir);
    expect(records.at(-1)!.seq).toBe(200);
    expect(records[0]!.seq).toBeGreaterThan(1);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: records.length }, (_, i) => records[0]!.seq + i));
    expect(nextSeq).toBe(201);
  });

  it('never prunes an input journal (a writer without prune keeps everything)', () => {
    const dir = tempJournal();
    mkdirSync(dir);
    const writer = new JournalWriter(dir, 1, settings({ segmentBytes: 500, keepSegments: 2 }));
    for (let i = 1; i <= 200; i++) writer.append(record(i));
    writer.close();
    expect(readJournal(dir).records).toHaveLength(200);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
