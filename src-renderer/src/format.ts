/** Formatting for the panels: compact, fixed-width-friendly, and a dash for what is not known. */

const NONE = '—';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count with thousands separators. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? integer.format(value) : NONE;
}

/** Messages per second: one decimal below 10, where the fraction still says something. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return NONE;
  return perSecond < 10 ? oneDecimal.format(perSecond) : integer.format(perSecond);
}

/** A long duration (uptime) in its two largest units: `42s`, `3m 04s`, `2h 07m`, `1d 03h`. */
export function formatUptime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return NONE;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}

/** A short age (heartbeat): milliseconds below a second, then seconds. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return NONE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 60_000 ? `${oneDecimal.format(ms / 1000)} s` : formatUptime(ms);
}

/** Local wall-clock time with milliseconds, from a host time. */
export function formatClock(time: number): string {
  const date = new Date(toEpochMs(time));
  if (Number.isNaN(date.getTime())) return NONE;
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${ms}`;
}

/**
 * Host times are microseconds since the epoch (the protocol's one unit). Values too small to be that are taken as
 * milliseconds, so a host sending the other unit shows the right clock rather than 1970.
 */
export function toEpochMs(time: number): number {
  return time > 1e14 ? time / 1000 : time;
}

export { formatFee } from '../../workers/core/fees.js';

/** 'pos', 'neg' or '' for a formatted signed amount, for colouring P&L and quantities. */
export function signOf(amount: string): 'pos' | 'neg' | '' {
  const value = Number.parseFloat(amount.replace(/,/g, ''));
  if (!Number.isFinite(value) || value === 0) return '';
  return value > 0 ? 'pos' : 'neg';
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Local wall-clock time to the second, from epoch milliseconds. */
export function formatWallClock(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Local time of day with milliseconds from a host time (µs or ms since the epoch), for tapes and tables. */
export function formatTime(time: number): string {
  return formatClock(time);
}
