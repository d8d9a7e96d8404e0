import { describe, expect, it } from 'vitest';
import { MAX_GRACE, processCpuMs, shouldKillSilent } from '../../../src-main/supervisor/silence.js';

const LIMIT = 3_000;

describe('shouldKillSilent', () => {
  it('leaves a worker alone within the limit', () => {
    expect(shouldKillSilent({ silentMs: LIMIT, limitMs: LIMIT, cpuShare: 0, loadPerCore: 0 })).toBe(false);
  });

  it('kills a silent worker on a machine with time to spare: it is hung', () => {
    expect(shouldKillSilent({ silentMs: LIMIT + 1, limitMs: LIMIT, cpuShare: 0, loadPerCore: 0.5 })).toBe(true);
  });

  it('waits for a worker starved on an overloaded machine', () => {
    expect(shouldKillSilent({ silentMs: LIMIT * 2, limitMs: LIMIT, cpuShare: 0.1, loadPerCore: 6 })).toBe(false);
  });

  it('kills a silent worker that is itself using the CPU (a loop that never yields), however loaded the machine', () => {
    expect(shouldKillSilent({ silentMs: LIMIT * 2, limitMs: LIMIT, cpuShare: 0.9, loadPerCore: 6 })).toBe(true);
  });

  it('kills a starved worker in the end: the grace is bounded', () => {
    expect(shouldKillSilent({ silentMs: LIMIT * MAX_GRACE + 1, limitMs: LIMIT, cpuShare: 0, loadPerCore: 6 })).toBe(true);
  });

  it('applies the plain limit where the CPU time cannot be read', () => {
    expect(shouldKillSilent({ silentMs: LIMIT + 1, limitMs: LIMIT, cpuShare: undefined, loadPerCore: 6 })).toBe(true);
  });
});

describe('processCpuMs', () => {
  it('reads a process CPU time, which grows as it works; undefined for no such process', () => {
    const before = processCpuMs(process.pid);
    if (process.platform !== 'linux') return expect(before).toBeUndefined();
    expect(before).toBeGreaterThanOrEqual(0);
    // Work until the clock of CPU time (10 ms ticks) moves, however little of the CPU a loaded machine gives.
    const deadline = Date.now() + 20_000;
    let after = before!;
    while (after <= before! && Date.now() < deadline) after = processCpuMs(process.pid)!;
    expect(after).toBeGreaterThan(before!);
    expect(processCpuMs(2 ** 30)).toBeUndefined();
  });
});
