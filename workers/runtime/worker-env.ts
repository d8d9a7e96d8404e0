/**
 * How a worker process learns who it is and how the terminal is configured: the host passes the configuration as
 * JSON in `TERMINAL_CONFIG` and the worker's name in `TERMINAL_WORKER` (a worker started by hand, e.g. on another
 * machine, can set them itself).
 */
import { setPriority } from 'node:os';
import { InstrumentRegistry } from '../core/instrument.js';
import type { TerminalConfig } from '../protocol/config.js';

/** The configuration and identity of this worker process. */
export interface WorkerEnv {
  name: string;
  config: TerminalConfig;
  registry: InstrumentRegistry;
}

/** Reads the worker's environment; exits with a clear message if it is missing. */
export function readWorkerEnv(defaultName: string): WorkerEnv {
  const raw = process.env.TERMINAL_CONFIG;
  if (raw === undefined) {
    process.stderr.write(`${defaultName}: TERMINAL_CONFIG is not set; start workers through the terminal's host\n`);
    process.exit(2);
  }
  const config = JSON.parse(raw) as TerminalConfig;
  applyNice(Number(process.env.TERMINAL_NICE ?? 0));
  return { name: process.env.TERMINAL_WORKER ?? defaultName, config, registry: new InstrumentRegistry(config.instruments) };
}

/** Lowers this process's priority by `nice` (raising it would need privileges the terminal should not ask for). */
function applyNice(nice: number): void {
  if (!Number.isInteger(nice) || nice <= 0) return;
  try {
    setPriority(nice);
  } catch {
    // Not permitted on this system: run at normal priority.
  }
}

/** Runs a shell to the end and exits promptly (ZeroMQ must not keep the process waiting). */
export async function runToExit(run: () => Promise<void>): Promise<void> {
  await run();
  // Sockets are closed with no linger; exit now rather than wait for stray timers.
  setTimeout(() => process.exit(), 50).unref();
}

/**
 * Calls `onGone` once when the host that started this process is gone, however it went: the IPC channel of a
 * `child_process.fork` closes, and under any host (Electron utility processes have no such channel) the process is
 * re-parented, which a cheap once-a-second look at the parent pid sees.
 */
export function watchHost(onGone: () => void): void {
  const parent = process.ppid;
  // The host's pid as the host gave it: a worker whose host died while it was still loading is already re-parented
  // when it gets here, so its own parent pid would not tell (and under Electron the parent may not be the host).
  const given = Number(process.env.TERMINAL_HOST_PID);
  const host = Number.isSafeInteger(given) && given > 0 ? given : undefined;
  let gone = false;
  const fire = (): void => {
    if (gone) return;
    gone = true;
    clearInterval(timer);
    onGone();
  };
  const check = (): void => {
    // An IPC channel that closed before this listener existed emitted its 'disconnect' to no one.
    if (process.ppid !== parent || (process.send !== undefined && !process.connected) || (host !== undefined && !isAlive(host))) fire();
  };
  const timer = setInterval(check, 1_000);
  timer.unref();
  process.once('disconnect', fire);
  setImmediate(check);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else (not ours, but alive).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
