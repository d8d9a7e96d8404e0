/**
 * Starts the workers in order, watches their heartbeats, restarts a dead or silent worker with backoff (giving up,
 * with a clear state, after repeated crashes), starts and stops any worker on command, and halts new orders at risk
 * while execution is down. The same supervisor runs in both hosts; only the spawner differs.
 */
import type { Heartbeat, SetTradingState, Shutdown, WorkerLog } from '../../workers/protocol/messages.js';
import { ControlRouter } from './control-router.js';
import { loadPerCore, MAX_GRACE, processCpuMs, shouldKillSilent } from './silence.js';
import type { WorkerProcess, WorkerSpawner } from './worker-spawner.js';

/** A kind of worker the supervisor runs. */
export interface WorkerDefinition {
  name: string;
  /** Compiled entry file. */
  entry: string;
  /** Niceness to run at: work off the terminal's hot path yields the CPU to it on a busy machine. */
  nice?: number;
  /** Extra environment for this worker alone, read at every spawn (a venue gateway's API key: never in the config). */
  env?: () => Record<string, string>;
}

/** How the supervisor sees a worker. */
export type SupervisedState = 'stopped' | 'starting' | 'restarting' | 'gave_up' | Heartbeat['state'];

/** A worker's supervision record. */
export interface WorkerStatus {
  name: string;
  state: SupervisedState;
  pid: number;
  restarts: number;
  startedAt: number;
  lastHeartbeatAt: number;
  heartbeat: Heartbeat | undefined;
  reason: string;
  /** False once the user stopped it. */
  wanted: boolean;
}

export interface SupervisorOptions {
  heartbeatMs: number;
  env: Record<string, string>;
  /** Crashes within `crashWindowMs` after which the worker is given up on. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long a worker has to reach `running` before the next one starts anyway. */
  startTimeoutMs?: number;
}

export interface SupervisorEvents {
  onChange(): void;
  onLog(worker: string, level: WorkerLog['level'], text: string): void;
}

interface Managed extends WorkerStatus {
  definition: WorkerDefinition;
  process: WorkerProcess | undefined;
  crashes: number[];
  restartTimer: NodeJS.Timeout | undefined;
  stopping: boolean;
  exited: Promise<void>;
  onRunning: Array<() => void>;
  /** The worker's CPU time when it was last found silent (see checkSilence). */
  cpuProbe?: { at: number; cpuMs: number };
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 5_000;
const SILENT_PERIODS = 6;
const EXECUTION = 'execution';
const RISK = 'risk';

/** Supervises worker processes. */
export class Supervisor {
  private readonly workers = new Map<string, Managed>();
  private watchdog: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly spawner: WorkerSpawner,
    private readonly control: ControlRouter,
    definitions: readonly WorkerDefinition[],
    private readonly options: SupervisorOptions,
    private readonly events: SupervisorEvents,
  ) {
    for (const definition of definitions) this.workers.set(definition.name, this.record(definition));
  }

  /** Feeds a heartbeat from the control channel. */
  onHeartbeat(worker: string, heartbeat: Heartbeat): void {
    const managed = this.workers.get(worker);
    if (managed === undefined || managed.process === undefined) return;
    // A heartbeat from a previous incarnation (still in flight after a restart) says nothing about this one.
    if (managed.process.pid !== undefined && heartbeat.pid !== managed.process.pid) return;
    const wasRunning = managed.state === 'running';
    const before = `${managed.state}|${managed.reason}`;
    managed.heartbeat = heartbeat;
    managed.lastHeartbeatAt = Date.now();
    managed.state = heartbeat.state;
    if (heartbeat.state === 'failed') managed.reason = heartbeat.reason;
    if (heartbeat.state === 'running' && !wasRunning) this.onBecameRunning(managed);
    // Only a lifecycle change is news: counters and rates reach the windows with the host's periodic state. Reporting
    // every heartbeat (nine workers, two a second each) resent the whole state to every window ~18 times a second.
    if (`${managed.state}|${managed.reason}` !== before) this.events.onChange();
  }

  /** True if `name` is one of the workers this supervisor runs (anything else on the control channel is external). */
  has(name: string): boolean {
    return this.workers.has(name);
  }

  /** Starts every worker, each after the previous one is running (or has had its time). */
  async startAll(): Promise<void> {
    this.watchdog ??= setInterval(() => this.checkSilence(), this.options.heartbeatMs);
    for (const managed of this.workers.values()) {
      if (this.closing) return;
      await this.start(managed.definition.name);
    }
  }

  /** Starts a worker the user wants (again); resolves when it is running or its start timed out. */
  async start(name: string): Promise<void> {
    const managed = this.get(name);
    managed.wanted = true;
    managed.crashes = [];
    if (managed.process !== undefined) return;
    if (managed.restartTimer !== undefined) clearTimeout(managed.restartTimer);
    managed.restartTimer = undefined;
    const running = new Promise<void>((resolve) => {
      managed.onRunning.push(resolve);
      setTimeout(resolve, this.options.startTimeoutMs ?? 10_000).unref();
    });
    this.spawn(managed);
    await running;
  }

  /** Stops a worker and keeps it stopped: Shutdown first, a kill if it does not exit in time. */
  async stop(name: string, timeoutMs = 3_000): Promise<void> {
    const managed = this.get(name);
    managed.wanted = false;
    if (managed.restartTimer !== undefined) clearTimeout(managed.restartTimer);
    managed.restartTimer = undefined;
    const child = managed.process;
    if (child === undefined) {
      managed.state = 'stopped';
      this.events.onChange();
      return;
    }
    managed.stopping = true;
    managed.state = 'stopping';
    this.events.onChange();
    this.control.send(name, ControlRouter.command<Shutdown>({ type: 'Shutdown' }));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await managed.exited;
    clearTimeout(timer);
  }

  /** Stops everything, in reverse order of start. */
  async shutdown(): Promise<void> {
    this.closing = true;
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    for (const name of [...this.workers.keys()].reverse()) await this.stop(name);
  }

  /** Every worker's status, in start order. */
  statuses(): WorkerStatus[] {
    return [...this.workers.values()].map(({ name, state, pid, restarts, startedAt, lastHeartbeatAt, heartbeat, reason, wanted }) => ({
      name,
      state,
      pid,
      restarts,
      startedAt,
      lastHeartbeatAt,
      heartbeat,
      reason,
      wanted,
    }));
  }

  private record(definition: WorkerDefinition): Managed {
    return {
      name: definition.name,
      definition,
      state: 'stopped',
      pid: 0,
      restarts: 0,
      startedAt: 0,
      lastHeartbeatAt: 0,
      heartbeat: undefined,
      reason: '',
      wanted: true,
      process: undefined,
      crashes: [],
      restartTimer: undefined,
      stopping: false,
      exited: Promise.resolve(),
      onRunning: [],
    };
  }

  private get(name: string): Managed {
    const managed = this.workers.get(name);
    if (managed === undefined) throw new Error(`no worker named ${name}`);
    return managed;
  }

  private spawn(managed: Managed): void {
    const { name, entry } = managed.definition;
    const env = { ...this.options.env, ...managed.definition.env?.(), TERMINAL_WORKER: name, TERMINAL_HOST_PID: String(process.pid), TERMINAL_NICE: String(managed.definition.nice ?? 0) };
    const child = this.spawner.spawn({ name, entry, env });
    managed.process = child;
    managed.pid = child.pid ?? 0;
    managed.state = 'starting';
    managed.startedAt = Date.now();
    managed.lastHeartbeatAt = Date.now();
    managed.heartbeat = undefined;
    managed.stopping = false;
    managed.exited = new Promise((resolve) => child.onExit((code, signal) => {
      this.onExit(managed, child, code, signal);
      resolve();
    }));
    if (name === EXECUTION) this.haltIfExecutionDown();
    this.events.onChange();
  }

  private onExit(managed: Managed, child: WorkerProcess, code: number | null, signal: string | null): void {
    if (managed.process !== child) return;
    managed.process = undefined;
    managed.pid = 0;
    const expected = managed.stopping || !managed.wanted || this.closing;
    managed.state = expected ? 'stopped' : 'restarting';
    if (managed.definition.name === EXECUTION && !this.closing) this.haltIfExecutionDown();
    if (expected) {
      this.events.onChange();
      return;
    }
    const how = signal !== null ? `killed by ${signal}` : `exited with code ${code}`;
    const now = Date.now();
    const window = this.options.crashWindowMs ?? 60_000;
    managed.crashes = managed.crashes.filter((t) => now - t < window);
    managed.crashes.push(now);
    if (managed.crashes.length >= (this.options.maxCrashes ?? 5)) {
      managed.state = 'gave_up';
      managed.reason = `${how}; gave up after ${managed.crashes.length} crashes in ${window / 1000} s${managed.reason ? ` (last reason: ${managed.reason})` : ''}`;
      this.events.onLog(managed.name, 'error', managed.reason);
      this.events.onChange();
      return;
    }
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (managed.crashes.length - 1));
    managed.reason = `${how}; restarting in ${delay} ms`;
    this.events.onLog(managed.name, 'warn', managed.reason);
    this.events.onChange();
    managed.restartTimer = setTimeout(() => {
      managed.restartTimer = undefined;
      if (!managed.wanted || this.closing || managed.process !== undefined) return;
      managed.restarts += 1;
      this.spawn(managed);
    }, delay);
  }

  private onBecameRunning(managed: Managed): void {
    managed.reason = '';
    for (const resolve of managed.onRunning.splice(0)) resolve();
    if (managed.name === EXECUTION || managed.name === RISK) this.haltIfExecutionDown();
  }

  /** Tells risk whether execution is up: new orders are halted while it is not. */
  private haltIfExecutionDown(): void {
    const execution = this.workers.get(EXECUTION);
    if (execution === undefined || !this.workers.has(RISK)) return;
    const up = execution.state === 'running';
    this.control.send(
      RISK,
      ControlRouter.command<SetTradingState>({
        type: 'SetTradingState',
        source: 'supervisor',
        state: up ? 'active' : 'halted',
        cause: up ? '' : 'execution is down',
      }),
    );
  }

  /**
   * A worker that stopped sending heartbeats is hung: kill it, and the exit handler restarts it — unless it is only
   * starved on an overloaded machine (silence.ts), which gets more time, up to a bound.
   */
  private checkSilence(): void {
    const limit = this.options.heartbeatMs * SILENT_PERIODS;
    const now = Date.now();
    for (const managed of this.workers.values()) {
      if (managed.process === undefined || managed.stopping) continue;
      const silentMs = now - managed.lastHeartbeatAt;
      if (silentMs <= limit) {
        managed.cpuProbe = undefined;
        continue;
      }
      const pid = managed.process.pid;
      const cpuMs = pid === undefined ? undefined : processCpuMs(pid);
      const probe = managed.cpuProbe;
      const cpuShare = probe === undefined || cpuMs === undefined || now <= probe.at ? undefined : (cpuMs - probe.cpuMs) / (now - probe.at);
      managed.cpuProbe = cpuMs === undefined ? undefined : { at: now, cpuMs };
      // The first check past the limit only takes a CPU reading, when one can be taken, to judge by at the next.
      if (probe === undefined && cpuMs !== undefined && silentMs <= limit * MAX_GRACE) continue;
      if (!shouldKillSilent({ silentMs, limitMs: limit, cpuShare, loadPerCore: loadPerCore() })) continue;
      this.events.onLog(managed.name, 'warn', `no heartbeat for ${silentMs} ms: killing it`);
      managed.lastHeartbeatAt = now;
      managed.cpuProbe = undefined;
      managed.process.kill('SIGKILL');
    }
  }
}
