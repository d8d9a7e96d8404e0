/**
 * The bytes of a journal: segment headers and records. Pure encoding and decoding, no I/O.
 *
 * Segment header (28 bytes): `TTJ2` · u16 format version · u16 reserved · u64 first record sequence · f64 creation
 * time (epoch ms) · u32 CRC-32 of the 24 bytes before it.
 *
 * Record: u32 body length · u32 CRC-32(body) · body = u64 sequence · f64 time µs · u8 port length · port · u16 topic
 * length · topic · payload (the msgpack frame exactly as received). Little-endian throughout.
 */
import { crc32Range } from './journal-checksum.js';

/** One journaled frame. */
export interface JournalRecord {
  time: number;
  port: string;
  topic: string;
  payload: Uint8Array;
}

/** A record as read back, with its sequence number in the journal (1, 2, … across every segment). */
export interface SequencedRecord extends JournalRecord {
  seq: number;
}

export const SEGMENT_MAGIC = 0x324a5454; // "TTJ2" read as a little-endian u32
export const FORMAT_VERSION = 2;
export const SEGMENT_HEADER_BYTES = 28;
export const RECORD_HEADER_BYTES = 8;
/** Sequence and time: the fixed part of a body before the port. */
const BODY_FIXED = 16;

/** What a segment header says. */
export interface SegmentHeader {
  firstSeq: number;
  createdMs: number;
}

/** Writes a segment header at `offset` of `target`; returns the offset after it. */
export function writeSegmentHeader(target: Buffer, offset: number, header: SegmentHeader): number {
  target.writeUInt32LE(SEGMENT_MAGIC, offset);
  target.writeUInt16LE(FORMAT_VERSION, offset + 4);
  target.writeUInt16LE(0, offset + 6);
  writeU64(target, offset + 8, header.firstSeq);
  target.writeDoubleLE(header.createdMs, offset + 16);
  target.writeUInt32LE(crc32Range(target, offset, offset + 24), offset + 24);
  return offset + SEGMENT_HEADER_BYTES;
}

/** The header at the start of `data`, or a reason it is not one (torn, corrupt, another format). */
export function readSegmentHeader(data: Buffer): SegmentHeader | string {
  if (data.length < SEGMENT_HEADER_BYTES) return `torn segment header (${data.length} of ${SEGMENT_HEADER_BYTES} bytes)`;
  if (data.readUInt32LE(24) !== crc32Range(data, 0, 24)) return 'segment header checksum mismatch';
  if (data.readUInt32LE(0) !== SEGMENT_MAGIC) return 'not a journal segment';
  const version = data.readUInt16LE(4);
  if (version !== FORMAT_VERSION) return `journal format ${version}, this build reads ${FORMAT_VERSION}`;
  return { firstSeq: readU64(data, 8), createdMs: data.readDoubleLE(16) };
}

/** The most bytes `record` can take (a UTF-16 unit is at most three UTF-8 bytes): cheap, no string measuring. */
export function maxRecordBytes(record: JournalRecord): number {
  return RECORD_HEADER_BYTES + BODY_FIXED + 3 + 3 * (record.port.length + record.topic.length) + record.payload.length;
}

/**
 * Encodes records into a buffer in place: numbers through a DataView, the (few, recurring) port and topic strings
 * from a cache of their UTF-8 bytes, the checksum without slicing — no allocation per record on the hot path.
 */
export class RecordEncoder {
  private view: DataView;
  private readonly strings = new Map<string, Uint8Array>();

  constructor(private buffer: Buffer) {
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  /** Encodes into another buffer from now on (a record larger than the current one). */
  setBuffer(buffer: Buffer): void {
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  /** Writes `record` as number `seq` at `offset`, which must have room for it (see {@link maxRecordBytes}); returns the offset after it. */
  write(offset: number, seq: number, record: JournalRecord): number {
    const { buffer, view } = this;
    const body = offset + RECORD_HEADER_BYTES;
    view.setUint32(body, seq % 0x1_0000_0000, true);
    view.setUint32(body + 4, Math.floor(seq / 0x1_0000_0000), true);
    view.setFloat64(body + 8, record.time, true);
    const port = this.bytesOf(record.port);
    if (port.length > 0xff) throw new Error(`journal port name too long: ${record.port}`);
    let at = body + BODY_FIXED;
    buffer[at] = port.length;
    buffer.set(port, at + 1);
    at += 1 + port.length;
    const topic = this.bytesOf(record.topic);
    view.setUint16(at, topic.length, true);
    buffer.set(topic, at + 2);
    at += 2 + topic.length;
    buffer.set(record.payload, at);
    const end = at + record.payload.length;
    view.setUint32(offset, end - body, true);
    view.setUint32(offset + 4, crc32Range(buffer, body, end), true);
    return end;
  }

  private bytesOf(text: string): Uint8Array {
    let bytes = this.strings.get(text);
    if (bytes === undefined) {
      // Topics are few per worker; a flood of distinct ones only costs a cleared cache now and then.
      if (this.strings.size >= 4096) this.strings.clear();
      bytes = Buffer.from(text, 'utf8');
      this.strings.set(text, bytes);
    }
    return bytes;
  }
}

/** The outcome of reading one record at an offset. */
export type RecordRead = { record: SequencedRecord; end: number } | { torn: string };

/** Reads the record at `offset` of `data`; a short or corrupt record is reported as torn. */
export function readRecord(data: Buffer, offset: number): RecordRead {
  if (offset + RECORD_HEADER_BYTES > data.length) return { torn: 'record header cut short' };
  const length = data.readUInt32LE(offset);
  const body = offset + RECORD_HEADER_BYTES;
  const end = body + length;
  if (length < BODY_FIXED + 3 || end > data.length) return { torn: 'record cut short' };
  if (crc32Range(data, body, end) !== data.readUInt32LE(offset + 4)) return { torn: 'record checksum mismatch' };
  const portLength = data[body + BODY_FIXED]!;
  const portAt = body + BODY_FIXED + 1;
  const topicAt = portAt + portLength;
  const topicLength = data.readUInt16LE(topicAt);
  const payloadAt = topicAt + 2 + topicLength;
  if (payloadAt > end) return { torn: 'record fields overrun its length' };
  return {
    record: {
      seq: readU64(data, body),
      time: data.readDoubleLE(body + 8),
      port: data.toString('utf8', portAt, topicAt),
      topic: data.toString('utf8', topicAt + 2, payloadAt),
      payload: data.subarray(payloadAt, end),
    },
    end,
  };
}

/** Sequence numbers stay below 2^53, so two u32 halves hold them exactly. */
function writeU64(target: Buffer, offset: number, value: number): void {
  target.writeUInt32LE(value % 0x1_0000_0000, offset);
  target.writeUInt32LE(Math.floor(value / 0x1_0000_0000), offset + 4);
}

function readU64(data: Buffer, offset: number): number {
  return data.readUInt32LE(offset) + data.readUInt32LE(offset + 4) * 0x1_0000_0000;
}
