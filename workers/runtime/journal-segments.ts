/** Names of a journal's segment files: the first record's sequence number, zero-padded so names sort in order. */

const DIGITS = 16;
const PATTERN = /^\d{16}\.seg$/;

/** The file name of the segment whose first record is number `firstSeq`. */
export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(DIGITS, '0')}.seg`;
}

/** True for a segment file's name. */
export function isSegmentName(name: string): boolean {
  return PATTERN.test(name);
}

/** The first record's number, from a segment's name. */
export function segmentSeq(name: string): number {
  return Number(name.slice(0, DIGITS));
}
