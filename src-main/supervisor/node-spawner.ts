/**
 * Spawns workers as Node child processes with an IPC channel: when the host dies, however it dies, the channel
 * closes and each worker's `disconnect` handler stops it — no orphans. Workers write logs to stderr; their stdout is
 * sent to the host's stderr so the host's stdout stays clean for the JSON summary.
 */
import { fork } from 'node:child_process';
import type { SpawnSpec, WorkerProcess, WorkerSpawner } from './worker-spawner.js';

/** `child_process.fork` behind the spawner interface. */
export class NodeSpawner implements WorkerSpawner {
  spawn(spec: SpawnSpec): WorkerProcess {
    const child = fork(spec.entry, [], {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', process.stderr, 'inherit', 'ipc'],
      serialization: 'json',
    });
    // An error to spawn shows up as an exit: the supervisor's restart logic handles both the same way.
    child.on('error', () => undefined);
    return {
      get pid() {
        return child.pid;
      },
      onExit(listener) {
        child.on('exit', (code, signal) => listener(code, signal));
      },
      kill(signal = 'SIGTERM') {
        child.kill(signal);
      },
    };
  }
}
