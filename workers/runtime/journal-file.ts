/**
 * An append-only file of framed records, each with its length and CRC-32, so a record torn by a crash is detected
 * and cut off without losing the ones before it. Used for each worker's input journal and for the stream journal.
 *
 * Record: u32 body length · u32 crc32(body) · body = f64 time µs · u8 port length · port · u16 topic length · topic ·
 * payload (the msgpack frame exactly as received). Little-endian.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** One journaled frame. */
export interface JournalRecord {
  time: number;
  port: string;
  topic: string;
  payload: Uint8Array;
}

const HEADER = 8;

/** Appends records with one write each: a `kill -9` after `append` returns loses nothing (the kernel has it). */
export class JournalWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, encodeRecord(record));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Encodes one record with its header. */
export function encodeRecord(record: JournalRecord): Buffer {
  const port = Buffer.from(record.port, 'utf8');
  const topic = Buffer.from(record.topic, 'utf8');
  const bodyLength = 8 + 1 + port.length + 2 + topic.length + record.payload.length;
  const buffer = Buffer.allocUnsafe(HEADER + bodyLength);
  buffer.writeUInt32LE(bodyLength, 0);
  let offset = HEADER;
  offset = buffer.writeDoubleLE(record.time, offset);
  offset = buffer.writeUInt8(port.length, offset);
  offset += port.copy(buffer, offset);
  offset = buffer.writeUInt16LE(topic.length, offset);
  offset += topic.copy(buffer, offset);
  buffer.set(record.payload, offset);
  buffer.writeUInt32LE(crc32(buffer.subarray(HEADER)), 4);
  return buffer;
}

/** What reading a journal found: its good records, and how many bytes of torn tail were cut. */
export interface JournalContents {
  records: JournalRecord[];
  tornBytes: number;
}

/** Reads every intact record; if the file ends in a torn or corrupt record, truncates it there. */
export function readJournal(path: string): JournalContents {
  if (!existsSync(path)) return { records: [], tornBytes: 0 };
  const data = readFileSync(path);
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const bodyLength = data.readUInt32LE(offset);
    const end = offset + HEADER + bodyLength;
    if (end > data.length) break;
    const body = data.subarray(offset + HEADER, end);
    if (crc32(body) !== data.readUInt32LE(offset + 4)) break;
    records.push(decodeBody(body));
    offset = end;
  }
  const tornBytes = data.length - offset;
  if (tornBytes > 0) {
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, offset);
    closeSync(fd);
  }
  return { records, tornBytes };
}

function decodeBody(body: Buffer): JournalRecord {
  const time = body.readDoubleLE(0);
  const portLength = body.readUInt8(8);
  const port = body.toString('utf8', 9, 9 + portLength);
  const topicAt = 9 + portLength;
  const topicLength = body.readUInt16LE(topicAt);
  const topic = body.toString('utf8', topicAt + 2, topicAt + 2 + topicLength);
  return { time, port, topic, payload: body.subarray(topicAt + 2 + topicLength) };
}
