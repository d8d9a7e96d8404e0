/**
 * The one thing that differs between hosts: how a worker process is started. Electron uses `utilityProcess.fork`,
 * the headless host `child_process.fork`; the supervisor sees only this interface.
 */

/** What to start: the worker's name, its compiled entry file and its environment. */
export interface SpawnSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
}

/** A started worker process. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts worker processes. */
export interface WorkerSpawner {
  spawn(spec: SpawnSpec): WorkerProcess;
}
