import { describe, expect, it } from 'vitest';
import { indexAfter, mergeByTime } from '../../../src-main/playback/session-timeline.js';

const at = (time: number, tag: string) => ({ time, tag });

describe('mergeByTime', () => {
  it('merges lists in time order, equal times in the order of the lists', () => {
    const merged = mergeByTime([[at(1, 'a1'), at(5, 'a5')], [at(1, 'b1'), at(3, 'b3'), at(9, 'b9')], []]);
    expect(merged.map((item) => item.tag)).toEqual(['a1', 'b1', 'b3', 'a5', 'b9']);
  });

  it("keeps a list's own order where its times go back", () => {
    const merged = mergeByTime([[at(4, 'a4'), at(2, 'a2')], [at(3, 'b3')]]);
    expect(merged.map((item) => item.tag)).toEqual(['b3', 'a4', 'a2']);
  });
});

describe('indexAfter', () => {
  const entries = [at(1, ''), at(2, ''), at(2, ''), at(5, '')];
  it.each([
    [0, 0],
    [1, 1],
    [2, 3],
    [4, 3],
    [5, 4],
    [9, 4],
  ])('at %d µs, the first %d entries are known', (time, index) => {
    expect(indexAfter(entries, time)).toBe(index);
  });
});
