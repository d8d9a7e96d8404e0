/**
 * One throughput rung with the feed, strategy and risk workers under V8's sampling profiler (through
 * `cpu-profile-preload`), summarised: where each process spends its time at that rate.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runThroughput } from './feed-throughput.js';
import { summariseProfile, type ProfileSummary } from './profile-summary.js';

const PRELOAD = fileURLToPath(new URL('./cpu-profile-preload.js', import.meta.url));
const PROFILED = ['feed', 'strategy', 'risk'];

/** Functions of the hot path whose inclusive share is reported. */
export const HOT_PATH = [
  'encodeFrame',
  'decodeFrame',
  'validateMessage',
  'append', // journal writes
  'emit',
  'pump',
  'onTrade',
  'due',
  'accept',
  'onMessage',
  'readLoop',
];

/** Profiles a rung at `rate`; profiles are written to `dir`, summaries returned per worker. */
export async function profileRung(rate: number, dir: string, measureMs: number): Promise<Record<string, ProfileSummary>> {
  const env = { NODE_OPTIONS: `--import ${PRELOAD}`, BENCH_CPU_PROFILE_DIR: dir };
  await runThroughput({ ladder: [rate], warmupMs: 1_500, measureMs, stopAfterFailures: 1, extraEnv: Object.fromEntries(PROFILED.map((name) => [name, env])) });
  const out: Record<string, ProfileSummary> = {};
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const worker = file.slice(0, file.indexOf('-'));
    out[worker] = summariseProfile(join(dir, file), HOT_PATH);
  }
  return out;
}
