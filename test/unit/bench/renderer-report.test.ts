import { describe, expect, it } from 'vitest';
import { processCores } from '../../bench/renderer-report.js';

describe('the renderer report', () => {
  it("lists the terminal's processes busiest first, in cores, with their total", () => {
    const use = (totalPercent: number) => ({ userPercent: totalPercent, systemPercent: 0, totalPercent });
    expect(processCores({ journal: use(3.6), sim: use(13.9), feed: use(10.6) })).toBe('sim 0.14 · feed 0.11 · journal 0.04 · total 0.28');
    expect(processCores({})).toBe('total 0.00');
  });
});
