/**
 * Wall-clock time in integer microseconds. `performance.timeOrigin + performance.now()` is anchored to the wall clock
 * once at start and then advances monotonically, so stamps from different processes on one machine compare to within
 * microseconds — what cross-process latency figures need — and never step backwards.
 */
import { performance } from 'node:perf_hooks';

/** Now, in µs since the Unix epoch. */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
