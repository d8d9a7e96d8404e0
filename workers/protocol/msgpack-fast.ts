/**
 * A specialised msgpack encoder and decoder for what our messages are made of — plain maps with ASCII string keys,
 * arrays, ASCII strings, numbers, booleans, nil — two to three times faster than `@msgpack/msgpack` on the hot path.
 * It produces exactly the bytes and values the library would; for anything else (non-ASCII text, binary, extensions,
 * malformed input) it declines, and the codec hands the value to the library. test/unit/protocol/msgpack-fast.test.ts
 * checks the equivalence on realistic, random and corrupted input.
 */

/** Thrown inside the fast path for anything it leaves to the library. */
const BAIL = Symbol('bail');
/** Returned by the fast decoder when the library must decode the frame. */
export const NOT_HANDLED = Symbol('not handled');
/** Nesting beyond this goes to the library (its encoder refuses it, with its own error; its decoder takes it). */
const MAX_DEPTH = 100;
const UINT32 = 0x1_00_00_00_00;
const PLAIN: object = {};

/** Encodes plain data as `Encoder({ ignoreUndefined: true })` does, byte for byte; undefined when it cannot. */
class FastEncoder {
  private bytes = new Uint8Array(4096);
  private view = new DataView(this.bytes.buffer);
  private pos = 0;
  private entered = false;

  encode(value: unknown): Uint8Array | undefined {
    if (this.entered) return undefined;
    this.entered = true;
    this.pos = 0;
    try {
      for (const _inherited in PLAIN) throw BAIL; // someone made a property of Object.prototype enumerable
      this.value(value, 1);
      return this.bytes.slice(0, this.pos);
    } catch (error) {
      if (error === BAIL) return undefined;
      throw error;
    } finally {
      this.entered = false;
    }
  }

  private value(value: unknown, depth: number): void {
    if (depth > MAX_DEPTH) throw BAIL;
    this.ensure(9);
    if (value === null || value === undefined) this.bytes[this.pos++] = 0xc0;
    else if (typeof value === 'number') this.number(value);
    else if (typeof value === 'string') this.string(value);
    else if (typeof value === 'boolean') this.bytes[this.pos++] = value ? 0xc3 : 0xc2;
    else if (Array.isArray(value)) this.array(value, depth);
    else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) this.map(value as Record<string, unknown>, depth);
    else throw BAIL; // binary, dates, class instances, bigint, functions: the library's business
  }

  private number(value: number): void {
    const bytes = this.bytes;
    if (!Number.isSafeInteger(value)) {
      bytes[this.pos] = 0xcb;
      this.view.setFloat64(this.pos + 1, value);
      this.pos += 9;
    } else if (value >= 0) {
      if (value < 0x80) bytes[this.pos++] = value;
      else if (value < 0x100) this.head(0xcc, value, 1);
      else if (value < 0x10000) this.head(0xcd, value, 2);
      else if (value < UINT32) this.head(0xce, value, 4);
      else {
        bytes[this.pos] = 0xcf;
        this.view.setUint32(this.pos + 1, value / UINT32);
        this.view.setUint32(this.pos + 5, value);
        this.pos += 9;
      }
    } else if (value >= -0x20) bytes[this.pos++] = 0xe0 | (value + 0x20);
    else if (value >= -0x80) this.head(0xd0, value & 0xff, 1);
    else if (value >= -0x8000) this.head(0xd1, value & 0xffff, 2);
    else if (value >= -0x80000000) this.head(0xd2, value >>> 0, 4);
    else {
      bytes[this.pos] = 0xd3;
      this.view.setUint32(this.pos + 1, Math.floor(value / UINT32));
      this.view.setUint32(this.pos + 5, value);
      this.pos += 9;
    }
  }

  /** A type byte followed by an unsigned big-endian integer of `size` bytes. */
  private head(type: number, value: number, size: 1 | 2 | 4): void {
    this.bytes[this.pos] = type;
    if (size === 1) this.bytes[this.pos + 1] = value;
    else if (size === 2) this.view.setUint16(this.pos + 1, value);
    else this.view.setUint32(this.pos + 1, value);
    this.pos += 1 + size;
  }

  private string(value: string): void {
    const length = value.length;
    this.ensure(5 + length);
    if (length < 32) this.bytes[this.pos++] = 0xa0 + length;
    else if (length < 0x100) this.head(0xd9, length, 1);
    else if (length < 0x10000) this.head(0xda, length, 2);
    else this.head(0xdb, length, 4);
    const bytes = this.bytes;
    let pos = this.pos;
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) throw BAIL; // UTF-8 beyond ASCII: the library encodes it
      bytes[pos++] = code;
    }
    this.pos = pos;
  }

  private array(value: readonly unknown[], depth: number): void {
    const length = value.length;
    if (length < 16) this.bytes[this.pos++] = 0x90 + length;
    else if (length < 0x10000) this.head(0xdc, length, 2);
    else this.head(0xdd, length, 4);
    for (let i = 0; i < length; i++) this.value(value[i], depth + 1);
  }

  private map(value: Record<string, unknown>, depth: number): void {
    // The header holds the count of defined values, known only after writing them: reserve one byte, widen if needed.
    const start = this.pos;
    this.pos += 1;
    let count = 0;
    // With nothing enumerable on Object.prototype (checked per frame), `for in` yields Object.keys, faster.
    for (const key in value) {
      const item = value[key];
      if (item === undefined) continue;
      count += 1;
      this.string(key);
      this.value(item, depth + 1);
    }
    if (count < 16) this.bytes[start] = 0x80 + count;
    else {
      const extra = count < 0x10000 ? 2 : 4;
      this.ensure(extra);
      this.bytes.copyWithin(start + 1 + extra, start + 1, this.pos);
      this.pos += extra;
      const end = this.pos;
      this.pos = start;
      this.head(extra === 2 ? 0xde : 0xdf, count, extra);
      this.pos = end;
    }
  }

  private ensure(size: number): void {
    if (this.pos + size <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + size));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** Strings up to this many bytes are cached; longer ones up to LONG are built from char codes, the rest decoded. */
const SHORT = 16;
const LONG = 64;
const CACHE_SLOTS = 4096;
const utf8 = new TextDecoder();
const EMPTY = new Uint8Array(0);

/** Decodes as `new Decoder().decode()` does, value for value; returns NOT_HANDLED for what it leaves to the library. */
class FastDecoder {
  private bytes: Uint8Array = EMPTY;
  private view: DataView = new DataView(EMPTY.buffer);
  private pos = 0;
  /** Short ASCII strings by a hash of their bytes: keys and enum-like values repeat in every message. */
  private readonly cacheBytes: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(CACHE_SLOTS).fill(undefined);
  private readonly cacheStrings: string[] = new Array<string>(CACHE_SLOTS).fill('');

  decode(frame: Uint8Array): unknown {
    this.bytes = frame;
    this.view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    this.pos = 0;
    try {
      const value = this.value(1);
      return this.pos === frame.length ? value : NOT_HANDLED;
    } catch {
      // BAIL, a read past the end, a stack overflow: the library decides, and words its own error.
      return NOT_HANDLED;
    } finally {
      this.bytes = EMPTY; // hold no frame between calls
      this.view = new DataView(EMPTY.buffer);
    }
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw BAIL;
    const type = this.byte();
    if (type < 0x80) return type;
    if (type < 0x90) return this.map(type - 0x80, depth);
    if (type < 0xa0) return this.array(type - 0x90, depth);
    if (type < 0xc0) return this.string(type - 0xa0);
    if (type >= 0xe0) return type - 0x100;
    return this.typed(type, depth);
  }

  private typed(type: number, depth: number): unknown {
    const view = this.view;
    const at = this.pos;
    switch (type) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xca: this.skip(4); return view.getFloat32(at);
      case 0xcb: this.skip(8); return view.getFloat64(at);
      case 0xcc: this.skip(1); return view.getUint8(at);
      case 0xcd: this.skip(2); return view.getUint16(at);
      case 0xce: this.skip(4); return view.getUint32(at);
      case 0xcf: this.skip(8); return view.getUint32(at) * UINT32 + view.getUint32(at + 4);
      case 0xd0: this.skip(1); return view.getInt8(at);
      case 0xd1: this.skip(2); return view.getInt16(at);
      case 0xd2: this.skip(4); return view.getInt32(at);
      case 0xd3: this.skip(8); return view.getInt32(at) * UINT32 + view.getUint32(at + 4);
      case 0xd9: this.skip(1); return this.string(view.getUint8(at));
      case 0xda: this.skip(2); return this.string(view.getUint16(at));
      case 0xdb: this.skip(4); return this.string(view.getUint32(at));
      case 0xdc: this.skip(2); return this.array(view.getUint16(at), depth);
      case 0xdd: this.skip(4); return this.array(view.getUint32(at), depth);
      case 0xde: this.skip(2); return this.map(view.getUint16(at), depth);
      case 0xdf: this.skip(4); return this.map(view.getUint32(at), depth);
      default: throw BAIL; // binary, extensions, 0xc1
    }
  }

  private map(size: number, depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let i = 0; i < size; i++) {
      const type = this.byte();
      // The library also takes number keys, and refuses __proto__: both are left to it.
      const key = type >= 0xa0 && type < 0xc0 ? this.string(type - 0xa0) : type === 0xd9 ? this.string(this.byte()) : BAIL;
      if (key === BAIL || key === '__proto__') throw BAIL;
      map[key] = this.value(depth + 1);
    }
    return map;
  }

  private array(size: number, depth: number): unknown[] {
    if (size > this.bytes.length - this.pos) throw BAIL; // each item takes at least a byte
    const array: unknown[] = [];
    for (let i = 0; i < size; i++) array.push(this.value(depth + 1));
    return array;
  }

  private string(length: number): string {
    const start = this.pos;
    this.skip(length);
    const bytes = this.bytes;
    if (length === 0) return '';
    if (length <= SHORT) {
      // A cheap hash of a few bytes picks the slot; the full comparison decides (cached strings are ASCII).
      const slot = (length * 7919 + bytes[start]! * 131 + bytes[start + (length >> 1)]! * 17 + bytes[start + length - 1]!) & (CACHE_SLOTS - 1);
      const cached = this.cacheBytes[slot];
      if (cached !== undefined && cached.length === length && sameBytes(cached, bytes, start)) return this.cacheStrings[slot]!;
      const copy = bytes.slice(start, start + length);
      const text = asciiString(copy);
      this.cacheBytes[slot] = copy;
      this.cacheStrings[slot] = text;
      return text;
    }
    const view = bytes.subarray(start, start + length);
    return length > LONG ? (asciiOnly(view), utf8.decode(view)) : asciiString(view);
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) throw BAIL;
    return this.bytes[this.pos++]!;
  }

  private skip(size: number): void {
    if (this.pos + size > this.bytes.length) throw BAIL;
    this.pos += size;
  }
}

/** The string of ASCII `bytes`; throws BAIL if one is not ASCII (UTF-8 beyond ASCII is the library's). */
function asciiString(bytes: Uint8Array): string {
  asciiOnly(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

function asciiOnly(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) throw BAIL;
}

function sameBytes(cached: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < cached.length; i++) if (cached[i] !== bytes[start + i]) return false;
  return true;
}

/** The process's fast encoder (not reentrant: a nested call returns undefined and the library takes over). */
export const fastEncoder = new FastEncoder();
/** The process's fast decoder. */
export const fastDecoder = new FastDecoder();
