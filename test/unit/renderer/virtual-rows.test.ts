import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../src-renderer/src/model/virtual-rows.js';

const base = { scrollTop: 0, height: 180, rowHeight: 18, count: 500, overscan: 5 };

describe('rowWindow', () => {
  it('renders the visible rows and the overscan below them at the top', () => {
    expect(rowWindow(base)).toEqual({ start: 0, end: 15, before: 0, after: 485 * 18 });
  });

  it('renders the overscan above and below when scrolled into the list', () => {
    // 1000 px: row 55 at the top (1000 / 18 = 55.6), row 66 at the bottom (1180 / 18 = 65.6 → 66).
    expect(rowWindow({ ...base, scrollTop: 1000 })).toEqual({ start: 50, end: 71, before: 50 * 18, after: 429 * 18 });
  });

  it('keeps the spacers and rows adding up to the whole list', () => {
    for (const scrollTop of [0, 17, 18, 19, 333.5, 4000, 8820, 9000, 20_000]) {
      const view = rowWindow({ ...base, scrollTop });
      expect(view.before + (view.end - view.start) * 18 + view.after).toBe(500 * 18);
      expect(view.start).toBeLessThanOrEqual(view.end);
    }
  });

  it('stops at the end of the list', () => {
    expect(rowWindow({ ...base, scrollTop: 500 * 18 - 180 })).toEqual({ start: 485, end: 500, before: 485 * 18, after: 0 });
  });

  it('shows the tail when scrolled past the end of a list that shrank', () => {
    const view = rowWindow({ ...base, scrollTop: 9000, count: 20 });
    expect(view).toEqual({ start: 5, end: 20, before: 5 * 18, after: 0 });
  });

  it('renders a few rows before the row height or the container height is known', () => {
    expect(rowWindow({ ...base, rowHeight: 0, fallback: 30 })).toEqual({ start: 0, end: 30, before: 0, after: 0 });
    expect(rowWindow({ ...base, height: 0, fallback: 30 })).toEqual({ start: 0, end: 30, before: 0, after: 470 * 18 });
    expect(rowWindow({ ...base, rowHeight: 0, count: 3 })).toEqual({ start: 0, end: 3, before: 0, after: 0 });
  });

  it('renders nothing for an empty list', () => {
    expect(rowWindow({ ...base, count: 0 })).toEqual({ start: 0, end: 0, before: 0, after: 0 });
    expect(rowWindow({ ...base, count: 0, scrollTop: 500 })).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('treats a negative scroll position (a header above the list) as the top', () => {
    expect(rowWindow({ ...base, scrollTop: -20 })).toEqual(rowWindow(base));
  });

  it('grows the window to rows that must stay rendered, ignoring indexes out of range', () => {
    expect(rowWindow({ ...base, keep: [40] })).toEqual({ start: 0, end: 41, before: 0, after: 459 * 18 });
    expect(rowWindow({ ...base, scrollTop: 1000, keep: [2, 999, -1] })).toEqual({ start: 2, end: 71, before: 2 * 18, after: 429 * 18 });
  });

  it('renders at most the list with no overscan asked for', () => {
    expect(rowWindow({ ...base, overscan: 0, count: 4 })).toEqual({ start: 0, end: 4, before: 0, after: 0 });
    expect(rowWindow({ ...base, overscan: 0, scrollTop: 36 })).toEqual({ start: 2, end: 12, before: 36, after: 488 * 18 });
  });
});
