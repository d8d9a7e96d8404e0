import { describe, expect, it } from 'vitest';
import { SequenceTracker } from '../../../workers/runtime/sequence-tracker.js';
import type { Message } from '../../../workers/protocol/messages.js';

const msg = (seq: number, type = 'OrderAccepted'): Message => ({ type, seq } as unknown as Message);

describe('sequence tracker', () => {
  it('accepts in-order messages, drops duplicates and reports gaps without recording them', () => {
    const tracker = new SequenceTracker();
    expect(tracker.check('order.a', msg(1))).toBe('accept');
    expect(tracker.check('order.a', msg(2))).toBe('accept');
    expect(tracker.check('order.a', msg(2))).toBe('duplicate');
    expect(tracker.check('order.a', msg(5))).toBe('gap');
    expect(tracker.snapshot('order.')).toEqual({ 'order.a': 2 });
    expect(tracker.check('order.a', msg(3))).toBe('accept');
    tracker.skipTo('order.a', 9);
    expect(tracker.check('order.a', msg(10))).toBe('accept');
    expect([tracker.gaps, tracker.duplicates]).toEqual([1, 1]);
  });

  it('takes a book snapshot as the new start of its stream, and a restarted publisher from 1', () => {
    const tracker = new SequenceTracker();
    expect(tracker.check('book.x', msg(40, 'BookSnapshot'))).toBe('accept');
    expect(tracker.check('book.x', msg(41, 'BookUpdate'))).toBe('accept');
    expect(tracker.check('book.x', msg(1, 'BookUpdate'))).toBe('accept');
  });
});
