/**
 * Appends records to a segmented journal folder off the hot path: `append` encodes into an in-memory buffer, and the
 * buffer reaches the file in one write when it holds `flushBytes`, `flushMs` after the first waiting append, or when
 * the owner calls {@link JournalWriter.flush} — the worker shell does so before anything it sends leaves the process
 * (write-ahead), so after a `kill -9` every input whose effects were seen outside is in the file.
 */
import { closeSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalSettings } from '../protocol/config.js';
import { maxRecordBytes, RecordEncoder, SEGMENT_HEADER_BYTES, writeSegmentHeader, type JournalRecord } from './journal-record.js';
import { retains, segmentsToDelete, type RetentionPolicy } from './journal-retention.js';
import { isSegmentName, segmentName, segmentSeq } from './journal-segments.js';

/** How a writer behaves beyond its settings. */
export interface WriterOptions {
  /** Apply the settings' retention when a segment closes (stream journals only; never an input journal). */
  prune?: boolean;
  /** Wall clock, ms (tests pass their own). */
  now?: () => number;
  /** A failed write: reported, never thrown into the worker. */
  onError?: (error: Error) => void;
}

/** The writer of one journal folder. */
export class JournalWriter {
  private buffer: Buffer;
  private readonly encoder: RecordEncoder;
  private used = 0;
  private fd: number | undefined;
  private segmentStartMs = 0;
  private segmentWritten = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private seq: number;
  /** Records appended, bytes written, segments opened, by this writer. */
  records = 0;
  bytes = 0;
  segments = 0;

  constructor(
    readonly dir: string,
    /** The number the next record takes: one past the last one already in the folder (see readJournal). */
    firstSeq: number,
    private readonly settings: JournalSettings,
    private readonly options: WriterOptions = {},
  ) {
    this.seq = firstSeq;
    this.buffer = Buffer.allocUnsafe(Math.max(64 * 1024, settings.flushBytes * 2));
    this.encoder = new RecordEncoder(this.buffer);
  }

  /** The number the next record will take. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Queues one record; it is written within `flushMs` at the latest. */
  append(record: JournalRecord): void {
    if (this.closed) return;
    const room = maxRecordBytes(record);
    const segmentSize = this.segmentWritten + this.used;
    // The segment's age is looked at once per batch (the first append after a write), not per record.
    const aged = this.used === 0 && this.now() - this.segmentStartMs >= this.settings.segmentMinutes * 60_000;
    if (this.fd !== undefined && (aged || (segmentSize + room > this.settings.segmentBytes && segmentSize > SEGMENT_HEADER_BYTES))) this.roll();
    if (this.used + room + SEGMENT_HEADER_BYTES > this.buffer.length) {
      this.flush();
      if (room + SEGMENT_HEADER_BYTES > this.buffer.length) {
        this.buffer = Buffer.allocUnsafe(2 * (room + SEGMENT_HEADER_BYTES));
        this.encoder.setBuffer(this.buffer);
      }
    }
    if (this.fd === undefined) this.openSegment();
    this.used = this.encoder.write(this.used, this.seq, record);
    this.seq += 1;
    this.records += 1;
    if (this.used >= this.settings.flushBytes) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(this.onTimer, this.settings.flushMs);
      this.timer.unref();
    }
  }

  /** Writes whatever waits in memory, now. Cheap when nothing waits. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.used === 0 || this.fd === undefined) return;
    try {
      let at = 0;
      while (at < this.used) at += writeSync(this.fd, this.buffer, at, this.used - at);
      this.segmentWritten += this.used;
      this.bytes += this.used;
    } catch (error) {
      this.options.onError?.(error as Error);
    }
    this.used = 0;
  }

  /** Flushes and closes; later appends are ignored. */
  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.closed = true;
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.flush();
  };

  private openSegment(): void {
    const path = join(this.dir, segmentName(this.seq));
    this.fd = openSync(path, 'wx');
    this.segmentStartMs = this.now();
    this.segmentWritten = 0;
    this.segments += 1;
    this.used = writeSegmentHeader(this.buffer, this.used, { firstSeq: this.seq, createdMs: this.segmentStartMs });
  }

  private roll(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.options.prune === true && retains(this.settings)) this.prune(this.settings);
  }

  /** Deletes the oldest closed segments the retention no longer keeps. */
  private prune(policy: RetentionPolicy): void {
    try {
      const closed = readdirSync(this.dir)
        .filter(isSegmentName)
        .sort((a, b) => segmentSeq(a) - segmentSeq(b))
        .map((name) => {
          const stat = statSync(join(this.dir, name));
          return { name, bytes: stat.size, lastWriteMs: stat.mtimeMs };
        });
      for (const name of segmentsToDelete(closed, policy, this.now())) unlinkSync(join(this.dir, name));
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
