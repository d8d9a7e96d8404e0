/**
 * CPU time of processes from /proc (Linux): how busy each worker was over a window, which tells where a bottleneck
 * sits without touching the workers, and how busy the whole machine was (other people's processes share it).
 * Elsewhere it reports nothing rather than failing the bench.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

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

/** Jiffies the whole machine spent busy and in total so far (all cores), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** How busy the machine was over a window, in % of all its cores: ours (the processes watched) and everyone else's. */
export interface MachineUse {
  cores: number;
  busyPercent: number;
  oursPercent: number;
  othersPercent: number;
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
  private machineAtStart: { busy: number; total: number } | undefined;

  constructor(private readonly pids: ReadonlyMap<string, number>) {}

  start(): void {
    this.startedAt = performance.now();
    this.machineAtStart = machineJiffies();
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

  /** The machine's use since `start()`, given the per-process use `stop()` returned. */
  machine(processes: Record<string, CpuUse>, cores = availableParallelism()): MachineUse | undefined {
    const begin = this.machineAtStart;
    const end = machineJiffies();
    if (begin === undefined || end === undefined || end.total <= begin.total) return undefined;
    const busyPercent = (100 * (end.busy - begin.busy)) / (end.total - begin.total);
    const oursPercent = Object.values(processes).reduce((sum, use) => sum + use.totalPercent, 0) / cores;
    return { cores, busyPercent: round1(busyPercent), oursPercent: round1(oursPercent), othersPercent: round1(Math.max(0, busyPercent - oursPercent)) };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
