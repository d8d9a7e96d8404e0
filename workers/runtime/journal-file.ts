/**
 * Reading a journal: a folder (`<name>.jnl/`) of segment files, each named by its first record's sequence number
 * (format in journal-record.ts). Records must run 1, 2, 3, … without gaps across segments (the first kept segment may
 * start later, once retention has pruned older ones). A crash can leave the last segment with a torn record, a torn
 * header or no records at all: that tail is cut (with `repair`, also on disk) and every record before it is kept.
 * The old single-file format (one `.jnl` file) is not read: it is reported as such.
 */
import { existsSync, ftruncateSync, openSync, closeSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readRecord, readSegmentHeader, SEGMENT_HEADER_BYTES, type SequencedRecord } from './journal-record.js';
import { isSegmentName, segmentSeq } from './journal-segments.js';

export type { JournalRecord, SequencedRecord } from './journal-record.js';
export { JournalWriter } from './journal-writer.js';

/** What reading a journal found. */
export interface JournalContents {
  records: SequencedRecord[];
  /** Bytes of torn tail cut off the last segment (a whole torn segment counts all its bytes). */
  tornBytes: number;
  /** The number the next appended record must take. */
  nextSeq: number;
  segments: number;
  /** What was cut, and why, for the log. */
  notes: string[];
}

/** How to read. */
export interface ReadOptions {
  /** Cut a torn tail on disk too, so a writer can append after it (default false: read only). */
  repair?: boolean;
}

/** Reads every intact record of the journal at `dir`; throws on a gap, an overlap or a corrupt segment before the last. */
export function readJournal(dir: string, options: ReadOptions = {}): JournalContents {
  const contents: JournalContents = { records: [], tornBytes: 0, nextSeq: 1, segments: 0, notes: [] };
  if (!existsSync(dir)) return contents;
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is a journal of the old single-file format, which this build does not read; move it away`);
  const names = readdirSync(dir).filter(isSegmentName).sort((a, b) => segmentSeq(a) - segmentSeq(b));
  let expected: number | undefined;
  names.forEach((name, index) => {
    const last = index === names.length - 1;
    const path = join(dir, name);
    const data = readFileSync(path);
    const header = readSegmentHeader(data);
    if (typeof header === 'string') {
      if (!last) throw new Error(`journal ${dir}: segment ${name}: ${header}`);
      cut(contents, path, 0, data.length, header, options);
      return;
    }
    if (header.firstSeq !== segmentSeq(name)) throw new Error(`journal ${dir}: segment ${name} says it starts at record ${header.firstSeq}`);
    if (expected !== undefined && header.firstSeq !== expected) {
      throw new Error(`journal ${dir}: segment ${name} starts at record ${header.firstSeq}, expected ${expected} (${header.firstSeq > expected ? 'records missing' : 'records overlap'})`);
    }
    expected = header.firstSeq;
    contents.segments += 1;
    let offset = SEGMENT_HEADER_BYTES;
    while (offset < data.length) {
      const read = readRecord(data, offset);
      if ('torn' in read) {
        // Before the last segment this is a crash nobody repaired: the next segment's first number says if anything is missing.
        cut(contents, path, offset, data.length, `${read.torn} at byte ${offset}`, last ? options : {});
        break;
      }
      if (read.record.seq !== expected) throw new Error(`journal ${dir}: segment ${name}: record ${read.record.seq} where ${expected} was expected`);
      contents.records.push(read.record);
      expected += 1;
      offset = read.end;
    }
    if (last && offset === SEGMENT_HEADER_BYTES && options.repair === true) {
      // A segment with no records: remove it, so the next writer can open one under the same name.
      unlinkSync(path);
      contents.segments -= 1;
    }
  });
  contents.nextSeq = expected ?? (names.length > 0 ? segmentSeq(names[0]!) : 1);
  return contents;
}

function cut(contents: JournalContents, path: string, from: number, to: number, why: string, options: ReadOptions): void {
  contents.tornBytes += to - from;
  contents.notes.push(`${path}: ${why}: cut ${to - from} bytes`);
  if (options.repair !== true) return;
  if (from === 0) {
    unlinkSync(path);
    return;
  }
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, from);
  } finally {
    closeSync(fd);
  }
}
