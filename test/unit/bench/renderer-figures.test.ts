import { describe, expect, it } from 'vitest';
import { frameFigures, linearFit, longestFrames, rateOf, trendOf, type Frame } from '../../bench/renderer-figures.js';

/** Frames of the given lengths, back to back from t = 0. */
function framesOf(lengths: number[]): Frame[] {
  let at = 0;
  return lengths.map((ms) => ({ at: (at += ms), ms }));
}

describe('frameFigures', () => {
  it('gives the median and mean rate, the tail and the longest frame', () => {
    const figures = frameFigures(framesOf([...Array<number>(97).fill(1000 / 60), 60, 120, 200]), [], 2);
    expect(figures.frames).toBe(100);
    expect(figures.medianFps).toBe(60);
    expect(figures.meanFps).toBe(50);
    expect(figures.longestFrameMs).toBe(200);
    expect(figures.over50Ms).toBe(3);
    expect(figures.over100Ms).toBe(2);
    expect(figures.excluded).toBe(0);
  });

  it('counts apart the frames that overlap a pause of the bench', () => {
    // Frames end at 10, 20, 150, 160: the third spans 20–150, which holds the pause 30–40.
    const figures = frameFigures(framesOf([10, 10, 130, 10]), [[30, 40]], 1);
    expect(figures.frames).toBe(3);
    expect(figures.longestFrameMs).toBe(10);
    expect(figures.excluded).toBe(1);
    expect(figures.longestExcludedMs).toBe(130);
  });
});

describe('linearFit and trendOf', () => {
  it('fits a line exactly through points on it', () => {
    const line = linearFit([[0, 1], [1, 3], [2, 5]]);
    expect(line.slope).toBeCloseTo(2);
    expect(line.intercept).toBeCloseTo(1);
  });

  it('is flat for one point', () => {
    expect(linearFit([[5, 7]])).toEqual({ slope: 0, intercept: 7 });
  });

  it('reports raw and fitted growth and the slope per minute', () => {
    // 100 → 110 over 60 s, with a noisy last sample: the fit looks through it.
    const trend = trendOf([[0, 100], [15, 102.5], [30, 105], [45, 107.5], [60, 120]]);
    expect(trend.start).toBe(100);
    expect(trend.end).toBe(120);
    expect(trend.growthPercent).toBe(20);
    expect(trend.slopePerMinute).toBe(18);
    expect(trend.fittedGrowthPercent).toBeGreaterThan(10);
    expect(trend.fittedGrowthPercent).toBeLessThan(20);
  });
});

describe('longestFrames', () => {
  it('lists the longest counted frames, longest first, with their place in the window and the time since the last forced GC', () => {
    // 100 ms of 10 ms frames, a 150 ms frame, 100 ms more, a 120 ms frame; a forced GC from 20 to 30 ms.
    const frames = framesOf([...Array<number>(10).fill(10), 150, ...Array<number>(10).fill(10), 120]);
    const long = longestFrames(frames, [[20, 30]], 2);
    expect(long).toEqual([
      { seconds: 0.3, ms: 150, afterGcMs: 70 },
      { seconds: 0.5, ms: 120, afterGcMs: 320 },
    ]);
  });

  it('leaves out frames that overlap a forced GC, and has no GC distance before the first one', () => {
    // The 10 ms frame from 200 to 210 and the 300 ms one after it overlap the GC.
    const frames = framesOf([200, 10, 300, 10]);
    const long = longestFrames(frames, [[205, 215]], 4);
    expect(long.map((frame) => frame.ms)).toEqual([200, 10]);
    expect(long[0]!.afterGcMs).toBeUndefined();
  });
});

describe('rateOf', () => {
  it('is the counter\'s rise per second over the readings', () => {
    expect(rateOf([[0, 1_000], [5, 101_000], [10, 201_000]])).toBe(20_000);
  });

  it('loses only the interval of a restart, when the counter went back to zero', () => {
    // 20,000/s, a restart between 10 s and 15 s (counter back to 50,000), then 20,000/s again.
    expect(rateOf([[0, 0], [10, 200_000], [15, 50_000], [20, 150_000]])).toBe(15_000);
  });

  it('is zero without two readings', () => {
    expect(rateOf([[0, 5]])).toBe(0);
  });
});
