/** Debian's Python for the tests of clients written in another language, and whether it has what they need. */
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/**
 * True if Debian's Python has the ZeroMQ and msgpack modules (CI installs python3-zmq and python3-msgpack); when not,
 * says on stderr that `test` is skipped and why.
 */
export function pythonReady(test: string): boolean {
  const ok = spawnSync(PYTHON, ['-c', 'import zmq, msgpack'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  if (!ok) process.stderr.write(`${test}: skipped: ${PYTHON} -c "import zmq, msgpack" failed (install python3-zmq and python3-msgpack)\n`);
  return ok;
}
