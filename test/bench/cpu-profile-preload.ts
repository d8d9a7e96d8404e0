/**
 * Preloaded into a worker (`NODE_OPTIONS=--import <this file>`, since Node refuses `--cpu-prof` there) to profile it:
 * starts V8's sampling profiler at once and writes a `.cpuprofile` (Chrome DevTools format) to `BENCH_CPU_PROFILE_DIR`
 * when the process exits. Used by `npm run bench -- --profile`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir !== undefined) {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    // The main thread's inspector session answers synchronously, so this completes inside the exit handler.
    session.post('Profiler.stop', (error, result) => {
      if (error !== null || result === undefined) return;
      mkdirSync(dir, { recursive: true });
      const name = `${process.env.TERMINAL_WORKER ?? 'process'}-${process.pid}.cpuprofile`;
      writeFileSync(join(dir, name), JSON.stringify(result.profile));
    });
  });
}
