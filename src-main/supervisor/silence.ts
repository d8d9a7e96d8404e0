/**
 * Whether a worker that stopped sending heartbeats is hung or only starved. On a machine with more runnable work than
 * cores (a busy laptop, a loaded build machine), a worker at a lower priority can go seconds without a time slice:
 * killing it then makes things worse (its restart replays its journal, and five kills give it up for good). So a
 * silent worker gets more time while the machine is overloaded and the worker is not the one using the CPU, up to a
 * bound: a truly hung worker is still killed, only later. Where the process's CPU time cannot be read (not Linux),
 * the plain limit applies.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** How much longer than the plain limit a starved worker may stay silent. */
export const MAX_GRACE = 5;
/** Run-queue length per core above which the machine counts as overloaded. */
const BUSY_LOAD_PER_CORE = 1.5;
/** Share of one core above which a silent worker is busy itself (a loop that never yields): not starved. */
const BUSY_SHARE = 0.5;

/** What the watchdog knows of a silent worker. */
export interface SilenceFacts {
  silentMs: number;
  limitMs: number;
  /** Share of one core the worker used over the last check period, or undefined if unknown. */
  cpuShare: number | undefined;
  /** The machine's 1-minute load average per core. */
  loadPerCore: number;
}

/** True if the silent worker should be killed now. */
export function shouldKillSilent(facts: SilenceFacts): boolean {
  if (facts.silentMs <= facts.limitMs) return false;
  if (facts.silentMs > facts.limitMs * MAX_GRACE || facts.cpuShare === undefined) return true;
  const starved = facts.loadPerCore > BUSY_LOAD_PER_CORE && facts.cpuShare < BUSY_SHARE;
  return !starved;
}

/** CPU time (user + system) a process has used, ms, from /proc; undefined where that cannot be read. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the file)
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** The machine's 1-minute load average per core. */
export function loadPerCore(): number {
  return (loadavg()[0] ?? 0) / Math.max(1, availableParallelism());
}
