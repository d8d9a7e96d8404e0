/**
 * CPU time of processes from /proc (Linux): how busy each worker was over a window, which tells where a bottleneck
 * sits without touching the workers. Elsewhere it reports nothing rather than failing the bench.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

/** CPU seconds (user, system) a process has used so far; undefined if it cannot be read. */
export function cpuSeconds(pid: number): { user: number; system: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
    return { user: user / TICKS_PER_SECOND, system: system / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Share of one core each process used over a window, in % (user and system). */
export interface CpuUse {
  userPercent: number;
  systemPercent: number;
  totalPercent: number;
}

/** Measures CPU use of named processes between `start()` and `stop()`. */
export class CpuWindow {
  private readonly begin = new Map<string, { pid: number; user: number; system: number }>();
  private startedAt = 0;

  constructor(private readonly pids: ReadonlyMap<string, number>) {}

  start(): void {
    this.startedAt = performance.now();
    this.begin.clear();
    for (const [name, pid] of this.pids) {
      const cpu = cpuSeconds(pid);
      if (cpu !== undefined) this.begin.set(name, { pid, ...cpu });
    }
    const self = cpuSeconds(process.pid);
    if (self !== undefined) this.begin.set('host (bench)', { pid: process.pid, ...self });
  }

  /** Per-process use since `start()`; processes that ended or changed in between are left out. */
  stop(): Record<string, CpuUse> {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const out: Record<string, CpuUse> = {};
    for (const [name, begin] of this.begin) {
      const end = cpuSeconds(begin.pid);
      if (end === undefined || seconds <= 0) continue;
      const user = (100 * (end.user - begin.user)) / seconds;
      const system = (100 * (end.system - begin.system)) / seconds;
      out[name] = { userPercent: round1(user), systemPercent: round1(system), totalPercent: round1(user + system) };
    }
    return out;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
