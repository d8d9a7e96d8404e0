import { describe, it, expect } from 'vitest';
import { SeededRandom } from '../../../workers/core/random.js';
import { Activity } from '../../../workers/core/synthetic/activity.js';

const DT = 0.01;

/** Mean multiplier over windows of `windowSteps` clock steps, for `hours` hours. */
function windows(seed: number, outsideRate: number, hours: number, windowSteps: number): { means: number[]; overall: number } {
  const activity = new Activity(DT, new SeededRandom(seed));
  const means: number[] = [];
  let sum = 0;
  let total = 0;
  const steps = Math.round((hours * 3_600) / DT);
  for (let i = 1; i <= steps; i++) {
    activity.advance(outsideRate);
    sum += activity.multiplier;
    total += activity.multiplier;
    if (i % windowSteps === 0) {
      means.push(sum / windowSteps);
      sum = 0;
    }
  }
  return { means, overall: total / steps };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] as number;

describe('Activity', () => {
  it('averages the configured rate overall and over every ten seconds', () => {
    for (const outsideRate of [0.3, 1]) {
      const { means, overall } = windows(3, outsideRate, 2, 1_000);
      expect(overall).toBeGreaterThan(0.98);
      expect(overall).toBeLessThan(1.02);
      expect(Math.min(...means)).toBeGreaterThan(0.85);
      expect(Math.max(...means)).toBeLessThan(1.15);
    }
  });

  it('comes in bursts: the busiest tenths of a second run at several times the average', () => {
    const { means } = windows(4, 0.5, 1, 10);
    expect(quantile(means, 0.99)).toBeGreaterThan(2);
    expect(quantile(means, 0.5)).toBeLessThan(1.1);
  });

  it('heats up when kicked', () => {
    const activity = new Activity(DT, new SeededRandom(1));
    activity.advance(0);
    const before = activity.multiplier;
    activity.kick(3);
    expect(activity.heat).toBeGreaterThan(0.5);
    activity.advance(0);
    expect(activity.multiplier).toBeGreaterThan(2 * before);
  });
});
