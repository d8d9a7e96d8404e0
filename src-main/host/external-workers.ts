/**
 * Workers the terminal did not start — a strategy in another language that connected to the control channel with its
 * own name. The supervisor never sees them (it must not restart what it did not spawn); the host follows their
 * heartbeats here, shows them in the Workers panel, and calls one `gone` after six heartbeat periods of silence.
 */
import type { WorkerRow } from '../../workers/protocol/channels.js';
import type { Heartbeat } from '../../workers/protocol/messages.js';

/** Heartbeat periods of silence after which an external worker is gone (the supervisor's rule for its own). */
export const SILENT_PERIODS = 6;

/** What changed with a message from an external worker. */
export type Arrival = 'new' | 'back' | 'restarted' | 'same';

interface External {
  name: string;
  pid: number;
  state: string;
  reason: string;
  heartbeat: Heartbeat | undefined;
  firstSeen: number;
  lastSeen: number;
  gone: boolean;
}

/** External workers by name. */
export class ExternalWorkers {
  private readonly workers = new Map<string, External>();

  constructor(private readonly heartbeatMs: number) {}

  /** A heartbeat from `name`. A new pid is a new process: its strategies start from their own defaults again. */
  onHeartbeat(name: string, heartbeat: Heartbeat, now: number): Arrival {
    const known = this.workers.get(name);
    const arrival = this.seen(name, now);
    const worker = this.workers.get(name)!;
    const restarted = known !== undefined && known.pid !== 0 && known.pid !== heartbeat.pid;
    worker.pid = heartbeat.pid;
    worker.state = heartbeat.state;
    worker.reason = heartbeat.reason;
    worker.heartbeat = heartbeat;
    return arrival === 'same' && restarted ? 'restarted' : arrival;
  }

  /** Any other message from `name` (a strategy status): it is alive. */
  seen(name: string, now: number): Arrival {
    const worker = this.workers.get(name);
    if (worker === undefined) {
      this.workers.set(name, { name, pid: 0, state: 'running', reason: '', heartbeat: undefined, firstSeen: now, lastSeen: now, gone: false });
      return 'new';
    }
    worker.lastSeen = now;
    if (!worker.gone) return 'same';
    worker.gone = false;
    worker.firstSeen = now;
    worker.state = 'running';
    worker.reason = '';
    return 'back';
  }

  /** Marks workers silent for too long as gone; returns their names (each once). */
  sweep(now: number): string[] {
    const limit = this.heartbeatMs * SILENT_PERIODS;
    const gone: string[] = [];
    for (const worker of this.workers.values()) {
      if (worker.gone || now - worker.lastSeen <= limit) continue;
      worker.gone = true;
      worker.state = 'gone';
      worker.reason = `no heartbeat for ${((now - worker.lastSeen) / 1000).toFixed(1)} s`;
      gone.push(worker.name);
    }
    return gone;
  }

  has(name: string): boolean {
    return this.workers.has(name);
  }

  /** True if `name` is known and not gone. */
  isUp(name: string): boolean {
    const worker = this.workers.get(name);
    return worker !== undefined && !worker.gone;
  }

  /** Names of the workers that are not gone. */
  live(): string[] {
    return [...this.workers.values()].filter((worker) => !worker.gone).map((worker) => worker.name);
  }

  /** Rows for the Workers panel; `rate` gives message rates from the counters. */
  rows(now: number, rate: (name: string, msgsIn: number, msgsOut: number) => { rateIn: number; rateOut: number }): WorkerRow[] {
    return [...this.workers.values()].map((worker) => {
      const stats = worker.heartbeat?.stats;
      const msgsIn = stats?.msgsIn ?? 0;
      const msgsOut = stats?.msgsOut ?? 0;
      const { rateIn, rateOut } = rate(worker.name, msgsIn, msgsOut);
      return {
        name: worker.name,
        state: worker.state,
        pid: worker.pid,
        restarts: 0,
        uptimeMs: worker.gone ? 0 : now - worker.firstSeen,
        heartbeatAgeMs: now - worker.lastSeen,
        msgsIn,
        msgsOut,
        refused: stats?.refused ?? 0,
        rateIn,
        rateOut,
        reason: worker.reason,
        counters: stats?.counters ?? {},
        wanted: true,
        external: true,
      };
    });
  }
}
