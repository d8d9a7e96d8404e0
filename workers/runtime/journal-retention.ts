/** Which closed segments of a stream journal to delete under a retention policy. Pure. */

/** A closed segment as the retention sees it. */
export interface SegmentInfo {
  name: string;
  bytes: number;
  /** When it was last written, epoch ms. */
  lastWriteMs: number;
}

/** Limits; absent ones do not apply. */
export interface RetentionPolicy {
  /** Most segments, the one being written counted. */
  keepSegments?: number;
  keepBytes?: number;
  keepDays?: number;
}

const DAY_MS = 86_400_000;

/** True when the policy limits anything. */
export function retains(policy: RetentionPolicy): boolean {
  return policy.keepSegments !== undefined || policy.keepBytes !== undefined || policy.keepDays !== undefined;
}

/**
 * The names of the oldest segments that break a limit, given `closed` oldest first. The segment being written is
 * never among them: deletion only ever removes a prefix of the journal, so what is left reads without gaps.
 */
export function segmentsToDelete(closed: readonly SegmentInfo[], policy: RetentionPolicy, nowMs: number): string[] {
  let count = closed.length + 1;
  let bytes = closed.reduce((sum, segment) => sum + segment.bytes, 0);
  const doomed: string[] = [];
  for (const segment of closed) {
    const tooMany = policy.keepSegments !== undefined && count > Math.max(1, policy.keepSegments);
    const tooBig = policy.keepBytes !== undefined && bytes > policy.keepBytes;
    const tooOld = policy.keepDays !== undefined && nowMs - segment.lastWriteMs > policy.keepDays * DAY_MS;
    if (!tooMany && !tooBig && !tooOld) break;
    doomed.push(segment.name);
    count -= 1;
    bytes -= segment.bytes;
  }
  return doomed;
}
