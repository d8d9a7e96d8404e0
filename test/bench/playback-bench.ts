/**
 * `npm run bench -- --only playback`: time travel through a recorded session.
 *
 * Records a session with the real terminal (headless, no UI, the ping strategy trading, the synthetic market at a
 * high rate), then, in this process, through the same code the host runs when a window opens a recording: opening it
 * (reading and merging the stream journals on a worker thread, and how long the host's thread stalls meanwhile; the
 * same read on one thread beside it), playing it from start to end at full speed (frames and messages
 * applied per second, keyframes included, and how many times faster than it was recorded), scrubbing back to 20
 * seeded random moments (each from the nearest keyframe) and ten seconds forward from each, and the picture a window
 * is sent after a move. There is no target in the issue; the figures say whether 100× keeps up and how long a scrub
 * takes. Saves `bench-results/playback-<timestamp>.json` and `playback-latest.json`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeFrame } from '../../workers/protocol/codec.js';
import { SessionPlayer } from '../../src-main/playback/session-player.js';
import { loadTimeline } from '../../src-main/playback/session-timeline.js';
import { loadTimelineOffThread } from '../../src-main/playback/timeline-loader.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const START = fileURLToPath(new URL('../../src-main/start.js', import.meta.url));

export interface PlaybackBenchResult {
  startedAt: string;
  recording: { seconds: number; simRatePerSecond: number; frames: number; messages: number; bytes: number };
  /** Reading and merging the recording on one thread (the command line's way). */
  loadMs: number;
  /** Opening as the host does: read on a worker thread; how long until ready, and the host thread's longest stall meanwhile. */
  open: { ms: number; hostStallMs: number };
  /** Whole session at full speed, median of rounds. */
  play: { ms: number; framesPerSecond: number; messagesPerSecond: number; timesRealTime: number };
  keyframes: number;
  /** Scrubs back to random moments: median and longest, ms. */
  scrubBack: { medianMs: number; maxMs: number };
  /** Ten seconds forward from each of those moments. */
  forward10s: { medianMs: number; maxMs: number };
  pictureMs: number;
  loadAverage: number[];
}

/** Runs the section; `quick` records a shorter session. */
export async function runPlaybackBench(resultsDir: string, quick: boolean, progress: (text: string) => void): Promise<PlaybackBenchResult> {
  const startedAt = new Date().toISOString();
  const seconds = quick ? 8 : 30;
  const rate = 2_000;
  const runDir = mkdtempSync(join(tmpdir(), 'tt-bench-playback-'));
  try {
    progress(`playback: recording ${seconds} s of the terminal trading at ${rate} order-flow events/s…`);
    await record(runDir, seconds, rate);
    const loadStarted = performance.now();
    const timeline = loadTimeline(runDir);
    const loadMs = performance.now() - loadStarted;
    const stalls = monitorEventLoopDelay({ resolution: 1 });
    stalls.enable();
    const openStarted = performance.now();
    await loadTimelineOffThread(runDir);
    const openMs = performance.now() - openStarted;
    stalls.disable();
    const hostStallMs = stalls.max / 1e6;
    const messages = timeline.entries.reduce((sum, entry) => sum + decodeFrame(entry.payload, timeline.registry).messages.length, 0);
    const bytes = timeline.entries.reduce((sum, entry) => sum + entry.payload.length, 0);
    const recordedUs = timeline.end - timeline.start;
    progress(`playback: ${timeline.entries.length.toLocaleString('en-US')} frames, ${messages.toLocaleString('en-US')} messages; playing…`);

    const rounds: number[] = [];
    let player = new SessionPlayer(timeline, () => undefined);
    for (let round = 0; round < 5; round++) {
      player = new SessionPlayer(timeline, () => undefined);
      const t = performance.now();
      player.moveTo(timeline.end);
      rounds.push(performance.now() - t);
    }
    const playMs = median(rounds);
    const backs: number[] = [];
    const forwards: number[] = [];
    let seed = 7;
    for (let i = 0; i < 20; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const moment = timeline.start + Math.floor((seed / 2_147_483_648) * recordedUs * 0.9);
      player.moveTo(timeline.end);
      backs.push(timed(() => player.moveTo(moment)));
      forwards.push(timed(() => player.moveTo(moment + 10_000_000)));
    }
    const picture = timed(() => player.current());
    const result: PlaybackBenchResult = {
      startedAt,
      recording: { seconds: recordedUs / 1e6, simRatePerSecond: rate, frames: timeline.entries.length, messages, bytes },
      loadMs: round1(loadMs),
      open: { ms: round1(openMs), hostStallMs: round1(hostStallMs) },
      play: {
        ms: round1(playMs),
        framesPerSecond: Math.round(timeline.entries.length / (playMs / 1000)),
        messagesPerSecond: Math.round(messages / (playMs / 1000)),
        timesRealTime: Math.round(recordedUs / 1000 / playMs),
      },
      keyframes: player.keyframeCount,
      scrubBack: { medianMs: round1(median(backs)), maxMs: round1(Math.max(...backs)) },
      forward10s: { medianMs: round1(median(forwards)), maxMs: round1(Math.max(...forwards)) },
      pictureMs: round1(picture),
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    };
    print(result);
    mkdirSync(resultsDir, { recursive: true });
    const body = `${JSON.stringify(result, null, 2)}\n`;
    writeFileSync(join(resultsDir, `playback-${startedAt.replace(/[:.]/g, '-')}.json`), body);
    writeFileSync(join(resultsDir, 'playback-latest.json'), body);
    return result;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** Runs the headless terminal for `seconds`, recording into `runDir`. */
async function record(runDir: string, seconds: number, rate: number): Promise<void> {
  const config = join(runDir, 'bench-config.json');
  writeFileSync(config, JSON.stringify({ strategies: [{ id: 'ping', kind: 'ping', venue: 'sim', symbol: 'BTC-USD', enabled: true, params: { qty: 1, every: 50 } }] }));
  const args = [START, '--headless', '--no-ui', '--exit-after', String(seconds), '--rate', String(rate), '--run-dir', runDir, '--config', config, '--state-dir', join(runDir, 'state')];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the recording run exited with ${code}`);
}

function print(r: PlaybackBenchResult): void {
  const n = (value: number): string => value.toLocaleString('en-US');
  console.log('\nTime travel (playback of a recorded session, one process)');
  console.log(`  recording           ${r.recording.seconds.toFixed(1)} s at ${n(r.recording.simRatePerSecond)} events/s: ${n(r.recording.frames)} frames, ${n(r.recording.messages)} messages, ${n(Math.round(r.recording.bytes / 1024))} kB`);
  console.log(`  open, as the host does  ${r.open.ms} ms (read on a worker thread); the host's thread stalled ${r.open.hostStallMs} ms at most meanwhile`);
  console.log(`  read on one thread  ${r.loadMs} ms (load, merge: the command line's way)`);
  console.log(`  play at full speed  ${n(r.play.framesPerSecond)} frames/s, ${n(r.play.messagesPerSecond)} messages/s: ${n(r.play.timesRealTime)}× the recorded pace`);
  console.log(`  scrub back (20 moments, ${r.keyframes} keyframes)  median ${r.scrubBack.medianMs} ms, longest ${r.scrubBack.maxMs} ms`);
  console.log(`  10 s forward         median ${r.forward10s.medianMs} ms, longest ${r.forward10s.maxMs} ms; a window's picture ${r.pictureMs} ms`);
}

function timed(work: () => unknown): number {
  const t = performance.now();
  work();
  return performance.now() - t;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
