/**
 * Spawns workers as Electron utility processes: Node processes that Electron owns, so they appear in the app's
 * process metrics and die with it. The supervisor sees them only through the `WorkerSpawner` interface.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { SpawnSpec, WorkerProcess, WorkerSpawner } from '../supervisor/worker-spawner.js';

/** A `WorkerSpawner` backed by `utilityProcess.fork`. */
export class UtilityProcessSpawner implements WorkerSpawner {
  spawn(spec: SpawnSpec): WorkerProcess {
    const child = utilityProcess.fork(spec.entry, [], {
      // Layered over the host's environment, as child_process.fork does, so PATH, HOME and friends still reach it.
      env: { ...process.env, ...spec.env },
      serviceName: spec.name,
      stdio: 'inherit',
    });
    child.on('error', (type, location) => console.error(`[worker ${spec.name}] ${type} at ${location}`));
    return new UtilityWorkerProcess(child);
  }
}

/** Adapts a `UtilityProcess` to the supervisor's `WorkerProcess`. */
class UtilityWorkerProcess implements WorkerProcess {
  constructor(private readonly child: UtilityProcess) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    // Electron reports only the exit code; a signal death shows up as a non-zero code.
    this.child.once('exit', (code) => listener(code, null));
  }

  kill(signal?: NodeJS.Signals): void {
    // `UtilityProcess.kill()` takes no signal (SIGTERM on POSIX). A harder signal, such as the supervisor's SIGKILL
    // after a shutdown timeout, goes to the pid directly.
    const pid = this.child.pid;
    if (signal !== undefined && signal !== 'SIGTERM' && pid !== undefined) {
      try {
        process.kill(pid, signal);
        return;
      } catch {
        // Already gone, or the platform lacks the signal: fall back to Electron's own kill.
      }
    }
    this.child.kill();
  }
}
