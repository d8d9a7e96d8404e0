/**
 * The renderer bench's figures from what it recorded: frame statistics from the page's requestAnimationFrame
 * timestamps, and the heap's trend from samples taken after a forced GC. Pure, so the arithmetic is tested alone.
 */

/** One frame as the page saw it: when its requestAnimationFrame callback ran, and the time since the previous one. */
export interface Frame {
  /** The callback's timestamp (page clock, ms). */
  at: number;
  /** `at` minus the previous frame's `at`: how long the screen showed the previous frame. */
  ms: number;
}

/** A span of page time (ms) the bench itself held the page's main thread, such as a forced GC. */
export type Pause = readonly [from: number, to: number];

/** Frame statistics of a window. */
export interface FrameFigures {
  /** Frames counted (those overlapping a pause of the bench's own are left out). */
  frames: number;
  /** 1000 / the median frame length. */
  medianFps: number;
  /** Frames counted per second of window: what the median hides when frames are dropped. */
  meanFps: number;
  p99FrameMs: number;
  longestFrameMs: number;
  /** Frames longer than 50 ms and than 100 ms. */
  over50Ms: number;
  over100Ms: number;
  /** Frames left out because they overlapped a forced GC (the bench's, not the app's), and the longest of them. */
  excluded: number;
  longestExcludedMs: number;
}

/**
 * Frame statistics over a window of `seconds`. A frame that overlaps one of `pauses` is counted apart: the bench's
 * own forced GCs would otherwise be blamed on the app.
 */
export function frameFigures(frames: readonly Frame[], pauses: readonly Pause[], seconds: number): FrameFigures {
  const kept: number[] = [];
  let excluded = 0;
  let longestExcludedMs = 0;
  for (const frame of frames) {
    if (overlapsPause(frame, pauses)) {
      excluded += 1;
      longestExcludedMs = Math.max(longestExcludedMs, frame.ms);
    } else kept.push(frame.ms);
  }
  const sorted = kept.sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  return {
    frames: sorted.length,
    medianFps: median > 0 ? round1(1000 / median) : 0,
    meanFps: seconds > 0 ? round1(sorted.length / seconds) : 0,
    p99FrameMs: round1(quantile(sorted, 0.99)),
    longestFrameMs: round1(sorted.at(-1) ?? 0),
    over50Ms: sorted.filter((ms) => ms > 50).length,
    over100Ms: sorted.filter((ms) => ms > 100).length,
    excluded,
    longestExcludedMs: round1(longestExcludedMs),
  };
}

/** Whether `frame` was on screen during one of the bench's own pauses. */
function overlapsPause(frame: Frame, pauses: readonly Pause[]): boolean {
  const from = frame.at - frame.ms;
  return pauses.some(([start, end]) => from < end && frame.at > start);
}

/** A long frame and where it fell: seconds into the window, and how long after the bench's last forced GC ended. */
export interface LongFrame {
  seconds: number;
  ms: number;
  /** Page time from the end of the latest forced GC before the frame to the frame's start; undefined if none came before. */
  afterGcMs: number | undefined;
}

/**
 * The `count` longest frames counted (not overlapping a pause), longest first, each placed in the window: whether long
 * frames cluster after the bench's own forced GCs, or at some period, is what says where to look.
 */
export function longestFrames(frames: readonly Frame[], pauses: readonly Pause[], count: number): LongFrame[] {
  const origin = frames[0] === undefined ? 0 : frames[0].at - frames[0].ms;
  const kept = frames.filter((frame) => !overlapsPause(frame, pauses));
  return [...kept]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((frame) => {
      const from = frame.at - frame.ms;
      const before = pauses.filter(([, end]) => end <= from).map(([, end]) => end);
      const afterGc = before.length === 0 ? undefined : round1(from - Math.max(...before));
      return { seconds: round1((frame.at - origin) / 1000), ms: round1(frame.ms), afterGcMs: afterGc };
    });
}

/**
 * Events a second from readings of a counter that only grows while its process lives: the sum of the rises between
 * readings over the time they span. A restart (the counter back to zero) loses only the interval it fell in, instead
 * of turning the whole window's figure negative.
 */
export function rateOf(readings: ReadonlyArray<readonly [seconds: number, count: number]>): number {
  let rise = 0;
  for (let index = 1; index < readings.length; index += 1) {
    const step = readings[index]![1] - readings[index - 1]![1];
    if (step > 0) rise += step;
  }
  const span = readings.length < 2 ? 0 : readings.at(-1)![0] - readings[0]![0];
  return span > 0 ? Math.round(rise / span) : 0;
}

/** A least-squares line y = intercept + slope · x. */
export interface Line {
  slope: number;
  intercept: number;
}

/** The least-squares line through `points` ([x, y]); flat through the one point, or zero, when there are fewer than two. */
export function linearFit(points: ReadonlyArray<readonly [number, number]>): Line {
  const n = points.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: meanY - slope * meanX };
}

/** One heap sample: seconds into the window, and the value (bytes, or a count). */
export type Sample = readonly [seconds: number, value: number];

/** A quantity's trend over a window. */
export interface Trend {
  /** The first and last samples of the window. */
  start: number;
  end: number;
  /** (end − start) / start, percent. */
  growthPercent: number;
  /** The fitted line's slope, per minute. */
  slopePerMinute: number;
  /** The fitted line's rise over the window, as a percent of its value at the window's start. */
  fittedGrowthPercent: number;
}

/** The trend of `samples` (at least one). */
export function trendOf(samples: readonly Sample[]): Trend {
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined) throw new Error('no samples');
  const line = linearFit(samples);
  const fittedStart = line.intercept + line.slope * first[0];
  const rise = line.slope * (last[0] - first[0]);
  return {
    start: first[1],
    end: last[1],
    growthPercent: first[1] > 0 ? round1(((last[1] - first[1]) / first[1]) * 100) : 0,
    slopePerMinute: Math.round(line.slope * 60),
    fittedGrowthPercent: fittedStart > 0 ? round1((rise / fittedStart) * 100) : 0,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
