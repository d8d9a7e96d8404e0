/**
 * Records the gateway's raw venue traffic (see raw-records.ts) into `<runDir>/raw/binance.jnl/` with the journal
 * writer every worker uses (segmented, CRC'd, torn tails cut on reading), off the hot path: `record` only keeps the
 * text (strings are immutable: no copy) and its time; they are encoded and appended after the current I/O callback
 * has finished — after the frame's book update has been sent — and reach the file in the writer's buffered writes.
 * It is not write-ahead: a `kill -9` can lose the last `flushMs` of it, which an incident replay can live with.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalSettings } from '../../protocol/config.js';
import { readJournal } from '../../runtime/journal-file.js';
import { JournalWriter } from '../../runtime/journal-writer.js';
import { RAW_START_PORT, rawPort, type RawKind, type RawMarket, type RawSink } from './raw-records.js';

/** The raw journal's folder in a session. */
export function rawJournalDir(runDir: string): string {
  return join(runDir, 'raw', 'binance.jnl');
}

interface Pending {
  port: string;
  topic: string;
  text: string;
  time: number;
}

/** The gateway's raw recorder: see the module comment. */
export class RawRecorder implements RawSink {
  private readonly writer: JournalWriter;
  private pending: Pending[] = [];
  private spare: Pending[] = [];
  private scheduled = false;
  private closed = false;

  constructor(runDir: string, settings: JournalSettings, now: number, onError: (error: Error) => void) {
    const dir = rawJournalDir(runDir);
    mkdirSync(dir, { recursive: true });
    // A restarted gateway appends after what its predecessor left (a torn tail is cut first).
    const { nextSeq } = readJournal(dir, { repair: true });
    this.writer = new JournalWriter(dir, nextSeq, settings, { onError });
    this.writer.append({ time: now, port: RAW_START_PORT, topic: '', payload: new Uint8Array(0) });
  }

  record(market: RawMarket, kind: RawKind, topic: string, text: string, now: number): void {
    if (this.closed) return;
    this.pending.push({ port: rawPort(market, kind), topic, text, time: now });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drain);
  }

  /** Everything waiting goes to the file; later records are ignored. */
  close(): void {
    this.drain();
    this.closed = true;
    this.writer.close();
  }

  /** Records appended so far. */
  get records(): number {
    return this.writer.records;
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    const batch = this.pending;
    // Two arrays swapped back and forth: no new array per batch.
    this.pending = this.spare;
    for (const item of batch) this.writer.append({ time: item.time, port: item.port, topic: item.topic, payload: Buffer.from(item.text, 'utf8') });
    batch.length = 0;
    this.spare = batch;
  };
}
