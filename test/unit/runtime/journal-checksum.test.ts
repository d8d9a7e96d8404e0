import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Range } from '../../../workers/runtime/journal-checksum.js';

describe('journal checksum', () => {
  it('gives zlib’s CRC-32 of any range, whatever its length and alignment', () => {
    const bytes = Uint8Array.from({ length: 600 }, (_, i) => (i * 151 + (i >> 3)) & 0xff);
    for (const [start, end] of [[0, 0], [0, 1], [3, 10], [8, 138], [1, 599], [0, 600]] as const) {
      expect(crc32Range(bytes, start, end)).toBe(crc32(bytes.subarray(start, end)));
    }
  });

  it('changes when one bit of the range flips', () => {
    const bytes = new Uint8Array(100).fill(7);
    const before = crc32Range(bytes, 0, 100);
    bytes[57]! ^= 0x10;
    expect(crc32Range(bytes, 0, 100)).not.toBe(before);
  });
});
