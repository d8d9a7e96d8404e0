/**
 * Bar lengths from 1 second to 1 day, written `<n>s`, `<n>m`, `<n>h` or `1d` (`15s`, `5m`, `4h`). Bars start on
 * exact multiples of their length since the Unix epoch (UTC), so a 1h bar starts on the hour and a 1d bar at 00:00Z.
 */
import type { Timeframe } from '../../protocol/messages.js';

const UNIT_US: Record<string, number> = { s: 1_000_000, m: 60_000_000, h: 3_600_000_000, d: 86_400_000_000 };
const DAY_US = 86_400_000_000;

/** Length of a timeframe in µs, or undefined if it is not one (or outside 1s..1d). */
export function timeframeUs(text: string): number | undefined {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (match === null) return undefined;
  const us = Number(match[1]) * (UNIT_US[match[2] as string] as number);
  return us >= 1_000_000 && us <= DAY_US ? us : undefined;
}

/** The protocol's label for a bar length, if it has one (strategies listen to these). */
export function protocolTimeframe(us: number): Timeframe | undefined {
  const labels: Record<number, Timeframe> = { 1_000_000: '1s', 60_000_000: '1m', 300_000_000: '5m', 3_600_000_000: '1h' };
  return labels[us];
}
