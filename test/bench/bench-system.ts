/**
 * The real terminal, started in-process for a benchmark: the host (`startHost`) with a `NodeSpawner`, a JSON config
 * file in a fresh run folder, and every worker a real process on real sockets. The bench reads the workers' own
 * counters from their heartbeats, keeping every heartbeat so windows can be cut between any two of them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/start-host.js';
import { NodeSpawner } from '../../src-main/supervisor/node-spawner.js';
import type { WorkerStatus } from '../../src-main/supervisor/supervisor.js';
import type { SpawnSpec, WorkerProcess, WorkerSpawner } from '../../src-main/supervisor/worker-spawner.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import type { Heartbeat } from '../../workers/protocol/messages.js';

/** One heartbeat as the bench keeps it: the worker's time (µs) and its counters at that moment. */
export interface Sample {
  ts: number;
  state: Heartbeat['state'];
  msgsIn: number;
  msgsOut: number;
  refused: number;
  counters: Record<string, number>;
}

/** Extra environment for some workers' processes (e.g. `NODE_OPTIONS=--cpu-prof` to profile one). */
export type ExtraEnv = Record<string, Record<string, string>>;

/**
 * The host's own `NodeSpawner`, with extra environment variables per worker name. It changes nothing else: the
 * configuration still reaches every worker exactly as the host built it.
 */
export class BenchSpawner implements WorkerSpawner {
  private readonly inner = new NodeSpawner();
  readonly pids = new Map<string, number>();

  constructor(private readonly extraEnv: ExtraEnv = {}) {}

  spawn(spec: SpawnSpec): WorkerProcess {
    const env = { ...spec.env, ...(this.extraEnv[spec.name] ?? {}) };
    const child = this.inner.spawn({ ...spec, env });
    if (child.pid !== undefined) this.pids.set(spec.name, child.pid);
    return child;
  }
}

const POLL_MS = 20;

/** A running terminal under test. */
export class BenchSystem {
  /** Every heartbeat seen, per worker, in arrival order. */
  readonly samples = new Map<string, Sample[]>();
  private poller: NodeJS.Timeout | undefined;

  private constructor(
    readonly host: RunningHost,
    readonly runDir: string,
    readonly spawner: BenchSpawner,
  ) {}

  /**
   * Starts the terminal with `overrides` on top of the default configuration (top-level fields replace the
   * defaults' whole sections, as the host's `--config` does) and waits until every worker runs.
   */
  static async start(overrides: Partial<TerminalConfig>, extraEnv: ExtraEnv = {}): Promise<BenchSystem> {
    const runDir = mkdtempSync(join(tmpdir(), 'tt-bench-'));
    const configFile = join(runDir, 'bench-config.json');
    writeFileSync(configFile, JSON.stringify(overrides, null, 2));
    const spawner = new BenchSpawner(extraEnv);
    const host = await startHost(spawner, ['--config', configFile, '--no-ui', '--run-dir', runDir]);
    const system = new BenchSystem(host, runDir, spawner);
    system.poller = setInterval(() => system.poll(), POLL_MS);
    try {
      await system.waitUntil(() => system.notRunning().length === 0, 15_000, 'every worker running');
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  /** The configuration the workers were given. */
  get config(): TerminalConfig {
    return this.host.options.config;
  }

  statuses(): WorkerStatus[] {
    return this.host.supervisor.statuses();
  }

  /** Workers that are not `running`, as `name: state (reason)`. */
  notRunning(): string[] {
    return this.statuses()
      .filter((s) => s.state !== 'running')
      .map((s) => `${s.name}: ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
  }

  /** Every worker's state and restarts, for the report. */
  workerStates(): Record<string, { state: string; restarts: number }> {
    return Object.fromEntries(this.statuses().map((s) => [s.name, { state: s.state, restarts: s.restarts }]));
  }

  /** The newest heartbeat of `worker` (throws if it never sent one). */
  latest(worker: string): Sample {
    const list = this.samples.get(worker);
    const last = list?.[list.length - 1];
    if (last === undefined) throw new Error(`no heartbeat from ${worker}`);
    return last;
  }

  /** Waits for the next heartbeat of `worker` after now and returns it: counters read after this moment. */
  async nextSample(worker: string, timeoutMs = 3_000): Promise<Sample> {
    const seen = this.samples.get(worker)?.length ?? 0;
    await this.waitUntil(() => (this.samples.get(worker)?.length ?? 0) > seen, timeoutMs, `a heartbeat from ${worker}`);
    return this.latest(worker);
  }

  /** Heartbeats of `worker` with `from ≤ ts ≤ to`. */
  between(worker: string, from: number, to: number): Sample[] {
    return (this.samples.get(worker) ?? []).filter((s) => s.ts >= from && s.ts <= to);
  }

  /** Polls `condition` until it holds; throws naming `what` after `timeoutMs`. */
  async waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; workers: ${JSON.stringify(this.workerStates())}`);
      await sleep(POLL_MS);
    }
  }

  /** Stops every worker and the host; removes the run folder unless asked to keep it. */
  async stop(keepRunDir = false): Promise<void> {
    if (this.poller !== undefined) clearInterval(this.poller);
    this.poller = undefined;
    await this.host.stop();
    if (!keepRunDir) this.removeRunDir();
  }

  removeRunDir(): void {
    rmSync(this.runDir, { recursive: true, force: true });
  }

  private poll(): void {
    for (const status of this.statuses()) {
      const heartbeat = status.heartbeat;
      if (heartbeat === undefined) continue;
      let list = this.samples.get(status.name);
      if (list === undefined) this.samples.set(status.name, (list = []));
      const last = list[list.length - 1];
      if (last !== undefined && last.ts === heartbeat.ts) continue;
      const { msgsIn, msgsOut, refused, counters } = heartbeat.stats;
      list.push({ ts: heartbeat.ts, state: heartbeat.state, msgsIn, msgsOut, refused, counters: { ...counters } });
    }
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
